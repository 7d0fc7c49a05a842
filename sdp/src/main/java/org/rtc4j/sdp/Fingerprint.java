package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * {@code a=fingerprint}: the hash of the DTLS certificate (RFC 8122 §5).
 *
 * <pre>
 * a=fingerprint:&lt;hash-func&gt; &lt;fingerprint&gt;
 * a=fingerprint:sha-256 BE:A9:8B:...:B3
 * </pre>
 *
 * @param hashFunction e.g. {@code sha-256} (as written; compare ignoring case)
 * @param fingerprint  colon-separated upper-case hex bytes, as written
 */
public record Fingerprint(String hashFunction, String fingerprint) implements SdpAttribute, ValueWriter {
  public Fingerprint {
    Check.token("hash function", hashFunction);
    Check.token("fingerprint", fingerprint);
  }

  /** Formats {@code digest} as RFC 8122 wants it: upper-case hex pairs joined by colons. */
  public static Fingerprint of(String hashFunction, byte[] digest) {
    StringBuilder sb = new StringBuilder(digest.length * 3);
    for (int i = 0; i < digest.length; i++) {
      if (i > 0) {
        sb.append(':');
      }
      sb.append(Character.toUpperCase(Character.forDigit((digest[i] >> 4) & 0xF, 16)));
      sb.append(Character.toUpperCase(Character.forDigit(digest[i] & 0xF, 16)));
    }
    return new Fingerprint(hashFunction, sb.toString());
  }

  /** Parses the value of an {@code a=fingerprint} line. */
  public static Fingerprint parse(String value) {
    return parse(value, 0, value.length());
  }

  static Fingerprint parse(String s, int from, int to) {
    check(s, from, to);
    return build(s, from, to);
  }

  /** Builds the value of a line that {@link #check} accepted; checks nothing itself. */
  static Fingerprint build(String s, int from, int to) {
    int end = Chars.tokenEnd(s, from, to);
    int a = Chars.skipSpaces(s, end, to);
    return new Fingerprint(Tokens.intern(s, from, end), s.substring(a, Chars.tokenEnd(s, a, to)));
  }

  /** The grammar of {@link #parse}, checked without building anything; see {@link AttributeParser#check}. */
  static int check(String s, int from, int to) {
    int tokens = TokenList.check(s, from, to, "fingerprint");
    Check.require(TokenList.count(tokens) == 2, "fingerprint needs exactly <hash-func> <fingerprint>");
    return AttributeParser.checked(-1, TokenList.isCanonical(tokens));
  }

  /** The digest bytes; throws {@link IllegalArgumentException} if the text is not hex pairs. */
  public byte[] bytes() {
    String f = fingerprint;
    Check.require((f.length() + 1) % 3 == 0, "fingerprint is not colon-separated hex pairs");
    byte[] out = new byte[(f.length() + 1) / 3];
    for (int i = 0; i < out.length; i++) {
      int hi = Character.digit(f.charAt(i * 3), 16);
      int lo = Character.digit(f.charAt(i * 3 + 1), 16);
      Check.require(hi >= 0 && lo >= 0 && (i == out.length - 1 || f.charAt(i * 3 + 2) == ':'),
          "fingerprint is not colon-separated hex pairs");
      out[i] = (byte) (hi << 4 | lo);
    }
    return out;
  }

  @Override
  public String attributeName() {
    return "fingerprint";
  }

  @Override
  public String attributeValue() {
    return hashFunction + ' ' + fingerprint;
  }

  @Override
  public void appendValue(StringBuilder sb) {
    sb.append(hashFunction).append(' ').append(fingerprint);
  }

  @Override
  public String toString() {
    return "fingerprint:" + attributeValue();
  }
}
