package org.rtc4j.rtp;

/**
 * Extends 16-bit RTP sequence numbers to a monotonic 64-bit count (RFC 3550 §A.1): each value is
 * placed in the cycle that puts it closest to the previous one, so reordering across the wrap
 * works. The first value unwraps to itself; a late packet from before it unwraps below zero.
 */
public final class SequenceNumberUnwrapper {
  private long last = -1;

  /** Creates an unwrapper that has seen no sequence number yet. */
  public SequenceNumberUnwrapper() {}

  /** The extended sequence number of {@code seq} (0-65535). */
  public long unwrap(int seq) {
    seq &= 0xFFFF;
    if (last < 0) {
      last = seq;
      return seq;
    }
    int delta = (short) (seq - (int) (last & 0xFFFF)); // signed distance in [-32768, 32767]
    long v = last + delta; // negative for a packet sent before the first one seen
    if (v > last) {
      last = v;
    }
    return v;
  }

  /** The highest extended sequence number seen, or -1. */
  public long highest() {
    return last;
  }

  /** Whether 16-bit {@code a} is newer than {@code b}, allowing for wrap (RFC 1982 arithmetic). */
  public static boolean isNewer(int a, int b) {
    return (short) ((a & 0xFFFF) - (b & 0xFFFF)) > 0;
  }

  /** Signed distance from {@code b} to {@code a} in 16-bit sequence space (-32768..32767). */
  public static int distance(int a, int b) {
    return (short) ((a & 0xFFFF) - (b & 0xFFFF));
  }
}
