package org.rtc4j.sdp;

import org.rtc4j.sdp.SdpParseException.Reason;
import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Reads SDP text line by line (RFC 8866 §5, §9). One instance per parse.
 *
 * <pre>
 * session-description = version-field origin-field session-name-field [information-field]
 *                       [uri-field] *email-field *phone-field [connection-field]
 *                       *bandwidth-field 1*time-description [key-field] *attribute-field
 *                       *media-description
 * media-description   = media-field [information-field] *connection-field *bandwidth-field
 *                       [key-field] *attribute-field
 * </pre>
 *
 * Lenient: LF or CRLF, blank lines, trailing spaces and tabs, any order of the lines within a
 * section, a missing {@code s=} or {@code t=}, unknown line types and attributes (kept verbatim).
 * Strict: {@code v=0} first, one {@code o=}, well-formed values for every line and attribute it
 * knows. Value types signal bad values with {@link IllegalArgumentException}; this class turns
 * those into {@link SdpParseException}s for the line, so nothing else escapes.
 */
final class SdpParser {
  private final String text;
  private int lineStart;
  private int lineEnd;

  // session
  private Origin origin;
  private String sessionName;
  private String information;
  private String uri;
  private List<String> emails;
  private List<String> phones;
  private Connection connection;
  private List<Bandwidth> bandwidths;
  private List<Timing> timings;
  private String zone;
  private String key;
  private List<String> otherLines;
  private List<SdpAttribute> attributes;
  private final List<MediaDescription> media = new ArrayList<>(4);

  // current media
  private boolean inMedia;
  private String mKind;
  private int mPort;
  private int mPorts;
  private String mProto;
  private List<String> mFormats;
  private String mInformation;
  private List<Connection> mConnections;
  private List<Bandwidth> mBandwidths;
  private String mKey;
  private List<String> mOtherLines;

  // the current section's attributes: where their lines are, and whether they are in canonical order
  private Scratch scratch;
  private int[] lines;
  private int count;
  private long previousKey;
  private boolean sorted = true;
  /** {@link AttributeOrder#fillPositions} of the current m= line, filled on first use. */
  private boolean positionsValid;

  /**
   * The per-section working storage (line positions, sort keys, payload type positions), kept
   * per thread so a parse allocates only what the description holds. Taken out of the slot while
   * in use; not kept after a section with more than {@link #MAX_KEPT_ATTRIBUTES} attributes.
   */
  private static final ThreadLocal<Scratch[]> SCRATCH = ThreadLocal.withInitial(() -> new Scratch[1]);
  private static final int MAX_KEPT_ATTRIBUTES = 4096;

  private static final class Scratch {
    int[] lines = new int[256 * ParsedAttributes.STRIDE];
    /** Sort keys, made only for a section that is not in canonical order. */
    long[] keys = new long[256];
    final int[] positions = new int[AttributeOrder.POSITIONS];
  }

  SdpParser(String text) {
    this.text = text;
  }

  SessionDescription parse() throws SdpParseException {
    Scratch[] slot = SCRATCH.get();
    scratch = slot[0];
    slot[0] = null;
    if (scratch == null) {
      scratch = new Scratch();
    }
    lines = scratch.lines;
    try {
      return parseText();
    } finally {
      // Keep the storage unless a section was huge.
      scratch.lines = lines;
      if (lines.length <= MAX_KEPT_ATTRIBUTES * ParsedAttributes.STRIDE) {
        slot[0] = scratch;
      }
    }
  }

