package org.rtc4j.sctp.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * SACK (RFC 9260 §3.3.4):
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 3    |Chunk  Flags   |      Chunk Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Cumulative TSN Ack                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Advertised Receiver Window Credit (a_rwnd)           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
 * \                              ...                              \
 * |                       Duplicate TSN 1..M                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Gap block start and end are offsets from the cumulative TSN ack. The static accessors read a
 * SACK in place once {@link #check} has accepted it.
 */
public record SackChunk(int cumulativeTsnAck, int aRwnd, List<GapAckBlock> gapAckBlocks, List<Integer> duplicateTsns)
    implements Chunk {

  /** One gap ack block: TSNs cumTsnAck+start .. cumTsnAck+end were received. */
  public record GapAckBlock(int start, int end) {
    public GapAckBlock {
      start &= 0xFFFF;
      end &= 0xFFFF;
    }
  }

  public SackChunk {
    gapAckBlocks = List.copyOf(gapAckBlocks);
    duplicateTsns = List.copyOf(duplicateTsns);
  }

  @Override
  public int type() {
    return ChunkType.SACK;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    return 12 + 4 * gapAckBlocks.size() + 4 * duplicateTsns.size();
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    Bytes.put32(dst, off, cumulativeTsnAck);
    Bytes.put32(dst, off + 4, aRwnd);
    Bytes.put16(dst, off + 8, gapAckBlocks.size());
    Bytes.put16(dst, off + 10, duplicateTsns.size());
    int p = off + 12;
    for (GapAckBlock g : gapAckBlocks) {
      Bytes.put16(dst, p, g.start());
      Bytes.put16(dst, p + 2, g.end());
      p += 4;
    }
    for (int d : duplicateTsns) {
      Bytes.put32(dst, p, d);
      p += 4;
    }
  }

  /**
   * Checks the SACK chunk at {@code chunkOff} whose length field is {@code chunkLen}: its counts
   * must fit its length. Returns null if it is well formed, else what is wrong.
   */
  public static String check(byte[] b, int chunkOff, int chunkLen) {
    if (chunkLen < 16) {
      return "SACK shorter than 16 bytes";
    }
    int n = Bytes.u16(b, chunkOff + 12);
    int m = Bytes.u16(b, chunkOff + 14);
    if (16 + 4 * n + 4 * m > chunkLen) {
      return "SACK counts " + n + "/" + m + " exceed its length " + chunkLen;
    }
    return null;
  }

  /** Cumulative TSN ack of the SACK at {@code chunkOff}. */
  public static int cumulativeTsnAck(byte[] b, int chunkOff) {
    return Bytes.i32(b, chunkOff + 4);
  }

  /** a_rwnd of the SACK at {@code chunkOff}. */
  public static int aRwnd(byte[] b, int chunkOff) {
    return Bytes.i32(b, chunkOff + 8);
  }

  /** Number of gap ack blocks of the SACK at {@code chunkOff}. */
  public static int gapCount(byte[] b, int chunkOff) {
    return Bytes.u16(b, chunkOff + 12);
  }

  /** Number of duplicate TSNs of the SACK at {@code chunkOff}. */
  public static int duplicateCount(byte[] b, int chunkOff) {
    return Bytes.u16(b, chunkOff + 14);
  }

  /** Start offset of gap block {@code i}. */
  public static int gapStart(byte[] b, int chunkOff, int i) {
    return Bytes.u16(b, chunkOff + 16 + 4 * i);
  }

  /** End offset of gap block {@code i}. */
  public static int gapEnd(byte[] b, int chunkOff, int i) {
    return Bytes.u16(b, chunkOff + 18 + 4 * i);
  }

  static SackChunk parse(byte[] b, int off, int len) throws SctpParseException {
    String bad = check(b, off - 4, len + 4);
    if (bad != null) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, bad);
    }
    int n = Bytes.u16(b, off + 8);
    int m = Bytes.u16(b, off + 10);
    List<GapAckBlock> gaps = new ArrayList<>(n);
    int p = off + 12;
    for (int i = 0; i < n; i++, p += 4) {
      gaps.add(new GapAckBlock(Bytes.u16(b, p), Bytes.u16(b, p + 2)));
    }
    List<Integer> dups = new ArrayList<>(m);
    for (int i = 0; i < m; i++, p += 4) {
      dups.add(Bytes.i32(b, p));
    }
    return new SackChunk(Bytes.i32(b, off), Bytes.i32(b, off + 4), gaps, dups);
  }
}
