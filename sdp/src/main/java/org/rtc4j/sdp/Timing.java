package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

import java.util.List;

/**
 * {@code t=} with its {@code r=} lines: when the session is active (RFC 8866 §5.9, §5.10).
 * WebRTC always writes {@code t=0 0}.
 *
 * <pre>
 * t=&lt;start-time&gt; &lt;stop-time&gt;
 * r=&lt;repeat interval&gt; &lt;active duration&gt; &lt;offsets from start-time&gt;
 * </pre>
 *
 * @param start   NTP seconds, 0 for unbounded
 * @param stop    NTP seconds, 0 for unbounded
 * @param repeats the values of the {@code r=} lines that follow, verbatim
 */
public record Timing(long start, long stop, List<String> repeats) {
  /** {@code t=0 0}: a permanent session, as JSEP writes it. */
  public static final Timing PERMANENT = new Timing(0, 0, List.of());

  public Timing {
    Check.range("start time", start, 0, Long.MAX_VALUE);
    Check.range("stop time", stop, 0, Long.MAX_VALUE);
    repeats = List.copyOf(repeats);
    for (String r : repeats) {
      Check.require(r != null && !r.isEmpty() && Chars.isLineSafe(r), "repeat must be a non-empty line");
    }
  }

  public Timing(long start, long stop) {
    this(start, stop, List.of());
  }

  static Timing parse(String s, int from, int to) {
    int e1 = Chars.tokenEnd(s, from, to);
    int a2 = Chars.skipSpaces(s, e1, to);
    int e2 = Chars.tokenEnd(s, a2, to);
    Check.require(Chars.skipSpaces(s, e2, to) == to, "timing needs exactly <start-time> <stop-time>");
    // RFC 8866 §9: start-time = time / "0", time = POS-DIGIT 9*DIGIT (NTP seconds)
    Check.require(Chars.regionEquals(s, from, e1, "0") || FieldGrammar.isTime(s, from, e1), "start time must be 0 or NTP seconds (ten digits or more)");
    Check.require(Chars.regionEquals(s, a2, e2, "0") || FieldGrammar.isTime(s, a2, e2), "stop time must be 0 or NTP seconds (ten digits or more)");
    long start = Check.number("start time", s, from, e1, Long.MAX_VALUE);
    long stop = Check.number("stop time", s, a2, e2, Long.MAX_VALUE);
    return start == 0 && stop == 0 ? PERMANENT : new Timing(start, stop, List.of());
  }

  Timing withRepeat(String repeat) {
    return new Timing(start, stop, append(repeats, repeat));
  }

  private static List<String> append(List<String> list, String item) {
    String[] out = list.toArray(new String[list.size() + 1]);
    out[list.size()] = item;
    return List.of(out);
  }

  @Override
  public String toString() {
    return start + " " + stop + (repeats.isEmpty() ? "" : " " + repeats);
  }
}
