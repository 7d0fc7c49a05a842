package org.rtc4j.peer.internal.cc;

/**
 * The over-use detector of draft-ietf-rmcat-gcc-02 §5.4: compares the trend with an adaptive
 * threshold, signals over-use only when the trend stays above it for more than
 * {@value #OVERUSE_TIME_MS} ms over at least two deltas and is not falling, and under-use as soon
 * as the trend is below minus the threshold. The threshold follows the trend's magnitude, faster
 * upwards ({@value #K_UP}) than downwards ({@value #K_DOWN}), within [{@value #MIN_THRESHOLD},
 * {@value #MAX_THRESHOLD}] ms, so that a flow is not starved by loss-based competitors (§5.4) and
 * not thrown off by a single spike (no update when the trend exceeds it by more than
 * {@value #MAX_ADAPT_OFFSET_MS} ms).
 */
final class OveruseDetector {
  static final double INITIAL_THRESHOLD = 12.5;
  static final double MIN_THRESHOLD = 6;
  static final double MAX_THRESHOLD = 600;
  static final double K_UP = 0.0087;
  static final double K_DOWN = 0.039;
  static final double OVERUSE_TIME_MS = 10;
  static final double MAX_ADAPT_OFFSET_MS = 15;
  static final long MAX_TIME_DELTA_NANOS = 100_000_000L;

  private double threshold = INITIAL_THRESHOLD;
  private long lastUpdateNanos = Long.MIN_VALUE;
  private double timeOverUsingMs = -1;
  private int overuseCount;
  private double prevTrend;
  private BandwidthUsage state = BandwidthUsage.NORMAL;

  /** One trend value after a group delta of {@code sendDeltaNanos}, at {@code nowNanos}. */
  BandwidthUsage detect(double trend, long sendDeltaNanos, int numDeltas, long nowNanos) {
    if (numDeltas < 2) {
      return BandwidthUsage.NORMAL;
    }
    double sendDeltaMs = sendDeltaNanos / 1e6;
    if (trend > threshold) {
      timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
      overuseCount++;
      if (timeOverUsingMs > OVERUSE_TIME_MS && overuseCount > 1 && trend >= prevTrend) {
        timeOverUsingMs = 0;
        overuseCount = 0;
        state = BandwidthUsage.OVERUSING;
      }
    } else if (trend < -threshold) {
      timeOverUsingMs = -1;
      overuseCount = 0;
      state = BandwidthUsage.UNDERUSING;
    } else {
      timeOverUsingMs = -1;
      overuseCount = 0;
      state = BandwidthUsage.NORMAL;
    }
    prevTrend = trend;
    adapt(trend, nowNanos);
    return state;
  }

  private void adapt(double trend, long nowNanos) {
    if (lastUpdateNanos == Long.MIN_VALUE) {
      lastUpdateNanos = nowNanos;
    }
    double magnitude = Math.abs(trend);
    if (magnitude > threshold + MAX_ADAPT_OFFSET_MS) {
      lastUpdateNanos = nowNanos;
      return;
    }
    double k = magnitude < threshold ? K_DOWN : K_UP;
    long dt = Math.min(Math.max(0, nowNanos - lastUpdateNanos), MAX_TIME_DELTA_NANOS);
    threshold += k * (magnitude - threshold) * (dt / 1e6);
    threshold = Math.max(MIN_THRESHOLD, Math.min(MAX_THRESHOLD, threshold));
    lastUpdateNanos = nowNanos;
  }

  BandwidthUsage state() {
    return state;
  }

  double threshold() {
    return threshold;
  }
}