  private SessionDescription parseText() throws SdpParseException {
    if (text == null) {
      throw new SdpParseException(Reason.EMPTY, 0, null, "no SDP text (null)");
    }
    int length = text.length();
    int pos = 0;
    int nextCr = text.indexOf('\r');
    int nul = text.indexOf('\0');
    boolean sawVersion = false;
    while (pos < length) {
      if (sawVersion && text.charAt(pos) == 'a') {
        int next = canonicalAttribute(pos, length, nul);
        if (next >= 0) {
          pos = next;
          continue;
        }
      }
      if (nextCr >= 0 && nextCr < pos) {
        nextCr = text.indexOf('\r', pos); // lines taken by the fast path were checked for CRs
      }
      int nl = text.indexOf('\n', pos);
      int end = nl < 0 ? length : nl;
      int next = nl < 0 ? length : nl + 1;
      if (end > pos && text.charAt(end - 1) == '\r') {
        end--;
      }
      if (nextCr >= 0 && nextCr < end) {
        // Only CRLF ends a line; a CR anywhere else (including CR-only line ends) is rejected.
        lineStart = pos;
        lineEnd = end;
        throw error(Reason.INVALID_CHARACTER, "carriage return inside a line");
      }
      if (nextCr >= 0 && nextCr < next) {
        nextCr = text.indexOf('\r', next);
      }
      lineStart = pos;
      lineEnd = end > pos && Chars.isSpace(text.charAt(end - 1)) ? Chars.trimEnd(text, pos, end) : end;
      pos = next;
      if (lineStart == lineEnd) {
        continue;
      }
      if (lineEnd - lineStart < 2 || text.charAt(lineStart + 1) != '=') {
        throw error(Reason.MALFORMED_LINE, "expected <type>=<value>");
      }
      char type = text.charAt(lineStart);
      if (type < 'a' || type > 'z') {
        throw error(Reason.MALFORMED_LINE, "the line type must be a lower-case letter");
      }
      if (nul >= 0 && nul < lineEnd) { // an earlier NUL would have failed its own line
        throw error(Reason.INVALID_CHARACTER, "NUL inside a line");
      }
      if (!sawVersion) {
        if (type != 'v') {
          throw error(Reason.MISSING_VERSION, "an SDP must start with v=0");
        }
        if (lineEnd - lineStart != 3 || text.charAt(lineStart + 2) != '0') {
          throw error(Reason.UNSUPPORTED_VERSION, "only v=0 is defined");
        }
        sawVersion = true;
        continue;
      }
      try {
        if (type == 'a') {
          attribute();
        } else if (type == 'm') {
          mediaLine();
        } else if (inMedia) {
          mediaField(type);
        } else {
          sessionField(type);
        }
      } catch (IllegalArgumentException e) {
        throw error(reasonFor(type), e.getMessage());
      }
    }
    if (!sawVersion) {
      throw new SdpParseException(Reason.EMPTY, 0, null, "no SDP lines");
    }
    if (inMedia) {
      finishMedia();
    } else {
      attributes = finishAttributes();
    }
    if (origin == null) {
      throw new SdpParseException(Reason.MISSING_LINE, 0, null, "no o= line");
    }
    return new SessionDescription(origin, sessionName == null ? "-" : sessionName, information, uri,
        list(emails), list(phones), connection, list(bandwidths), list(timings), zone, key,
        list(otherLines), attributes, Collections.unmodifiableList(media), true);
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : Collections.unmodifiableList(l);
  }

  private static Reason reasonFor(char type) {
    switch (type) {
      case 'o':
        return Reason.INVALID_ORIGIN;
      case 'c':
        return Reason.INVALID_CONNECTION;
      case 'b':
        return Reason.INVALID_BANDWIDTH;
      case 't':
      case 'r':
        return Reason.INVALID_TIMING;
      case 'm':
        return Reason.INVALID_MEDIA;
      default:
        return Reason.INVALID_ATTRIBUTE;
    }
  }

  private SdpParseException error(Reason reason, String detail) {
    return new SdpParseException(reason, lineNumber(), text.substring(lineStart, lineEnd), detail);
  }

  /** The number of the current line, counted only when an error needs it. */
  private int lineNumber() {
    int n = 1;
    for (int i = text.indexOf('\n'); i >= 0 && i < lineStart; i = text.indexOf('\n', i + 1)) {
      n++;
    }
    return n;
  }

  private String value() {
    return text.substring(lineStart + 2, lineEnd);
  }

