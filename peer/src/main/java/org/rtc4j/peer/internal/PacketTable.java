package org.rtc4j.peer.internal;

import java.util.Arrays;

/**
 * The packets waiting in the pacer, by handle: the pacer keeps only {@code int} handles, this table
 * keeps what they stand for (a pooled buffer, its length, its sender, and flags: whether its
 * protected copy goes into the send history, whether it is protected already). Handles are reused through a free list; the table grows by
 * doubling and never shrinks, so it allocates nothing in steady state.
 */
final class PacketTable {
  private final BufferPool pool;
  private byte[][] buffers = new byte[16][];
  private int[] lengths = new int[16];
  private Transceiver[] owners = new Transceiver[16];
  private byte[] flags = new byte[16];
  private int[] free = new int[16];
  private int freeCount;
  private int used;

  PacketTable(BufferPool pool) {
    this.pool = pool;
  }

  /** The protected packet goes into its sender's history when it leaves. */
  static final int KEEP_PROTECTED = 1;
  /** Already protected (a copy sent again as it was): it leaves as it is. */
  static final int PROTECTED = 2;

  /** Takes over {@code buf}; returns its handle. */
  int add(byte[] buf, int len, Transceiver owner, int packetFlags) {
    int h;
    if (freeCount > 0) {
      h = free[--freeCount];
    } else {
      if (used == buffers.length) {
        grow();
      }
      h = used++;
    }
    buffers[h] = buf;
    lengths[h] = len;
    owners[h] = owner;
    flags[h] = (byte) packetFlags;
    return h;
  }

  byte[] buffer(int h) {
    return buffers[h];
  }

  int length(int h) {
    return lengths[h];
  }

  Transceiver owner(int h) {
    return owners[h];
  }

  int flags(int h) {
    return flags[h];
  }

  /** Frees the handle; the caller keeps the buffer. */
  void forget(int h) {
    buffers[h] = null;
    owners[h] = null;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = h;
  }

  /** Frees the handle and gives its buffer back to the pool. */
  void release(int h) {
    pool.give(buffers[h]);
    forget(h);
  }

  /** Gives every waiting buffer back (the connection closes). */
  void clear() {
    for (int h = 0; h < used; h++) {
      if (buffers[h] != null) {
        release(h);
      }
    }
  }

  private void grow() {
    int n = buffers.length * 2;
    buffers = Arrays.copyOf(buffers, n);
    lengths = Arrays.copyOf(lengths, n);
    owners = Arrays.copyOf(owners, n);
    flags = Arrays.copyOf(flags, n);
  }
}
