package org.rtc4j.peer.internal.cc;

import org.rtc4j.rtcp.Remb;

/**
 * A receive-side estimate for senders that only understand REMB (draft-alvestrand-rmcat-remb-03):
 * the same delay-based estimator the sender runs on transport-wide feedback
 * ({@link DelayBasedEstimator}: 5 ms groups, trendline, adaptive threshold, AIMD), fed here with
 * each packet's abs-send-time and local arrival time, and the incoming bitrate in place of the
 * acknowledged one. This is the receiver-side GCC that draft-ietf-rmcat-gcc-02 describes; one
 * implementation serves both sides, so they cannot drift apart.
 *
 * <p>A REMB goes out every {@value #INTERVAL_NANOS} ns, and at once (but not within
 * {@value #MIN_INTERVAL_NANOS} ns of the last) when the estimate falls below
 * {@value #DECREASE_FRACTION} of what was last sent, naming every media SSRC seen (up to
 * {@value #MAX_SSRCS}). Allocation-free.
 */
public final class RembGenerator {
  static final long INTERVAL_NANOS = 1_000_000_000L;
  static final long MIN_INTERVAL_NANOS = 200_000_000L;
  static final double DECREASE_FRACTION = 0.97;
  static final int MAX_SSRCS = 8;
  private static final long NONE = Long.MIN_VALUE;
  private static final long UNITS_PER_SECOND = 1 << 18;

  private final int senderSsrc;
  private final DelayBasedEstimator estimator;
  private final AckedBitrateEstimator incoming = new AckedBitrateEstimator();
  private final int[] ssrcs = new int[MAX_SSRCS];
  private int ssrcCount;
  private long rttNanos = AimdRateControl.DEFAULT_RTT_NANOS;
  private int lastAbs = -1;
  private long sendUnits;
  private long estimateBps;
  private long lastSentBps = -1;
  private long lastSentNanos = NONE;
  private long rembsSent;

  public RembGenerator(int senderSsrc, CongestionConfig config) {
    this.senderSsrc = senderSsrc;
    this.estimator = new DelayBasedEstimator(config.minBitrateBps(), config.startBitrateBps(),
        config.maxBitrateBps());
    this.estimateBps = config.startBitrateBps();
  }

  /** The round-trip time, from RTCP reports (it sets the additive increase). */
  public void handleRoundTripTime(long rttNanos) {
    if (rttNanos > 0) {
      this.rttNanos = rttNanos;
    }
  }

  /**
   * A media packet arrived now carrying abs-send-time {@code absSendTime24} (the extension's
   * 24-bit value).
   */
  public void handlePacket(long nowNanos, int absSendTime24, int sizeBytes, int mediaSsrc) {
    int abs = absSendTime24 & 0xFFFFFF;
    if (lastAbs < 0) {
      sendUnits = abs;
    } else {
      sendUnits += ((abs - lastAbs) << 8) >> 8; // signed 24-bit step across the 64 s wrap
    }
    lastAbs = abs;
    long sendNanos = sendUnits * 1_000_000_000L / UNITS_PER_SECOND;
    remember(mediaSsrc);
    incoming.handlePacket(nowNanos, sizeBytes);
    estimator.handlePacket(sendNanos, nowNanos, sizeBytes);
    estimateBps = estimator.update(nowNanos, incoming.bitrateBps(), -1, rttNanos);
  }

  private void remember(int ssrc) {
    for (int i = 0; i < ssrcCount; i++) {
      if (ssrcs[i] == ssrc) {
        return;
      }
    }
    if (ssrcCount < MAX_SSRCS) {
      ssrcs[ssrcCount++] = ssrc;
    }
  }

  /** The current receive-side estimate, bits per second. */
  public long estimateBps() {
    return estimateBps;
  }

  /** When a REMB is next due, or {@code Long.MAX_VALUE} before any packet. */
  public long pollTimeout() {
    if (ssrcCount == 0) {
      return Long.MAX_VALUE;
    }
    if (lastSentNanos == NONE) {
      return Long.MIN_VALUE;
    }
    if (estimateBps < DECREASE_FRACTION * lastSentBps) {
      return lastSentNanos + MIN_INTERVAL_NANOS;
    }
    return lastSentNanos + INTERVAL_NANOS;
  }

  /**
   * Writes a REMB at {@code dst[off]} if one is due now.
   *
   * @return its length, or 0 when none is due
   */
  public int pollRemb(long nowNanos, byte[] dst, int off) {
    if (ssrcCount == 0 || (lastSentNanos != NONE && nowNanos < pollTimeout())) {
      return 0;
    }
    lastSentNanos = nowNanos;
    lastSentBps = estimateBps;
    rembsSent++;
    return Remb.write(dst, off, senderSsrc, estimateBps, ssrcs, ssrcCount);
  }

  /** REMB packets written. */
  public long rembsSent() {
    return rembsSent;
  }
}
