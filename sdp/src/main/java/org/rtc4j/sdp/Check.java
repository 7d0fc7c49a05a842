package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

/** Argument checks shared by the value types; failures are {@link IllegalArgumentException}s. */
final class Check {
  private Check() {}

  static String token(String what, String value) {
    if (value == null || !Chars.isToken(value)) {
      throw new IllegalArgumentException(what + " must be a non-empty token without spaces: '" + value + "'");
    }
    return value;
  }

  static String text(String what, String value) {
    if (value == null || !Chars.isLineSafe(value)) {
      throw new IllegalArgumentException(what + " must not contain CR, LF or NUL");
    }
    return value;
  }

  static String optionalText(String what, String value) {
    return value == null ? null : text(what, value);
  }

  static int range(String what, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be " + min + "-" + max + ", was " + value);
    }
    return value;
  }

  static long range(String what, long value, long min, long max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(what + " must be " + min + "-" + max + ", was " + value);
    }
    return value;
  }

  /** Parses a number in {@code [0, max]} or throws naming what it was meant to be. */
  static long number(String what, String s, int from, int to, long max) {
    long n = Chars.parseUnsigned(s, from, to, max);
    if (n < 0) {
      throw new IllegalArgumentException(what + " '" + s.substring(from, to) + "' is not a number 0-" + max);
    }
    return n;
  }

  static int payloadType(String s, int from, int to) {
    return (int) number("payload type", s, from, to, 127);
  }

  /**
   * Reads the payload type that starts a value ({@code 96 nack}): the first field, as
   * {@link #payloadType} reads it. One pass over the digits for the usual one to three; anything
   * else takes the general path, which also makes the error message.
   *
   * @return the payload type, and where its field ends shifted left by 8 (see {@link #fieldEnd})
   */
  static int leadingPayloadType(String s, int from, int to) {
    int i = from;
    int value = 0;
    while (i < to) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        break;
      }
      value = value * 10 + d;
      i++;
    }
    if (i == from || i - from > 3 || value > 127 || i < to && !Chars.isSpace(s.charAt(i))) {
      i = Chars.tokenEnd(s, from, to);
      value = payloadType(s, from, i);
    }
    return i << 8 | value;
  }

  /** Where the field read by {@link #leadingPayloadType} ends. */
  static int fieldEnd(int leading) {
    return leading >>> 8;
  }

  static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }

  /** Like {@link #require(boolean, String)}; the message {@code before + detail + after} is built only on failure. */
  static void require(boolean condition, String before, Object detail, String after) {
    if (!condition) {
      throw new IllegalArgumentException(before + detail + after);
    }
  }

  /** Like {@link #require(boolean, String)}, quoting {@code s[from, to)} only on failure. */
  static void require(boolean condition, String before, String s, int from, int to, String after) {
    if (!condition) {
      throw new IllegalArgumentException(before + s.substring(from, to) + after);
    }
  }
}
