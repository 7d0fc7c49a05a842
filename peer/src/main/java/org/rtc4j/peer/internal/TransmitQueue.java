package org.rtc4j.peer.internal;

import java.net.InetSocketAddress;

/**
 * The datagrams a core has ready to send, in order: a ring of reusable {@link Datagram} slots that
 * grows with use. A pooled buffer goes back to the {@link BufferPool} once the owner has polled
 * past it, so sending allocates nothing in steady state.
 */
final class TransmitQueue {
  private final BufferPool pool;
  private Datagram[] ring = new Datagram[8];
  private int head;
  private int size;
  private Datagram lastPolled;

  TransmitQueue(BufferPool pool) {
    this.pool = pool;
  }

  /**
   * Queues {@code buffer[offset, offset + length)}. With {@code pooled} the queue owns the buffer
   * and gives it back to the pool after it was sent; otherwise the caller must not reuse it.
   */
  void add(byte[] buffer, int offset, int length, InetSocketAddress source, InetSocketAddress destination,
      boolean pooled) {
    add(buffer, offset, length, source, destination, pooled, 0);
  }

  /** Queues bytes framed for stream connection {@code connection} (0: a UDP datagram), as {@link #add}. */
  void add(byte[] buffer, int offset, int length, InetSocketAddress source, InetSocketAddress destination,
      boolean pooled, long connection) {
    if (size == ring.length) {
      Datagram[] grown = new Datagram[ring.length * 2];
      for (int i = 0; i < size; i++) {
        grown[i] = ring[(head + i) % ring.length];
      }
      ring = grown;
      head = 0;
    }
    int i = (head + size) % ring.length;
    Datagram d = ring[i];
    if (d == null || d == lastPolled) {
      d = ring[i] = new Datagram();
    }
    d.buffer = buffer;
    d.offset = offset;
    d.length = length;
    d.source = source;
    d.destination = destination;
    d.pooled = pooled;
    d.connection = connection;
    size++;
  }

  /** The next datagram, or null; the previous one is released. */
  Datagram poll() {
    release();
    if (size == 0) {
      return null;
    }
    Datagram d = ring[head];
    head = (head + 1) % ring.length;
    size--;
    lastPolled = d;
    return d;
  }

  int size() {
    return size;
  }

  /** Drops everything queued (on close), returning pooled buffers. */
  void clear() {
    release();
    while (size > 0) {
      Datagram d = ring[head];
      head = (head + 1) % ring.length;
      size--;
      if (d.pooled) {
        pool.give(d.buffer);
      }
      d.buffer = null;
    }
  }

  private void release() {
    Datagram d = lastPolled;
    if (d != null) {
      if (d.pooled) {
        pool.give(d.buffer);
      }
      d.buffer = null;
      d.pooled = false;
      lastPolled = null;
    }
  }
}
