package org.rtc4j.peer.internal.cc;

/**
 * The delay-based half of GCC (draft-ietf-rmcat-gcc-02 §5): packets, in arrival order, go through
 * {@link InterArrival} (5 ms send bursts), {@link TrendlineEstimator} and {@link OveruseDetector};
 * {@link #update} then runs {@link AimdRateControl} once per batch of packets (one feedback packet
 * on the sender, one group on a REMB receiver). An over-use seen anywhere in the batch counts, so
 * a short spike between two feedback packets is not lost. A standing queue of more than
 * {@value #DRAIN_THRESHOLD_NANOS} ns ({@link StandingQueueDetector}) holds the estimate at
 * {@code 1 - queueDelay / 1 s} (at least {@value #MIN_DRAIN_SHARE}) of the acknowledged bitrate
 * until it is gone; meanwhile the rate controller may decrease but not increase, and probe
 * results wait. Used by the sender
 * ({@link CongestionController}) with transport-wide feedback and by the receiver
 * ({@link RembGenerator}) with abs-send-time.
 */
final class DelayBasedEstimator {
  static final long DRAIN_THRESHOLD_NANOS = 60_000_000L;
  static final long DRAIN_TIME_NANOS = 1_000_000_000L;
  static final double MIN_DRAIN_SHARE = 0.5;

  private final InterArrival interArrival = new InterArrival();
  private final TrendlineEstimator trendline = new TrendlineEstimator();
  private final OveruseDetector detector = new OveruseDetector();
  private final StandingQueueDetector standingQueue = new StandingQueueDetector();
  private final AimdRateControl rate;
  private long queueDelayNanos;
  private long estimateBps;
  private boolean overuseInBatch;
  private boolean groupsInBatch;

  DelayBasedEstimator(long minBps, long startBps, long maxBps) {
    this.rate = new AimdRateControl(minBps, startBps, maxBps);
    this.estimateBps = startBps;
  }

  /** One received packet: when it was sent and when it arrived (each on its own clock). */
  void handlePacket(long sendNanos, long arrivalNanos, int sizeBytes) {
    standingQueue.handlePacket(sendNanos, arrivalNanos);
    if (interArrival.handlePacket(sendNanos, arrivalNanos, sizeBytes)) {
      double trend = trendline.update(interArrival.sendDeltaNanos(), interArrival.arrivalDeltaNanos(),
          arrivalNanos);
      BandwidthUsage u = detector.detect(trend, interArrival.sendDeltaNanos(), trendline.numDeltas(),
          arrivalNanos);
      overuseInBatch |= u == BandwidthUsage.OVERUSING;
      groupsInBatch = true;
    }
  }

  /**
   * Ends a batch: applies a probe result ({@code probeBps > 0}) unless the path is over-used, then
   * runs the rate controller. Returns the delay-based estimate.
   *
   * @param ackedBps the acknowledged (or, on a receiver, incoming) bitrate, or -1 if unknown
   */
  long update(long nowNanos, long ackedBps, long probeBps, long rttNanos) {
    rate.setRttNanos(rttNanos);
    queueDelayNanos = standingQueue.endBatch();
    BandwidthUsage usage = overuseInBatch ? BandwidthUsage.OVERUSING : detector.state();
    boolean hadGroups = groupsInBatch;
    overuseInBatch = false;
    groupsInBatch = false;
    boolean draining = queueDelayNanos > DRAIN_THRESHOLD_NANOS && ackedBps > 0;
    if (probeBps > 0 && usage != BandwidthUsage.OVERUSING && !draining) {
      rate.setEstimate(probeBps, nowNanos);
    } else if (usage == BandwidthUsage.OVERUSING || (hadGroups && !draining)) {
      rate.update(usage, ackedBps, nowNanos); // while draining, decreases only
    }
    estimateBps = rate.bitrateBps();
    if (draining) {
      // A standing queue: stay under what gets through, by enough to drain it within about a
      // second. The controller's own state is kept and takes over when the queue is gone.
      double share = Math.max(MIN_DRAIN_SHARE, 1.0 - (double) queueDelayNanos / DRAIN_TIME_NANOS);
      estimateBps = Math.min(estimateBps, (long) (share * ackedBps));
    }
    return estimateBps;
  }

  /** The standing queue delay the last batch showed. */
  long queueDelayNanos() {
    return queueDelayNanos;
  }

  long bitrateBps() {
    return estimateBps;
  }

  /** Lowers the estimate outright (no feedback for too long). */
  void reduceTo(long bps, long nowNanos) {
    rate.setEstimate(Math.min(bps, rate.bitrateBps()), nowNanos);
    estimateBps = Math.min(estimateBps, rate.bitrateBps());
  }

  BandwidthUsage usage() {
    return detector.state();
  }

  double trend() {
    return trendline.modifiedTrend();
  }

  double threshold() {
    return detector.threshold();
  }

  boolean nearMax() {
    return rate.nearMax();
  }
}
