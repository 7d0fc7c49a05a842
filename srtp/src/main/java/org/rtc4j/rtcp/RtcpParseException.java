package org.rtc4j.rtcp;

/**
 * An RTCP packet that cannot be parsed, with the {@link Reason} and the byte offset where parsing
 * stopped. The only exception the RTCP parsers throw.
 */
public final class RtcpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the packet. */
  public enum Reason {
    /** Shorter than its header or than its length field says. */
    TRUNCATED,
    /** Version is not 2. */
    BAD_VERSION,
    /** The length field disagrees with the packet type's layout. */
    BAD_LENGTH,
    /** The padding count is zero or larger than the packet. */
    BAD_PADDING,
    /** The count field (RC, SC) does not fit the packet. */
    BAD_COUNT,
    /** An SDES chunk or item runs past its packet or is not terminated. */
    MALFORMED_SDES,
    /** A feedback message (RFC 4585, RFC 5104, REMB, transport-cc) has a malformed FCI. */
    MALFORMED_FEEDBACK,
    /** An APP packet whose name is not four ASCII characters (RFC 3550 §6.7). */
    MALFORMED_APP,
    /** A field holds a value its packet type does not allow. */
    BAD_VALUE,
    /** A full compound packet does not start with SR or RR, or lacks a CNAME (RFC 3550 §6.1). */
    NOT_COMPOUND
  }

  private final Reason reason;
  private final int offset;

  /** A parse failure at {@code offset} for {@code reason}. */
  public RtcpParseException(Reason reason, int offset, String message) {
    super(reason + " at offset " + offset + ": " + message);
    this.reason = reason;
    this.offset = offset;
  }

  /** What is wrong. */
  public Reason reason() {
    return reason;
  }

  /** Offset in the buffer where parsing stopped. */
  public int offset() {
    return offset;
  }
}
