package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.List;

/**
 * The {@code *(SP token)} tail that {@code a=group} (RFC 5888 §5) and {@code a=msid-semantic}
 * share: read into an exactly sized list of interned tokens, written back with one space before
 * each.
 */
final class TokenList {
  private TokenList() {}

  /**
   * The space-separated tokens of {@code s[from, to)}, interned; spaces around them are skipped.
   * An array, for {@code List.of}: the record's {@code List.copyOf} then keeps that list as it is.
   */
  static String[] parse(String s, int from, int to) {
    String[] tokens = new String[count(s, from, to)];
    int i = Chars.skipSpaces(s, from, to);
    for (int k = 0; i < to; k++) {
      int e = Chars.tokenEnd(s, i, to);
      tokens[k] = Tokens.intern(s, i, e);
      i = Chars.skipSpaces(s, e, to);
    }
    return tokens;
  }

  /**
   * Checks that {@code s[from, to)} is space-separated tokens without control characters.
   * Returns the number of tokens times two, plus one when they are not separated by single spaces
   * (see {@link #count(int)}, {@link #isCanonical(int)}).
   *
   * @param what names the value in the error message
   */
  static int check(String s, int from, int to, String what) {
    int n = 0;
    boolean canonical = true;
    int i = from;
    while (i < to) {
      int e = Chars.checkedTokenEnd(s, i, to);
      Check.require(e > i, what, "", " must be tokens without control characters");
      n++;
      int next = Chars.skipSpaces(s, e, to);
      canonical &= next == to || Chars.isOneSpace(s, e, next);
      i = next;
    }
    return n << 1 | (canonical ? 0 : 1);
  }

  /** The number of tokens of a {@link #check} result. */
  static int count(int checked) {
    return checked >>> 1;
  }

  /** Whether a {@link #check} result had single spaces between its tokens. */
  static boolean isCanonical(int checked) {
    return (checked & 1) == 0;
  }

  private static int count(String s, int from, int to) {
    int n = 0;
    int i = Chars.skipSpaces(s, from, to);
    while (i < to) {
      n++;
      i = Chars.skipSpaces(s, Chars.tokenEnd(s, i, to), to);
    }
    return n;
  }

  /** Appends {@code " " + token} for each token. */
  static void append(StringBuilder sb, List<String> tokens) {
    for (int i = 0, n = tokens.size(); i < n; i++) {
      sb.append(' ').append(tokens.get(i));
    }
  }
}
