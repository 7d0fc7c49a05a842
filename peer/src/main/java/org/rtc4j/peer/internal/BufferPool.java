package org.rtc4j.peer.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.rtc4j.media.PacketBuffers;
import org.rtc4j.net.EventLoop;

/**
 * Fixed-size packet buffers shared by every connection of one event loop: a plain free list with
 * no locks (loop thread only), in the spirit of Okio's {@code SegmentPool}. A connection takes a
 * buffer when it has to keep a packet beyond the call that brought it (send queue, send history,
 * jitter buffer) and gives it back when done, so its memory follows what it holds now rather
 * than the worst case it might hold, and an idle connection holds none.
 *
 * <p>The free list keeps at most {@link #maxFree()} buffers; beyond that given-back buffers are
 * left to the garbage collector, so the pool shrinks after a burst.
 */
public final class BufferPool implements PacketBuffers {
  /** Every buffer's size: a whole UDP payload at any MTU rtc4j uses, with room for SRTP's tag. */
  public static final int BUFFER_SIZE = 2048;

  private static final Map<EventLoop, BufferPool> BY_LOOP = new ConcurrentHashMap<>();

  private final int maxFree;
  private byte[][] free = new byte[16][];
  private int count;
  private long created;
  private long outstanding;

  /** A pool that keeps up to {@code maxFree} idle buffers. */
  public BufferPool(int maxFree) {
    if (maxFree < 0) {
      throw new IllegalArgumentException("maxFree " + maxFree);
    }
    this.maxFree = maxFree;
  }

  /** The pool of {@code loop}, made on first use and dropped when the loop terminates. */
  public static BufferPool of(EventLoop loop) {
    return BY_LOOP.computeIfAbsent(loop, l -> {
      l.terminationFuture().whenComplete((v, e) -> BY_LOOP.remove(l));
      return new BufferPool(4096);
    });
  }

  /** A buffer of {@link #BUFFER_SIZE} bytes with unspecified content. */
  public byte[] take() {
    outstanding++;
    if (count > 0) {
      byte[] b = free[--count];
      free[count] = null;
      return b;
    }
    created++;
    return new byte[BUFFER_SIZE];
  }

  /** A pooled buffer, or for more than {@link #BUFFER_SIZE} bytes an unpooled one (never kept). */
  @Override
  public byte[] take(int minLength) {
    return minLength <= BUFFER_SIZE ? take() : new byte[minLength];
  }

  /** Gives a buffer from {@link #take()} back; the caller must not touch it afterwards. */
  @Override
  public void give(byte[] buffer) {
    if (buffer == null || buffer.length != BUFFER_SIZE) {
      return;
    }
    outstanding--;
    if (count >= maxFree) {
      return;
    }
    if (count == free.length) {
      byte[][] grown = new byte[Math.min(maxFree, count * 2)][];
      System.arraycopy(free, 0, grown, 0, count);
      free = grown;
    }
    free[count++] = buffer;
  }

  /** Buffers waiting in the free list. */
  public int idle() {
    return count;
  }

  /** Buffers taken and not given back. */
  public long outstanding() {
    return outstanding;
  }

  /** Buffers ever allocated by this pool. */
  public long created() {
    return created;
  }

  /** The most idle buffers kept. */
  public int maxFree() {
    return maxFree;
  }
}
