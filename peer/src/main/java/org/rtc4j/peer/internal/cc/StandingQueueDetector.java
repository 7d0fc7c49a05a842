package org.rtc4j.peer.internal.cc;

/**
 * Measures the standing queue on the path: the one-way delay of each feedback batch's fastest
 * packet (arrival minus send time; the clocks' offset cancels out) above the smallest such delay
 * of the last {@value #WINDOW_SECONDS} seconds. GCC's trendline sees a queue grow, not a queue
 * that stays: after the capacity drops under a deep buffer, the buffer fills before the
 * estimator reacts, and AIMD's 15% margin would take many seconds to empty it while every packet
 * waits in it. {@link DelayBasedEstimator} uses this to hold the rate below the acknowledged
 * bitrate until the queue is gone.
 *
 * <p>A lasting rise of the propagation delay (a route change) reads as a queue until it leaves the
 * window; that costs some rate for up to {@value #WINDOW_SECONDS} seconds.
 */
final class StandingQueueDetector {
  static final int WINDOW_SECONDS = 10;
  private static final long NONE = Long.MAX_VALUE;

  private final long[] bucketMin = new long[WINDOW_SECONDS];
  private final long[] bucketSecond = new long[WINDOW_SECONDS];
  private long batchMin = NONE;
  private long lastSecond = Long.MIN_VALUE;
  private long lastQueueNanos;

  StandingQueueDetector() {
    java.util.Arrays.fill(bucketMin, NONE);
    java.util.Arrays.fill(bucketSecond, Long.MIN_VALUE);
  }

  /** One received packet. */
  void handlePacket(long sendNanos, long arrivalNanos) {
    long d = arrivalNanos - sendNanos;
    batchMin = Math.min(batchMin, d);
    long second = Math.floorDiv(arrivalNanos, 1_000_000_000L);
    lastSecond = Math.max(lastSecond, second);
    int b = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
    if (bucketSecond[b] != second) {
      bucketSecond[b] = second;
      bucketMin[b] = d;
    } else {
      bucketMin[b] = Math.min(bucketMin[b], d);
    }
  }

  /**
   * Ends a batch; returns the standing queue delay in nanos (0 if the batch had no packets: the
   * last value then stands).
   */
  long endBatch() {
    if (batchMin == NONE) {
      return lastQueueNanos;
    }
    long base = NONE;
    for (int i = 0; i < WINDOW_SECONDS; i++) {
      if (bucketSecond[i] > lastSecond - WINDOW_SECONDS) { // a bucket left over from before a pause is stale
        base = Math.min(base, bucketMin[i]);
      }
    }
    lastQueueNanos = Math.max(0, batchMin - base);
    batchMin = NONE;
    return lastQueueNanos;
  }
}
