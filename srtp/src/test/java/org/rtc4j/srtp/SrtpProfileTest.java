package org.rtc4j.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Profile identifiers and names as IANA's DTLS-SRTP Protection Profiles registry lists them. */
class SrtpProfileTest {

  @Test
  void identifiersAndNamesAreTheRegistrys() {
    // RFC 5764 §4.1.2 (AES-CM) and RFC 7714 §14.2 (AEAD).
    assertEquals(0x0001, SrtpProfile.AES_CM_128_HMAC_SHA1_80.id());
    assertEquals("SRTP_AES128_CM_HMAC_SHA1_80", SrtpProfile.AES_CM_128_HMAC_SHA1_80.ianaName());
    assertEquals(0x0002, SrtpProfile.AES_CM_128_HMAC_SHA1_32.id());
    assertEquals("SRTP_AES128_CM_HMAC_SHA1_32", SrtpProfile.AES_CM_128_HMAC_SHA1_32.ianaName());
    assertEquals(0x0007, SrtpProfile.AEAD_AES_128_GCM.id());
    assertEquals("SRTP_AEAD_AES_128_GCM", SrtpProfile.AEAD_AES_128_GCM.ianaName());
    assertEquals(0x0008, SrtpProfile.AEAD_AES_256_GCM.id());
    assertEquals("SRTP_AEAD_AES_256_GCM", SrtpProfile.AEAD_AES_256_GCM.ianaName());
  }
}
