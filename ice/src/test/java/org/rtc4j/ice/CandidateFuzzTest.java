package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link Candidate#parse} (FUZZING.md). Seeds: candidate lines of
 * Chromium, Firefox, Safari and the RFC 8839 examples in {@code CandidateFuzzTestInputs/parse}.
 */
class CandidateFuzzTest {

  /**
   * Any text: {@link Candidate#parse} throws nothing but {@link CandidateParseException}; a parsed
   * candidate writes a line that parses to an equal candidate and writes the same line again.
   */
  @FuzzTest(maxDuration = "5m")
  void parse(byte[] data) throws CandidateParseException {
    String line = new String(data, StandardCharsets.UTF_8);
    Candidate c;
    try {
      c = Candidate.parse(line);
    } catch (CandidateParseException e) {
      return;
    }
    c.isMdns();
    if (c.hasIpAddress() && c.address().indexOf(':') < 0) {
      assertEquals(c.port(), c.socketAddress().getPort()); // an IPv4 literal resolves without DNS
    }
    c.ufrag();
    c.tcpType();
    String written = c.toString();
    Candidate again = Candidate.parse(written);
    assertEquals(c, again);
    assertEquals(c.hashCode(), again.hashCode());
    assertEquals(written, again.toString());
  }
}
