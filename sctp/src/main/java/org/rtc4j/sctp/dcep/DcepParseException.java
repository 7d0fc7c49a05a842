package org.rtc4j.sctp.dcep;

/** A DCEP message that cannot be parsed, with the {@link Reason} and offset. */
public final class DcepParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong. */
  public enum Reason {
    /** Shorter than its fixed part or than its label and protocol lengths say. */
    TRUNCATED,
    /** A message type other than DATA_CHANNEL_OPEN (0x03) and DATA_CHANNEL_ACK (0x02). */
    UNKNOWN_TYPE,
    /** A channel type RFC 8832 §8.2.2 does not define. */
    BAD_CHANNEL_TYPE,
    /** Bytes left over after the message. */
    TRAILING_BYTES,
    /** Label or protocol is not valid UTF-8. */
    BAD_UTF8
  }

  private final Reason reason;
  private final int offset;

  /** A failure at {@code offset} for {@code reason}. */
  public DcepParseException(Reason reason, int offset, String message) {
    super(reason + " at offset " + offset + ": " + message, null, false, false);
    this.reason = reason;
    this.offset = offset;
  }

  /** What is wrong. */
  public Reason reason() {
    return reason;
  }

  /** Where parsing stopped. */
  public int offset() {
    return offset;
  }
}
