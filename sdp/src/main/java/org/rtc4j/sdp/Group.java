package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.Arrays;
import java.util.List;

/**
 * {@code a=group}: media descriptions that belong together, by their {@code mid}s (RFC 5888 §5),
 * e.g. {@code BUNDLE} (RFC 8843) or {@code LS}.
 *
 * <pre>
 * a=group:&lt;semantics&gt; *(SP &lt;identification-tag&gt;)
 * a=group:BUNDLE 0 1 2
 * </pre>
 */
public record Group(String semantics, List<String> mids) implements SdpAttribute, ValueWriter {
  public static final String BUNDLE = "BUNDLE";

  public Group {
    Check.token("group semantics", semantics);
    mids = List.copyOf(mids);
    for (String mid : mids) {
      Check.token("mid", mid);
    }
  }

  public static Group of(String semantics, String... mids) {
    return new Group(semantics, Arrays.asList(mids));
  }

  /** Parses the value of an {@code a=group} line. */
  public static Group parse(String value) {
    return parse(value, 0, value.length());
  }

  static Group parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static Group build(String s, int from, int to) {
    int end = Chars.tokenEnd(s, from, to);
    return new Group(Tokens.intern(s, from, end), List.of(TokenList.parse(s, end, to)));
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int tokens = TokenList.check(s, from, to, "group");
    Check.require(TokenList.count(tokens) > 0, "group needs semantics");
    return AttributeParser.checked(-1, TokenList.isCanonical(tokens));
  }

  @Override
  public String attributeName() {
    return "group";
  }

  @Override
  public String attributeValue() {
    return ValueWriter.valueOf(this);
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(semantics);
    TokenList.append(sb, mids);
  }

  @Override
  public String toString() {
    return "group:" + attributeValue();
  }
}
