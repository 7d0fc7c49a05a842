package org.rtc4j.dtls;

import java.util.Locale;

/**
 * The SDP {@code a=setup} attribute (RFC 4145 §4, RFC 8842 §5): which side opens the DTLS
 * association. {@code active} is the DTLS client, {@code passive} the DTLS server (RFC 5763 §5).
 *
 * <pre>
 * setup-attr = "a=setup:" role
 * role       = "active" / "passive" / "actpass" / "holdconn"
 * </pre>
 */
public enum DtlsSetup {
  /** The endpoint starts the handshake: the DTLS client. */
  ACTIVE("active"),
  /** The endpoint waits for the handshake: the DTLS server. */
  PASSIVE("passive"),
  /** An offerer's choice left to the answerer (RFC 8842 §5.2). */
  ACTPASS("actpass"),
  /** Not used by RFC 8842 endpoints; parsed so that a peer that sends it gets a clear error. */
  HOLDCONN("holdconn");

  private final String sdpValue;

  DtlsSetup(String sdpValue) {
    this.sdpValue = sdpValue;
  }

  /** The attribute value as written in SDP. */
  public String sdpValue() {
    return sdpValue;
  }

  /** Parses an {@code a=setup} value, ignoring case and surrounding blanks. */
  public static DtlsSetup parse(String value) throws DtlsException {
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (DtlsSetup s : values()) {
        if (s.sdpValue.equals(v)) {
          return s;
        }
      }
    }
    throw new DtlsException(DtlsException.Reason.MALFORMED_SETUP, "unknown a=setup value: " + value);
  }

  /**
   * The {@code a=setup} an answerer writes for the offer's value (RFC 8842 §5.3). For
   * {@code actpass} the answerer picks {@code active}, as JSEP (RFC 8829 §5.3.1) says, so the
   * answerer starts the handshake without waiting for its answer to arrive.
   */
  public static DtlsSetup answerTo(DtlsSetup offered) throws DtlsException {
    switch (offered) {
      case ACTPASS:
      case PASSIVE:
        return ACTIVE;
      case ACTIVE:
        return PASSIVE;
      default:
        throw new DtlsException(
            DtlsException.Reason.SETUP_NOT_ALLOWED, "offer a=setup:" + offered.sdpValue + " cannot be answered");
    }
  }
}
