package org.rtc4j.sdp.internal;

/** Character-level helpers shared by the SDP parser and the value types. Nothing allocates. */
public final class Chars {
  private Chars() {}

  /** SDP separates fields with a single space; browsers tolerate runs of spaces and tabs. */
  public static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  public static int skipSpaces(String s, int from, int to) {
    while (from < to && isSpace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  public static int trimEnd(String s, int from, int to) {
    while (to > from && isSpace(s.charAt(to - 1))) {
      to--;
    }
    return to;
  }

  /** The end of the token starting at {@code from}: the next space or {@code to}. */
  public static int tokenEnd(String s, int from, int to) {
    while (from < to && !isSpace(s.charAt(from))) {
      from++;
    }
    return from;
  }

  /**
   * {@link #tokenEnd} and {@link #isToken(String, int, int)} in one pass: the end of the token
   * starting at {@code from} (the next space or tab, or {@code to}), or {@code -1} when the token
   * is empty or holds a control character.
   */
  public static int checkedTokenEnd(String s, int from, int to) {
    int i = from;
    while (i < to) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        if (c == ' ' || c == '\t') {
          break;
        }
        return -1;
      }
      i++;
    }
    return i > from ? i : -1;
  }

  /** True when {@code s[from, to)} equals {@code word}. */
  public static boolean regionEquals(String s, int from, int to, String word) {
    int n = word.length();
    if (to - from != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (s.charAt(from + i) != word.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The first index of {@code c} in {@code s[from, to)}, or -1; never looks past {@code to}. */
  public static int indexOf(String s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Parses the decimal digits {@code s[from, to)} as a non-negative number no larger than
   * {@code max}; returns -1 when the region is empty, has a non-digit, or is too large.
   */
  public static long parseUnsigned(String s, int from, int to, long max) {
    if (from >= to || to - from > 19) {
      return -1;
    }
    long n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      n = n * 10 + (c - '0');
      if (n > max) {
        return -1;
      }
    }
    return n;
  }

  /** True when the string has no character that would break an SDP line (CR, LF, NUL). */
  public static boolean isLineSafe(String s) {
    if (s.length() > 24) {
      // String.indexOf(char) is a vectorized intrinsic: three scans beat one scalar loop here.
      return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 && s.indexOf('\0') < 0;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return false;
      }
    }
    return true;
  }

  /** {@link #isToken(String)} for {@code s[from, to)}. */
  public static boolean isToken(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code s[from, to)} is {@code 0} or does not start with {@code 0}: a number as the writer writes it. */
  public static boolean isPlainNumber(String s, int from, int to) {
    return to - from == 1 || s.charAt(from) != '0';
  }

  /** True when {@code s[from, to)} is exactly one space, the separator the writer uses. */
  public static boolean isOneSpace(String s, int from, int to) {
    return to - from == 1 && s.charAt(from) == ' ';
  }

  /** True when the string is non-empty and has no space, tab, CR, LF or NUL. */
  public static boolean isToken(String s) {
    return isToken(s, 0, s.length());
  }

  /** RFC 8866 §9 token-char: ALPHA, DIGIT and {@code !#$%&'*+-.^_`{|}~}. */
  private static final boolean[] TOKEN_CHAR = new boolean[128];

  static {
    for (char c = '0'; c <= '9'; c++) {
      TOKEN_CHAR[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      TOKEN_CHAR[c] = true;
      TOKEN_CHAR[c - 32] = true;
    }
    for (char c : "!#$%&'*+-.^_`{|}~".toCharArray()) {
      TOKEN_CHAR[c] = true;
    }
  }

  /** True when {@code c} is an RFC 8866 token-char. */
  public static boolean isTokenChar(char c) {
    return c < 128 && TOKEN_CHAR[c];
  }

  /**
   * True when {@code s[from, to)} is an RFC 8866 §9 {@code token}: one or more token-chars. (The
   * looser {@link #isToken(String, int, int)} only refuses spaces and control characters.)
   */
  public static boolean isSdpToken(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      if (!isTokenChar(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** True when {@code s[from, to)} is one or more ASCII digits. */
  public static boolean isDigits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** RFC 8839 §5.1 ice-char: ALPHA, DIGIT, {@code +} and {@code /}. */
  public static boolean isIceChar(char c) {
    return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '+' || c == '/';
  }
}
