package org.rtc4j.sdp;

/**
 * The attribute names this module knows, with what follows from a name alone: the value type it
 * parses to, whether it needs or refuses a value, and its rank in the canonical order (see
 * {@link AttributeOrder}). {@link #ofLine} recognizes a name in the input without allocating.
 */
enum AttributeKind {
  // name, the type it parses to, its rank in a media section, its rank at session level (-1: none;
  // 110 is CODEC_RANK)

  // Typed values
  RTPMAP("rtpmap", RtpMap.class, 110, -1),
  FMTP("fmtp", Fmtp.class, 110, -1),
  RTCP_FB("rtcp-fb", RtcpFb.class, 110, -1),
  EXTMAP("extmap", ExtMap.class, 71, 60),
  SSRC("ssrc", Ssrc.class, 121, -1),
  SSRC_GROUP("ssrc-group", SsrcGroup.class, 120, -1),
  RID("rid", Rid.class, 130, -1),
  SIMULCAST("simulcast", Simulcast.class, 131, -1),
  FINGERPRINT("fingerprint", Fingerprint.class, 40, 20),
  SETUP("setup", Setup.class, 41, 21),
  GROUP("group", Group.class, -1, 30),
  MSID("msid", Msid.class, 90, -1),
  MSID_SEMANTIC("msid-semantic", MsidSemantic.class, -1, 50),
  RTCP("rtcp", Rtcp.class, 10, -1),
  // Strings with a grammar
  MID("mid", Attribute.class, 50, -1),
  ICE_UFRAG("ice-ufrag", Attribute.class, 30, 11),
  ICE_PWD("ice-pwd", Attribute.class, 31, 12),
  ICE_OPTIONS("ice-options", Attribute.class, 32, 13),
  CANDIDATE("candidate", Attribute.class, 20, -1),
  SCTP_PORT("sctp-port", Attribute.class, 60, -1),
  MAX_MESSAGE_SIZE("max-message-size", Attribute.class, 61, -1),
  // Directions: flags that refuse a value
  SENDRECV("sendrecv", Direction.class, 80, 70),
  SENDONLY("sendonly", Direction.class, 80, 70),
  RECVONLY("recvonly", Direction.class, 80, 70),
  INACTIVE("inactive", Direction.class, 80, 70),
  // Flags (a value, if one is written, is kept verbatim)
  END_OF_CANDIDATES("end-of-candidates", Attribute.class, 21, -1),
  ICE_LITE("ice-lite", Attribute.class, 33, 10),
  BUNDLE_ONLY("bundle-only", Attribute.class, 51, -1),
  EXTMAP_ALLOW_MIXED("extmap-allow-mixed", Attribute.class, 70, 40),
  RTCP_MUX("rtcp-mux", Attribute.class, 100, -1),
  RTCP_MUX_ONLY("rtcp-mux-only", Attribute.class, 101, -1),
  RTCP_RSIZE("rtcp-rsize", Attribute.class, 102, -1),
  /** Any other name: an {@link Attribute} kept verbatim, ordered after the attribute before it. */
  OTHER(null, Attribute.class, -1, -1);

  /** The rank of {@code rtpmap}, {@code rtcp-fb} and {@code fmtp}, ordered by payload type. */
  static final int CODEC_RANK = 110;

  private static final AttributeKind[] VALUES = values();

  /** The name as written, or {@code null} for {@link #OTHER}. */
  final String sdpName;
  /** The class {@link AttributeParser} makes of it. */
  final Class<? extends SdpAttribute> type;
  /** The sort key before the payload type's position (see {@link AttributeOrder#key}), or -1 without a rank. */
  final long mediaKey;
  final long sessionKey;

  AttributeKind(String sdpName, Class<? extends SdpAttribute> type, int mediaRank, int sessionRank) {
    this.sdpName = sdpName;
    this.type = type;
    // rtpmap < rtcp-fb < fmtp for one payload type
    int sub = "rtcp-fb".equals(sdpName) ? 1 : "fmtp".equals(sdpName) ? 2 : 0;
    this.mediaKey = mediaRank < 0 ? -1 : (long) mediaRank << 40 | (mediaRank == CODEC_RANK ? sub : 0);
    this.sessionKey = sessionRank < 0 ? -1 : (long) sessionRank << 40;
  }

  /** True for rtpmap, fmtp, rtcp-fb, extmap and ssrc, whose value starts with a number. */
  boolean startsWithNumber() {
    return ordinal() <= SSRC.ordinal(); // the first five constants
  }

  /** True for the three attributes that describe one payload type and sort by it. */
  boolean isCodec() {
    return this == RTPMAP || this == RTCP_FB || this == FMTP;
  }

  /**
   * True for the names that mean nothing without a value. ({@code a=msid-semantic} without one is
   * kept as a plain attribute, as browsers ignore it.)
   */
  boolean needsValue() {
    return ordinal() <= MAX_MESSAGE_SIZE.ordinal() && this != MSID_SEMANTIC;
  }

