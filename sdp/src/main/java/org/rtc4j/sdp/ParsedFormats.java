package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The formats of a parsed {@code m=} line, kept as where they are in the text; the strings are
 * made on first access. The parser only needs the payload types' positions, for the canonical
 * order of the codec attributes, and reads them from the text. Unmodifiable and safe to share
 * between threads.
 */
final class ParsedFormats extends AbstractList<String> implements RandomAccess {
  private final String text;
  /** Where the first format starts and the last one ends. */
  private final int from;
  private final int to;
  private final int size;
  private volatile String[] values;

  private ParsedFormats(String text, int from, int to, int size) {
    this.text = text;
    this.from = from;
    this.to = to;
    this.size = size;
  }

  /**
   * The space-separated formats in {@code text[from, to)}, checked as they are counted (RFC 8866
   * §5.14, §9): at least one, each a {@code token}; for an RTP proto each a payload type 0-127
   * (RFC 9429 §5.8.2). The m= line's tail, after its proto.
   *
   * @throws IllegalArgumentException for a missing or malformed format
   */
  static List<String> of(String text, int from, int to, boolean rtp) {
    int n = 0;
    int i = Chars.skipSpaces(text, from, to);
    if (i == from || i == to) {
      throw new IllegalArgumentException("m= needs at least one format after the proto");
    }
    int first = i;
    while (i < to) {
      int e = i;
      if (rtp) {
        int value = 0;
        char c;
        while (e < to && (c = text.charAt(e)) >= '0' && c <= '9') {
          value = value * 10 + (c - '0');
          e++;
        }
        if (e == i || e - i > 3 || value > 127 || e < to && !Chars.isSpace(text.charAt(e))) {
          throw bad(text, i, to, "an RTP format must be a payload type 0-127: '");
        }
      } else {
        while (e < to && Chars.isTokenChar(text.charAt(e))) {
          e++;
        }
        if (e < to && !Chars.isSpace(text.charAt(e))) {
          throw bad(text, i, to, "a format must be a token: '");
        }
      }
      n++;
      i = Chars.skipSpaces(text, e, to);
    }
    return new ParsedFormats(text, first, to, n);
  }

  private static IllegalArgumentException bad(String text, int from, int to, String what) {
    return new IllegalArgumentException(what + text.substring(from, Chars.tokenEnd(text, from, to)) + "'");
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public String get(int index) {
    Objects.checkIndex(index, size);
    String[] v = values;
    if (v == null) {
      v = new String[size];
      int i = from;
      for (int k = 0; k < size; k++) {
        int e = Chars.tokenEnd(text, i, to);
        v[k] = Tokens.intern(text, i, e);
        i = Chars.skipSpaces(text, e, to);
      }
      values = v;
    }
    return v[index];
  }

  /**
   * Sets {@code positions[pt + 1]} to the position plus one of the first format that is payload
   * type {@code pt} (a number of one to three digits below 128), leaving the others as they are.
   */
  void fillPositions(int[] positions) {
    int unset = size + 1;
    int i = from;
    for (int k = 0; k < size; k++) {
      int e = Chars.tokenEnd(text, i, to);
      int v = e - i <= 3 ? (int) Chars.parseUnsigned(text, i, e, 127) : -1;
      if (v >= 0 && positions[v + 1] == unset) {
        positions[v + 1] = k + 1;
      }
      i = Chars.skipSpaces(text, e, to);
    }
  }
}