  private void sessionField(char type) throws SdpParseException {
    int from = lineStart + 2;
    switch (type) {
      case 'v':
        throw error(Reason.DUPLICATE_LINE, "v= appears twice");
      case 'o':
        if (origin != null) {
          throw error(Reason.DUPLICATE_LINE, "o= appears twice");
        }
        origin = Origin.parse(text, from, lineEnd);
        break;
      case 's':
        if (sessionName != null) {
          throw error(Reason.DUPLICATE_LINE, "s= appears twice");
        }
        // RFC 8866 §5.3: an empty session name is written as a single space.
        sessionName = from == lineEnd ? " " : value();
        break;
      case 'i':
        if (information != null) {
          throw error(Reason.DUPLICATE_LINE, "i= appears twice in the session");
        }
        information = value();
        break;
      case 'u':
        if (uri != null) {
          throw error(Reason.DUPLICATE_LINE, "u= appears twice");
        }
        uri = value();
        break;
      case 'e':
        emails = add(emails, value());
        break;
      case 'p':
        phones = add(phones, value());
        break;
      case 'c':
        if (connection != null) {
          throw error(Reason.DUPLICATE_LINE, "c= appears twice in the session");
        }
        connection = Connection.parse(text, from, lineEnd);
        break;
      case 'b':
        bandwidths = add(bandwidths, Bandwidth.parse(text, from, lineEnd));
        break;
      case 't':
        timings = add(timings, Timing.parse(text, from, lineEnd));
        break;
      case 'r':
        if (timings == null) {
          throw error(Reason.MISPLACED_LINE, "r= must follow a t= line");
        }
        Check.require(from < lineEnd, "r= needs a value");
        timings.set(timings.size() - 1, timings.get(timings.size() - 1).withRepeat(value()));
        break;
      case 'z':
        if (zone != null) {
          throw error(Reason.DUPLICATE_LINE, "z= appears twice");
        }
        zone = value();
        break;
      case 'k':
        if (key != null) {
          throw error(Reason.DUPLICATE_LINE, "k= appears twice in the session");
        }
        key = value();
        break;
      default:
        otherLines = add(otherLines, text.substring(lineStart, lineEnd));
    }
  }

  private void mediaField(char type) throws SdpParseException {
    int from = lineStart + 2;
    switch (type) {
      case 'i':
        if (mInformation != null) {
          throw error(Reason.DUPLICATE_LINE, "i= appears twice in a media description");
        }
        mInformation = value();
        break;
      case 'c':
        mConnections = add(mConnections, Connection.parse(text, from, lineEnd));
        break;
      case 'b':
        mBandwidths = add(mBandwidths, Bandwidth.parse(text, from, lineEnd));
        break;
      case 'k':
        if (mKey != null) {
          throw error(Reason.DUPLICATE_LINE, "k= appears twice in a media description");
        }
        mKey = value();
        break;
      case 'v':
      case 'o':
      case 's':
      case 'u':
      case 'e':
      case 'p':
      case 't':
      case 'r':
      case 'z':
        throw error(Reason.MISPLACED_LINE, type + "= is a session-level line but appears after m=");
      default:
        mOtherLines = add(mOtherLines, text.substring(lineStart, lineEnd));
    }
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> l = list == null ? new ArrayList<>(2) : list;
    l.add(item);
    return l;
  }

  /** {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14). */
  private void mediaLine() {
    if (inMedia) {
      finishMedia();
    }
    int from = lineStart + 2;
    int to = lineEnd;
    int e = Chars.tokenEnd(text, from, to);
    Check.require(from < e, "m= needs a media type");
    if (!inMedia) {
      attributes = finishAttributes();
    }
    String kind = Tokens.intern(text, from, e);
    int a = Chars.skipSpaces(text, e, to);
    int b = Chars.tokenEnd(text, a, to);
    Check.require(a < b, "m= needs a port");
    int slash = Chars.indexOf(text, '/', a, b);
    int port = (int) Check.number("port", text, a, slash < 0 ? b : slash, 65535);
    int ports = slash < 0 ? 0 : (int) Check.number("number of ports", text, slash + 1, b, 65535);
    int c = Chars.skipSpaces(text, b, to);
    int d = Chars.tokenEnd(text, c, to);
    Check.require(c < d, "m= needs a proto");
    String proto = Tokens.intern(text, c, d);
    List<String> formats = ParsedFormats.of(text, d, to);
    inMedia = true;
    mKind = kind;
    mPort = port;
    mPorts = ports;
    mProto = proto;
    mFormats = formats;
    mInformation = null;
    mConnections = null;
    mBandwidths = null;
    mKey = null;
    mOtherLines = null;
    positionsValid = false;
  }

  private void finishMedia() {
    media.add(new MediaDescription(mKind, mPort, mPorts, mProto, mFormats, mInformation,
        list(mConnections), list(mBandwidths), mKey, list(mOtherLines), finishAttributes(), true));
  }

