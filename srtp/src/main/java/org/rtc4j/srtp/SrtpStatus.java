package org.rtc4j.srtp;

/**
 * Outcome of protecting or unprotecting one packet.
 *
 * <p>The packet methods of {@link SrtpContext} return an {@code int}: the new packet length when it
 * is zero or more, or the negated {@link #code()} of a failure. {@link #of(int)} turns that result
 * back into a status without allocating:
 *
 * <pre>{@code
 * int n = ctx.unprotectRtp(buf, off, len);
 * if (n < 0) {
 *   SrtpStatus why = SrtpStatus.of(n);   // AUTH_FAIL, REPLAY_OLD, ...
 *   return;                              // counted already; drop the packet
 * }
 * }</pre>
 */
public enum SrtpStatus {
  /** The packet was processed; the result is its new length. */
  OK(0),
  /** The authentication tag did not verify (tampered, wrong key or truncated packet). */
  AUTH_FAIL(1),
  /** This packet index was already accepted (RFC 3711 §3.3.2). */
  REPLAY_DUPLICATE(2),
  /** The packet index is older than the replay window (RFC 3711 §3.3.2). */
  REPLAY_OLD(3),
  /** Not an RTP/RTCP packet this profile can process: bad version, lengths or header. */
  INVALID_PACKET(4),
  /** The key reached its lifetime: 2^48 SRTP or 2^31 SRTCP packets (RFC 3711 §9.2). Rekey. */
  KEY_EXPIRED(5),
  /** The buffer has no room after the packet for the tag (and SRTCP trailer). */
  BUFFER_TOO_SMALL(6),
  /** The crypto provider failed in a way that is not the packet's fault. */
  CRYPTO_ERROR(7);

  private static final SrtpStatus[] BY_CODE = values();

  private final int code;

  SrtpStatus(int code) {
    this.code = code;
  }

  /** A positive number identifying this status; packet methods return {@code -code()}. */
  public int code() {
    return code;
  }

  /** The result that a packet method returns for this failure: {@code -code()}. */
  public int result() {
    return -code;
  }

  /**
   * The status of a packet method's result: {@link #OK} for a length (zero or more), the failure
   * otherwise.
   */
  public static SrtpStatus of(int result) {
    if (result >= 0) {
      return OK;
    }
    int c = -result;
    return c < BY_CODE.length ? BY_CODE[c] : CRYPTO_ERROR;
  }
}
