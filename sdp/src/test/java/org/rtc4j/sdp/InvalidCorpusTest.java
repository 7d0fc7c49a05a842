package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.rtc4j.sdp.SdpParseException.Reason;

/**
 * The {@code *_invalid.sdp} files in {@code src/test/resources/invalid}: the live Chromium offer with
 * one rule of RFC 8866 or JSEP (RFC 9429 §5.8) broken each, written by {@code make_invalid.py}.
 * {@code expected.tsv} gives each file's {@link Reason} and the line where the rule is broken;
 * the parser must refuse each with exactly that reason, on that line.
 */
class InvalidCorpusTest {

  static Stream<Arguments> cases() throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (String row : resource("expected.tsv").split("\n")) {
      if (row.isBlank() || row.startsWith("#")) {
        continue;
      }
      String[] f = row.split("\t");
      out.add(Arguments.of(f[0], Reason.valueOf(f[1]), Integer.parseInt(f[2].trim())));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}: {1} on line {2}")
  @MethodSource("cases")
  void refused(String file, Reason reason, int line) throws IOException {
    String text = resource(file);
    SdpParseException e = assertThrows(SdpParseException.class, () -> SessionDescription.parse(text));
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(line, e.lineNumber(), e.getMessage());
    if (line > 0) {
      assertEquals(text.split("\r\n")[line - 1], e.line(), "the exception names the line");
    }
  }

  @Test
  void everyFileIsACase() throws IOException, SdpParseException {
    long files = cases().count();
    assertTrue(files >= 50, files + " cases");
    // the base file itself is valid: each case breaks exactly one rule
    Corpus.parse("chromium-live-offer.sdp");
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = InvalidCorpusTest.class.getResourceAsStream("/invalid/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
