package org.rtc4j.sctp.internal;

import org.rtc4j.sctp.SctpConfig.CongestionControl;

/**
 * cwnd, ssthresh and partial_bytes_acked for the association's one path (RFC 9260 §7.2).
 *
 * <ul>
 *   <li>§7.2.1 slow start while cwnd <= ssthresh: on a SACK that advances the cumulative TSN ack
 *       while cwnd was fully used and not in fast recovery, cwnd grows by at most min(bytes
 *       acked, MTU).
 *   <li>§7.2.2 congestion avoidance: partial_bytes_acked collects newly acked bytes; when it
 *       reaches cwnd (and cwnd was fully used) cwnd grows by one MTU; it resets when nothing is
 *       outstanding.
 *   <li>§7.2.3 and §7.2.4: on loss found by SACK, ssthresh = max(cwnd/2, 4 MTU), cwnd =
 *       ssthresh, once per window (fast recovery until the exit TSN is acked); on T3 expiry
 *       ssthresh = max(cwnd/2, 4 MTU), cwnd = 1 MTU.
 * </ul>
 *
 * In {@link CongestionControl#LOSS_TOLERANT} a loss found by SACK reduces cwnd only if it looks
 * like congestion: the smallest RTT seen over the last round trip shows a standing queue (more
 * than max(minRTT/8, 4 ms) above the minimum RTT of the last 30 s; the smallest, so a burst that
 * queues briefly does not count), or more than 10% of a round trip's bytes were lost
 * (a bottleneck without a queue). Random loss on an uncongested path is repaired without
 * shrinking cwnd. T3 expiry always collapses cwnd as in RFC 9260.
 */
public final class CongestionController {
  /** A round trip losing more than this share of its bytes is congestion whatever the delay says. */
  private static final double HEAVY_LOSS = 0.10;
  private static final long MIN_RTT_WINDOW_NANOS = 30_000_000_000L;
  private static final long MIN_QUEUE_DELAY_NANOS = 4_000_000L;

  private final int mtu;
  private final boolean lossTolerant;
  private final long initialCwnd;
  private long cwnd;
  private long ssthresh;
  private long partialBytesAcked;
  private boolean inFastRecovery;
  private int fastRecoveryExitTsn;
  // LOSS_TOLERANT round accounting.
  private boolean roundActive;
  private int roundEndTsn;
  private long roundAckedBytes;
  private long roundLostBytes;
  private long reductions;
  private long minRttNanos = Long.MAX_VALUE;
  private long minRttStampNanos;
  private long roundMinRttNanos = Long.MAX_VALUE;
  private long previousRoundMinRttNanos = Long.MAX_VALUE;

  public CongestionController(int mtu, long initialCwnd, CongestionControl mode) {
    this.mtu = mtu;
    this.initialCwnd = initialCwnd;
    this.lossTolerant = mode == CongestionControl.LOSS_TOLERANT;
    this.cwnd = initialCwnd;
    this.ssthresh = Long.MAX_VALUE;
  }

  /** §7.2.1: ssthresh starts at the peer's a_rwnd. */
  public void setInitialSsthresh(long peerRwnd) {
    ssthresh = Math.max(peerRwnd, 4L * mtu);
  }

  public long cwnd() {
    return cwnd;
  }

  public long ssthresh() {
    return ssthresh;
  }

  public boolean inFastRecovery() {
    return inFastRecovery;
  }

  /** Times cwnd was reduced for loss. */
  public long reductions() {
    return reductions;
  }

