package org.rtc4j.dtls;

/**
 * Which side of the DTLS handshake an endpoint plays. RFC 5763 §5: the {@code active} side (from
 * {@code a=setup}) is the DTLS client, the {@code passive} side is the DTLS server.
 */
public enum DtlsRole {
  /** Sends the ClientHello: the {@code active} side. */
  CLIENT,
  /** Answers the ClientHello: the {@code passive} side. */
  SERVER;

  /** The role an {@code a=setup} value that describes this endpoint itself implies. */
  public static DtlsRole of(DtlsSetup ownSetup) throws DtlsException {
    switch (ownSetup) {
      case ACTIVE:
        return CLIENT;
      case PASSIVE:
        return SERVER;
      default:
        throw new DtlsException(
            DtlsException.Reason.SETUP_NOT_ALLOWED,
            "a=setup:" + ownSetup.sdpValue() + " does not decide a DTLS role");
    }
  }

  /**
   * The answerer's role for the offer's {@code a=setup} (RFC 8842 §5.3): an {@code actpass} or
   * {@code passive} offer makes the answerer the client, an {@code active} offer the server.
   */
  public static DtlsRole forAnswerer(DtlsSetup offerSetup) throws DtlsException {
    return of(DtlsSetup.answerTo(offerSetup));
  }

  /**
   * The offerer's role once the answer's {@code a=setup} is known (RFC 8842 §5.2): the opposite of
   * the answerer's. An answer must not carry {@code actpass} or {@code holdconn} (RFC 8842 §5.3).
   */
  public static DtlsRole forOfferer(DtlsSetup answerSetup) throws DtlsException {
    switch (answerSetup) {
      case ACTIVE:
        return SERVER;
      case PASSIVE:
        return CLIENT;
      default:
        throw new DtlsException(
            DtlsException.Reason.SETUP_NOT_ALLOWED,
            "an answer must carry a=setup:active or passive, not " + answerSetup.sdpValue());
    }
  }
}
