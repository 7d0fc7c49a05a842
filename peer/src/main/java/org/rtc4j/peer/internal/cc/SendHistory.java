package org.rtc4j.peer.internal.cc;

/**
 * What the sender remembers of each packet it stamped with a transport-wide sequence number:
 * send time, size, probe cluster, and what the feedback said of it. A ring indexed by the
 * extended (wrap-free) sequence number. It starts small ({@value #INITIAL_CAPACITY} packets) and
 * doubles, up to its maximum, whenever a packet would push out one sent less than
 * {@value #KEEP_NANOS} ns earlier that no feedback has reported yet: an audio-only connection keeps
 * a few kilobytes, a fast video one up to the maximum. Allocation-free once grown.
 */
final class SendHistory {
  static final int INITIAL_CAPACITY = 64;
  static final int DEFAULT_MAX_CAPACITY = 1 << 13;
  static final long KEEP_NANOS = 2_000_000_000L;
  static final byte UNACKED = 0;
  static final byte LOST = 1;
  static final byte RECEIVED = 2;

  private final int maxCapacity;
  private int mask;
  private long[] seqs;
  private long[] sendNanos;
  private int[] sizes;
  private int[] clusters;
  private byte[] states;
  private long next;

  SendHistory(int maxCapacityPowerOfTwo) {
    if (Integer.bitCount(maxCapacityPowerOfTwo) != 1 || maxCapacityPowerOfTwo < 16) {
      throw new IllegalArgumentException("capacity must be a power of two >= 16: " + maxCapacityPowerOfTwo);
    }
    maxCapacity = maxCapacityPowerOfTwo;
    allocate(Math.min(INITIAL_CAPACITY, maxCapacityPowerOfTwo));
  }

  private void allocate(int capacity) {
    mask = capacity - 1;
    seqs = new long[capacity];
    sendNanos = new long[capacity];
    sizes = new int[capacity];
    clusters = new int[capacity];
    states = new byte[capacity];
    java.util.Arrays.fill(seqs, -1);
  }

  /** Records a packet sent now; returns its extended sequence number (low 16 bits go on the wire). */
  long add(long nowNanos, int sizeBytes, int probeClusterId) {
    long seq = next++;
    int i = (int) (seq & mask);
    if (seqs[i] >= 0 && states[i] == UNACKED && nowNanos - sendNanos[i] < KEEP_NANOS && mask + 1 < maxCapacity) {
      grow();
      i = (int) (seq & mask);
    }
    seqs[i] = seq;
    sendNanos[i] = nowNanos;
    sizes[i] = sizeBytes;
    clusters[i] = probeClusterId;
    states[i] = UNACKED;
    return seq;
  }

  private void grow() {
    long[] oldSeqs = seqs;
    long[] oldSend = sendNanos;
    int[] oldSizes = sizes;
    int[] oldClusters = clusters;
    byte[] oldStates = states;
    allocate(2 * oldSeqs.length);
    for (int k = 0; k < oldSeqs.length; k++) {
      if (oldSeqs[k] >= 0) {
        int j = (int) (oldSeqs[k] & mask);
        seqs[j] = oldSeqs[k];
        sendNanos[j] = oldSend[k];
        sizes[j] = oldSizes[k];
        clusters[j] = oldClusters[k];
        states[j] = oldStates[k];
      }
    }
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

  /** The current capacity (grows up to the maximum). */
  int capacity() {
    return mask + 1;
  }

  int maxCapacity() {
    return maxCapacity;
  }
}
