package org.rtc4j.rtp;

/**
 * Extends 32-bit RTP timestamps to a 64-bit count, placing each value in the cycle nearest the
 * previous one (for jitter and A/V sync arithmetic across the wrap, RFC 3550 §5.1).
 */
public final class TimestampUnwrapper {
  private long last = Long.MIN_VALUE;

  /** Creates an unwrapper that has seen no timestamp yet. */
  public TimestampUnwrapper() {}

  /** The extended timestamp of {@code ts} (low 32 bits used). */
  public long unwrap(long ts) {
    ts &= 0xFFFFFFFFL;
    if (last == Long.MIN_VALUE) {
      last = ts;
      return ts;
    }
    int delta = (int) (ts - (last & 0xFFFFFFFFL)); // signed distance
    long v = last + delta;
    if (v > last) {
      last = v;
    }
    return v;
  }

  /** Whether 32-bit {@code a} is newer than {@code b}, allowing for wrap. */
  public static boolean isNewer(long a, long b) {
    return (int) (a - b) > 0;
  }
}
