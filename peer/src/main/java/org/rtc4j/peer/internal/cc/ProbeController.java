package org.rtc4j.peer.internal.cc;

/**
 * Decides when to probe the path, and how fast:
 * <ul>
 *   <li>at start-up, two clusters at {@value #INITIAL_FIRST}x and {@value #INITIAL_SECOND}x the
 *       start bitrate;</li>
 *   <li>further probing: while each result reaches {@value #FURTHER_FRACTION} of the last probed
 *       rate, the next cluster doubles the estimate, until the maximum or a result that falls
 *       short (or {@value #FURTHER_TIMEOUT_NANOS} ns without one);</li>
 *   <li>after a large drop (the estimate below {@value #DROP_FRACTION} of its recent peak) while
 *       the sender is application-limited: one cluster at {@value #RECOVERY_FRACTION} of the
 *       peak, within {@value #RECOVERY_WINDOW_NANOS} ns of the drop (a sender that fills the
 *       link finds its rate again by itself; one that does not has no other way);</li>
 *   <li>every {@value #ALR_INTERVAL_NANOS} ns while application-limited, at twice the estimate,
 *       so the estimate stays true while the application sends less than it allows.</li>
 * </ul>
 * Probing never goes above the maximum bitrate. A cluster is at least {@value #MIN_PACKETS} packets
 * and {@value #MIN_DURATION_NANOS} ns worth of bytes at its rate.
 */
final class ProbeController {
  static final double INITIAL_FIRST = 3;
  static final double INITIAL_SECOND = 6;
  static final double FURTHER_FRACTION = 0.7;
  static final long FURTHER_TIMEOUT_NANOS = 1_000_000_000L;
  static final double DROP_FRACTION = 0.66;
  static final double RECOVERY_FRACTION = 0.85;
  static final long RECOVERY_WINDOW_NANOS = 5_000_000_000L;
  static final long PEAK_WINDOW_NANOS = 3_000_000_000L;
  static final long ALR_INTERVAL_NANOS = 5_000_000_000L;
  private static final long NONE = Long.MIN_VALUE;

  static final long MIN_DURATION_NANOS = 15_000_000L;
  static final int MIN_PACKETS = 5;
  private static final int QUEUE = 4;

  private final long maxBps;
  // Clusters waiting to go to the pacer, oldest first (primitives: a probe allocates nothing).
  private final int[] pendingIds = new int[QUEUE];
  private final long[] pendingRates = new long[QUEUE];
  private int pendingCount;
  private int nextId = 1;
  private boolean started;
  private boolean further;
  private long minToProbeFurtherBps;
  private long lastProbeNanos = NONE;
  private long peakBps;
  private long peakNanos = NONE;
  private long dropNanos = NONE;
  private long beforeDropBps;
  private boolean recoveryProbed = true;
  private long probes;

  ProbeController(long maxBps) {
    this.maxBps = maxBps;
  }

  /** Starts probing from {@code startBps} (once; later calls do nothing). */
  void start(long nowNanos, long startBps) {
    if (started) {
      return;
    }
    started = true;
    probe(nowNanos, (long) (INITIAL_FIRST * startBps));
    long second = (long) (INITIAL_SECOND * startBps);
    if (probe(nowNanos, second)) {
      further = second < maxBps;
      minToProbeFurtherBps = (long) (FURTHER_FRACTION * Math.min(second, maxBps));
    }
  }

  /** The estimate after a feedback packet; may queue a probe cluster. */
  void handleEstimate(long nowNanos, long estimateBps, boolean inAlr) {
    if (peakNanos == NONE || estimateBps >= peakBps || nowNanos - peakNanos > PEAK_WINDOW_NANOS) {
      peakBps = estimateBps;
      peakNanos = nowNanos;
    } else if (estimateBps < DROP_FRACTION * peakBps
        && (dropNanos == NONE || nowNanos - dropNanos > RECOVERY_WINDOW_NANOS)) {
      dropNanos = nowNanos;
      beforeDropBps = peakBps;
      recoveryProbed = false;
    }
    if (further) {
      if (nowNanos - lastProbeNanos > FURTHER_TIMEOUT_NANOS) {
        further = false;
      } else if (estimateBps > minToProbeFurtherBps) {
        long next = 2 * estimateBps;
        if (estimateBps >= maxBps || !probe(nowNanos, next)) {
          further = false;
        } else {
          minToProbeFurtherBps = (long) (FURTHER_FRACTION * Math.min(next, maxBps));
          further = next < maxBps;
        }
      }
      return;
    }
    if (!inAlr) {
      return;
    }
    if (!recoveryProbed && nowNanos - dropNanos <= RECOVERY_WINDOW_NANOS && estimateBps < beforeDropBps) {
      recoveryProbed = true;
      probe(nowNanos, (long) (RECOVERY_FRACTION * beforeDropBps));
    } else if (lastProbeNanos == NONE || nowNanos - lastProbeNanos >= ALR_INTERVAL_NANOS) {
      probe(nowNanos, 2 * estimateBps);
    }
  }

  private boolean probe(long nowNanos, long bps) {
    long rate = Math.min(bps, maxBps);
    if (rate <= 0 || pendingCount == QUEUE) {
      return false;
    }
    pendingIds[pendingCount] = nextId++;
    pendingRates[pendingCount] = rate;
    pendingCount++;
    lastProbeNanos = nowNanos;
    probes++;
    return true;
  }

  /** Whether a cluster waits to be sent; {@link #pendingId()} etc. describe the oldest. */
  boolean hasPending() {
    return pendingCount > 0;
  }

  int pendingId() {
    return pendingIds[0];
  }

  long pendingBitrateBps() {
    return pendingRates[0];
  }

  /** Bytes of the oldest waiting cluster: 15 ms at its rate. */
  int pendingMinBytes() {
    return minBytes(pendingRates[0]);
  }

  static int minBytes(long bitrateBps) {
    return (int) Math.max(1, bitrateBps * MIN_DURATION_NANOS / 8_000_000_000L);
  }

  /** Drops the oldest waiting cluster (it went to the pacer). */
  void removePending() {
    System.arraycopy(pendingIds, 1, pendingIds, 0, pendingCount - 1);
    System.arraycopy(pendingRates, 1, pendingRates, 0, pendingCount - 1);
    pendingCount--;
  }

  /** When the next periodic probe in ALR is due. */
  long nextAlrProbeNanos() {
    return lastProbeNanos == NONE ? NONE : lastProbeNanos + ALR_INTERVAL_NANOS;
  }

  long probesSent() {
    return probes;
  }
}
