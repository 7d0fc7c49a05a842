package org.rtc4j.peer.internal.cc;

/**
 * What the sender remembers of each packet it stamped with a transport-wide sequence number:
 * send time, size, probe cluster, and what the feedback said of it. A ring indexed by the
 * extended (wrap-free) sequence number; {@value #DEFAULT_CAPACITY} packets by default (at 1000
 * packets a second, 8 s: far longer than feedback takes). Allocation-free.
 */
final class SendHistory {
  static final int DEFAULT_CAPACITY = 1 << 13;
  static final byte UNACKED = 0;
  static final byte LOST = 1;
  static final byte RECEIVED = 2;

  private final int mask;
  private final long[] seqs;
  private final long[] sendNanos;
  private final int[] sizes;
  private final int[] clusters;
  private final byte[] states;
  private long next;

  SendHistory(int capacityPowerOfTwo) {
    if (Integer.bitCount(capacityPowerOfTwo) != 1 || capacityPowerOfTwo < 16) {
      throw new IllegalArgumentException("capacity must be a power of two >= 16: " + capacityPowerOfTwo);
    }
    mask = capacityPowerOfTwo - 1;
    seqs = new long[capacityPowerOfTwo];
    sendNanos = new long[capacityPowerOfTwo];
    sizes = new int[capacityPowerOfTwo];
    clusters = new int[capacityPowerOfTwo];
    states = new byte[capacityPowerOfTwo];
    java.util.Arrays.fill(seqs, -1);
  }

  /** Records a packet sent now; returns its extended sequence number (low 16 bits go on the wire). */
  long add(long nowNanos, int sizeBytes, int probeClusterId) {
    long seq = next++;
    int i = (int) (seq & mask);
    seqs[i] = seq;
    sendNanos[i] = nowNanos;
    sizes[i] = sizeBytes;
    clusters[i] = probeClusterId;
    states[i] = UNACKED;
    return seq;
  }

  /** The next extended sequence number {@link #add} hands out. */
  long nextSequence() {
    return next;
  }

  /**
   * The extended sequence number of a 16-bit one from feedback: the one nearest to the packets
   * sent last (feedback is about recent packets), so the wrap at 65536 is invisible.
   */
  long unwrap(int seq16) {
    long ref = next - 1;
    int delta = (short) ((seq16 & 0xFFFF) - (int) (ref & 0xFFFF));
    return ref + delta;
  }

  /** The slot of extended sequence {@code seq}, or -1 if it was never sent or is forgotten. */
  int slot(long seq) {
    if (seq < 0 || seq >= next) {
      return -1;
    }
    int i = (int) (seq & mask);
    return seqs[i] == seq ? i : -1;
  }

  long sendNanos(int slot) {
    return sendNanos[slot];
  }

  int size(int slot) {
    return sizes[slot];
  }

  int probeCluster(int slot) {
    return clusters[slot];
  }

  byte state(int slot) {
    return states[slot];
  }

  void setState(int slot, byte state) {
    states[slot] = state;
  }

  int capacity() {
    return mask + 1;
  }
}
