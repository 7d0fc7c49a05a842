package org.rtc4j.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.rtc4j.srtp.Hex.bytes;
import static org.rtc4j.srtp.Hex.hex;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtc4j.srtp.internal.SrtpKdf;

/** Test vectors published in RFC 3711 Appendix B and RFC 7714 sections 16 and 17. */
class SrtpVectorsTest {

  /** RFC 3711 §B.2: the AES-CM keystream for SSRC 0, index 0. */
  @Test
  void rfc3711B2AesCmKeystream() {
    byte[] key = bytes("2B7E151628AED2A6ABF7158809CF4F3C");
    byte[] salt = bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
    SrtpContext ctx = SrtpContext.withSessionKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80, key, salt,
        new byte[20]);
    // An RTP packet with SSRC 0 and sequence number 0, so the IV is the RFC's, and a zero payload,
    // so the ciphertext is the keystream itself.
    byte[] buf = new byte[12 + 48 + 10];
    buf[0] = (byte) 0x80;
    int n = ctx.protectRtp(buf, 0, 60);
    assertEquals(70, n);
    assertEquals(("E03EAD0935C95E80E166B16DD92B4EB4"
        + "D23513162B02D0F72A43A2FE4A5F97AB"
        + "41E95B3BB0A2E8DD477901E4FCA894C0").toLowerCase(), hex(buf, 12, 48));
  }

  /** RFC 3711 §B.3: key derivation with a key derivation rate of zero. */
  @ParameterizedTest(name = "label {0}")
  @CsvSource({
      "0, C61E7A93744F39EE10734AFE3FF7A087",
      "2, 30CBBC08863D8C85D49DB34A9AE1",
      "1, CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"})
  void rfc3711B3KeyDerivation(int label, String expected) {
    byte[] masterKey = bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    byte[] masterSalt = bytes("0EC675AD498AFEEBB6960B3AABE6");
    byte[] want = bytes(expected);
    assertArrayEquals(want, SrtpKdf.derive(masterKey, masterSalt, label, want.length));
  }

  /** RFC 3711 §B.3 prints the whole auth-key keystream; the first 94 bytes pin the counter. */
  @Test
  void rfc3711B3AuthKeyStream() {
    byte[] masterKey = bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
    byte[] masterSalt = bytes("0EC675AD498AFEEBB6960B3AABE6");
    byte[] out = SrtpKdf.derive(masterKey, masterSalt, SrtpKdf.LABEL_RTP_AUTH, 32);
    assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa48f0a0acf3c34e2359e6cdbce", hex(out));
  }

  static final String KEY_128 = "000102030405060708090a0b0c0d0e0f";
  static final String KEY_256 = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
  static final String SALT = "517569642070726f2071756f";
  /** RFC 7714 §16: header 8040f17b 8041f8d3 5501a0b2, "Gallia est omnis divisa in partes tres". */
  static final String RTP = "8040f17b8041f8d35501a0b2"
      + "47616c6c696120657374206f6d6e69732064697669736120696e207061727465732074726573";
  /** RFC 7714 §17: the SR packet of SSRC "Mars" that §17.1 to §17.4 protect. */
  static final String RTCP = "81c8000d4d6172734e5450314e545032525450200000042a0000e930"
      + "4c756e61deadbeefdeadbeefdeadbeefdeadbeefdeadbeef";

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // RFC 7714 §16.1.1 / §16.1.2
      "AEAD_AES_128_GCM, " + KEY_128 + ", 8040f17b8041f8d35501a0b2f24de3a3fb34de6cacba861c9d7e4bca"
          + "be633bd50d294e6f42a5f47a51c7d19b36de3adf8833899d7f27beb16a9152cf765ee4390cce",
      // RFC 7714 §16.2.1 / §16.2.2
      "AEAD_AES_256_GCM, " + KEY_256 + ", 8040f17b8041f8d35501a0b232b1de78a822fe12ef9f78fa332e33aa"
          + "b18012389a58e2f3b50b2a0276ffae0f1ba63799b87b7aa3db36dfffd6b0f9bb7878d7a76c13"})
  void rfc7714Srtp(SrtpProfile profile, String key, String expected) {
    byte[] buf = Arrays.copyOf(bytes(RTP), 128);
    SrtpContext tx = SrtpContext.withSessionKeys(profile, bytes(key), bytes(SALT), null);
    int n = tx.protectRtp(buf, 0, bytes(RTP).length);
    assertEquals(expected, hex(buf, 0, n));

    SrtpContext rx = SrtpContext.withSessionKeys(profile, bytes(key), bytes(SALT), null);
    int m = rx.unprotectRtp(buf, 0, n);
    assertEquals(RTP, hex(buf, 0, m));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      // RFC 7714 §17.1 / §17.2 (128-bit key), §17.3 / §17.4 would be the same with E = 0
      "AEAD_AES_128_GCM, " + KEY_128 + ", 81c8000d4d61727363e94885dcdab67ca727d7662f6b7e997ff5c0f7"
          + "6c06f32dc676a5f1730d6fda4ce09b4686303ded0bb9275bc84aa45896cf4d2fc5abf87245d9eade800005d4",
      // RFC 7714 §17.2 with the 256-bit key
      "AEAD_AES_256_GCM, " + KEY_256 + ", 81c8000d4d617273d50ae4d1f5ce5d304ba297e47d470c282c3ece5d"
          + "bffe0a50a2eaa5c1110555be8415f658c61de0476f1b6fad1d1eb30c4446839f57ff6f6cb26ac3be800005d4"})
  void rfc7714Srtcp(SrtpProfile profile, String key, String expected) {
    byte[] rtcp = bytes(RTCP);
    byte[] buf = Arrays.copyOf(rtcp, 128);
    SrtpContext tx = SrtpContext.withSessionKeys(profile, bytes(key), bytes(SALT), null);
    tx.setNextSrtcpIndex(0x4d617273, 0x5d4);
    int n = tx.protectRtcp(buf, 0, rtcp.length);
    assertEquals(expected, hex(buf, 0, n));

    SrtpContext rx = SrtpContext.withSessionKeys(profile, bytes(key), bytes(SALT), null);
    int m = rx.unprotectRtcp(buf, 0, n);
    assertEquals(RTCP, hex(buf, 0, m));
  }

  /** RFC 7714 §17.3: E flag clear, the whole packet is authenticated but not encrypted. */
  @Test
  void rfc7714SrtcpTagOnly() {
    byte[] buf = bytes(RTCP + "841dd9683dd78ec92ae58790125f62b3000005d4");
    SrtpContext rx = SrtpContext.withSessionKeys(SrtpProfile.AEAD_AES_128_GCM, bytes(KEY_128),
        bytes(SALT), null);
    int m = rx.unprotectRtcp(buf, 0, buf.length);
    assertEquals(RTCP, hex(buf, 0, m));
    byte[] tampered = bytes(RTCP + "841dd9683dd78ec92ae58790125f62b3000005d4");
    tampered[20] ^= 1;
    SrtpContext rx2 = SrtpContext.withSessionKeys(SrtpProfile.AEAD_AES_128_GCM, bytes(KEY_128),
        bytes(SALT), null);
    assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.of(rx2.unprotectRtcp(tampered, 0, tampered.length)));
  }
}
