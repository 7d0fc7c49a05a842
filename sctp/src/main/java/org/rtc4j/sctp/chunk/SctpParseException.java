package org.rtc4j.sctp.chunk;

/**
 * An SCTP packet, chunk, parameter or error cause that cannot be parsed, with the {@link Reason}
 * and the byte offset where parsing stopped. The only exception the chunk parsers throw.
 */
public final class SctpParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the input. */
  public enum Reason {
    /** Shorter than a header, or than a length field says. */
    TRUNCATED,
    /** A length field is impossible for its chunk or parameter type. */
    BAD_LENGTH,
    /** A field holds a value its type does not allow. */
    BAD_VALUE,
    /** A parameter or error cause list is malformed (bad TLV length or padding). */
    MALFORMED_PARAMETER
  }

  private final Reason reason;
  private final int offset;

  /** A parse failure at {@code offset} for {@code reason}. */
  public SctpParseException(Reason reason, int offset, String message) {
    super(reason + " at offset " + offset + ": " + message, null, false, false);
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
