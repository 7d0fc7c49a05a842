package org.rtc4j.dtls;

/**
 * Why a {@link DtlsEndpoint} dropped a received datagram (or, for {@link
 * #CHANGE_CIPHER_SPEC_HELD}, one record of it). Each drop is counted ({@link
 * DtlsEndpoint#droppedDatagrams(DtlsDropReason)}) and logged at DEBUG, never above: anyone who can
 * send UDP could otherwise flood the log.
 *
 * <p>Records Bouncy Castle discards inside its record layer (a bad MAC, a replay, an unknown epoch;
 * RFC 6347 §4.1.2.7 says to discard them silently) are not seen, so not counted, here.
 */
public enum DtlsDropReason {
  /** The first byte is not 20..63, so it is not DTLS (RFC 7983 §7). */
  NOT_DTLS,
  /** Shorter than a record header, or a record's length runs past the end of the datagram. */
  TRUNCATED_RECORD,
  /**
   * A record longer than 2^14 + 2048 bytes, the most a DTLS 1.2 record may carry (RFC 6347 §4.1,
   * RFC 5246 §6.2.3).
   */
  OVERSIZE_RECORD,
  /**
   * A record of an epoch above 1. DTLS-SRTP connections never renegotiate (rtc4j and Bouncy Castle's
   * DTLS 1.2 do not), so only epoch 0 (the handshake) and 1 (after ChangeCipherSpec) exist (RFC 6347
   * §4.1); Bouncy Castle would discard such a record silently, uncounted.
   */
  UNKNOWN_EPOCH,
  /** Longer than the largest UDP payload (65,507 bytes); only a caller, never UDP, can hand one over. */
  OVERSIZE_DATAGRAM,
  /** The bounded queue in front of the handshake thread (or of a not yet started server) was full. */
  QUEUE_FULL,
  /** The association had already ended (closed or failed). */
  ENDED,
  /**
   * One client ChangeCipherSpec record held back because it overtook a lost CertificateVerify; the
   * client's retransmission completes the handshake (see the dtls README). Counts records.
   */
  CHANGE_CIPHER_SPEC_HELD
}
