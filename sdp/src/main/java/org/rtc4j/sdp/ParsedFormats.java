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

  /** The space-separated formats in {@code text[from, to)}. */
  static List<String> of(String text, int from, int to) {
    int n = 0;
    int i = Chars.skipSpaces(text, from, to);
    int first = i;
    while (i < to) {
      n++;
      i = Chars.skipSpaces(text, Chars.tokenEnd(text, i, to), to);
    }
    return n == 0 ? List.of() : new ParsedFormats(text, first, to, n);
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
