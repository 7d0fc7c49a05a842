package org.rtc4j.peer.internal;

/**
 * Packets recently sent on one RTP stream, kept to answer NACKs (RFC 4585 §6.2.1) by
 * retransmission (RFC 4588): a ring indexed by sequence number whose slots hold buffers from the
 * loop's {@link BufferPool}. A packet stays at most {@code maxAgeNanos}; older ones give their
 * buffer back as new packets arrive, so a stream holds about one age's worth of packets and an
 * idle stream none. The ring starts small and doubles up to {@code maxPackets}.
 *
 * <p>What a slot holds is the caller's choice: the unprotected packet when retransmissions go out
 * as RTX (re-protected under the RTX stream's own sequence numbers), or the protected packet when
 * they are sent again as they were (an SRTP index is never protected twice).
 */
final class SendHistory {
  private final BufferPool pool;
  private final int maxPackets;
  private final long maxAgeNanos;
  private byte[][] data = new byte[0][];
  private int[] seqs = new int[0];
  private int[] lengths = new int[0];
  private long[] sentAt = new long[0];
  private int oldest = -1; // sequence number of the oldest packet held, -1 when empty
  private int newest = -1;
  private int held;

  SendHistory(BufferPool pool, int maxPackets, long maxAgeNanos) {
    if (Integer.bitCount(maxPackets) != 1) {
      throw new IllegalArgumentException("maxPackets must be a power of two: " + maxPackets);
    }
    this.pool = pool;
    this.maxPackets = maxPackets;
    this.maxAgeNanos = maxAgeNanos;
  }

  /** Keeps a copy of {@code packet[off, off + len)} sent as {@code seq} at {@code nowNanos}. */
  void store(long nowNanos, int seq, byte[] packet, int off, int len) {
    if (len > BufferPool.BUFFER_SIZE) {
      return;
    }
    expire(nowNanos);
    if (held > 0 && ((seq - newest) & 0xFFFF) >= 0x8000) {
      return; // older than what we hold: not a new packet
    }
    if (held > 0) {
      int span = ((seq - oldest) & 0xFFFF) + 1;
      if (span > data.length) {
        grow(span);
      }
      while (held > 0 && ((seq - oldest) & 0xFFFF) >= data.length) {
        drop(oldest);
        advanceOldest();
      }
    } else if (data.length == 0) {
      grow(1);
    }
    int i = seq & (data.length - 1);
    if (data[i] != null && seqs[i] != seq) {
      pool.give(data[i]);
      data[i] = null;
      held--;
    }
    if (data[i] == null) {
      data[i] = pool.take();
      held++;
    }
    System.arraycopy(packet, off, data[i], 0, len);
    seqs[i] = seq;
    lengths[i] = len;
    sentAt[i] = nowNanos;
    if (oldest < 0 || held == 1) {
      oldest = seq;
    }
    newest = seq;
  }

  /** The buffer holding {@code seq} (its first {@link #length} bytes), or null. */
  byte[] find(int seq) {
    if (data.length == 0) {
      return null;
    }
    int i = seq & (data.length - 1);
    return data[i] != null && seqs[i] == seq ? data[i] : null;
  }

  /** The length of the packet {@link #find} returned for {@code seq}. */
  int length(int seq) {
    return lengths[seq & (data.length - 1)];
  }

  /** When {@code seq} (held) was first sent. */
  long sentAt(int seq) {
    return sentAt[seq & (data.length - 1)];
  }

  /** The sequence number of the newest packet held, or -1. */
  int newest() {
    return held == 0 ? -1 : newest;
  }

  /** Packets held now. */
  int size() {
    return held;
  }

  /** Gives every buffer back. */
  void clear() {
    for (int i = 0; i < data.length; i++) {
      if (data[i] != null) {
        pool.give(data[i]);
        data[i] = null;
      }
    }
    held = 0;
    oldest = newest = -1;
  }

  private void expire(long nowNanos) {
    while (held > 0) {
      int i = oldest & (data.length - 1);
      if (data[i] != null && seqs[i] == oldest && nowNanos - sentAt[i] <= maxAgeNanos) {
        return;
      }
      drop(oldest);
      if (held == 0) {
        oldest = newest = -1;
        return;
      }
      advanceOldest();
    }
  }

  private void drop(int seq) {
    int i = seq & (data.length - 1);
    if (data[i] != null && seqs[i] == seq) {
      pool.give(data[i]);
      data[i] = null;
      held--;
    }
  }

  private void advanceOldest() {
    if (held == 0) {
      oldest = newest = -1;
      return;
    }
    do {
      oldest = (oldest + 1) & 0xFFFF;
    } while (find(oldest) == null && oldest != newest);
  }

  private void grow(int span) {
    int n = Math.max(16, data.length);
    while (n < span && n < maxPackets) {
      n <<= 1;
    }
    if (n == data.length) {
      return;
    }
    byte[][] d = new byte[n][];
    int[] s = new int[n];
    int[] l = new int[n];
    long[] t = new long[n];
    for (int i = 0; i < data.length; i++) {
      if (data[i] != null) {
        int j = seqs[i] & (n - 1);
        d[j] = data[i];
        s[j] = seqs[i];
        l[j] = lengths[i];
        t[j] = sentAt[i];
      }
    }
    data = d;
    seqs = s;
    lengths = l;
    sentAt = t;
  }
}
