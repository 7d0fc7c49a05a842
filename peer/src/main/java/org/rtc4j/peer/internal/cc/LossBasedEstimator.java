package org.rtc4j.peer.internal.cc;

/**
 * The loss-based controller of draft-ietf-rmcat-gcc-02 §6: with less than {@value #LOW_LOSS}
 * of packets lost the bound grows by 8% a second, with more than {@value #HIGH_LOSS} it shrinks to
 * {@code (1 - 0.5 p)} times itself (at most once per RTT + 300 ms), in between it holds. The
 * target is the lower of this bound and the delay-based estimate.
 *
 * <p>One change to the draft, so that random loss of a few percent does not freeze the rate: a
 * bound that no loss above {@value #HIGH_LOSS} has brought down does not bind; it stays at the
 * delay-based estimate (from start-up on, so probe results take effect). Only after a decrease
 * does the bound hold in the 2-10% band, and it stops binding again once it has grown back to the
 * delay-based estimate. Without this, a bound held at whatever it was when random loss began (a
 * start-up probe that read low, say) would cap the rate for good, and if the bound followed the
 * delay-based estimate down instead, each of its dips would ratchet the rate lower.
 *
 * <p>The loss fraction is measured over {@value #ENOUGH_PACKETS} reported packets, or over a
 * second if that brings at least {@value #MIN_PACKETS}: with 20 packets, 5% random loss reads as
 * over 10% one time in thirteen; with 200 the reading stays within a few points of the truth.
 */
final class LossBasedEstimator {
  static final double LOW_LOSS = 0.02;
  static final double HIGH_LOSS = 0.10;
  static final int MIN_PACKETS = 20;
  static final int ENOUGH_PACKETS = 200;
  static final long MIN_WINDOW_NANOS = 1_000_000_000L;
  static final long DECREASE_INTERVAL_NANOS = 300_000_000L;
  private static final long NONE = Long.MIN_VALUE;

  private final long minBps;
  private final long maxBps;
  private long bitrateBps;
  private int expected;
  private int lost;
  private double lossFraction;
  private boolean haveLoss;
  private long lastUpdateNanos = NONE;
  private long lastDecreaseNanos = NONE;
  private long windowStartNanos = NONE;
  private boolean binding;

  LossBasedEstimator(long minBps, long startBps, long maxBps) {
    this.minBps = minBps;
    this.maxBps = maxBps;
    this.bitrateBps = startBps;
  }

  /** Packets a feedback packet reported received and lost (for the first time). */
  void handleReport(int receivedPackets, int lostPackets) {
    expected += receivedPackets + lostPackets;
    lost += lostPackets;
  }

  /** Moves packets counted lost earlier to received (they arrived late, out of order). */
  void handleLateArrival(int packets) {
    lost = Math.max(0, lost - packets);
  }

  /** Runs one step; returns the bound. */
  long update(long nowNanos, long delayBasedBps, long rttNanos) {
    if (windowStartNanos == NONE) {
      windowStartNanos = nowNanos;
    }
    if (expected >= ENOUGH_PACKETS
        || (expected >= MIN_PACKETS && nowNanos - windowStartNanos >= MIN_WINDOW_NANOS)) {
      lossFraction = (double) lost / expected;
      haveLoss = true;
      expected = 0;
      lost = 0;
      windowStartNanos = nowNanos;
    }
    long dt = lastUpdateNanos == NONE ? 0 : Math.min(Math.max(0, nowNanos - lastUpdateNanos), 1_000_000_000L);
    lastUpdateNanos = nowNanos;
    boolean high = haveLoss && lossFraction > HIGH_LOSS;
    boolean mayDecrease = lastDecreaseNanos == NONE
        || nowNanos - lastDecreaseNanos >= DECREASE_INTERVAL_NANOS + rttNanos;
    if (high && mayDecrease) {
      bitrateBps = (long) (Math.min(bitrateBps, delayBasedBps) * (1 - 0.5 * lossFraction));
      lastDecreaseNanos = nowNanos;
      binding = true;
    } else if (!binding) {
      bitrateBps = Math.max(bitrateBps, delayBasedBps);
    } else if (!haveLoss || lossFraction <= LOW_LOSS) {
      double factor = Math.pow(1.08, dt / 1e9);
      long grown = (long) (bitrateBps * factor) + (long) (1000 * dt / 1e9);
      bitrateBps = Math.min(grown, delayBasedBps);
      binding = bitrateBps < delayBasedBps;
    }
    bitrateBps = Math.max(minBps, Math.min(maxBps, bitrateBps));
    return bitrateBps;
  }

  long bitrateBps() {
    return bitrateBps;
  }

  /** Whether the bound limits the target now (after a decrease, until it grows back). */
  boolean binding() {
    return binding;
  }

  /** The last measured loss fraction (0 before any). */
  double lossFraction() {
    return haveLoss ? lossFraction : 0;
  }
}
