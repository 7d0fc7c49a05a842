package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link SessionDescription#parse} (FUZZING.md). Seeds: the whole
 * corpus (real Chromium, Firefox, Safari, Pion and aiortc descriptions, the RFC examples) in
 * {@code SdpFuzzTestInputs/parse}.
 */
class SdpFuzzTest {

  /**
   * Any text: only {@link SdpParseException} escapes, with its line inside the text. What parses
   * builds every typed value, writes canonical SDP that parses to an equal description, and that
   * description writes the same text again; a copy rebuilt from the values writes it too.
   */
  @FuzzTest(maxDuration = "5m")
  void parse(byte[] data) throws SdpParseException {
    String text = new String(data, StandardCharsets.UTF_8);
    SessionDescription sd;
    try {
      sd = SessionDescription.parse(text);
    } catch (SdpParseException e) {
      assertTrue(e.lineNumber() >= 0 && e.lineNumber() <= text.split("\n", -1).length, "a line of the text");
      assertTrue(e.line() == null || text.contains(e.line()), "the exception quotes a line of the text");
      return;
    }
    Typed.buildAll(sd);
    String written = sd.toString();
    SessionDescription again = SessionDescription.parse(written);
    assertEquals(sd, again);
    assertEquals(written, again.toString());
    assertEquals(written, Typed.copy(sd).toString());
  }
}
