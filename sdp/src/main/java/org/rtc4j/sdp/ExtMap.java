package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code a=extmap}: an RTP header extension and its local identifier (RFC 8285 §8).
 *
 * <pre>
 * a=extmap:&lt;value&gt;["/"&lt;direction&gt;] &lt;URI&gt; &lt;extensionattributes&gt;
 * a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
 * a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
 * </pre>
 *
 * @param id         1-14 (one-byte), 1-255 (two-byte), or 4096-4351 (RFC 8285 §8)
 * @param direction  the direction, or {@code null} when not given
 * @param uri        the extension URI
 * @param attributes extension attributes (the rest of the line), or {@code null}
 */
public record ExtMap(int id, Direction direction, String uri, String attributes)
    implements SdpAttribute, ValueWriter {
  public ExtMap {
    Check.require((id >= 1 && id <= 255) || (id >= 4096 && id <= 4351),
        "extmap id must be 1-255 or 4096-4351, was ", id, "");
    Check.token("extmap URI", uri);
    Check.require(attributes == null || (!attributes.isEmpty() && Chars.isLineSafe(attributes)),
        "extension attributes must be null or a non-empty line-safe string");
  }

  public ExtMap(int id, String uri) {
    this(id, null, uri, null);
  }

  /** Parses the value of an {@code a=extmap} line. */
  public static ExtMap parse(String value) {
    return parse(value, 0, value.length());
  }

  static ExtMap parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static ExtMap build(String s, int from, int to) {
    int idEnd = Chars.tokenEnd(s, from, to);
    int slash = Chars.indexOf(s, '/', from, idEnd);
    int id = (int) Chars.parseUnsigned(s, from, slash < 0 ? idEnd : slash, 4351);
    Direction dir = slash < 0 ? null : Direction.lookup(s, slash + 1, idEnd);
    int a = Chars.skipSpaces(s, idEnd, to);
    int b = Chars.tokenEnd(s, a, to);
    int c = Chars.skipSpaces(s, b, to);
    return new ExtMap(id, dir, Tokens.intern(s, a, b), c < to ? s.substring(c, to) : null);
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int idEnd = Chars.tokenEnd(s, from, to);
    int slash = Chars.indexOf(s, '/', from, idEnd);
    int numberEnd = slash < 0 ? idEnd : slash;
    int id = (int) Check.number("extmap id", s, from, numberEnd, 4351);
    Check.require((id >= 1 && id <= 255) || id >= 4096, "extmap id must be 1-255 or 4096-4351, was ", id, "");
    if (slash >= 0) {
      Check.require(Direction.lookup(s, slash + 1, idEnd) != null,
          "unknown extmap direction '", s, slash + 1, idEnd, "'");
    }
    int a = Chars.skipSpaces(s, idEnd, to);
    Check.require(a < to, "extmap needs a URI");
    int b = Chars.checkedTokenEnd(s, a, to);
    Check.require(b > a, "extmap URI must be a non-empty token without spaces: '", s, a, Chars.tokenEnd(s, a, to), "'");
    int c = Chars.skipSpaces(s, b, to);
    return AttributeParser.checked(-1, Chars.isPlainNumber(s, from, numberEnd) && Chars.isOneSpace(s, idEnd, a)
        && (c == to || Chars.isOneSpace(s, b, c)));
  }

  @Override
  public String attributeName() {
    return "extmap";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(id);
    if (direction != null) {
      sb.append('/').append(direction.sdp());
    }
    sb.append(' ').append(uri);
    if (attributes != null) {
      sb.append(' ').append(attributes);
    }
  }

  @Override
  public String toString() {
    return "extmap:" + attributeValue();
  }
}
