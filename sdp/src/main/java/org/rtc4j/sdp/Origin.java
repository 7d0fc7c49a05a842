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
    int[] f = new int[12];
    int i = from;
    for (int k = 0; k < 6; k++) {
      i = Chars.skipSpaces(s, i, to);
      int e = Chars.tokenEnd(s, i, to);
      Check.require(i < e, "origin needs 6 fields: <username> <sess-id> <sess-version> <nettype> <addrtype> <address>");
      f[2 * k] = i;
      f[2 * k + 1] = e;
      i = e;
    }
    Check.require(Chars.skipSpaces(s, i, to) == to, "origin has more than 6 fields");
    return new Origin(Tokens.intern(s, f[0], f[1]), s.substring(f[2], f[3]),
        Check.number("sess-version", s, f[4], f[5], Long.MAX_VALUE),
        Tokens.intern(s, f[6], f[7]), Tokens.intern(s, f[8], f[9]), Tokens.intern(s, f[10], f[11]));
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
