package org.rtc4j.sctp.internal;

/**
 * Retransmission timeout per RFC 9260 §6.3.1: SRTT and RTTVAR with alpha 1/8 and beta 1/4,
 * RTO = SRTT + 4 RTTVAR clamped to [RTO.Min, RTO.Max], doubled on each timer expiry (§6.3.3 E2)
 * until the next measurement. The variance term has a floor (RFC 6298 §2.3's clock granularity
 * G, here the peer's delayed-SACK time plus margin) so that a quiet, steady link cannot pull the
 * RTO below RTT + delayed SACK.
 */
public final class RtoEstimator {
  private final long minNanos;
  private final long maxNanos;
  private final long minVarianceNanos;
  private long srttNanos = -1;
  private long rttvarNanos;
  private long rtoNanos;

  public RtoEstimator(long initialNanos, long minNanos, long maxNanos, long minVarianceNanos) {
    this.minNanos = minNanos;
    this.maxNanos = maxNanos;
    this.minVarianceNanos = minVarianceNanos;
    this.rtoNanos = clamp(initialNanos);
  }

  /** Feeds one RTT measurement R (§6.3.1 C2, C3). */
  public void measure(long rttNanos) {
    if (rttNanos < 0) {
      return;
    }
    if (srttNanos < 0) {
      srttNanos = rttNanos;
      rttvarNanos = rttNanos / 2;
    } else {
      long delta = Math.abs(srttNanos - rttNanos);
      rttvarNanos = rttvarNanos - (rttvarNanos >> 2) + (delta >> 2);
      srttNanos = srttNanos - (srttNanos >> 3) + (rttNanos >> 3);
    }
    rtoNanos = clamp(srttNanos + Math.max(4 * rttvarNanos, minVarianceNanos));
  }

  /** §6.3.3 E2: RTO = min(2 RTO, RTO.Max). */
  public void backoff() {
    rtoNanos = Math.min(maxNanos, rtoNanos * 2);
  }

  public long rtoNanos() {
    return rtoNanos;
  }

  /** Smoothed RTT, or -1 before the first measurement. */
  public long srttNanos() {
    return srttNanos;
  }

  public long rttvarNanos() {
    return rttvarNanos;
  }

  private long clamp(long v) {
    return Math.max(minNanos, Math.min(maxNanos, v));
  }
}
