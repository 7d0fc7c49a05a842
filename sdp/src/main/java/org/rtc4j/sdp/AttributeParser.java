package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * The grammar of {@code a=name[:value]}, in two steps that accept exactly the same lines:
 *
 * <ul>
 *   <li>{@link #check} reads the value without building anything, and says what the parser needs
 *       to know at once: the payload type (for the canonical order) and whether the line is
 *       already written the way the writer writes it;
 *   <li>{@link #parse} builds the {@link SdpAttribute}: typed for the attributes WebRTC needs,
 *       validated {@link Attribute}s for the known string and flag attributes, verbatim
 *       {@link Attribute}s for everything else.
 * </ul>
 *
 * The parser checks every line, and a parsed description builds each attribute on first access
 * (see {@link ParsedAttributes}). Both throw {@link IllegalArgumentException} when a known
 * attribute's value breaks its grammar; the parser turns that into an {@link SdpParseException}.
 */
final class AttributeParser {
  /** A {@link #check} result bit: the line is not written back as it stands. */
  static final int NOT_CANONICAL = 1 << 8;

  private AttributeParser() {}

  /** A {@link #check} result: the payload type ({@code -1} for none or {@code *}) and the canonical bit. */
  static int checked(int payloadType, boolean canonical) {
    return (payloadType + 1) & 0xFF | (canonical ? 0 : NOT_CANONICAL);
  }

  /** The payload type of a {@link #check} result, or -1. */
  static int payloadType(int checked) {
    return (checked & 0xFF) - 1;
  }

  static boolean isCanonical(int checked) {
    return (checked & NOT_CANONICAL) == 0;
  }

  /**
   * Checks one attribute the way {@link #parse} would read it, without allocating (except for
   * {@code rid} and {@code simulcast}, which are parsed and dropped).
   *
   * @param s    the text holding the value, or {@code null} when there is no value
   * @param from start of the value in {@code s}
   * @param to   end of the value in {@code s}
   * @return a {@link #checked} result
   * @throws IllegalArgumentException when the value breaks the grammar of its kind
   */
  static int check(AttributeKind kind, String s, int from, int to) {
    if (s == null) {
      Check.require(!kind.needsValue(), kind.sdpName, "", " needs a value");
      return checked(-1, true);
    }
    int a = Chars.skipSpaces(s, from, to);
    int result;
    switch (kind) {
      case RTCP_FB:
        result = RtcpFb.check(s, a, to);
        break;
      case RTPMAP:
        result = RtpMap.check(s, a, to);
        break;
      case FMTP:
        result = Fmtp.check(s, a, to);
        break;
      case EXTMAP:
        result = ExtMap.check(s, a, to);
        break;
      case SSRC:
        result = Ssrc.check(s, a, to);
        break;
      case MID:
      case ICE_UFRAG:
      case ICE_PWD:
        checkSingleToken(kind, s, a, to);
        checkIce(kind, s, a, to);
        result = checked(-1, true);
        break;
      case ICE_OPTIONS:
      case CANDIDATE:
        Check.require(a < to, kind.sdpName, "", " needs a value");
        checkIce(kind, s, a, to);
        return checked(-1, true); // kept from the colon on, spaces included
      case FINGERPRINT:
        result = Fingerprint.check(s, a, to);
        break;
      case SETUP:
        Setup.parse(s, a, to);
        result = checked(-1, true);
        break;
      case GROUP:
        result = Group.check(s, a, to);
        break;
      case MSID:
        result = Msid.check(s, a, to);
        break;
      case MSID_SEMANTIC:
        return MsidSemantic.check(s, a, to);
      case SSRC_GROUP:
        result = SsrcGroup.check(s, a, to);
        break;
      case RTCP:
        result = Rtcp.check(s, a, to);
        break;
      case SCTP_PORT:
        Check.number("sctp-port", s, from, to, 65535);
        return checked(-1, true);
      case MAX_MESSAGE_SIZE:
        Check.number("max-message-size", s, from, to, Long.MAX_VALUE);
        return checked(-1, true);
      case SENDRECV:
      case SENDONLY:
      case RECVONLY:
      case INACTIVE:
        throw new IllegalArgumentException(kind.sdpName + " takes no value");
      case OTHER:
      case END_OF_CANDIDATES:
      case ICE_LITE:
      case BUNDLE_ONLY:
      case EXTMAP_ALLOW_MIXED:
      case RTCP_MUX:
      case RTCP_MUX_ONLY:
      case RTCP_RSIZE:
        return checked(-1, true); // the value is kept verbatim
      default:
        // rid and simulcast: a few lines in a simulcast offer, checked by parsing them, and
        // written through their types.
        parse(kind, kind.sdpName, s, from, to);
        return checked(-1, false);
    }
    return a == from ? result : result | NOT_CANONICAL;
  }

  /**
   * A fast path of the parser for the lines that make up most of an offer, already written as
   * the writer writes them: {@code rtcp-fb}, {@code rtpmap}, {@code fmtp}, {@code extmap},
   * {@code ssrc}, the ICE and DTLS lines, {@code mid}, {@code msid}, {@code candidate},
   * {@code group}, {@code ssrc-group}, {@code rtcp}, {@code sctp-port}, {@code max-message-size},
   * and the flags ({@code rtcp-mux}, {@code sendrecv}, ...). One pass over the line recognizes
   * the name, checks the value and finds where the line ends (at CRLF, LF or the end of the
   * text), so the parser needs no separate search for the line end. It accepts only lines that {@link #check} accepts as canonical,
   * with the same payload type, and that hold no CR but the one before LF and no trailing space.
   * For anything else, valid or not, it returns -1, and the parser takes its general path
   * ({@code AttributeGrammarPropertyTest} holds the two together).
   *
   * @param from where the name starts (after {@code a=})
   * @param n    the length of the text
   * @return {@code lineEnd << 32 | kind.ordinal() << 8 | (payloadType + 1)} (0 for no payload
   *         type), or -1
   */
  static long checkCanonicalLine(String s, int from, int n) {
    if (n - from < 3) {
      return -1;
    }
    AttributeKind kind = canonicalKind(s, from, n);
    if (kind == null) {
      return -1;
    }
    int i = from + kind.sdpName.length();
    int pt = -1;
    if (kind.startsWithNumber()) {
      long numbered = numberedValue(kind, s, i + 1, n);
      if (numbered < 0) {
        return -1;
      }
      i = (int) (numbered >>> 8);
      pt = (int) (numbered & 0xFF) - 1;
    } else {
      i = otherValueEnd(kind, s, i, n);
      if (i < 0) {
        return -1;
      }
    }
    // The line ends here: at LF, at CR followed by LF, or at the end of the text.
    char c;
    if (i < n && (c = s.charAt(i)) != '\n' && (c != '\r' || i + 1 == n || s.charAt(i + 1) != '\n')) {
      return -1;
    }
    if (Chars.isSpace(s.charAt(i - 1))) {
      return -1; // trailing spaces: the general path trims them
    }
    return (long) i << 32 | kind.ordinal() << 8 | (pt + 1);
  }

  /** The kind of a line the fast path may read, by its name; {@code null} for the others. */
  private static AttributeKind canonicalKind(String s, int from, int n) {
    switch (s.charAt(from)) {
      case 'r':
        if (s.startsWith("rtcp-fb:", from)) {
          return AttributeKind.RTCP_FB;
        } else if (s.startsWith("rtpmap:", from)) {
          return AttributeKind.RTPMAP;
        } else if (isFlag(s, from, n, "rtcp-mux")) {
          return AttributeKind.RTCP_MUX;
        } else if (isFlag(s, from, n, "rtcp-rsize")) {
          return AttributeKind.RTCP_RSIZE;
        } else if (isFlag(s, from, n, "recvonly")) {
          return AttributeKind.RECVONLY;
        } else if (s.startsWith("rtcp:", from)) {
          return AttributeKind.RTCP;
        } else if (isFlag(s, from, n, "rtcp-mux-only")) {
          return AttributeKind.RTCP_MUX_ONLY;
        } else {
          return null;
        }
      case 'f':
        if (s.startsWith("fmtp:", from)) {
          return AttributeKind.FMTP;
        } else if (s.startsWith("fingerprint:", from)) {
          return AttributeKind.FINGERPRINT;
        } else {
          return null;
        }
      case 'e':
        if (s.startsWith("extmap:", from)) {
          return AttributeKind.EXTMAP;
        } else if (isFlag(s, from, n, "extmap-allow-mixed")) {
          return AttributeKind.EXTMAP_ALLOW_MIXED;
        } else if (isFlag(s, from, n, "end-of-candidates")) {
          return AttributeKind.END_OF_CANDIDATES;
        } else {
          return null;
        }
      case 's':
        if (s.startsWith("ssrc:", from)) {
          return AttributeKind.SSRC;
        } else if (isFlag(s, from, n, "sendrecv")) {
          return AttributeKind.SENDRECV;
        } else if (s.startsWith("setup:", from)) {
          return AttributeKind.SETUP;
        } else if (isFlag(s, from, n, "sendonly")) {
          return AttributeKind.SENDONLY;
        } else if (s.startsWith("ssrc-group:", from)) {
          return AttributeKind.SSRC_GROUP;
        } else if (s.startsWith("sctp-port:", from)) {
          return AttributeKind.SCTP_PORT;
        } else {
          return null;
        }
      case 'm':
        if (s.startsWith("mid:", from)) {
          return AttributeKind.MID;
        } else if (s.startsWith("msid:", from)) {
          return AttributeKind.MSID;
        } else if (s.startsWith("max-message-size:", from)) {
          return AttributeKind.MAX_MESSAGE_SIZE;
        } else {
          return null;
        }
      case 'i':
        if (s.startsWith("ice-ufrag:", from)) {
          return AttributeKind.ICE_UFRAG;
        } else if (s.startsWith("ice-pwd:", from)) {
          return AttributeKind.ICE_PWD;
        } else if (s.startsWith("ice-options:", from)) {
          return AttributeKind.ICE_OPTIONS;
        } else if (isFlag(s, from, n, "inactive")) {
          return AttributeKind.INACTIVE;
        } else {
          return null;
        }
      case 'c':
        if (s.startsWith("candidate:", from)) {
          return AttributeKind.CANDIDATE;
        } else {
          return null;
        }
      case 'g':
        return s.startsWith("group:", from) ? AttributeKind.GROUP : null;
      case 'b':
        if (isFlag(s, from, n, "bundle-only")) {
          return AttributeKind.BUNDLE_ONLY;
        } else {
          return null;
        }
      default:
        return null;
    }
  }

  /**
   * Reads an rtcp-fb, rtpmap, fmtp, extmap or ssrc value from its leading number on, in canonical
   * form; returns where it ends shifted left by 8, with the payload type plus one (0 for none), or -1.
   */
  private static long numberedValue(AttributeKind kind, String s, int i, int n) {
    // <number> SP: up to ten digits, no leading zero
    int start = i;
    long number = 0;
    char c = 0;
    while (i < n && (c = s.charAt(i)) >= '0' && c <= '9' && i - start < 10) {
      number = number * 10 + (c - '0');
      i++;
    }
    if (i == start || i == n || c != ' ' || i - start > 1 && s.charAt(start) == '0') {
      return -1;
    }
    int pt = -1;
    if (kind.isCodec()) {
      if (number > 127) {
        return -1;
      }
      pt = (int) number;
    } else if (kind == AttributeKind.EXTMAP
        ? number < 1 || number > 255 && (number < 4096 || number > 4351) : number > 0xFFFF_FFFFL) {
      return -1;
    }
    int end = numberedValueEnd(kind, s, i + 1, n);
    return end < 0 ? -1 : (long) end << 8 | (pt + 1);
  }

  /**
   * Reads the value of a line of {@code kind} other than rtcp-fb, rtpmap, fmtp, extmap and ssrc,
   * from the colon after the name (from the line end for a flag), in canonical form; returns
   * where it ends, or -1.
   */
  private static int otherValueEnd(AttributeKind kind, String s, int i, int n) {
    char c;
    switch (kind) {
      case MID:
      case ICE_UFRAG:
      case ICE_PWD: {
        // one token: anything but spaces
        int start = ++i;
        while (i < n && (c = s.charAt(i)) != ' ' && c != '\t' && c != '\r' && c != '\n') {
          i++;
        }
        if (i == start || kind != AttributeKind.MID && !IceGrammar.isCredential(s, start, i, kind == AttributeKind.ICE_PWD)) {
          return -1;
        }
        return i;
      }
      case ICE_OPTIONS:
      case CANDIDATE: {
        // kept verbatim; it must not start with a space
        if (++i == n || s.charAt(i) <= ' ') {
          return -1;
        }
        int start = i;
        i = verbatimEnd(s, i, n);
        boolean ok = kind == AttributeKind.ICE_OPTIONS ? IceGrammar.isOptions(s, start, i) : IceGrammar.isCandidate(s, start, i);
        return ok ? i : -1;
      }
      case SETUP: {
        int start = ++i;
        i = verbatimEnd(s, i, n);
        if (!Chars.regionEquals(s, start, i, "actpass") && !Chars.regionEquals(s, start, i, "active")
            && !Chars.regionEquals(s, start, i, "passive") && !Chars.regionEquals(s, start, i, "holdconn")) {
          return -1;
        }
        return i;
      }
      case FINGERPRINT:
      case MSID: {
        // <token> SP <token> (msid: the second is optional)
        int start = ++i;
        i = tokenEnd(s, i, n);
        if (i == start) {
          return -1;
        }
        if (i < n && s.charAt(i) == ' ') {
          int second = ++i;
          i = tokenEnd(s, i, n);
          if (i == second) {
            return -1;
          }
        } else if (kind == AttributeKind.FINGERPRINT) {
          return -1;
        }
        return i;
      }
      case GROUP:
        // <semantics> *(SP <mid>): tokens, single spaces
        return tokensEnd(s, i + 1, n);
      case SSRC_GROUP: {
        // <semantics> *(SP <ssrc>): a token, then numbers without leading zeros
        int start = ++i;
        i = tokenEnd(s, i, n);
        if (i == start) {
          return -1;
        }
        while (i < n && s.charAt(i) == ' ') {
          int digits = ++i;
          long ssrc = 0;
          while (i < n && (c = s.charAt(i)) >= '0' && c <= '9' && i - digits < 10) {
            ssrc = ssrc * 10 + (c - '0');
            i++;
          }
          if (i == digits || ssrc > 0xFFFF_FFFFL || i - digits > 1 && s.charAt(digits) == '0') {
            return -1;
          }
        }
        return i;
      }
      case RTCP: {
        // <port> [SP <nettype> SP <addrtype> SP <address>]
        int start = ++i;
        int port = 0;
        while (i < n && (c = s.charAt(i)) >= '0' && c <= '9' && i - start < 5) {
          port = port * 10 + (c - '0');
          i++;
        }
        if (i == start || port > 65535 || i - start > 1 && s.charAt(start) == '0') {
          return -1;
        }
        if (i < n && s.charAt(i) == ' ') {
          int address = i + 1;
          i = tokensEnd(s, address, n);
          if (i < 0 || TokenList.count(TokenList.check(s, address, i, "connection")) != 3) {
            return -1;
          }
        }
        return i;
      }
      case SCTP_PORT:
      case MAX_MESSAGE_SIZE: {
        // a number, kept verbatim
        int start = ++i;
        while (i < n && (c = s.charAt(i)) >= '0' && c <= '9') {
          i++;
        }
        int digits = i - start;
        if (digits == 0 || (kind == AttributeKind.SCTP_PORT
            ? digits > 5 || Chars.parseUnsigned(s, start, i, 65535) < 0 : digits > 18)) {
          return -1;
        }
        return i;
      }
      default:
        return i; // a flag: nothing after the name
    }
  }

  /** The end of one or more tokens without control characters, one space apart; -1 if there is none. */
  private static int tokensEnd(String s, int i, int n) {
    int start = i;
    i = tokenEnd(s, i, n);
    if (i == start) {
      return -1;
    }
    while (i < n && s.charAt(i) == ' ') {
      int next = ++i;
      i = tokenEnd(s, i, n);
      if (i == next) {
        return -1;
      }
    }
    return i;
  }

  /** True when the attribute at {@code from} is the flag {@code name} and nothing else. */
  private static boolean isFlag(String s, int from, int n, String name) {
    int end = from + name.length();
    char c;
    return end <= n && (end == n || (c = s.charAt(end)) == '\r' || c == '\n') && s.startsWith(name, from);
  }

  /** The end of a token without control characters, starting at {@code i}. */
  private static int tokenEnd(String s, int i, int n) {
    char c;
    while (i < n && (c = s.charAt(i)) > ' ' && c != 0x7f) {
      i++;
    }
    return i;
  }

  /**
   * Reads the rest of an rtcp-fb, rtpmap, fmtp, extmap or ssrc value after its number and space,
   * in canonical form; returns where it ends, or -1.
   */
  private static int numberedValueEnd(AttributeKind kind, String s, int i, int n) {
    int a = i;
    char c = 0;
    switch (kind) {
      case RTCP_FB:
      case EXTMAP:
        // <feedback type> or <URI>: a token, then optionally one space and the rest, kept verbatim
        i = tokenEnd(s, i, n);
        if (i == a) {
          return -1;
        }
        if (i < n && s.charAt(i) == ' ') {
          if (++i == n || s.charAt(i) <= ' ') {
            return -1; // a second space, or nothing after the space
          }
          i = verbatimEnd(s, i, n);
        }
        return i;
      case SSRC:
        // <attribute>[:<value>]: a token up to the colon; the value is kept verbatim
        while (i < n && (c = s.charAt(i)) > ' ' && c != 0x7f && c != ':') {
          i++;
        }
        if (i == a) {
          return -1;
        }
        return i < n && c == ':' ? verbatimEnd(s, i + 1, n) : i;
      case RTPMAP: {
        // <encoding name>/<clock rate>[/<channels>], numbers without leading zeros, channels not 0
        while (i < n && (c = s.charAt(i)) > ' ' && c != 0x7f && c != '/') {
          i++;
        }
        if (i == a || i == n || c != '/') {
          return -1;
        }
        int clock = ++i;
        while (i < n && (c = s.charAt(i)) >= '0' && c <= '9') {
          i++;
        }
        if (i == clock || i - clock > 9 || i - clock > 1 && s.charAt(clock) == '0') {
          return -1; // nine digits always fit in 32 bits; longer clock rates take the general path
        }
        if (i < n && c == '/') {
          int channels = ++i;
          int count = 0;
          while (i < n && (c = s.charAt(i)) >= '0' && c <= '9' && count <= 255) {
            count = count * 10 + (c - '0');
            i++;
          }
          if (i == channels || count == 0 || count > 255 || i - channels > 1 && s.charAt(channels) == '0') {
            return -1;
          }
        }
        return i;
      }
      default: {
        // fmtp: name[=value] items joined by ';': no spaces, no empty item, no item starting with '='
        boolean itemStart = true;
        for (; i < n; i++) {
          c = s.charAt(i);
          if (c == ';') {
            if (itemStart) {
              return -1;
            }
            itemStart = true;
          } else if (c == '\r' || c == '\n') {
            break;
          } else if (c == ' ' || c == '\t' || itemStart && c == '=') {
            return -1;
          } else {
            itemStart = false;
          }
        }
        return itemStart ? -1 : i;
      }
    }
  }

  /** Where the line that goes on at {@code i} ends: the first CR or LF, or {@code n}. */
  private static int verbatimEnd(String s, int i, int n) {
    char c;
    while (i < n && (c = s.charAt(i)) != '\r' && c != '\n') {
      i++;
    }
    return i;
  }

  /**
   * @param s    the text holding the value, or {@code null} when there is no value
   * @param from start of the value in {@code s}
   * @param to   end of the value in {@code s}
   */
  static SdpAttribute parse(String name, String s, int from, int to) {
    return parse(AttributeKind.of(name), name, s, from, to);
  }

  /** {@link #parse(String, String, int, int)} for a name already recognized as {@code kind}. */
  static SdpAttribute parse(AttributeKind kind, String name, String s, int from, int to) {
    return make(kind, name, s, from, to, false);
  }

  /**
   * Builds an attribute whose line {@link #check} has accepted, without checking it again (the
   * records' constructors still check their own invariants).
   */
  static SdpAttribute build(AttributeKind kind, String name, String s, int from, int to) {
    return make(kind, name, s, from, to, true);
  }

  private static SdpAttribute make(AttributeKind kind, String name, String s, int from, int to, boolean checked) {
    if (s == null) {
      return flag(kind, name);
    }
    int a = Chars.skipSpaces(s, from, to);
    switch (kind) {
      case RTPMAP:
        return checked ? RtpMap.build(s, a, to) : RtpMap.parse(s, a, to);
      case FMTP:
        return Fmtp.parse(s, a, to);
      case RTCP_FB:
        return checked ? RtcpFb.build(s, a, to) : RtcpFb.parse(s, a, to);
      case EXTMAP:
        return checked ? ExtMap.build(s, a, to) : ExtMap.parse(s, a, to);
      case SSRC:
        return checked ? Ssrc.build(s, a, to) : Ssrc.parse(s, a, to);
      case SSRC_GROUP:
        return checked ? SsrcGroup.build(s, a, to) : SsrcGroup.parse(s, a, to);
      case RID:
        return Rid.parse(s, a, to);
      case SIMULCAST:
        return Simulcast.parse(s, a, to);
      case FINGERPRINT:
        return checked ? Fingerprint.build(s, a, to) : Fingerprint.parse(s, a, to);
      case SETUP:
        return Setup.parse(s, a, to);
      case GROUP:
        return checked ? Group.build(s, a, to) : Group.parse(s, a, to);
      case MSID:
        return checked ? Msid.build(s, a, to) : Msid.parse(s, a, to);
      case MSID_SEMANTIC:
        return checked ? MsidSemantic.build(s, a, to) : MsidSemantic.parse(s, a, to);
      case RTCP:
        return Rtcp.parse(s, a, to);
      case MID:
      case ICE_UFRAG:
      case ICE_PWD:
        if (!checked) {
          checkSingleToken(kind, s, a, to);
          checkIce(kind, s, a, to);
        }
        return new Attribute(kind.sdpName, Tokens.intern(s, a, to));
      case ICE_OPTIONS:
      case CANDIDATE:
        Check.require(a < to, name, "", " needs a value");
        if (!checked) {
          checkIce(kind, s, a, to);
        }
        return new Attribute(kind.sdpName, Tokens.intern(s, from, to));
      case SCTP_PORT:
        Check.number("sctp-port", s, from, to, 65535);
        return new Attribute(kind.sdpName, Tokens.intern(s, from, to));
      case MAX_MESSAGE_SIZE:
        Check.number("max-message-size", s, from, to, Long.MAX_VALUE);
        return new Attribute(kind.sdpName, Tokens.intern(s, from, to));
      case SENDRECV:
      case SENDONLY:
      case RECVONLY:
      case INACTIVE:
        throw new IllegalArgumentException(name + " takes no value");
      case OTHER:
        return new Attribute(name, Tokens.intern(s, from, to));
      default:
        return new Attribute(kind.sdpName, Tokens.intern(s, from, to));
    }
  }

  private static void checkSingleToken(AttributeKind kind, String s, int a, int to) {
    Check.require(a < to && Chars.tokenEnd(s, a, to) == to, kind.sdpName, "", " must be a single non-empty token");
  }

  /** The RFC 8839 §5 grammar of the ICE attributes (see {@link IceGrammar}); nothing for others. */
  private static void checkIce(AttributeKind kind, String s, int a, int to) {
    switch (kind) {
      case ICE_UFRAG:
        Check.require(IceGrammar.isCredential(s, a, to, false), "ice-ufrag must be 4 to 256 ice-chars (RFC 8839 §5.4)");
        break;
      case ICE_PWD:
        // the message never quotes the password
        Check.require(IceGrammar.isCredential(s, a, to, true), "ice-pwd must be 22 to 256 ice-chars (RFC 8839 §5.4)");
        break;
      case ICE_OPTIONS:
        Check.require(IceGrammar.isOptions(s, a, to), "ice-options must be ice-char tags (RFC 8839 §5.6)");
        break;
      case CANDIDATE:
        Check.require(IceGrammar.isCandidate(s, a, to), "candidate breaks the RFC 8839 §5.1 grammar");
        break;
      default:
        break;
    }
  }

  private static SdpAttribute flag(AttributeKind kind, String name) {
    switch (kind) {
      case SENDRECV:
        return Direction.SENDRECV;
      case SENDONLY:
        return Direction.SENDONLY;
      case RECVONLY:
        return Direction.RECVONLY;
      case INACTIVE:
        return Direction.INACTIVE;
      default:
        Check.require(!kind.needsValue(), name, "", " needs a value");
        return new Attribute(kind == AttributeKind.OTHER ? name : kind.sdpName, null);
    }
  }
}
