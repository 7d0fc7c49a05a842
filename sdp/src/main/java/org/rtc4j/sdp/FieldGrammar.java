package org.rtc4j.sdp;

import java.net.URI;
import java.net.URISyntaxException;
import org.rtc4j.sdp.internal.Chars;

/**
 * The RFC 8866 §9 grammar of the lines a description keeps as text ({@code i=}, {@code u=},
 * {@code e=}, {@code p=}, {@code r=}, {@code z=}, {@code k=}). JSEP does not use their values but
 * checks their syntax (RFC 9429 §5.8.1). Each method throws {@link IllegalArgumentException} for a
 * value that breaks its rule; spaces between fields may come in runs, as everywhere in this parser.
 */
final class FieldGrammar {
  private FieldGrammar() {}

  /** {@code text = byte-string}: at least one character (the line's CR, LF and NUL are refused earlier). */
  static void text(String what, String s, int from, int to) {
    Check.require(from < to, what + " needs a value");
  }

  /** {@code u=}: {@code URI-reference} (RFC 3986). */
  static void uri(String s, int from, int to) {
    Check.require(from < to, "u= needs a URI");
    try {
      new URI(s.substring(from, to));
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("u= is not a URI: " + e.getReason());
    }
  }

  /**
   * {@code e=}: {@code addr-spec}, {@code addr-spec 1*SP "(" 1*email-safe ")"} or
   * {@code 1*email-safe 1*SP "<" addr-spec ">"}.
   */
  static void email(String s, int from, int to) {
    Check.require(from < to, "e= needs an address");
    char last = s.charAt(to - 1);
    if (last == ')') {
      int open = s.lastIndexOf('(', to - 1);
      Check.require(open > from && Chars.isSpace(s.charAt(open - 1)) && emailSafe(s, open + 1, to - 1),
          "e= comment must be ' (' text ')' after the address");
      addrSpec(s, from, Chars.trimEnd(s, from, open));
    } else if (last == '>') {
      int open = s.lastIndexOf('<', to - 1);
      Check.require(open > from && Chars.isSpace(s.charAt(open - 1)) && emailSafe(s, from, Chars.trimEnd(s, from, open)),
          "e= display name must come before ' <address>'");
      addrSpec(s, open + 1, to - 1);
    } else {
      addrSpec(s, from, to);
    }
  }

  /** RFC 5322 addr-spec, loosely: {@code local "@" domain}, neither empty, no space or {@code ()<>@}. */
  private static void addrSpec(String s, int from, int to) {
    int at = Chars.indexOf(s, '@', from, to);
    Check.require(at > from && at < to - 1 && plainAddress(s, from, at) && plainAddress(s, at + 1, to),
        "e= needs an address local@domain");
  }

