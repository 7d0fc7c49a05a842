package org.rtc4j.srtp.internal;

/**
 * A sliding replay window over 64-bit packet indices (RFC 3711 §3.3.2): the highest index accepted
 * and a bitmap of which of the {@code size} indices at and below it were seen.
 *
 * <p>The bitmap is circular: index {@code i} lives at bit {@code i mod size}, so moving the window
 * forward by {@code d} only clears {@code d} bits. Checking and accepting are separate because a
 * packet is accepted only after its tag verifies.
 */
public final class ReplayWindow {
  /** {@link #check} result: never seen and inside (or ahead of) the window. */
  public static final int FRESH = 0;
  /** {@link #check} result: already accepted. */
  public static final int DUPLICATE = 1;
  /** {@link #check} result: below the window. */
  public static final int TOO_OLD = 2;

  private final long[] bits;
  private final int size;
  private long top = -1;

  /** A window of {@code size} packets, rounded up to a power of two (at least 64). */
  public ReplayWindow(int size) {
    if (size < 1 || size > (1 << 24)) {
      throw new IllegalArgumentException("replay window size out of range: " + size);
    }
    int rounded = Math.max(64, Integer.highestOneBit(size - 1) << 1);
    this.bits = new long[rounded >>> 6];
    this.size = rounded;
  }

  /** Window size in packets. */
  public int size() {
    return size;
  }

  /** The highest index accepted, or -1 before the first. */
  public long top() {
    return top;
  }

  /** Whether {@code index} may be accepted: {@link #FRESH}, {@link #DUPLICATE} or {@link #TOO_OLD}. */
  public int check(long index) {
    if (index > top) {
      return FRESH;
    }
    if (top - index >= size) {
      return TOO_OLD;
    }
    int bit = (int) (index & (size - 1));
    return (bits[bit >>> 6] & (1L << bit)) != 0 ? DUPLICATE : FRESH;
  }

  /** Marks {@code index} as seen, sliding the window forward if it is the newest. */
  public void accept(long index) {
    if (index > top) {
      long advance = top < 0 ? size : index - top;
      if (advance >= size) {
        java.util.Arrays.fill(bits, 0L);
      } else {
        for (long i = top + 1; i < index; i++) {
          int b = (int) (i & (size - 1));
          bits[b >>> 6] &= ~(1L << b);
        }
      }
      top = index;
    }
    int bit = (int) (index & (size - 1));
    bits[bit >>> 6] |= 1L << bit;
  }
}
