package org.rtc4j.sctp.internal;

import org.rtc4j.sctp.chunk.Bytes;
import org.rtc4j.sctp.chunk.ChunkType;
import org.rtc4j.sctp.chunk.SackChunk;

/**
 * The receiver's view of TSNs (RFC 9260 §6.2): the cumulative TSN, the TSNs received above it as
 * a bitmap (ring by TSN, growing with the gap span), duplicates since the last SACK, and the
 * SACK writer with gap ack blocks (§3.3.4).
 */
public final class DataTracker {
  /** {@link #observe} outcomes. */
  public static final int NEW = 0;
  public static final int DUPLICATE = 1;
  /** Further beyond the cumulative TSN than the tracker will hold. */
  public static final int TOO_FAR = 2;

  private static final int MAX_DUPLICATES = 32;
  private final int maxSpan;
  private long[] bits = new long[4];
  private int cumTsn;
  private int highestTsn;
  private final int[] duplicates = new int[MAX_DUPLICATES];
  private int duplicateCount;

  /** A tracker for a peer whose first TSN is {@code peerInitialTsn}, holding at most {@code maxSpan} TSNs. */
  public DataTracker(int peerInitialTsn, int maxSpan) {
    this.cumTsn = peerInitialTsn - 1;
    this.highestTsn = cumTsn;
    this.maxSpan = maxSpan;
  }

  public int cumTsn() {
    return cumTsn;
  }

  public int highestTsn() {
    return highestTsn;
  }

  /** True if some TSN above the cumulative TSN is missing. */
  public boolean hasGaps() {
    return highestTsn != cumTsn;
  }

  public boolean hasDuplicates() {
    return duplicateCount > 0;
  }

  /** True if {@code tsn} was already received. */
  public boolean isReceived(int tsn) {
    if (Serial.le(tsn, cumTsn)) {
      return true;
    }
    int d = tsn - cumTsn;
    return d <= capacityBits() && get(tsn);
  }

  /** Records a DATA chunk's TSN. */
  public int observe(int tsn) {
    if (Serial.le(tsn, cumTsn)) {
      addDuplicate(tsn);
      return DUPLICATE;
    }
    int d = tsn - cumTsn;
    if (d > maxSpan) {
      return TOO_FAR;
    }
    if (d > capacityBits()) {
      grow(d);
    }
    if (get(tsn)) {
      addDuplicate(tsn);
      return DUPLICATE;
    }
    if (Serial.lt(highestTsn, tsn)) {
      highestTsn = tsn;
    }
    if (d == 1) {
      cumTsn = tsn;
      advance();
    } else {
      set(tsn);
    }
    return NEW;
  }

  /** RFC 3758 §3.6: treat every TSN up to {@code newCum} as received. Returns false if old. */
  public boolean forwardTo(int newCum) {
    if (Serial.le(newCum, cumTsn)) {
      return false;
    }
    if (Serial.lt(highestTsn, newCum)) {
      // Everything above the cumulative TSN is below newCum: the bitmap empties.
      java.util.Arrays.fill(bits, 0);
      cumTsn = newCum;
      highestTsn = newCum;
      return true;
    }
    for (int t = cumTsn + 1; Serial.le(t, newCum); t++) {
      clear(t);
    }
    cumTsn = newCum;
    advance();
    return true;
  }

  private void advance() {
    while (cumTsn != highestTsn && get(cumTsn + 1)) {
      cumTsn++;
      clear(cumTsn);
    }
  }

  private void addDuplicate(int tsn) {
    if (duplicateCount < MAX_DUPLICATES) {
      duplicates[duplicateCount++] = tsn;
    }
  }

  /** Bytes a SACK takes with every gap block and duplicate reported, capped at {@code max}. */
  public int sackLength(int max) {
    int blocks = countGapBlocks(Integer.MAX_VALUE);
    int len = 16 + 4 * blocks + 4 * duplicateCount;
    return Math.min(len, max & ~3);
  }

