package org.rtc4j.dtls;

/** Why a DTLS association failed; carried by {@link DtlsEvent.Failed}. */
public enum DtlsFailure {
  /** The handshake did not finish within {@link DtlsConfig#handshakeTimeout()}. */
  TIMEOUT,
  /** The peer's certificate does not match any fingerprint from its SDP (RFC 8122 §5). */
  FINGERPRINT_MISMATCH,
  /** The peer presented no certificate, which WebRTC requires (RFC 8827 §6.5). */
  NO_CERTIFICATE,
  /** No SRTP protection profile in common, or the peer did not negotiate use_srtp (RFC 5764 §4.1). */
  NO_SRTP_PROFILE,
  /** The peer sent a fatal alert; {@link DtlsEvent.Failed#alert()} holds its description. */
  ALERT_RECEIVED,
  /** The peer broke the protocol; we sent the fatal alert in {@link DtlsEvent.Failed#alert()}. */
  PROTOCOL_ERROR,
  /** The shared handshake executor's queue was full, so the handshake never started. */
  EXECUTOR_SATURATED,
  /** A local fault (a bug or a broken crypto provider). */
  INTERNAL_ERROR
}
