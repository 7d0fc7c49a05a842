package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code name=value} item of an {@code a=fmtp} parameter list or an {@code a=rid} restriction
 * list. Items without {@code =} (the {@code 111/111} of RED, the {@code 0-15} of telephone-event)
 * have a {@code null} value.
 */
public record Parameter(String name, String value) {
  public Parameter {
    Check.require(name != null && !name.isEmpty(), "parameter name must not be empty");
    Check.require(isText(name, true), "parameter name must not contain ';', '=', CR or LF: '", name, "'");
    Check.require(value == null || isText(value, false),
        "parameter value must not contain ';', CR or LF: '", value, "'");
  }

  public static Parameter of(String name, String value) {
    return new Parameter(name, value);
  }

  /** Splits {@code k=v;k=v} (spaces around items are dropped, empty items skipped). */
  static List<Parameter> parseList(String s, int from, int to) {
    Parameter first = null;
    Parameter second = null;
    Parameter third = null;
    List<Parameter> out = null;
    int i = from;
    while (i < to) {
      int semi = Chars.indexOf(s, ';', i, to);
      int end = semi < 0 ? to : semi;
      int a = Chars.skipSpaces(s, i, end);
      int b = Chars.trimEnd(s, a, end);
      if (a < b) {
        int eq = Chars.indexOf(s, '=', a, b);
        if (eq == a) {
          throw new IllegalArgumentException("parameter without a name: '" + s.substring(a, b) + "'");
        }
        Parameter p = eq < 0
            ? new Parameter(Tokens.intern(s, a, b), null)
            : new Parameter(Tokens.intern(s, a, Chars.trimEnd(s, a, eq)),
                Tokens.intern(s, Chars.skipSpaces(s, eq + 1, b), b));
        // Most lists have one to three items (apt=96): List.of builds those without copying.
        if (first == null) {
          first = p;
        } else if (second == null) {
          second = p;
        } else if (third == null) {
          third = p;
        } else {
          if (out == null) {
            out = new ArrayList<>(6);
            out.add(first);
            out.add(second);
            out.add(third);
          }
          out.add(p);
        }
      }
      i = end + 1;
    }
    if (out != null) {
      return out;
    }
    if (first == null) {
      return List.of();
    }
    return second == null ? List.of(first) : third == null ? List.of(first, second) : List.of(first, second, third);
  }

  /**
   * Checks what {@link #parseList} accepts for an {@code a=fmtp} list: at least one item, and
   * every item with a name. Returns whether the text is written back as it stands: items joined
   * by {@code ;} with no spaces and no empty items.
   */
  static boolean checkList(String s, int from, int to) {
    boolean any = false;
    boolean canonical = true;
    int i = from;
    while (i < to) {
      // One pass over the item: where its text starts, whether it has spaces, where it ends.
      int first = -1;
      boolean spaced = false;
      int end = i;
      for (; end < to; end++) {
        char c = s.charAt(end);
        if (c == ';') {
          break;
        }
        if (Chars.isSpace(c)) {
          spaced = true;
        } else if (first < 0) {
          first = end;
        }
      }
      if (first < 0) {
        canonical = false; // an empty item, dropped when written
      } else {
        Check.require(s.charAt(first) != '=', "parameter without a name: '", s, first, Chars.trimEnd(s, first, end), "'");
        any = true;
        canonical &= !spaced;
      }
      canonical &= end != to - 1; // a trailing ';'
      i = end + 1;
    }
    Check.require(any, "fmtp needs at least one parameter");
    return canonical;
  }

  /** One pass: no CR, LF, NUL or {@code ;}, and no {@code =} when {@code name}. */
  private static boolean isText(String s, boolean name) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c <= ';' && (c == ';' || c == '\r' || c == '\n' || c == 0)) {
        return false;
      }
      if (c == '=' && name) {
        return false;
      }
    }
    return true;
  }

  static void appendList(StringBuilder sb, List<Parameter> params) {
    for (int i = 0; i < params.size(); i++) {
      if (i > 0) {
        sb.append(';');
      }
      Parameter p = params.get(i);
      sb.append(p.name);
      if (p.value != null) {
        sb.append('=').append(p.value);
      }
    }
  }

  @Override
  public String toString() {
    return value == null ? name : name + '=' + value;
  }
}
