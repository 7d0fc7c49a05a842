package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

/**
 * {@code a=msid}: the MediaStream and track a media description carries (RFC 8830 §2).
 *
 * <pre>
 * a=msid:&lt;stream id&gt; [&lt;track id&gt;]
 * a=msid:339bcb13-... f78b682b-...
 * </pre>
 *
 * @param streamId the stream id ({@code -} for no stream)
 * @param trackId  the "appdata" (track id), or {@code null}
 */
public record Msid(String streamId, String trackId) implements SdpAttribute, ValueWriter {
  public Msid {
    Check.token("msid stream id", streamId);
    if (trackId != null) {
      Check.token("msid track id", trackId);
    }
  }

  /** Parses the value of an {@code a=msid} line. */
  public static Msid parse(String value) {
    return parse(value, 0, value.length());
  }

  static Msid parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static Msid build(String s, int from, int to) {
    int end = Chars.tokenEnd(s, from, to);
    int a = Chars.skipSpaces(s, end, to);
    int b = Chars.tokenEnd(s, a, to);
    return new Msid(s.substring(from, end), a < b ? s.substring(a, b) : null);
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int tokens = TokenList.check(s, from, to, "msid");
    Check.require(TokenList.count(tokens) > 0, "msid needs a stream id");
    Check.require(TokenList.count(tokens) <= 2, "msid has more than two fields");
    return AttributeParser.checked(-1, TokenList.isCanonical(tokens));
  }

  @Override
  public String attributeName() {
    return "msid";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(streamId);
    if (trackId != null) {
      sb.append(' ').append(trackId);
    }
  }

  @Override
  public String toString() {
    return "msid:" + attributeValue();
  }
}