  private static boolean plainAddress(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c == 0x7f || c == '(' || c == ')' || c == '<' || c == '>' || c == '@') {
        return false;
      }
    }
    return true;
  }

  /** {@code 1*email-safe}: any character but NUL, CR, LF and {@code ()<>}. */
  private static boolean emailSafe(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '(' || c == ')' || c == '<' || c == '>') {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code p=}: {@code phone *SP "(" 1*email-safe ")"}, {@code 1*email-safe "<" phone ">"} or
   * {@code phone}, where {@code phone = ["+"] DIGIT 1*(SP / "-" / DIGIT)}.
   */
  static void phone(String s, int from, int to) {
    Check.require(from < to, "p= needs a phone number");
    char last = s.charAt(to - 1);
    boolean ok;
    if (last == ')') {
      int open = s.lastIndexOf('(', to - 1);
      ok = open > from && emailSafe(s, open + 1, to - 1) && isPhone(s, from, Chars.trimEnd(s, from, open));
    } else if (last == '>') {
      int open = s.lastIndexOf('<', to - 1);
      ok = open > from && emailSafe(s, from, open) && isPhone(s, open + 1, to - 1);
    } else {
      ok = isPhone(s, from, to);
    }
    Check.require(ok, "p= needs a phone number: [+]digit followed by digits, spaces or '-'");
  }

  private static boolean isPhone(String s, int from, int to) {
    int i = from;
    if (i < to && s.charAt(i) == '+') {
      i++;
    }
    if (i >= to || s.charAt(i) < '0' || s.charAt(i) > '9') {
      return false;
    }
    if (++i >= to) {
      return false; // DIGIT 1*(...)
    }
    for (; i < to; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c == ' ' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** {@code r=}: {@code repeat-interval SP typed-time 1*(SP typed-time)} (RFC 8866 §5.10). */
  static void repeat(String s, int from, int to) {
    int n = 0;
    int i = Chars.skipSpaces(s, from, to);
    while (i < to) {
      int e = Chars.tokenEnd(s, i, to);
      Check.require(typedTime(s, i, e, n == 0), "r= needs <repeat interval> <active duration> <offsets>, each",
          " digits with an optional unit d, h, m or s", "");
      n++;
      i = Chars.skipSpaces(s, e, to);
    }
    Check.require(n >= 3, "r= needs <repeat interval> <active duration> and at least one offset");
  }

  /**
   * {@code z=}: {@code time SP ["-"] typed-time *(SP time SP ["-"] typed-time)} (RFC 8866 §5.11),
   * where {@code time = POS-DIGIT 9*DIGIT}.
   */
  static void zone(String s, int from, int to) {
    int n = 0;
    int i = Chars.skipSpaces(s, from, to);
    while (i < to) {
      int e = Chars.tokenEnd(s, i, to);
      boolean ok = n % 2 == 0 ? isTime(s, i, e)
          : typedTime(s, s.charAt(i) == '-' ? i + 1 : i, e, false);
      Check.require(ok, "z= needs pairs of <adjustment time> <offset>: ten or more digits, then [-]digits[d|h|m|s]");
      n++;
      i = Chars.skipSpaces(s, e, to);
    }
    Check.require(n >= 2 && n % 2 == 0, "z= needs pairs of <adjustment time> <offset>");
  }

  /** {@code time = POS-DIGIT 9*DIGIT}: NTP seconds, ten digits or more. */
  static boolean isTime(String s, int from, int to) {
    return to - from >= 10 && s.charAt(from) != '0' && Chars.isDigits(s, from, to);
  }

  /** {@code typed-time = 1*DIGIT [d/h/m/s]}; the repeat interval must not start with 0. */
  private static boolean typedTime(String s, int from, int to, boolean positive) {
    int end = to;
    if (end > from) {
      char u = s.charAt(end - 1);
      if (u == 'd' || u == 'h' || u == 'm' || u == 's') {
        end--;
      }
    }
    return Chars.isDigits(s, from, end) && (!positive || s.charAt(from) != '0');
  }

  /**
   * {@code k=}: {@code "prompt" / "clear:" text / "base64:" base64 / "uri:" uri} (RFC 8866
   * §5.12; obsolete, but still grammar).
   */
  static void key(String s, int from, int to) {
    if (Chars.regionEquals(s, from, to, "prompt")) {
      return;
    }
    if (s.startsWith("clear:", from) && from + 6 <= to) {
      text("k=clear:", s, from + 6, to);
    } else if (s.startsWith("base64:", from) && from + 7 <= to) {
      Check.require(isBase64(s, from + 7, to), "k=base64: needs base64");
    } else if (s.startsWith("uri:", from) && from + 4 <= to) {
      uri(s, from + 4, to);
    } else {
      throw new IllegalArgumentException("k= must be prompt, clear:<key>, base64:<key> or uri:<uri>");
    }
  }

  /** {@code base64 = *base64-unit [base64-pad]}: groups of four, the last may end in = or ==. */
  private static boolean isBase64(String s, int from, int to) {
    int n = to - from;
    if (n % 4 != 0) {
      return false;
    }
    int pad = n >= 1 && s.charAt(to - 1) == '=' ? (n >= 2 && s.charAt(to - 2) == '=' ? 2 : 1) : 0;
    for (int i = from; i < to - pad; i++) {
      char c = s.charAt(i);
      if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
        return false;
      }
    }
    return true;
  }
}
