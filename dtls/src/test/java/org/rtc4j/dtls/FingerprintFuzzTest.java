package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link Fingerprint#parse}, the {@code a=fingerprint} value the DTLS
 * handshake checks the peer's certificate against (FUZZING.md).
 */
class FingerprintFuzzTest {

  /**
   * Any text: only {@link DtlsException} escapes; a parsed fingerprint is the input itself in
   * canonical form (RFC 8122 §5: {@code hash-func SP 2UHEX *(":" 2UHEX)}, ASCII hex only), and
   * parses again to an equal value.
   */
  @FuzzTest(maxDuration = "5m")
  void parse(byte[] data) throws DtlsException {
    String text = new String(data, StandardCharsets.UTF_8);
    Fingerprint f;
    try {
      f = Fingerprint.parse(text);
    } catch (DtlsException e) {
      return;
    }
    String s = text.trim();
    int sp = s.indexOf(' ');
    String written = f.toString();
    assertTrue(written.equalsIgnoreCase(s.substring(0, sp) + " " + s.substring(sp + 1).trim()),
        "accepted '" + text + "' but it is '" + written + "'");
    assertEquals(f, Fingerprint.parse(written));
  }
}
