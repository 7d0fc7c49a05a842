package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.rtc4j.sdp.internal.Chars;

/**
 * The two steps of {@link AttributeParser} must agree, because a parsed description checks each
 * line while parsing and builds its value later: for any attribute value, {@code check} accepts
 * exactly what {@code parse} accepts; {@code build} (which trusts the check) makes the same value
 * as {@code parse}; a value {@code check} calls canonical is written back character for
 * character; and the payload type it reports for ordering is the parsed one.
 * Values are the corpus's own attribute values, mutated character by character and sometimes
 * given to another attribute name. The parser's fast path for canonical lines
 * ({@link AttributeParser#checkCanonicalLine}) must accept only lines {@code check} calls
 * canonical, with the same payload type. Fixed seed, so a failure reproduces.
 */
class AttributeGrammarPropertyTest {
  private static final long SEED = 0xA77_2026_1126L;
  private static final int INPUTS = 200_000;
  /** What a line can hold once the parser has split it: no CR, LF or NUL. */
  private static final char[] NOISE = {
    '0', '1', '7', '9', 'a', 'Z', ' ', ' ', '\t', ':', '/', ';', '=', ',', '*', '-', '.', '\u0001', '\u007f',
    'é', '\u2028', '+', '#'};

  private record Line(String name, String value) {}

  @Test
  void checkAndParseAcceptTheSameValuesAndCanonicalValuesWriteBackUnchanged() {
    List<Line> lines = new ArrayList<>();
    for (String file : Corpus.names()) {
      for (String line : Corpus.load(file).split("\r?\n")) {
        if (line.startsWith("a=") && line.length() > 2) {
          int colon = line.indexOf(':');
          lines.add(colon < 0 ? new Line(line.substring(2), null)
              : new Line(line.substring(2, colon), line.substring(colon + 1)));
        }
      }
    }
    List<String> names = new ArrayList<>();
    for (AttributeKind k : AttributeKind.values()) {
      if (k.sdpName != null) {
        names.add(k.sdpName);
      }
    }
    SplittableRandom random = new SplittableRandom(SEED);
    int accepted = 0;
    int canonical = 0;
    int fastPath = 0;
    for (int n = 0; n < INPUTS; n++) {
      Line line = lines.get(random.nextInt(lines.size()));
      String name = random.nextInt(8) == 0 ? names.get(random.nextInt(names.size())) : line.name();
      String value = line.value();
      if (value != null) {
        for (int k = random.nextInt(4); k > 0; k--) {
          value = mutate(value, random);
        }
        value = value.substring(0, Chars.trimEnd(value, 0, value.length())); // as the parser trims lines
      }
      AttributeKind kind = AttributeKind.of(name);
      int checked = 0;
      IllegalArgumentException checkError = null;
      try {
        checked = value == null ? AttributeParser.check(kind, null, 0, 0)
            : AttributeParser.check(kind, value, 0, value.length());
      } catch (IllegalArgumentException e) {
        checkError = e;
      }
      SdpAttribute parsed = null;
      IllegalArgumentException parseError = null;
      try {
        parsed = value == null ? AttributeParser.parse(kind, name, null, 0, 0)
            : AttributeParser.parse(kind, name, value, 0, value.length());
      } catch (IllegalArgumentException e) {
        parseError = e;
      }
      String text = "a=" + name + (value == null ? "" : ":" + value);
      // The parser's fast path for canonical lines accepts only what check calls canonical, and
      // finds where the line ends.
      String withNext = text + (random.nextBoolean() ? "\r\n" : "\n") + "a=next";
      long fastLine = AttributeParser.checkCanonicalLine(withNext, 2, withNext.length());
      int fast = (int) fastLine;
      if (fastLine >= 0) {
        assertEquals(text.length(), (int) (fastLine >>> 32), text);
        fastPath++;
        assertTrue(checkError == null, "fast path accepts '" + text + "' but check rejects it");
        assertEquals(kind, AttributeKind.byOrdinal(fast >>> 8), text);
        assertTrue(AttributeParser.isCanonical(checked), "fast path accepts '" + text + "' but check says not canonical");
        assertEquals(AttributeParser.payloadType(checked), (fast & 0xFF) - 1, text);
      }
      if ((checkError == null) != (parseError == null)) {
        fail("'" + text + "': check " + (checkError == null ? "accepts" : "rejects (" + checkError.getMessage() + ")")
            + " but parse " + (parseError == null ? "accepts" : "rejects (" + parseError.getMessage() + ")"));
      }
      if (parsed == null) {
        continue;
      }
      accepted++;
      assertEquals(name, parsed.attributeName(), text);
      // What a parsed description builds later, without checking again, is the same value.
      assertEquals(parsed, value == null ? AttributeParser.build(kind, name, null, 0, 0)
          : AttributeParser.build(kind, name, value, 0, value.length()), text);
      if (kind.isCodec()) {
        int pt = parsed instanceof RtpMap ? ((RtpMap) parsed).payloadType()
            : parsed instanceof Fmtp ? ((Fmtp) parsed).payloadType() : ((RtcpFb) parsed).payloadType();
        assertEquals(pt, AttributeParser.payloadType(checked), text);
      }
      if (AttributeParser.isCanonical(checked)) {
        canonical++;
        StringBuilder written = new StringBuilder();
        SdpWriter.appendAttribute(written, parsed);
        assertEquals(text + "\r\n", written.toString(), "a line called canonical must be written as it stands");
      }
    }
    // Both outcomes are well represented.
    assertTrue(accepted > INPUTS / 5, "accepted " + accepted);
    assertTrue(INPUTS - accepted > INPUTS / 5, "rejected " + (INPUTS - accepted));
    assertTrue(canonical > accepted / 4, "canonical " + canonical + " of " + accepted);
    assertTrue(fastPath > INPUTS / 10, "fast path " + fastPath);
  }

  private static String mutate(String value, SplittableRandom random) {
    int at = random.nextInt(value.length() + 1);
    char c = NOISE[random.nextInt(NOISE.length)];
    switch (random.nextInt(3)) {
      case 0: // insert
        return value.substring(0, at) + c + value.substring(at);
      case 1: // replace
        return at == value.length() ? value + c : value.substring(0, at) + c + value.substring(at + 1);
      default: // delete
        return at == value.length() ? value : value.substring(0, at) + value.substring(at + 1);
    }
  }
}
