package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import java.lang.management.ManagementFactory;

import org.junit.jupiter.api.Test;
import org.rtc4j.sdp.SdpParseException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Property: for any text made by mutating corpus files, {@link SessionDescription#parse} either
 * returns a description whose typed values all build, and that round-trips and writes the same
 * text from its lines as from its typed values (both checked for every fourth), or throws
 * {@link SdpParseException}; never anything else.
 * Mutations delete, duplicate, swap, truncate and corrupt lines, and cut the whole text short.
 * Fixed seed, so a failure reproduces.
 */
class MutationPropertyTest {
  private static final Logger LOG = LoggerFactory.getLogger(MutationPropertyTest.class);
  private static final long SEED = 0x5D9_2026_1126L;
  private static final int INPUTS = 100_000;
  private static final char[] NOISE = {
    '0', '1', '9', 'a', 'Z', ' ', '\t', ':', '/', ';', '=', ',', '~', '*', '-', '.', '{', '\r', '\n', '\0',
    'é', '\u2028', '\uFFFF', '\uD800', '+', '#'};

  @Test
  void parserThrowsNothingButSdpParseException() {
    List<List<String>> seeds = new ArrayList<>();
    for (String name : Corpus.names()) {
      seeds.add(List.of(Corpus.load(name).split("(?<=\n)")));
    }
    SplittableRandom random = new SplittableRandom(SEED);
    long cpuStart = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    Map<Reason, Integer> reasons = new EnumMap<>(Reason.class);
    int parsed = 0;
    for (int n = 0; n < INPUTS; n++) {
      List<String> lines = new ArrayList<>(seeds.get(random.nextInt(seeds.size())));
      int mutations = 1 + random.nextInt(3);
      for (int k = 0; k < mutations && !lines.isEmpty(); k++) {
        mutate(lines, random);
      }
      String text = String.join("", lines);
      if (random.nextInt(20) == 0 && !text.isEmpty()) {
        text = text.substring(0, random.nextInt(text.length()));
      }
      try {
        SessionDescription sd = SessionDescription.parse(text);
        parsed++;
        // The parse checked every line: building the typed values must not fail.
        Typed.buildAll(sd);
        if (parsed % 4 != 0) {
          continue; // round-trip every fourth accepted input: keeps the test at a few seconds
        }
        String written = SessionDescription.parse(text).toString(); // written from the text
        SessionDescription again = SessionDescription.parse(written);
        if (!sd.equals(again) || !written.equals(again.toString())) {
          fail("input #" + n + " parsed but does not round-trip:\n" + text + "\n--- written ---\n" + written);
        }
        // Lines copied from the text as canonical must read exactly as the typed values write.
        SessionDescription typed = Typed.copy(sd);
        if (!written.equals(typed.toString()) || !typed.equals(sd)) {
          fail("input #" + n + ": written from the text differs from written from the values:\n" + written
              + "\n--- from the values ---\n" + typed);
        }
      } catch (SdpParseException e) {
        reasons.merge(e.reason(), 1, Integer::sum);
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      } catch (RuntimeException | Error e) {
        throw new AssertionError("input #" + n + " threw " + e + ":\n" + text, e);
      }
    }
    int rejected = reasons.values().stream().mapToInt(Integer::intValue).sum();
    LOG.info("{} mutated inputs: {} parsed, {} rejected {}; {} ms CPU", INPUTS, parsed, rejected, reasons,
        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
    assertEquals(INPUTS, parsed + rejected);
    // Both outcomes are well represented, and the rejections spread over many reasons.
    assertTrue(parsed > INPUTS / 10, "parsed " + parsed);
    assertTrue(rejected > INPUTS / 10, "rejected " + rejected);
    assertTrue(reasons.size() >= 10, reasons.toString());
  }

  private static void mutate(List<String> lines, SplittableRandom random) {
    int i = random.nextInt(lines.size());
    String line = lines.get(i);
    switch (random.nextInt(6)) {
      case 0: // delete
        lines.remove(i);
        break;
      case 1: // duplicate
        lines.add(i, line);
        break;
      case 2: // swap with another line
        int j = random.nextInt(lines.size());
        lines.set(i, lines.get(j));
        lines.set(j, line);
        break;
      case 3: // truncate the line (sometimes dropping its line end)
        lines.set(i, line.substring(0, random.nextInt(line.length() + 1)) + (random.nextBoolean() ? "\r\n" : ""));
        break;
      case 4: // corrupt one character
        if (!line.isEmpty()) {
          int at = random.nextInt(line.length());
          lines.set(i, line.substring(0, at) + NOISE[random.nextInt(NOISE.length)] + line.substring(at + 1));
        }
        break;
      default: // insert noise
        int at = random.nextInt(line.length() + 1);
        StringBuilder noise = new StringBuilder();
        for (int k = random.nextInt(1, 4); k > 0; k--) {
          noise.append(NOISE[random.nextInt(NOISE.length)]);
        }
        lines.set(i, line.substring(0, at) + noise + line.substring(at));
        break;
    }
  }
}