  /**
   * The bit this kind takes in a section's set of attributes that may appear once (JSEP, RFC 9429
   * §5.8.1 and §5.8.2: "if present, a single a=..."; RFC 5888 §4 for mid, RFC 4145 §4 for setup),
   * or 0 for attributes that may repeat. The four directions share one bit: a section has one.
   */
  private long computeSingleBit() {
    switch (this) {
      case SENDONLY:
      case RECVONLY:
      case INACTIVE:
        return 1L << SENDRECV.ordinal();
      case ICE_UFRAG:
      case ICE_PWD:
      case ICE_OPTIONS:
      case ICE_LITE:
      case END_OF_CANDIDATES:
      case MID:
      case SETUP:
      case SENDRECV:
      case RTCP:
      case RTCP_MUX:
      case RTCP_MUX_ONLY:
      case RTCP_RSIZE:
      case SIMULCAST:
      case SCTP_PORT:
      case MAX_MESSAGE_SIZE:
        return 1L << ordinal();
      default:
        return 0;
    }
  }

  /**
   * Whether this attribute describes one media section only and so may not appear at session
   * level: rtpmap and fmtp (RFC 8866 §6.6, §6.15), ssrc and ssrc-group (RFC 5576 §4), rid and
   * simulcast (RFC 8851, RFC 8853), msid (RFC 8830 §2), mid (RFC 5888 §4), candidate (RFC 8839
   * §5.1), sctp-port and max-message-size (RFC 8841 §5-6), bundle-only (RFC 8843 §6), rtcp-mux
   * (RFC 5761 §5.1.1), rtcp-mux-only (RFC 8858 §3), rtcp-rsize (RFC 5506 §5).
   */
  private boolean computeMediaOnly() {
    switch (this) {
      case RTPMAP:
      case FMTP:
      case SSRC:
      case SSRC_GROUP:
      case RID:
      case SIMULCAST:
      case MSID:
      case MID:
      case CANDIDATE:
      case SCTP_PORT:
      case MAX_MESSAGE_SIZE:
      case BUNDLE_ONLY:
      case RTCP_MUX:
      case RTCP_MUX_ONLY:
      case RTCP_RSIZE:
        return true;
      default:
        return false;
    }
  }

  /** Whether this attribute is session-level only: group (RFC 5888 §5), msid-semantic, ice-lite (RFC 8839 §5.3). */
  private boolean computeSessionOnly() {
    return this == GROUP || this == MSID_SEMANTIC || this == ICE_LITE;
  }

  /** {@link #computeSingleBit()}, kept: the parser reads it for every attribute. */
  long singleBit;
  /** {@link #computeMediaOnly()}, kept. */
  boolean mediaOnly;
  /** {@link #computeSessionOnly()}, kept. */
  boolean sessionOnly;

  static {
    for (AttributeKind k : VALUES) {
      k.singleBit = k.computeSingleBit();
      k.mediaOnly = k.computeMediaOnly();
      k.sessionOnly = k.computeSessionOnly();
    }
  }

  /** Per first letter of a name, the kinds whose name starts with it, the most common first. */
  private static final AttributeKind[][] BY_FIRST_LETTER = new AttributeKind[128][];

  static {
    // Most frequent first, among the lines that get here: canonical codec, extmap and ssrc lines,
    // three in four of an offer, are recognized by AttributeParser.checkCanonical before this.
    AttributeKind[] byFrequency = {CANDIDATE, MID, ICE_UFRAG, ICE_PWD, ICE_OPTIONS, FINGERPRINT, SETUP,
        RTCP_MUX, RTCP_RSIZE, RTCP, MSID, SENDRECV, SSRC_GROUP, SCTP_PORT, MAX_MESSAGE_SIZE, GROUP,
        MSID_SEMANTIC, EXTMAP_ALLOW_MIXED, END_OF_CANDIDATES, SENDONLY, RECVONLY, INACTIVE, RID, SIMULCAST,
        BUNDLE_ONLY, ICE_LITE, RTCP_MUX_ONLY, RTCP_FB, RTPMAP, FMTP, EXTMAP, SSRC};
    if (byFrequency.length != VALUES.length - 1) {
      throw new AssertionError("every named kind needs a place in byFrequency");
    }
    for (AttributeKind k : byFrequency) {
      char c = k.sdpName.charAt(0);
      AttributeKind[] list = BY_FIRST_LETTER[c];
      list = list == null ? new AttributeKind[1] : java.util.Arrays.copyOf(list, list.length + 1);
      list[list.length - 1] = k;
      BY_FIRST_LETTER[c] = list;
    }
  }

  /**
   * The kind of the attribute whose name starts at {@code from} in a line ending at {@code to}:
   * the known name that is followed by {@code ':'} or the end of the line, or {@link #OTHER}
   * (the caller then finds where the name ends). No scan for the colon, no hash: a known name
   * is recognized by its first letter and a compare.
   */
  static AttributeKind ofLine(String s, int from, int to) {
    if (from >= to) {
      return OTHER;
    }
    char c = s.charAt(from);
    AttributeKind[] candidates = c < 128 ? BY_FIRST_LETTER[c] : null;
    if (candidates != null) {
      for (AttributeKind k : candidates) {
        String n = k.sdpName;
        int end = from + n.length();
        if (end <= to && (end == to || s.charAt(end) == ':') && s.startsWith(n, from)) {
          return k;
        }
      }
    }
    return OTHER;
  }

  /** The kind called {@code name}; {@link #OTHER} for names this module does not know. */
  static AttributeKind of(String name) {
    return ofLine(name, 0, name.length()); // a bare name is a line that ends after it
  }

  static AttributeKind byOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
