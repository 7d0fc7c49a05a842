package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

/**
 * {@code a=rtcp}: the RTCP port and address when not RTP port + 1 (RFC 3605 §2.1).
 *
 * <pre>
 * a=rtcp:&lt;port&gt; [&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;]
 * a=rtcp:9 IN IP4 0.0.0.0
 * </pre>
 *
 * @param connection the address, or {@code null} when only the port is given
 */
public record Rtcp(int port, Connection connection) implements SdpAttribute, ValueWriter {
  public Rtcp {
    Check.range("rtcp port", port, 0, 65535);
  }

  /** Parses the value of an {@code a=rtcp} line. */
  public static Rtcp parse(String value) {
    return parse(value, 0, value.length());
  }

  static Rtcp parse(String s, int from, int to) {
    check(s, from, to);
    int end = Chars.tokenEnd(s, from, to);
    int port = (int) Chars.parseUnsigned(s, from, end, 65535);
    int a = Chars.skipSpaces(s, end, to);
    return new Rtcp(port, a < to ? Connection.parse(s, a, to) : null);
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int end = Chars.tokenEnd(s, from, to);
    Check.number("rtcp port", s, from, end, 65535);
    int a = Chars.skipSpaces(s, end, to);
    boolean canonical = Chars.isPlainNumber(s, from, end);
    if (a < to) {
      boolean single = Connection.check(s, a, to); // always checked: no short cut past the grammar
      canonical &= single && Chars.isOneSpace(s, end, a);
    }
    return AttributeParser.checked(-1, canonical);
  }

  @Override
  public String attributeName() {
    return "rtcp";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(port);
    if (connection != null) {
      sb.append(' ');
      connection.appendTo(sb);
    }
  }

  @Override
  public String toString() {
    return "rtcp:" + attributeValue();
  }
}
