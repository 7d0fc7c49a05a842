package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 5764 §4.2: client key, server key, client salt, server salt, in that order. */
class KeyingMaterialTest {

  @ParameterizedTest
  @EnumSource(SrtpProtectionProfile.class)
  void splitsExporterOutputAsRfc5764Says(SrtpProtectionProfile p) {
    int k = p.keyLength();
    int s = p.saltLength();
    byte[] exported = new byte[2 * (k + s)];
    for (int i = 0; i < exported.length; i++) {
      exported[i] = (byte) i;
    }
    KeyingMaterial km = KeyingMaterial.of(p, exported);
    assertArrayEquals(Arrays.copyOfRange(exported, 0, k), km.clientMasterKey());
    assertArrayEquals(Arrays.copyOfRange(exported, k, 2 * k), km.serverMasterKey());
    assertArrayEquals(Arrays.copyOfRange(exported, 2 * k, 2 * k + s), km.clientMasterSalt());
    assertArrayEquals(Arrays.copyOfRange(exported, 2 * k + s, 2 * k + 2 * s), km.serverMasterSalt());
    assertArrayEquals(km.clientMasterKey(), km.localMasterKey(DtlsRole.CLIENT));
    assertArrayEquals(km.clientMasterKey(), km.remoteMasterKey(DtlsRole.SERVER));
    assertArrayEquals(km.serverMasterSalt(), km.localMasterSalt(DtlsRole.SERVER));
    assertArrayEquals(km.serverMasterSalt(), km.remoteMasterSalt(DtlsRole.CLIENT));
    assertFalse(km.toString().contains("0, 1, 2"), "secrets never printed");
    assertThrows(IllegalArgumentException.class, () -> KeyingMaterial.of(p, new byte[exported.length - 1]));
  }

  @ParameterizedTest
  @EnumSource(SrtpProtectionProfile.class)
  void profileLengthsFollowRfc5764AndRfc7714(SrtpProtectionProfile p) {
    switch (p) {
      case SRTP_AEAD_AES_128_GCM:
        assertEquals(56, p.keyingMaterialLength());
        assertEquals(0x0007, p.id());
        break;
      case SRTP_AEAD_AES_256_GCM:
        assertEquals(88, p.keyingMaterialLength());
        assertEquals(0x0008, p.id());
        break;
      default:
        assertEquals(60, p.keyingMaterialLength());
        assertEquals(p == SrtpProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_80 ? 1 : 2, p.id());
    }
    assertEquals(p, SrtpProtectionProfile.fromId(p.id()));
  }
}
