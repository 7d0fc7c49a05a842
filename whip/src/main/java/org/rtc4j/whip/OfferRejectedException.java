package org.rtc4j.whip;

/**
 * An offer the server's application refuses; {@link WhipServer} answers 400 Bad Request with the
 * message as the body (RFC 9725 §4.2), closes the session's {@code PeerConnection} and keeps no
 * state for it.
 */
public final class OfferRejectedException extends Exception {
  private static final long serialVersionUID = 1L;

  /** @param reason what the client is told, one line */
  public OfferRejectedException(String reason) {
    super(reason);
  }
}
