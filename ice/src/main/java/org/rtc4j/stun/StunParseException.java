package org.rtc4j.stun;

/**
 * A STUN message or attribute could not be decoded. Carries a {@link Reason} that tests and callers
 * match on, and the byte offset (relative to the start of the message) where decoding stopped.
 */
public final class StunParseException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why decoding failed. */
  public enum Reason {
    /** Fewer than 20 bytes, or the two most significant bits are not zero (RFC 8489 §5). */
    NOT_STUN,
    /** The magic cookie is not 0x2112A442 (RFC 8489 §5). */
    BAD_MAGIC_COOKIE,
    /** The header length is not a multiple of 4 or exceeds the bytes available. */
    BAD_LENGTH,
    /** An attribute's header or value runs past the end of the message. */
    TRUNCATED_ATTRIBUTE,
    /** An attribute value has the wrong size or an invalid field (e.g. unknown address family). */
    BAD_ATTRIBUTE,
    /** FINGERPRINT does not match the CRC-32 of the bytes received (RFC 8489 §14.7). */
    BAD_FINGERPRINT
  }

  private final Reason reason;
  private final int offset;

  public StunParseException(Reason reason, int offset, String message) {
    super(message + " (" + reason + " at offset " + offset + ")");
    this.reason = reason;
    this.offset = offset;
  }

  public Reason reason() {
    return reason;
  }

  /** Offset from the first byte of the message where the problem was found. */
  public int offset() {
    return offset;
  }
}