  /** The current section's attributes, in canonical order; clears the state for the next section. */
  private List<SdpAttribute> finishAttributes() {
    int n = count;
    boolean inOrder = sorted;
    count = 0;
    previousKey = 0;
    sorted = true;
    if (n == 0) {
      return List.of();
    }
    int stride = ParsedAttributes.STRIDE;
    if (inOrder) {
      return new ParsedAttributes(text, Arrays.copyOf(lines, n * stride), n);
    }
    // Out of order: make the keys again from the kinds and payload types, and sort by them.
    long[] keys = scratch.keys.length >= n ? scratch.keys : (scratch.keys = new long[n]);
    long previous = 0;
    for (int i = 0; i < n; i++) {
      int meta = lines[i * stride + 2];
      previous = keys[i] = key(ParsedAttributes.kindOf(meta), ParsedAttributes.payloadTypeOf(meta), previous);
    }
    int[] order = AttributeOrder.stableOrder(keys, n);
    int[] sortedLines = new int[n * stride];
    for (int i = 0; i < n; i++) {
      System.arraycopy(lines, order[i] * stride, sortedLines, i * stride, stride);
    }
    return new ParsedAttributes(text, sortedLines, n);
  }

  /** The canonical-order key of an attribute of the current section. */
  private long key(AttributeKind kind, int pt, long previous) {
    int position = 0;
    if (pt >= 0 && inMedia) {
      if (!positionsValid) {
        AttributeOrder.fillPositions(mFormats, scratch.positions);
        positionsValid = true;
      }
      position = scratch.positions[pt + 1];
    }
    return AttributeOrder.key(kind, position, inMedia, previous);
  }

  /** {@code a=<name>[:<value>]} (RFC 8866 §5.13). */
  /**
   * The fast path for an attribute line that starts at {@code pos}: records it and returns where
   * the next line starts, or returns -1 and leaves it to the general path.
   */
  private int canonicalAttribute(int pos, int length, int nul) {
    if (pos + 1 >= length || text.charAt(pos + 1) != '=') {
      return -1;
    }
    long line = AttributeParser.checkCanonicalLine(text, pos + 2, length);
    if (line < 0) {
      return -1;
    }
    int end = (int) (line >>> 32);
    if (nul >= 0 && nul < end) {
      return -1;
    }
    lineStart = pos;
    lineEnd = end;
    int kindAndType = (int) line;
    record(AttributeKind.byOrdinal(kindAndType >>> 8), (kindAndType & 0xFF) - 1, true);
    return end == length ? length : text.charAt(end) == '\r' ? end + 2 : end + 1;
  }

  private void attribute() throws SdpParseException {
    int from = lineStart + 2;
    AttributeKind kind = AttributeKind.ofLine(text, from, lineEnd);
    int nameEnd;
    if (kind != AttributeKind.OTHER) {
      nameEnd = from + kind.sdpName.length();
    } else {
      nameEnd = from;
      char c = 0;
      while (nameEnd < lineEnd && (c = text.charAt(nameEnd)) != ':' && !Chars.isSpace(c)) {
        nameEnd++;
      }
      if (nameEnd < lineEnd && c != ':') {
        throw error(Reason.MALFORMED_LINE, "attribute name contains a space");
      }
      if (nameEnd == from) {
        throw error(Reason.MALFORMED_LINE, "attribute without a name");
      }
      Check.require(Chars.isToken(text, from, nameEnd), "attribute name must be a non-empty token without ':': '",
          text, from, nameEnd, "'");
    }
    int colon = nameEnd < lineEnd ? nameEnd : -1;
    int checked = colon < 0
        ? AttributeParser.check(kind, null, 0, 0)
        : AttributeParser.check(kind, text, colon + 1, lineEnd);
    record(kind, AttributeParser.payloadType(checked), AttributeParser.isCanonical(checked));
  }

  /** Notes the current line as an attribute of {@code kind}, with its payload type (-1 for none). */
  private void record(AttributeKind kind, int payloadType, boolean canonical) {
    long key = key(kind, payloadType, previousKey);
    sorted &= key >= previousKey;
    previousKey = key;
    int at = count * ParsedAttributes.STRIDE;
    if (at == lines.length) {
      lines = Arrays.copyOf(lines, lines.length * 2);
    }
    lines[at] = lineStart;
    lines[at + 1] = lineEnd;
    lines[at + 2] = ParsedAttributes.meta(kind, canonical, payloadType);
    count++;
  }


}
