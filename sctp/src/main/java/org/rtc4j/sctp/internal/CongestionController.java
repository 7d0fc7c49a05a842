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
 * In {@link CongestionControl#LOSS_TOLERANT} the SACK-detected loss response waits for the end
 * of the round trip in which the loss was seen and applies only if more than 2% of the bytes of
 * that round were lost.
 */
public final class CongestionController {
  /** BBRv2's loss threshold: rounds with at most this share of lost bytes are not congestion. */
  private static final double LOSS_THRESHOLD = 0.02;

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
   * Chunks were marked for fast retransmission (§7.2.4).
   *
   * @param lostBytes their size
   * @param highestOutstandingTsn the highest TSN sent (the fast recovery exit point)
   */
  public void onLossDetected(long lostBytes, int highestOutstandingTsn) {
    if (lossTolerant) {
      roundLostBytes += lostBytes;
      if (!roundActive) {
        roundActive = true;
        roundEndTsn = highestOutstandingTsn;
      }
      return;
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
    if (roundLostBytes > 0 && total > 0 && roundLostBytes > LOSS_THRESHOLD * total && !inFastRecovery) {
      reduce();
      inFastRecovery = true;
      fastRecoveryExitTsn = highestSentTsn;
    }
    roundEndTsn = highestSentTsn;
    roundAckedBytes = 0;
    roundLostBytes = 0;
  }

  private void reduce() {
    ssthresh = Math.max(cwnd / 2, 4L * mtu);
    cwnd = ssthresh;
    partialBytesAcked = 0;
    reductions++;
  }
}
