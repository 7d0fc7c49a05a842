package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.Arrays;
import java.util.List;

/**
 * {@code a=msid-semantic}: session-level MediaStream semantics (draft-ietf-mmusic-msid; still
 * written by libwebrtc and Firefox). Written the way libwebrtc writes it, with a space after the
 * colon: {@code a=msid-semantic: WMS stream-id}.
 *
 * @param semantic    e.g. {@code WMS}
 * @param identifiers stream ids, or {@code *}
 */
public record MsidSemantic(String semantic, List<String> identifiers) implements SdpAttribute, ValueWriter {
  public MsidSemantic {
    Check.token("msid semantic", semantic);
    identifiers = List.copyOf(identifiers);
    for (String id : identifiers) {
      Check.token("msid-semantic identifier", id);
    }
  }

  public static MsidSemantic of(String semantic, String... identifiers) {
    return new MsidSemantic(semantic, Arrays.asList(identifiers));
  }

  /** Parses the value of an {@code a=msid-semantic} line. */
  public static MsidSemantic parse(String value) {
    return parse(value, 0, value.length());
  }

  static MsidSemantic parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static MsidSemantic build(String s, int from, int to) {
    int a = Chars.skipSpaces(s, from, to);
    int end = Chars.tokenEnd(s, a, to);
    return new MsidSemantic(Tokens.intern(s, a, end), List.of(TokenList.parse(s, end, to)));
  }

  /**
   * The grammar of {@link #parse}, checked without building anything; see
   * {@link AttributeParser#check}. Never canonical as it stands: the writer puts a space after
   * the colon.
   */
  static int check(String s, int from, int to) {
    int a = Chars.skipSpaces(s, from, to);
    int tokens = TokenList.check(s, a, to, "msid-semantic");
    Check.require(TokenList.count(tokens) > 0, "msid-semantic needs a semantic");
    return AttributeParser.checked(-1, false);
  }

  @Override
  public String attributeName() {
    return "msid-semantic";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(' ').append(semantic);
    TokenList.append(sb, identifiers);
  }

  @Override
  public String toString() {
    return "msid-semantic:" + attributeValue();
  }
}
