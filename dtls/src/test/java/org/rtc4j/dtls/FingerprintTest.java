package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FingerprintTest {
  private static final byte[] ABC = "abc".getBytes(StandardCharsets.US_ASCII);

  /** FIPS 180-4 example digests of "abc", written in the RFC 8122 §5 text form. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sha-1, A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D",
    "sha-224, 23:09:7D:22:34:05:D8:22:86:42:A4:77:BD:A2:55:B3:2A:AD:BC:E4:BD:A0:B3:F7:E3:6C:9D:A7",
    "sha-256, BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD",
    "sha-384, CB:00:75:3F:45:A3:5E:8B:B5:A0:3D:69:9A:C6:50:07:27:2C:32:AB:0E:DE:D1:63:1A:8B:60:5A:43:FF:5B:ED:80:86:07:2B:A1:E7:CC:23:58:BA:EC:A1:34:C8:25:A7",
    "sha-512, DD:AF:35:A1:93:61:7A:BA:CC:41:73:49:AE:20:41:31:12:E6:FA:4E:89:A9:7E:A2:0A:9E:EE:E6:4B:55:D3:9A:21:92:99:2A:27:4F:C1:A8:36:BA:3C:23:A3:FE:EB:BD:45:4D:44:23:64:3C:E8:0E:2A:9A:C9:4F:A5:4C:A4:9F"
  })
  void formatsAndParsesKnownDigests(String hash, String hex) throws DtlsException {
    Fingerprint.Algorithm a = Fingerprint.Algorithm.fromSdpName(hash);
    Fingerprint f = Fingerprint.of(a, ABC);
    assertEquals(hash + " " + hex, f.toString());
    Fingerprint parsed = Fingerprint.parse(hash + " " + hex);
    assertEquals(f, parsed);
    assertTrue(parsed.matches(ABC));
    assertFalse(parsed.matches("abd".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void parsingIgnoresCaseOfHashAndHex() throws DtlsException {
    String lower = "SHA-256 ba:78:16:bf:8f:01:cf:ea:41:41:40:de:5d:ae:22:23:b0:03:61:a3:96:17:7a:9c:b4:10:ff:61:f2:00:15:ad";
    Fingerprint f = Fingerprint.parse(lower);
    assertEquals(Fingerprint.Algorithm.SHA_256, f.algorithm());
    assertTrue(f.matches(ABC));
    assertEquals(Fingerprint.of(Fingerprint.Algorithm.SHA_256, ABC), f);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sha-256|MALFORMED_FINGERPRINT",
        "sha-256 |MALFORMED_FINGERPRINT",
        "md5 A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C|UNSUPPORTED_HASH_FUNCTION",
        "sha-3 AA:BB|UNSUPPORTED_HASH_FUNCTION",
        "sha-1 A9:99:3E|FINGERPRINT_LENGTH",
        "sha-1 A9-99-3E-36-47-06-81-6A-BA-3E-25-71-78-50-C2-6C-9C-D0-D8-9D|MALFORMED_FINGERPRINT",
        "sha-1 G9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D|MALFORMED_FINGERPRINT",
        "sha-1 A99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D|MALFORMED_FINGERPRINT"
      })
  void rejectsMalformedText(String text, DtlsException.Reason reason) {
    DtlsException e = assertThrows(DtlsException.class, () -> Fingerprint.parse(text));
    assertEquals(reason, e.reason());
  }

  @ParameterizedTest
  @EnumSource(Fingerprint.Algorithm.class)
  void certificateFingerprintsVerifyWithEveryHash(Fingerprint.Algorithm algorithm) throws DtlsException {
    Certificate c = Certificate.generate();
    Fingerprint f = Fingerprint.parse(c.fingerprint(algorithm).toString());
    assertEquals(algorithm.length(), f.value().length);
    assertTrue(f.matches(c.der()));
    assertFalse(f.matches(Certificate.generate().der()));
  }

  @Test
  void hexDigitsAreAscii() {
    // Character.digit takes Arabic-Indic and other digits; RFC 8122's HEXDIG does not.
    DtlsException e = assertThrows(DtlsException.class,
        () -> Fingerprint.parse("sha-1 \u0664A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB"));
    assertEquals(DtlsException.Reason.MALFORMED_FINGERPRINT, e.reason());
  }
}
