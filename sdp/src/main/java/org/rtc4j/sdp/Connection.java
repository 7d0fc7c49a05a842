package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code c=}: connection data (RFC 8866 §5.7).
 *
 * <pre>
 * c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;
 * c=IN IP4 0.0.0.0
 * </pre>
 *
 * @param address the connection address as written (a multicast {@code /ttl/count} suffix stays)
 */
public record Connection(String netType, String addrType, String address) {
  /** {@code IN IP4 0.0.0.0}, what JSEP writes before candidates are known (RFC 9429 §5.2.1). */
  public static final Connection DISCARD_IP4 = new Connection("IN", "IP4", "0.0.0.0");

  public Connection {
    Check.token("nettype", netType);
    Check.token("addrtype", addrType);
    Check.token("connection address", address);
  }

  public static Connection ip4(String address) {
    return new Connection("IN", "IP4", address);
  }

  public static Connection ip6(String address) {
    return new Connection("IN", "IP6", address);
  }

  /** Parses the value of a {@code c=} line. */
  public static Connection parse(String value) {
    return parse(value, 0, value.length());
  }

  static Connection parse(String s, int from, int to) {
    if (Chars.regionEquals(s, from, to, "IN IP4 0.0.0.0")) {
      return DISCARD_IP4; // what every JSEP m= section starts with
    }
    check(s, from, to);
    int e1 = Chars.tokenEnd(s, from, to);
    int a2 = Chars.skipSpaces(s, e1, to);
    int e2 = Chars.tokenEnd(s, a2, to);
    int a3 = Chars.skipSpaces(s, e2, to);
    int e3 = Chars.tokenEnd(s, a3, to);
    return new Connection(Tokens.intern(s, from, e1), Tokens.intern(s, a2, e2), Tokens.intern(s, a3, e3));
  }

  /** Checks what {@link #parse} accepts; returns whether it is written back as it stands (single spaces). */
  static boolean check(String s, int from, int to) {
    int tokens = TokenList.check(s, from, to, "connection");
    Check.require(TokenList.count(tokens) == 3, "connection needs exactly <nettype> <addrtype> <connection-address>");
    return TokenList.isCanonical(tokens);
  }

  void appendTo(StringBuilder sb) {
    sb.append(netType).append(' ').append(addrType).append(' ').append(address);
  }

  @Override
  public String toString() {
    return netType + ' ' + addrType + ' ' + address;
  }
}