  /**
   * A SACK was processed.
   *
   * @param cumTsnAck the new cumulative TSN ack point
   * @param cumAdvanced the SACK moved it
   * @param newlyAckedBytes bytes of chunks acknowledged for the first time (cumulative or gap)
   * @param flightBeforeBytes bytes in flight before the SACK
   * @param flightAfterBytes bytes in flight after it
   * @param highestSentTsn highest TSN assigned so far
   */
  public void onSack(int cumTsnAck, boolean cumAdvanced, long newlyAckedBytes, long flightBeforeBytes, long flightAfterBytes,
      int highestSentTsn) {
    if (inFastRecovery && Serial.le(fastRecoveryExitTsn, cumTsnAck)) {
      inFastRecovery = false;
    }
    if (lossTolerant) {
      endRoundIfDone(cumTsnAck, newlyAckedBytes, highestSentTsn);
    }
    boolean fullyUsed = flightBeforeBytes + mtu >= cwnd;
    if (cwnd <= ssthresh) {
      if (cumAdvanced && !inFastRecovery && fullyUsed) {
        cwnd += Math.min(newlyAckedBytes, mtu);
      }
    } else if (!inFastRecovery) {
      partialBytesAcked += newlyAckedBytes;
      if (partialBytesAcked >= cwnd) {
        if (!fullyUsed) {
          partialBytesAcked = cwnd;
        } else if (cumAdvanced) {
          partialBytesAcked -= cwnd;
          cwnd += mtu;
        }
      }
    }
    if (flightAfterBytes == 0) {
      partialBytesAcked = 0;
    }
  }

  /**
   * The smallest RTT of the chunks a SACK newly acknowledged that were sent once (LOSS_TOLERANT
   * uses these to tell a standing queue from random loss).
   */
  public void onDelaySample(long rttNanos, long nowNanos) {
    if (rttNanos <= minRttNanos || nowNanos - minRttStampNanos > MIN_RTT_WINDOW_NANOS) {
      minRttNanos = rttNanos;
      minRttStampNanos = nowNanos;
    }
    roundMinRttNanos = Math.min(roundMinRttNanos, rttNanos);
  }

  private boolean queueing() {
    long recent = Math.min(roundMinRttNanos, previousRoundMinRttNanos);
    if (recent == Long.MAX_VALUE || minRttNanos == Long.MAX_VALUE) {
      return true; // no evidence either way: behave as RFC 9260
    }
    return recent - minRttNanos > Math.max(minRttNanos / 8, MIN_QUEUE_DELAY_NANOS);
  }

  /**
   * Chunks were marked for fast retransmission (§7.2.4).
   *
   * @param lostBytes their size
   * @param highestOutstandingTsn the highest TSN sent (the fast recovery exit point)
   */
  public void onLossDetected(long lostBytes, int highestOutstandingTsn) {
    if (lossTolerant) {
      roundLostBytes += lostBytes;
      if (!queueing()) {
        return; // random loss on an uncongested path: repair it, keep cwnd
      }
    }
    if (!inFastRecovery) {
      reduce();
      inFastRecovery = true;
      fastRecoveryExitTsn = highestOutstandingTsn;
    }
  }

  /** §7.2.3: the T3-rtx timer expired. */
  public void onRetransmissionTimeout() {
    ssthresh = Math.max(cwnd / 2, 4L * mtu);
    cwnd = mtu;
    partialBytesAcked = 0;
    inFastRecovery = false;
    roundActive = false;
    roundLostBytes = 0;
    roundAckedBytes = 0;
    reductions++;
  }

  /** §7.2.1: after an idle period longer than RTO, cwnd restarts from the initial window. */
  public void onIdle() {
    cwnd = Math.min(cwnd, Math.max(initialCwnd, 4L * mtu));
    partialBytesAcked = 0;
  }

  private void endRoundIfDone(int cumTsnAck, long newlyAckedBytes, int highestSentTsn) {
    roundAckedBytes += newlyAckedBytes;
    if (!roundActive) {
      roundActive = true;
      roundEndTsn = highestSentTsn;
      roundAckedBytes = 0;
      roundLostBytes = 0;
      return;
    }
    if (Serial.lt(cumTsnAck, roundEndTsn)) {
      return;
    }
    long total = roundAckedBytes + roundLostBytes;
    if (total > 0 && roundLostBytes > HEAVY_LOSS * total && !inFastRecovery) {
      reduce();
      inFastRecovery = true;
      fastRecoveryExitTsn = highestSentTsn;
    }
    roundEndTsn = highestSentTsn;
    roundAckedBytes = 0;
    roundLostBytes = 0;
    if (roundMinRttNanos != Long.MAX_VALUE) {
      previousRoundMinRttNanos = roundMinRttNanos;
    }
    roundMinRttNanos = Long.MAX_VALUE;
  }

  private void reduce() {
    ssthresh = Math.max(cwnd / 2, 4L * mtu);
    cwnd = ssthresh;
    partialBytesAcked = 0;
    reductions++;
  }
}