  /**
   * Writes a SACK chunk at {@code off} using at most {@code maxLength} bytes (gap blocks, then
   * duplicates, are cut to fit); clears the duplicates. Returns the chunk length (a multiple of 4).
   */
  public int writeSack(byte[] dst, int off, int aRwnd, int maxLength) {
    int room = (maxLength - 16) / 4;
    int blocks = 0;
    int p = off + 16;
    int t = cumTsn + 1;
    while (blocks < room && Serial.lt(t, highestTsn + 1)) {
      int start = nextSet(t);
      if (start == Integer.MIN_VALUE) {
        break;
      }
      int end = nextClear(start) - 1;
      int s = start - cumTsn;
      int e = end - cumTsn;
      if (e > 0xFFFF) {
        break; // beyond what a 16-bit offset can say
      }
      Bytes.put16(dst, p, s);
      Bytes.put16(dst, p + 2, e);
      p += 4;
      blocks++;
      t = end + 1;
    }
    int dups = Math.min(duplicateCount, room - blocks);
    for (int i = 0; i < dups; i++) {
      Bytes.put32(dst, p, duplicates[i]);
      p += 4;
    }
    duplicateCount = 0;
    int len = p - off;
    dst[off] = (byte) ChunkType.SACK;
    dst[off + 1] = 0;
    Bytes.put16(dst, off + 2, len);
    Bytes.put32(dst, off + 4, cumTsn);
    Bytes.put32(dst, off + 8, aRwnd);
    Bytes.put16(dst, off + 12, blocks);
    Bytes.put16(dst, off + 14, dups);
    return len;
  }

  /** For tests: the SACK as a record. */
  public SackChunk toSack(int aRwnd) {
    byte[] tmp = new byte[sackLength(65532)];
    int dupsBefore = duplicateCount;
    int[] saved = java.util.Arrays.copyOf(duplicates, dupsBefore);
    writeSack(tmp, 0, aRwnd, tmp.length);
    System.arraycopy(saved, 0, duplicates, 0, dupsBefore);
    duplicateCount = dupsBefore;
    try {
      return (SackChunk) org.rtc4j.sctp.chunk.SctpPacket.parseChunk(tmp, 0, Bytes.u16(tmp, 2));
    } catch (org.rtc4j.sctp.chunk.SctpParseException e) {
      throw new IllegalStateException(e);
    }
  }

  private int countGapBlocks(int max) {
    int blocks = 0;
    int t = cumTsn + 1;
    while (blocks < max && Serial.lt(t, highestTsn + 1)) {
      int start = nextSet(t);
      if (start == Integer.MIN_VALUE) {
        break;
      }
      blocks++;
      t = nextClear(start);
    }
    return blocks;
  }

  /** First received TSN at or after {@code t} and not above the highest, or MIN_VALUE. */
  private int nextSet(int t) {
    while (Serial.le(t, highestTsn)) {
      int bit = t & (capacityBits() - 1);
      long w = bits[bit >>> 6] >>> (bit & 63);
      if (w != 0) {
        int n = t + Long.numberOfTrailingZeros(w);
        return Serial.le(n, highestTsn) ? n : Integer.MIN_VALUE;
      }
      t += 64 - (bit & 63);
    }
    return Integer.MIN_VALUE;
  }

  /** First missing TSN at or after {@code t} (at most highest + 1). */
  private int nextClear(int t) {
    while (Serial.le(t, highestTsn)) {
      int bit = t & (capacityBits() - 1);
      long w = ~bits[bit >>> 6] >>> (bit & 63);
      if (w != 0) {
        int n = t + Long.numberOfTrailingZeros(w);
        return Serial.le(n, highestTsn + 1) ? n : highestTsn + 1;
      }
      t += 64 - (bit & 63);
    }
    return highestTsn + 1;
  }

  private int capacityBits() {
    return bits.length << 6;
  }

  private boolean get(int tsn) {
    int bit = tsn & (capacityBits() - 1);
    return (bits[bit >>> 6] & (1L << bit)) != 0;
  }

  private void set(int tsn) {
    int bit = tsn & (capacityBits() - 1);
    bits[bit >>> 6] |= 1L << bit;
  }

  private void clear(int tsn) {
    int bit = tsn & (capacityBits() - 1);
    bits[bit >>> 6] &= ~(1L << bit);
  }

  private void grow(int span) {
    int words = bits.length;
    while ((words << 6) < span) {
      words <<= 1;
    }
    long[] old = bits;
    int oldCap = old.length << 6;
    bits = new long[words];
    for (int t = cumTsn + 1; Serial.le(t, highestTsn); t++) {
      int bit = t & (oldCap - 1);
      if ((old[bit >>> 6] & (1L << bit)) != 0) {
        set(t);
      }
    }
  }

  /** Shrinks the bitmap back when nothing is out of order (idle trimming). */
  public void trim() {
    if (!hasGaps() && bits.length > 4) {
      bits = new long[4];
    }
  }
}
