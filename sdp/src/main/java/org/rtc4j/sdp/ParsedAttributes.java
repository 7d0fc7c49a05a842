package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Tokens;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The attributes of one parsed section, kept as where their lines are in the parsed text, in
 * canonical order. The parser has already checked every line against its grammar
 * ({@link AttributeParser#check}); each {@link SdpAttribute} is built the first time it is asked
 * for and then kept. So a parse allocates a few bytes per attribute rather than a record, its
 * strings and lists, and a description that is only forwarded or written back never builds them.
 *
 * <p>Name lookups ({@code mid}, {@code ice-ufrag}, {@code rtcp-mux}, ...) and typed lookups
 * ({@code rtpMaps()}) build only the attributes they return. Writing copies the lines that are
 * already canonical straight from the text, whole runs of adjacent lines at a time.
 *
 * <p>Unmodifiable, and safe to share between threads: the built attributes are immutable values
 * with final fields, so a thread that sees one sees all of it; two threads that build the same
 * attribute at once each get an equal value.
 */
final class ParsedAttributes extends AbstractList<SdpAttribute> implements RandomAccess {
  /** Ints per attribute in {@link #lines}: line start, line end, kind and flags. */
  static final int STRIDE = 3;
  /** A flag in the third int: the line is not written back as it stands. */
  static final int NOT_CANONICAL = 1 << 8;
  private static final int KIND_MASK = 0xFF;

  private final String text;
  /** Per attribute: where its line starts ({@code a=...}), where it ends (trailing spaces excluded), kind | flags. */
  private final int[] lines;
  private final int size;
  /** The attributes built so far; allocated on first access (racy single-check, see the class comment). */
  private SdpAttribute[] built;

  ParsedAttributes(String text, int[] lines, int size) {
    this.text = text;
    this.lines = lines;
    this.size = size;
  }

  /** The third int of an entry: {@code kind}, whether the line is canonical, and its payload type (-1 for none). */
  static int meta(AttributeKind kind, boolean canonical, int payloadType) {
    return kind.ordinal() | (canonical ? 0 : NOT_CANONICAL) | (payloadType + 1) << 16;
  }

  /** The kind in a {@link #meta} value. */
  static AttributeKind kindOf(int meta) {
    return AttributeKind.byOrdinal(meta & KIND_MASK);
  }

  /** The payload type in a {@link #meta} value, or -1. */
  static int payloadTypeOf(int meta) {
    return (meta >>> 16) - 1;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public SdpAttribute get(int index) {
    Objects.checkIndex(index, size);
    SdpAttribute[] b = built;
    if (b == null) {
      b = new SdpAttribute[size];
      built = b;
    }
    SdpAttribute a = b[index];
    if (a == null) {
      a = build(index);
      b[index] = a;
    }
    return a;
  }

  private SdpAttribute build(int index) {
    int start = lines[index * STRIDE] + 2;
    int end = lines[index * STRIDE + 1];
    AttributeKind kind = kind(index);
    int nameEnd = nameEnd(kind, start, end);
    String name = kind == AttributeKind.OTHER ? Tokens.intern(text, start, nameEnd) : kind.sdpName;
    return nameEnd < end
        ? AttributeParser.build(kind, name, text, nameEnd + 1, end)
        : AttributeParser.build(kind, name, null, 0, 0);
  }

  private int nameEnd(AttributeKind kind, int start, int end) {
    if (kind != AttributeKind.OTHER) {
      return start + kind.sdpName.length();
    }
    int i = start;
    while (i < end && text.charAt(i) != ':') {
      i++;
    }
    return i;
  }

  /** How many attributes have been built so far (for tests). */
  int builtCount() {
    SdpAttribute[] b = built;
    int n = 0;
    for (int i = 0; b != null && i < b.length; i++) {
      n += b[i] != null ? 1 : 0;
    }
    return n;
  }

  AttributeKind kind(int index) {
    return kindOf(lines[index * STRIDE + 2]);
  }

  /** True when attribute {@code index} is called {@code name}; {@code kind} is {@code AttributeKind.of(name)}. */
  private boolean isNamed(int index, AttributeKind kind, String name) {
    if (kind(index) != kind) {
      return false;
    }
    if (kind != AttributeKind.OTHER) {
      return true;
    }
    int start = lines[index * STRIDE] + 2;
    int end = lines[index * STRIDE + 1];
    int len = name.length();
    return start + len <= end && text.regionMatches(start, name, 0, len)
        && (start + len == end || text.charAt(start + len) == ':');
  }

  /** The first attribute called {@code name} at or after {@code from}, or -1. */
  int indexOf(String name, int from) {
    AttributeKind kind = AttributeKind.of(name);
    for (int i = from; i < size; i++) {
      if (isNamed(i, kind, name)) {
        return i;
      }
    }
    return -1;
  }

  /** All attributes called {@code name}, in order. */
  List<SdpAttribute> named(String name) {
    AttributeKind kind = AttributeKind.of(name);
    List<SdpAttribute> out = null;
    for (int i = 0; i < size; i++) {
      if (isNamed(i, kind, name)) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(get(i));
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  /** All attributes of {@code type}, in order; builds only the lines whose name makes that type. */
  <T extends SdpAttribute> List<T> all(Class<T> type) {
    List<T> out = null;
    for (int i = 0; i < size; i++) {
      if (kind(i).type == type) {
        SdpAttribute a = get(i);
        if (type.isInstance(a)) {
          if (out == null) {
            out = new ArrayList<>();
          }
          out.add(type.cast(a));
        }
      }
    }
    return out == null ? List.of() : List.copyOf(out);
  }

  /** The first attribute of {@code type}, or {@code null}. */
  <T extends SdpAttribute> T first(Class<T> type) {
    for (int i = 0; i < size; i++) {
      if (kind(i).type == type) {
        SdpAttribute a = get(i);
        if (type.isInstance(a)) {
          return type.cast(a);
        }
      }
    }
    return null;
  }

  /**
   * Writes the attributes, CRLF after each: canonical lines are copied from the text, adjacent
   * ones in one piece; the others are written from their built values.
   */
  void appendTo(StringBuilder sb) {
    int runStart = -1;
    int runEnd = -1;
    for (int i = 0; i < size; i++) {
      int start = lines[i * STRIDE];
      int end = lines[i * STRIDE + 1];
      if ((lines[i * STRIDE + 2] & NOT_CANONICAL) == 0) {
        if (runStart >= 0 && start == runEnd + 2 && text.charAt(runEnd) == '\r') {
          runEnd = end; // the next line, right after this one's CRLF
          continue;
        }
        if (runStart >= 0) {
          sb.append(text, runStart, runEnd).append("\r\n");
        }
        runStart = start;
        runEnd = end;
      } else {
        if (runStart >= 0) {
          sb.append(text, runStart, runEnd).append("\r\n");
          runStart = -1;
        }
        SdpWriter.appendAttribute(sb, get(i));
      }
    }
    if (runStart >= 0) {
      sb.append(text, runStart, runEnd).append("\r\n");
    }
  }
}
