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
 * Strict where RFC 8866 and JSEP (RFC 9429 §5.8) are: {@code v=0} first; {@code o=}, {@code s=}
 * and at least one {@code t=} in that order; every line type in its RFC 8866 §5 order within its
 * section ({@code r=} after {@code t=}, {@code z=} after {@code r=}, attributes last); a {@code c=}
 * for every media section unless the session has one; each line and known attribute in its
 * grammar, the attributes JSEP allows once at most once, and each at its level. Lenient where that
 * loses nothing: LF or CRLF, blank lines, trailing spaces and tabs, runs of spaces, any order among
 * the attributes, unknown attributes (kept verbatim) and unknown line types (RFC 8866 §5 lets a
 * parser ignore them: they are kept verbatim and have no place in the order). Value types signal
 * bad values with {@link IllegalArgumentException}; this class turns those into
 * {@link SdpParseException}s for the line, so nothing else escapes.
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

  // RFC 8866 §5 order: the rank of the last line of a known type in this section, and its type
  private static final String SESSION_ORDER = "vosiuepcbtrzk"; // then a (13) and m (14)
  private static final int SESSION_ATTRIBUTES = 13;
  private static final int SESSION_MEDIA = 14;
  private static final String MEDIA_ORDER = "micbk"; // then a (5)
  private static final int MEDIA_ATTRIBUTES = 5;
  private int rank;
  private char rankType = 'v';
  /** The current section has reached its attributes. */
  private boolean inAttributes;
  /** {@link AttributeKind#singleBit} of the attributes seen in this section, and of ptime & co. */
  private long singles;
  /** The payload types with an rtpmap in this media section. */
  private long rtpMapsLow;
  private long rtpMapsHigh;
  /** Where the current m= line is, for the errors about its section. */
  private int mLineStart;
  private int mLineEnd;
  /** Where the mid value of each media section so far is (start, end), to find one used twice. */
  private int[] mids = new int[8];
  private int midCount;

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
      try {
        finishMedia();
      } catch (IllegalArgumentException e) {
        throw error(Reason.INVALID_ATTRIBUTE, e.getMessage());
      }
    } else {
      requireSessionLines("the end");
      attributes = finishAttributes();
    }
    return new SessionDescription(origin, sessionName, information, uri,
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
      case 'z':
        return Reason.INVALID_TIMING;
      case 'm':
        return Reason.INVALID_MEDIA;
      case 'i':
      case 'u':
      case 'e':
      case 'p':
      case 'k':
        return Reason.INVALID_FIELD;
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
    int r = SESSION_ORDER.indexOf(type);
    if (r < 0) {
      // RFC 8866 §5: a parser may ignore a type letter it does not understand; this one keeps it
      otherLines = add(otherLines, text.substring(lineStart, lineEnd));
      return;
    }
    // a line that may appear once, twice, says so before it says where it belongs
    if (type == 'v' || type == 'o' && origin != null || type == 's' && sessionName != null
        || type == 'i' && information != null || type == 'u' && uri != null
        || type == 'c' && connection != null || type == 'z' && zone != null || type == 'k' && key != null) {
      throw error(Reason.DUPLICATE_LINE, type + "= appears twice" + (type == 'v' || type == 'o' || type == 's' ? "" : " in the session"));
    }
    if (type == 'r' && timings == null) {
      throw error(Reason.MISPLACED_LINE, "r= must follow a t= line");
    }
    sessionOrder(r, type);
    switch (type) {
      case 'o':
        origin = Origin.parse(text, from, lineEnd);
        break;
      case 's':
        // RFC 8866 §5.3: an empty session name is written as a single space.
        sessionName = from == lineEnd ? " " : value();
        break;
      case 'i':
        FieldGrammar.text("i=", text, from, lineEnd);
        information = value();
        break;
      case 'u':
        FieldGrammar.uri(text, from, lineEnd);
        uri = value();
        break;
      case 'e':
        FieldGrammar.email(text, from, lineEnd);
        emails = add(emails, value());
        break;
      case 'p':
        FieldGrammar.phone(text, from, lineEnd);
        phones = add(phones, value());
        break;
      case 'c':
        connection = connection(from);
        break;
      case 'b':
        bandwidths = add(bandwidths, bandwidth(from));
        break;
      case 't':
        timings = add(timings, Timing.parse(text, from, lineEnd));
        break;
      case 'r':
        FieldGrammar.repeat(text, from, lineEnd);
        timings.set(timings.size() - 1, timings.get(timings.size() - 1).withRepeat(value()));
        break;
      case 'z':
        FieldGrammar.zone(text, from, lineEnd);
        zone = value();
        break;
      default: // 'k'
        FieldGrammar.key(text, from, lineEnd);
        key = value();
    }
  }

  /**
   * Checks that a session line of rank {@code r} (its place in {@code v o s i u e p c b t r z k a
   * m}, RFC 8866 §5 and §9) may come here, and notes it. Lines of one type may repeat where the
   * grammar lets them; {@code t=} may follow {@code r=} (the next time description); {@code z=}
   * must follow an {@code r=} (§5.11) and ends the time descriptions, as the model holds one.
   */
  private void sessionOrder(int r, char type) throws SdpParseException {
    if (r > 1 && origin == null) {
      throw error(Reason.MISSING_LINE, "o= must be the second line (RFC 8866 §5), not " + type + "=");
    }
    if (r > 2 && sessionName == null) {
      throw error(Reason.MISSING_LINE, "s= must follow o= (RFC 8866 §5), not " + type + "=");
    }
    if (r > SESSION_ORDER.indexOf('z') && timings == null) {
      throw error(Reason.MISSING_LINE, "a t= line must come before " + type + "= (RFC 8866 §5.9)");
    }
    if (r < rank && !(type == 't' && rankType == 'r')) {
      throw error(Reason.MISPLACED_LINE, type + "= must come before " + rankType + "= (RFC 8866 §5)");
    }
    if (type == 'z' && rankType != 'r') {
      throw error(Reason.MISPLACED_LINE, "z= must follow an r= line (RFC 8866 §5.11)");
    }
    rank = r;
    rankType = type;
  }

  /** o=, s= and t= are there; {@code where} names what came instead of a missing one. */
  private void requireSessionLines(String where) throws SdpParseException {
    String missing = origin == null ? "o=" : sessionName == null ? "s=" : timings == null ? "t=" : null;
    if (missing != null) {
      throw new SdpParseException(Reason.MISSING_LINE, 0, null, "no " + missing + " line before " + where
          + " (RFC 8866 §5: v=, o=, s= and at least one t= are required)");
    }
  }

  private Connection connection(int from) {
    Connection c = Connection.parse(text, from, lineEnd);
    Check.require(Chars.isSdpToken(c.netType(), 0, c.netType().length())
        && Chars.isSdpToken(c.addrType(), 0, c.addrType().length()), "nettype and addrtype must be tokens");
    return c;
  }

  private Bandwidth bandwidth(int from) {
    Bandwidth b = Bandwidth.parse(text, from, lineEnd);
    Check.require(Chars.isSdpToken(b.type(), 0, b.type().length()), "bwtype must be a token");
    return b;
  }

  private void mediaField(char type) throws SdpParseException {
    int from = lineStart + 2;
    int r = MEDIA_ORDER.indexOf(type);
    if (r < 0) {
      if (SESSION_ORDER.indexOf(type) >= 0) {
        throw error(Reason.MISPLACED_LINE, type + "= is a session-level line but appears after m=");
      }
      mOtherLines = add(mOtherLines, text.substring(lineStart, lineEnd));
      return;
    }
    if (type == 'i' && mInformation != null || type == 'k' && mKey != null) {
      throw error(Reason.DUPLICATE_LINE, type + "= appears twice in a media description");
    }
    mediaOrder(r, type);
    switch (type) {
      case 'i':
        FieldGrammar.text("i=", text, from, lineEnd);
        mInformation = value();
        break;
      case 'c':
        mConnections = add(mConnections, connection(from));
        break;
      case 'b':
        mBandwidths = add(mBandwidths, bandwidth(from));
        break;
      default: // 'k'
        FieldGrammar.key(text, from, lineEnd);
        mKey = value();
    }
  }

  /** Like {@link #sessionOrder} for {@code m i c b k a} (RFC 8866 §5). */
  private void mediaOrder(int r, char type) throws SdpParseException {
    if (r < rank) {
      throw error(Reason.MISPLACED_LINE, type + "= must come before " + rankType + "= (RFC 8866 §5)");
    }
    rank = r;
    rankType = type;
  }

  private static <T> List<T> add(List<T> list, T item) {
    List<T> l = list == null ? new ArrayList<>(2) : list;
    l.add(item);
    return l;
  }

  /**
   * {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14, §9):
   * {@code media = token}, {@code proto = token *("/" token)}, {@code 1*(SP fmt)} with
   * {@code fmt = token}; for an RTP proto every format is a payload type 0-127 (JSEP, RFC 9429
   * §5.8.2). Ends the section before it, or the session.
   */
  private void mediaLine() throws SdpParseException {
    if (inMedia) {
      finishMedia();
    } else {
      sessionOrder(SESSION_MEDIA, 'm');
    }
    int from = lineStart + 2;
    int to = lineEnd;
    int e = Chars.tokenEnd(text, from, to);
    Check.require(from < e, "m= needs a media type");
    Check.require(Chars.isSdpToken(text, from, e), "the media type must be a token: '", text, from, e, "'");
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
    Check.require(slash < 0 || ports > 0, "the number of ports must be 1 or more");
    int c = Chars.skipSpaces(text, b, to);
    int d = Chars.tokenEnd(text, c, to);
    Check.require(c < d, "m= needs a proto");
    boolean rtp = checkProto(c, d);
    String proto = Tokens.intern(text, c, d);
    List<String> formats = ParsedFormats.of(text, d, to, rtp);
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
    mLineStart = lineStart;
    mLineEnd = lineEnd;
    rank = 0;
    rankType = 'm';
    inAttributes = false;
    singles = 0;
    rtpMapsLow = 0;
    rtpMapsHigh = 0;
  }

  /** {@code proto = token *("/" token)}; returns whether it is RTP (a segment {@code RTP}, RFC 9429 §5.1.2). */
  private boolean checkProto(int from, int to) {
    boolean rtp = false;
    int i = from;
    while (true) {
      int slash = Chars.indexOf(text, '/', i, to);
      int end = slash < 0 ? to : slash;
      Check.require(Chars.isSdpToken(text, i, end), "the proto must be tokens joined by '/': '", text, from, to, "'");
      rtp |= Chars.regionEquals(text, i, end, "RTP");
      if (slash < 0) {
        return rtp;
      }
      i = slash + 1;
    }
  }

  /** Ends a media section: checks what its lines together must say, and keeps it. */
  private void finishMedia() throws SdpParseException {
    int end = lineStart;
    int endOfLine = lineEnd;
    lineStart = mLineStart;
    lineEnd = mLineEnd;
    if (connection == null && mConnections == null) {
      throw error(Reason.MISSING_LINE, "a media description needs a c= line when the session has none (RFC 8866 §5.7)");
    }
    if ((singles & AttributeKind.RTCP_MUX_ONLY.singleBit) != 0 && (singles & AttributeKind.RTCP_MUX.singleBit) == 0) {
      throw error(Reason.MISSING_LINE, "a=rtcp-mux-only needs a=rtcp-mux in its media description (RFC 8858 §4)");
    }
    if ((singles & AttributeKind.SIMULCAST.singleBit) != 0) {
      checkSimulcastRids();
    }
    lineStart = end;
    lineEnd = endOfLine;
    media.add(new MediaDescription(mKind, mPort, mPorts, mProto, mFormats, mInformation,
        list(mConnections), list(mBandwidths), mKey, list(mOtherLines), finishAttributes(), true));
  }

  /** The rids of a=simulcast must have a=rid lines (RFC 8853 §5.1, RFC 9429 §5.8.3). */
  private void checkSimulcastRids() throws SdpParseException {
    int stride = ParsedAttributes.STRIDE;
    int simulcastAt = -1;
    List<String> rids = null;
    for (int i = 0; i < count; i++) {
      AttributeKind kind = ParsedAttributes.kindOf(lines[i * stride + 2]);
      int from = lines[i * stride];
      int to = lines[i * stride + 1];
      if (kind != AttributeKind.SIMULCAST && kind != AttributeKind.RID) {
        continue;
      }
      int value = from + 2 + kind.sdpName.length() + 1;
      if (kind == AttributeKind.SIMULCAST) {
        simulcastAt = i;
      } else if (kind == AttributeKind.RID) {
        rids = add(rids, Rid.parse(text, Chars.skipSpaces(text, value, to), to).id());
      }
    }
    if (simulcastAt >= 0) {
      int from = lines[simulcastAt * stride];
      int to = lines[simulcastAt * stride + 1];
      int value = Chars.skipSpaces(text, from + 2 + "simulcast:".length(), to);
      Simulcast simulcast = Simulcast.parse(text, value, to);
      for (List<List<Simulcast.Id>> direction : List.of(simulcast.send(), simulcast.recv())) {
        for (List<Simulcast.Id> alternatives : direction) {
          for (Simulcast.Id id : alternatives) {
            if (rids == null || !rids.contains(id.rid())) {
              lineStart = from;
              lineEnd = to;
              throw error(Reason.INVALID_ATTRIBUTE, "simulcast names rid '" + id.rid()
                  + "' but the media description has no a=rid line for it (RFC 8853 §5.1)");
            }
          }
        }
      }
    }
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
  private int canonicalAttribute(int pos, int length, int nul) throws SdpParseException {
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
    if (!inAttributes) {
      enterAttributes();
    }
    int kindAndType = (int) line;
    record(AttributeKind.byOrdinal(kindAndType >>> 8), (kindAndType & 0xFF) - 1, true);
    return end == length ? length : text.charAt(end) == '\r' ? end + 2 : end + 1;
  }

  /** The first attribute of a section: everything before it must have come (RFC 8866 §5 order). */
  private void enterAttributes() throws SdpParseException {
    if (inMedia) {
      mediaOrder(MEDIA_ATTRIBUTES, 'a');
    } else {
      sessionOrder(SESSION_ATTRIBUTES, 'a');
    }
    inAttributes = true;
  }

  private void attribute() throws SdpParseException {
    if (!inAttributes) {
      enterAttributes();
    }
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
      Check.require(Chars.isSdpToken(text, from, nameEnd), "attribute name must be a token: '",
          text, from, nameEnd, "'");
      long bit = otherSingleBit(from, nameEnd);
      if ((singles & bit) != 0) {
        throw error(Reason.DUPLICATE_LINE, "a=" + text.substring(from, nameEnd) + " may appear once per "
            + (inMedia ? "media description" : "session") + " (RFC 9429 §5.8)");
      }
      singles |= bit;
    }
    int colon = nameEnd < lineEnd ? nameEnd : -1;
    int checked = colon < 0
        ? AttributeParser.check(kind, null, 0, 0)
        : AttributeParser.check(kind, text, colon + 1, lineEnd);
    record(kind, AttributeParser.payloadType(checked), AttributeParser.isCanonical(checked));
  }

  /** The attributes JSEP allows once that this module keeps as plain text: ptime, maxptime (RFC 9429 §5.8.2), tls-id (RFC 8842 §5), identity (RFC 8827 §5). */
  private long otherSingleBit(int from, int to) {
    if (Chars.regionEquals(text, from, to, "ptime")) {
      return 1L << 60;
    } else if (Chars.regionEquals(text, from, to, "maxptime")) {
      return 1L << 61;
    } else if (Chars.regionEquals(text, from, to, "tls-id")) {
      return 1L << 62;
    } else if (Chars.regionEquals(text, from, to, "identity")) {
      return 1L << 63;
    }
    return 0;
  }

  /** A mid may name one media description only (RFC 5888 §4): checks the current a=mid line, and notes it. */
  private void noteMid() throws SdpParseException {
    int a = Chars.skipSpaces(text, lineStart + "a=mid:".length(), lineEnd);
    int n = lineEnd - a;
    for (int m = 0; m < midCount; m++) {
      if (mids[2 * m + 1] - mids[2 * m] == n && text.regionMatches(mids[2 * m], text, a, n)) {
        throw error(Reason.INVALID_ATTRIBUTE, "this mid names an earlier media description too (RFC 5888 §4)");
      }
    }
    if (2 * midCount + 2 > mids.length) {
      mids = Arrays.copyOf(mids, mids.length * 2);
    }
    mids[2 * midCount] = a;
    mids[2 * midCount + 1] = lineEnd;
    midCount++;
  }

  /** The error for an attribute {@link #record} refuses: a second one where one is allowed, or at the wrong level. */
  private SdpParseException misplaced(AttributeKind kind, long bit) {
    if ((singles & bit) != 0) {
      return error(Reason.DUPLICATE_LINE, (bit == AttributeKind.SENDRECV.singleBit ? "a direction attribute"
          : "a=" + kind.sdpName) + " may appear once per " + (inMedia ? "media description" : "session")
          + " (RFC 9429 §5.8)");
    }
    return error(Reason.MISPLACED_LINE, "a=" + kind.sdpName + " is a " + (inMedia ? "session" : "media")
        + "-level attribute");
  }

  /**
   * Notes the current line as an attribute of {@code kind}, with its payload type (-1 for none),
   * after checking it may appear here: once if JSEP says "a single", at its level, one rtpmap per
   * payload type.
   */
  private void record(AttributeKind kind, int payloadType, boolean canonical) throws SdpParseException {
    // one test for the usual case: no repeat of a single attribute, at its level, not an rtpmap
    long bit = kind.singleBit;
    if ((singles & bit) != 0 || (inMedia ? kind.sessionOnly : kind.mediaOnly)) {
      throw misplaced(kind, bit);
    }
    singles |= bit;
    if (kind == AttributeKind.RTPMAP) {
      long ptBit = 1L << payloadType; // the shift takes the low six bits
      long seen = payloadType < 64 ? rtpMapsLow : rtpMapsHigh;
      if ((seen & ptBit) != 0) {
        throw error(Reason.DUPLICATE_LINE, "a second rtpmap for payload type " + payloadType);
      }
      if (payloadType < 64) {
        rtpMapsLow = seen | ptBit;
      } else {
        rtpMapsHigh = seen | ptBit;
      }
    } else if (kind == AttributeKind.MID) {
      noteMid();
    }
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
