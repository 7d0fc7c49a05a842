package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code a=rtcp-fb}: an RTCP feedback message a payload type supports (RFC 4585 §4.2, RFC 5104).
 *
 * <pre>
 * a=rtcp-fb:&lt;payload type | *&gt; &lt;type&gt; [&lt;parameter&gt;]
 * a=rtcp-fb:96 nack pli
 * </pre>
 *
 * @param payloadType 0-127, or {@link #ANY} for {@code *}
 * @param type        e.g. {@code nack}, {@code ccm}, {@code transport-cc}
 * @param parameter   the rest of the line (e.g. {@code pli}, {@code fir}), or {@code null}
 */
public record RtcpFb(int payloadType, String type, String parameter) implements SdpAttribute, ValueWriter {
  /** The payload type of {@code a=rtcp-fb:*}: feedback for every payload type. */
  public static final int ANY = -1;

  public RtcpFb {
    Check.range("payload type", payloadType, ANY, 127);
    Check.token("feedback type", type);
    Check.require(parameter == null || (!parameter.isEmpty() && Chars.isLineSafe(parameter)),
        "feedback parameter must be null or a non-empty line-safe string");
  }

  public RtcpFb(int payloadType, String type) {
    this(payloadType, type, null);
  }

  /** Parses the value of an {@code a=rtcp-fb} line, e.g. {@code 96 nack pli}. */
  public static RtcpFb parse(String value) {
    return parse(value, 0, value.length());
  }

  static RtcpFb parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static RtcpFb build(String s, int from, int to) {
    int ptEnd = Chars.tokenEnd(s, from, to);
    int pt = ptEnd - from == 1 && s.charAt(from) == '*' ? ANY : (int) Chars.parseUnsigned(s, from, ptEnd, 127);
    int a = Chars.skipSpaces(s, ptEnd, to);
    int b = Chars.tokenEnd(s, a, to);
    int c = Chars.skipSpaces(s, b, to);
    return new RtcpFb(pt, Tokens.intern(s, a, b), c < to ? Tokens.intern(s, c, to) : null);
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    boolean any = from < to && s.charAt(from) == '*' && (from + 1 == to || Chars.isSpace(s.charAt(from + 1)));
    int pt;
    int ptEnd;
    if (any) {
      pt = ANY;
      ptEnd = from + 1;
    } else {
      int leading = Check.leadingPayloadType(s, from, to);
      pt = leading & 0xFF;
      ptEnd = Check.fieldEnd(leading);
    }
    int a = Chars.skipSpaces(s, ptEnd, to);
    int b = Chars.checkedTokenEnd(s, a, to);
    Check.require(a < to, "rtcp-fb needs a feedback type");
    Check.require(b > a, "feedback type must be a non-empty token without spaces: '", s, a, Chars.tokenEnd(s, a, to), "'");
    int c = Chars.skipSpaces(s, b, to);
    return AttributeParser.checked(pt, (any || Chars.isPlainNumber(s, from, ptEnd)) && Chars.isOneSpace(s, ptEnd, a)
        && (c == to || Chars.isOneSpace(s, b, c)));
  }

  public boolean appliesTo(int pt) {
    return payloadType == ANY || payloadType == pt;
  }

  @Override
  public String attributeName() {
    return "rtcp-fb";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    if (payloadType == ANY) {
      sb.append('*');
    } else {
      sb.append(payloadType);
    }
    sb.append(' ').append(type);
    if (parameter != null) {
      sb.append(' ').append(parameter);
    }
  }

  @Override
  public String toString() {
    return "rtcp-fb:" + attributeValue();
  }
}
