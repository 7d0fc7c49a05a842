package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code a=rtpmap}: maps an RTP payload type to a codec (RFC 8866 §6.6).
 *
 * <pre>
 * a=rtpmap:&lt;payload type&gt; &lt;encoding name&gt;/&lt;clock rate&gt;[/&lt;encoding parameters&gt;]
 * a=rtpmap:111 opus/48000/2
 * </pre>
 *
 * @param payloadType  0-127
 * @param encodingName e.g. {@code opus}, {@code VP8} (case kept as written)
 * @param clockRate    in Hz
 * @param channels     the encoding parameters (audio channels), or 0 when absent
 */
public record RtpMap(int payloadType, String encodingName, long clockRate, int channels)
    implements SdpAttribute, ValueWriter {
  public RtpMap {
    Check.range("payload type", payloadType, 0, 127);
    Check.require(encodingName != null && !encodingName.isEmpty() && Chars.isToken(encodingName)
        && encodingName.indexOf('/') < 0, "encoding name must be a token without '/': '", encodingName, "'");
    Check.range("clock rate", clockRate, 0, 0xFFFF_FFFFL);
    Check.range("channels", channels, 0, 255);
  }

  public RtpMap(int payloadType, String encodingName, long clockRate) {
    this(payloadType, encodingName, clockRate, 0);
  }

  /** Parses the value of an {@code a=rtpmap} line, e.g. {@code 111 opus/48000/2}. */
  public static RtpMap parse(String value) {
    return parse(value, 0, value.length());
  }

  static RtpMap parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static RtpMap build(String s, int from, int to) {
    int ptEnd = Chars.tokenEnd(s, from, to);
    int pt = (int) Chars.parseUnsigned(s, from, ptEnd, 127);
    int a = Chars.skipSpaces(s, ptEnd, to);
    int slash = Chars.indexOf(s, '/', a, to);
    int rateEnd = Chars.indexOf(s, '/', slash + 1, to);
    long clock = Chars.parseUnsigned(s, slash + 1, rateEnd < 0 ? to : rateEnd, 0xFFFF_FFFFL);
    int channels = rateEnd < 0 ? 0 : (int) Chars.parseUnsigned(s, rateEnd + 1, to, 255);
    return new RtpMap(pt, Tokens.intern(s, a, slash), clock, channels);
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int leading = Check.leadingPayloadType(s, from, to);
    int pt = leading & 0xFF;
    int ptEnd = Check.fieldEnd(leading);
    int a = Chars.skipSpaces(s, ptEnd, to);
    int slash = Chars.indexOf(s, '/', a, to);
    Check.require(a < to && slash > a, "rtpmap needs <encoding name>/<clock rate>");
    Check.require(Chars.isToken(s, a, slash), "encoding name must be a token without '/': '", s, a, slash, "'");
    int rateEnd = Chars.indexOf(s, '/', slash + 1, to);
    int clockEnd = rateEnd < 0 ? to : rateEnd;
    Check.number("clock rate", s, slash + 1, clockEnd, 0xFFFF_FFFFL);
    int channels = rateEnd < 0 ? 0 : (int) Check.number("channels", s, rateEnd + 1, to, 255);
    return AttributeParser.checked(pt, Chars.isPlainNumber(s, from, ptEnd) && Chars.isOneSpace(s, ptEnd, a)
        && Chars.isPlainNumber(s, slash + 1, clockEnd)
        && (rateEnd < 0 || channels != 0 && Chars.isPlainNumber(s, rateEnd + 1, to)));
  }

  @Override
  public String attributeName() {
    return "rtpmap";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(payloadType).append(' ').append(encodingName).append('/').append(clockRate);
    if (channels != 0) {
      sb.append('/').append(channels);
    }
  }

  @Override
  public String toString() {
    return "rtpmap:" + attributeValue();
  }
}
