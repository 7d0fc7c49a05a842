package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code b=}: a bandwidth limit (RFC 8866 §5.8, RFC 3890 for {@code TIAS}).
 *
 * <pre>
 * b=&lt;bwtype&gt;:&lt;bandwidth&gt;
 * b=AS:2000
 * </pre>
 *
 * @param type  e.g. {@code AS} (kbit/s), {@code TIAS} (bit/s), {@code CT}, {@code RR}, {@code RS}
 * @param value the number, in the unit {@code type} implies
 */
public record Bandwidth(String type, long value) {
  public Bandwidth {
    Check.require(type != null && Chars.isToken(type) && type.indexOf(':') < 0,
        "bandwidth type must be a token without ':': '", type, "'");
    Check.range("bandwidth", value, 0, Long.MAX_VALUE);
  }

  /** Parses the value of a {@code b=} line. */
  public static Bandwidth parse(String value) {
    return parse(value, 0, value.length());
  }

  static Bandwidth parse(String s, int from, int to) {
    int colon = Chars.indexOf(s, ':', from, to);
    Check.require(colon > from, "bandwidth needs <bwtype>:<bandwidth>");
    return new Bandwidth(Tokens.intern(s, from, colon), Check.number("bandwidth", s, colon + 1, to, Long.MAX_VALUE));
  }

  @Override
  public String toString() {
    return type + ':' + value;
  }
}
