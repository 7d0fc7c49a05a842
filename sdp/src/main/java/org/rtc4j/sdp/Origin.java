package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code o=}: the originator and version of a session (RFC 8866 §5.2). JSEP increments
 * {@code sessionVersion} with every new local description (RFC 9429 §5.2.2).
 *
 * <pre>
 * o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;
 * o=- 102040824943946017 2 IN IP4 127.0.0.1
 * </pre>
 *
 * @param sessionId kept as written (browsers use up to 20 digits)
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType,
    String addrType, String address) {
  public Origin {
    Check.token("username", username);
    Check.token("sess-id", sessionId);
    Check.range("sess-version", sessionVersion, 0, Long.MAX_VALUE);
    Check.token("nettype", netType);
    Check.token("addrtype", addrType);
    Check.token("unicast address", address);
  }

  /** The origin JSEP writes: {@code o=- <id> <version> IN IP4 127.0.0.1} (RFC 9429 §5.2.1). */
  public static Origin jsep(String sessionId, long sessionVersion) {
    return new Origin("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");
  }

  /** A copy with {@code sessionVersion + 1}. */
  public Origin nextVersion() {
    return new Origin(username, sessionId, sessionVersion + 1, netType, addrType, address);
  }

  /** Parses the value of an {@code o=} line. */
  public static Origin parse(String value) {
    return parse(value, 0, value.length());
  }

  static Origin parse(String s, int from, int to) {
    int a0 = Chars.skipSpaces(s, from, to);
    int e0 = field(s, a0, to);
    int a1 = Chars.skipSpaces(s, e0, to);
    int e1 = field(s, a1, to);
    int a2 = Chars.skipSpaces(s, e1, to);
    int e2 = field(s, a2, to);
    int a3 = Chars.skipSpaces(s, e2, to);
    int e3 = field(s, a3, to);
    int a4 = Chars.skipSpaces(s, e3, to);
    int e4 = field(s, a4, to);
    int a5 = Chars.skipSpaces(s, e4, to);
    int e5 = field(s, a5, to);
    Check.require(Chars.skipSpaces(s, e5, to) == to, "origin has more than 6 fields");
    Check.require(Chars.isDigits(s, a1, e1), "sess-id must be digits (RFC 8866 §5.2): '", s, a1, e1, "'");
    Check.require(Chars.isSdpToken(s, a3, e3) && Chars.isSdpToken(s, a4, e4), "nettype and addrtype must be tokens");
    return new Origin(Tokens.intern(s, a0, e0), s.substring(a1, e1),
        Check.number("sess-version", s, a2, e2, Long.MAX_VALUE),
        Tokens.intern(s, a3, e3), Tokens.intern(s, a4, e4), Tokens.intern(s, a5, e5));
  }

  /** The end of the field starting at {@code from}; there must be one. */
  private static int field(String s, int from, int to) {
    int e = Chars.tokenEnd(s, from, to);
    Check.require(from < e, "origin needs 6 fields: <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
    return e;
  }

  void appendTo(StringBuilder sb) {
    sb.append(username).append(' ').append(sessionId).append(' ').append(sessionVersion).append(' ')
        .append(netType).append(' ').append(addrType).append(' ').append(address);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString();
  }
}
