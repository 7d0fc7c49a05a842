package org.rtc4j.sctp;

/**
 * A message refused by {@link SctpAssociation#send} or a data channel's send, with the
 * {@link Reason}. Nothing was queued. W3C mapping for the data channel facade:
 * {@code MESSAGE_TOO_LARGE} is a TypeError, {@code BUFFER_FULL} an OperationError and
 * {@code INVALID_STATE} an InvalidStateError.
 */
public final class SendException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why the message was refused. */
  public enum Reason {
    /** Larger than the receiver accepts (its max-message-size, RFC 8841 §6) or than rtc4j sends. */
    MESSAGE_TOO_LARGE,
    /** The send buffer would exceed its limit; wait for buffered-amount-low. */
    BUFFER_FULL,
    /** The association or channel is not open (closing, closed, or the stream is being reset). */
    INVALID_STATE,
    /** The stream identifier is outside the negotiated streams. */
    INVALID_STREAM
  }

  private final Reason reason;
  private final long size;
  private final long limit;

  /** A refusal for {@code reason} of a message of {@code size} bytes against {@code limit}. */
  public SendException(Reason reason, long size, long limit, String message) {
    super(message, null, false, false);
    this.reason = reason;
    this.size = size;
    this.limit = limit;
  }

  /** Why. */
  public Reason reason() {
    return reason;
  }

  /** The refused message's size in bytes. */
  public long size() {
    return size;
  }

  /** The limit it broke (max message size, free buffer, stream count), or -1. */
  public long limit() {
    return limit;
  }
}
