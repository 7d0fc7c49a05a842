package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code a=ssrc-group}: SSRCs that belong together (RFC 5576 §4.2), e.g. {@code FID} for a media
 * SSRC and its RTX SSRC, {@code SIM} for simulcast layers.
 *
 * <pre>
 * a=ssrc-group:&lt;semantics&gt; &lt;ssrc-id&gt; ...
 * a=ssrc-group:FID 265556364 2733169989
 * </pre>
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) implements SdpAttribute, ValueWriter {
  public SsrcGroup {
    Check.token("ssrc-group semantics", semantics);
    ssrcs = List.copyOf(ssrcs);
    for (Long ssrc : ssrcs) {
      Check.range("ssrc", ssrc, 0, 0xFFFF_FFFFL);
    }
  }

  public static SsrcGroup of(String semantics, long... ssrcs) {
    List<Long> list = new ArrayList<>(ssrcs.length);
    for (long s : ssrcs) {
      list.add(s);
    }
    return new SsrcGroup(semantics, list);
  }

  /** Parses the value of an {@code a=ssrc-group} line. */
  public static SsrcGroup parse(String value) {
    return parse(value, 0, value.length());
  }

  static SsrcGroup parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static SsrcGroup build(String s, int from, int to) {
    int end = Chars.tokenEnd(s, from, to);
    String semantics = Tokens.intern(s, from, end);
    List<Long> ssrcs = new ArrayList<>(3);
    int i = Chars.skipSpaces(s, end, to);
    while (i < to) {
      int e = Chars.tokenEnd(s, i, to);
      ssrcs.add(Chars.parseUnsigned(s, i, e, 0xFFFF_FFFFL));
      i = Chars.skipSpaces(s, e, to);
    }
    return new SsrcGroup(semantics, ssrcs);
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int end = Chars.tokenEnd(s, from, to);
    Check.require(from < end, "ssrc-group needs semantics");
    Check.require(Chars.isToken(s, from, end), "ssrc-group semantics must be a token: '", s, from, end, "'");
    boolean canonical = true;
    int i = Chars.skipSpaces(s, end, to);
    canonical &= i == to || Chars.isOneSpace(s, end, i);
    while (i < to) {
      int e = Chars.tokenEnd(s, i, to);
      Check.number("ssrc", s, i, e, 0xFFFF_FFFFL);
      int next = Chars.skipSpaces(s, e, to);
      canonical &= Chars.isPlainNumber(s, i, e) && (next == to || Chars.isOneSpace(s, e, next));
      i = next;
    }
    return AttributeParser.checked(-1, canonical);
  }

  @Override
  public String attributeName() {
    return "ssrc-group";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(semantics);
    for (Long ssrc : ssrcs) {
      sb.append(' ').append(ssrc.longValue());
    }
  }

  @Override
  public String toString() {
    return "ssrc-group:" + attributeValue();
  }
}
