package org.rtc4j.peer.internal.cc;

/**
 * The bitrate that actually got through: bytes of packets the receiver reported, over a sliding
 * window of their arrival times ({@value #WINDOW_NANOS} ns). Unknown (-1) until arrivals span
 * {@value #MIN_SPAN_NANOS} ns. The sender's AIMD decreases to a fraction of it and caps increases
 * by it; a REMB receiver uses it as the incoming bitrate. Entries live in a ring that grows (by
 * doubling, up to {@value #MAX_ENTRIES}) only while the packet rate is still rising.
 */
final class AckedBitrateEstimator {
  static final long WINDOW_NANOS = 500_000_000L;
  static final long MIN_SPAN_NANOS = 150_000_000L;
  static final int MAX_ENTRIES = 1 << 16;

  private long[] arrivals = new long[32]; // grows to what the window holds (audio: 25 in 500 ms)
  private int[] sizes = new int[32];
  private int head;
  private int count;
  private long windowBytes;
  private long firstArrival = Long.MIN_VALUE;
  private long lastArrival = Long.MIN_VALUE;

  /** One received packet (arrival times non-decreasing; an earlier one counts at the latest time). */
  void handlePacket(long arrivalNanos, int sizeBytes) {
    if (firstArrival == Long.MIN_VALUE) {
      firstArrival = arrivalNanos;
    }
    long t = Math.max(arrivalNanos, lastArrival);
    lastArrival = t;
    evict(t);
    if (count == arrivals.length) {
      if (arrivals.length < MAX_ENTRIES) {
        grow();
      } else {
        windowBytes -= sizes[head];
        head = (head + 1) & (arrivals.length - 1);
        count--;
      }
    }
    int i = (head + count) & (arrivals.length - 1);
    arrivals[i] = t;
    sizes[i] = sizeBytes;
    count++;
    windowBytes += sizeBytes;
  }

  private void evict(long now) {
    while (count > 0 && arrivals[head] <= now - WINDOW_NANOS) {
      windowBytes -= sizes[head];
      head = (head + 1) & (arrivals.length - 1);
      count--;
    }
  }

  private void grow() {
    int n = arrivals.length;
    long[] a = new long[2 * n];
    int[] s = new int[2 * n];
    for (int k = 0; k < count; k++) {
      a[k] = arrivals[(head + k) & (n - 1)];
      s[k] = sizes[(head + k) & (n - 1)];
    }
    arrivals = a;
    sizes = s;
    head = 0;
  }

  /** Bits per second over the window ending at the last arrival, or -1 while unknown. */
  long bitrateBps() {
    if (firstArrival == Long.MIN_VALUE || lastArrival - firstArrival < MIN_SPAN_NANOS) {
      return -1;
    }
    long span = Math.min(WINDOW_NANOS, lastArrival - firstArrival);
    if (count > 0 && arrivals[head] > lastArrival - span) {
      // The ring held fewer packets than the window (capped): measure over what it holds.
      span = Math.max(lastArrival - arrivals[head], 1);
    }
    return windowBytes * 8_000_000_000L / span;
  }
}
