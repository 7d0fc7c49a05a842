package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code a=ssrc}: a source attribute of one RTP synchronization source (RFC 5576 §4.1).
 *
 * <pre>
 * a=ssrc:&lt;ssrc-id&gt; &lt;attribute&gt;[:&lt;value&gt;]
 * a=ssrc:1383530305 cname:qBD8Neo3u2R4mxdA
 * </pre>
 *
 * @param ssrc      the SSRC, an unsigned 32-bit number
 * @param attribute the source attribute name, e.g. {@code cname}, {@code msid}
 * @param value     its value (may contain spaces), or {@code null}
 */
public record Ssrc(long ssrc, String attribute, String value) implements SdpAttribute, ValueWriter {
  public Ssrc {
    Check.range("ssrc", ssrc, 0, 0xFFFF_FFFFL);
    Check.require(attribute != null && Chars.isToken(attribute) && attribute.indexOf(':') < 0,
        "ssrc attribute must be a token without ':': '", attribute, "'");
    Check.optionalText("ssrc attribute value", value);
  }

  /** Parses the value of an {@code a=ssrc} line. */
  public static Ssrc parse(String value) {
    return parse(value, 0, value.length());
  }

  static Ssrc parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static Ssrc build(String s, int from, int to) {
    int idEnd = Chars.tokenEnd(s, from, to);
    long ssrc = Chars.parseUnsigned(s, from, idEnd, 0xFFFF_FFFFL);
    int a = Chars.skipSpaces(s, idEnd, to);
    int colon = Chars.indexOf(s, ':', a, to);
    if (colon < 0) {
      return new Ssrc(ssrc, Tokens.intern(s, a, to), null);
    }
    return new Ssrc(ssrc, Tokens.intern(s, a, colon), s.substring(colon + 1, to));
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int idEnd = Chars.tokenEnd(s, from, to);
    Check.number("ssrc", s, from, idEnd, 0xFFFF_FFFFL);
    int a = Chars.skipSpaces(s, idEnd, to);
    Check.require(a < to, "ssrc needs a source attribute");
    int colon = Chars.indexOf(s, ':', a, to);
    int nameEnd = colon < 0 ? to : colon;
    Check.require(Chars.isToken(s, a, nameEnd), "ssrc attribute must be a token without ':': '", s, a, nameEnd, "'");
    return AttributeParser.checked(-1, Chars.isPlainNumber(s, from, idEnd) && Chars.isOneSpace(s, idEnd, a));
  }

  @Override
  public String attributeName() {
    return "ssrc";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(ssrc).append(' ').append(attribute);
    if (value != null) {
      sb.append(':').append(value);
    }
  }

  @Override
  public String toString() {
    return "ssrc:" + attributeValue();
  }
}
