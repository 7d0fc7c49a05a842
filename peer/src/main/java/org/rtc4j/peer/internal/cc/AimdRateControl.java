package org.rtc4j.peer.internal.cc;

/**
 * The rate controller of draft-ietf-rmcat-gcc-02 §5.5: a three-state machine (hold, increase,
 * decrease) driven by the over-use signal. Increase is multiplicative (8% per second) while the
 * link's capacity is unknown and additive (about one packet per response time, RTT + 100 ms)
 * once a decrease has shown where it lies; decrease sets the rate to {@value #BETA} times the
 * acknowledged bitrate. An increase never takes the rate above 1.5 times the acknowledged bitrate
 * plus 10 kbit/s, so an application-limited sender does not talk itself into an estimate it never
 * tested.
 */
final class AimdRateControl {
  static final double BETA = 0.85;
  static final double MULTIPLICATIVE_PER_SECOND = 1.08;
  static final long DEFAULT_RTT_NANOS = 200_000_000L;
  static final long MIN_INCREASE_BPS_PER_SECOND = 4_000;
  private static final int HOLD = 0;
  private static final int INCREASE = 1;
  private static final int DECREASE = 2;
  private static final long NONE = Long.MIN_VALUE;

  private final long minBps;
  private final long maxBps;
  private long currentBps;
  private int state = HOLD;
  private boolean nearMax;
  private double avgMaxKbps = -1;
  private double varMaxKbps = 0.4;
  private long lastChangeNanos = NONE;
  private long lastDecreaseNanos = NONE;
  private long rttNanos = DEFAULT_RTT_NANOS;
  private long lastDecreaseBps;

  AimdRateControl(long minBps, long startBps, long maxBps) {
    this.minBps = minBps;
    this.maxBps = maxBps;
    this.currentBps = startBps;
  }

  long bitrateBps() {
    return currentBps;
  }

  void setRttNanos(long rtt) {
    if (rtt > 0) {
      rttNanos = rtt;
    }
  }

  /** Sets the estimate outright (a probe result). */
  void setEstimate(long bps, long nowNanos) {
    currentBps = clamp(bps);
    lastChangeNanos = nowNanos;
  }

  /** Whether a decrease now would be too soon after the last one (within one RTT). */
  private boolean decreasedRecently(long nowNanos, long ackedBps) {
    if (lastDecreaseNanos == NONE) {
      return false;
    }
    long interval = Math.min(Math.max(rttNanos, 10_000_000L), 200_000_000L);
    if (nowNanos - lastDecreaseNanos >= interval) {
      return false;
    }
    // Still far above what gets through: reduce again at once.
    return !(ackedBps > 0 && currentBps / 2 > ackedBps);
  }

  /**
   * Runs one step with the detector's {@code usage} and the acknowledged bitrate ({@code ackedBps},
   * or -1 when not yet known). Returns the new estimate.
   */
  long update(BandwidthUsage usage, long ackedBps, long nowNanos) {
    if (lastChangeNanos == NONE) {
      lastChangeNanos = nowNanos;
    }
    switch (usage) {
      case OVERUSING:
        if (state != DECREASE && !decreasedRecently(nowNanos, ackedBps)) {
          state = DECREASE;
        }
        break;
      case UNDERUSING:
        state = HOLD;
        break;
      default:
        if (state == HOLD) {
          state = INCREASE;
          lastChangeNanos = nowNanos;
        }
        break;
    }
    long next = currentBps;
    if (state == INCREASE) {
      if (ackedBps > 0 && avgMaxKbps >= 0
          && ackedBps / 1000.0 > avgMaxKbps + 3 * Math.sqrt(varMaxKbps * avgMaxKbps)) {
        nearMax = false; // the link got faster: search multiplicatively again
        avgMaxKbps = -1;
      }
      long dt = Math.min(Math.max(0, nowNanos - lastChangeNanos), 1_000_000_000L);
      long increase = nearMax ? additiveIncrease(dt) : multiplicativeIncrease(dt);
      next = currentBps + increase;
      if (ackedBps > 0) {
        long cap = (long) (1.5 * ackedBps) + 10_000;
        next = currentBps > cap ? currentBps : Math.min(next, cap);
      }
      lastChangeNanos = nowNanos;
    } else if (state == DECREASE) {
      long base = ackedBps > 0 ? ackedBps : currentBps;
      next = Math.min(currentBps, (long) (BETA * base));
      if (ackedBps > 0) {
        updateMax(ackedBps / 1000.0);
      }
      nearMax = true;
      lastDecreaseBps = currentBps - next;
      lastDecreaseNanos = nowNanos;
      lastChangeNanos = nowNanos;
      state = HOLD;
    }
    currentBps = clamp(next);
    return currentBps;
  }

  private long multiplicativeIncrease(long dtNanos) {
    double factor = Math.pow(MULTIPLICATIVE_PER_SECOND, dtNanos / 1e9);
    return Math.max((long) (currentBps * (factor - 1)), dtNanos > 0 ? 1_000 : 0);
  }

  private long additiveIncrease(long dtNanos) {
    // About one packet per response time: frames at 30 per second, packets of at most 1200 bytes.
    double bitsPerFrame = currentBps / 30.0;
    double packetsPerFrame = Math.ceil(bitsPerFrame / (1200 * 8));
    double packetBits = bitsPerFrame / packetsPerFrame;
    double responseSeconds = (rttNanos + 100_000_000L) / 1e9;
    double perSecond = Math.max(MIN_INCREASE_BPS_PER_SECOND, packetBits / responseSeconds);
    return (long) (perSecond * dtNanos / 1e9);
  }

  private void updateMax(double kbps) {
    double alpha = 0.05;
    if (avgMaxKbps < 0) {
      avgMaxKbps = kbps;
    } else {
      avgMaxKbps = (1 - alpha) * avgMaxKbps + alpha * kbps;
    }
    double norm = Math.max(avgMaxKbps, 1.0);
    varMaxKbps = (1 - alpha) * varMaxKbps + alpha * (avgMaxKbps - kbps) * (avgMaxKbps - kbps) / norm;
    varMaxKbps = Math.max(0.4, Math.min(2.5, varMaxKbps));
  }

  private long clamp(long bps) {
    return Math.max(minBps, Math.min(maxBps, bps));
  }

  boolean nearMax() {
    return nearMax;
  }

  long lastDecreaseBps() {
    return lastDecreaseBps;
  }
}
