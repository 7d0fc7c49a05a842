package org.rtc4j.sctp;

/**
 * Byte arrays for message and fragment storage, in size classes of powers of two and the steps
 * halfway between (64, 96, 128, 192, ... 256 KiB), kept on plain free lists: the steady-state data
 * path takes and returns arrays here instead of allocating. Larger requests are allocated and not
 * kept. Retention is capped ({@code maxRetainedBytes}); {@link #trim()} drops everything kept.
 *
 * <p>Not thread-safe: one pool per event loop (shared by the associations on that loop, which
 * run on its thread) or one per association (the default, trimmed when the association has been
 * idle for a second).
 */
public final class SctpBufferPool {
  private static final int MIN_SHIFT = 6; // 64 bytes
  private static final int MAX_SHIFT = 18; // 256 KiB
  private static final int CLASSES = (MAX_SHIFT - MIN_SHIFT) * 2 + 1;

  private final long maxRetainedBytes;
  private final byte[][][] free = new byte[CLASSES][][];
  private final int[] counts = new int[CLASSES];
  private long retainedBytes;
  private long allocations;

  /** A pool keeping at most {@code maxRetainedBytes} in its free lists. */
  public SctpBufferPool(long maxRetainedBytes) {
    if (maxRetainedBytes < 0) {
      throw new IllegalArgumentException("maxRetainedBytes " + maxRetainedBytes);
    }
    this.maxRetainedBytes = maxRetainedBytes;
  }

  /** An array of at least {@code minLength} bytes (contents unspecified). */
  public byte[] acquire(int minLength) {
    int c = classOf(minLength);
    if (c < 0) {
      allocations++;
      return new byte[minLength];
    }
    int n = counts[c];
    if (n > 0) {
      byte[] b = free[c][--n];
      free[c][n] = null;
      counts[c] = n;
      retainedBytes -= b.length;
      return b;
    }
    allocations++;
    return new byte[sizeOf(c)];
  }

  /** Returns an array obtained from {@link #acquire}; the caller must not use it afterwards. */
  public void release(byte[] b) {
    if (b == null) {
      return;
    }
    int c = classOf(b.length);
    if (c < 0 || sizeOf(c) != b.length || retainedBytes + b.length > maxRetainedBytes) {
      return;
    }
    byte[][] list = free[c];
    if (list == null) {
      list = free[c] = new byte[4][];
    } else if (counts[c] == list.length) {
      list = free[c] = java.util.Arrays.copyOf(list, list.length * 2);
    }
    list[counts[c]++] = b;
    retainedBytes += b.length;
  }

  /** Drops every kept array (their memory goes back to the garbage collector). */
  public void trim() {
    for (int c = 0; c < CLASSES; c++) {
      free[c] = null;
      counts[c] = 0;
    }
    retainedBytes = 0;
  }

  /** Bytes currently kept in the free lists. */
  public long retainedBytes() {
    return retainedBytes;
  }

  /** Arrays allocated so far (misses of the free lists); flat in steady state. */
  public long allocations() {
    return allocations;
  }

  /** The size class for {@code n} bytes, or -1 if larger than the largest class. */
  static int classOf(int n) {
    if (n <= 1 << MIN_SHIFT) {
      return 0;
    }
    int shift = 32 - Integer.numberOfLeadingZeros(n - 1); // ceil(log2 n)
    if (shift > MAX_SHIFT) {
      return -1;
    }
    int c = (shift - MIN_SHIFT) * 2;
    int threeQuarters = (1 << shift) - (1 << (shift - 2));
    return n <= threeQuarters ? c - 1 : c;
  }

  static int sizeOf(int c) {
    int shift = MIN_SHIFT + (c + 1) / 2;
    return (c & 1) == 0 ? 1 << shift : (1 << shift) - (1 << (shift - 2));
  }
}
