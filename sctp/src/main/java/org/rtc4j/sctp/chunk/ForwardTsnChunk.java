package org.rtc4j.sctp.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * FORWARD TSN (RFC 3758 §3.2) and I-FORWARD-TSN (RFC 8260 §2.3.1): the receiver moves its
 * cumulative TSN to {@code newCumulativeTsn} and skips the listed messages.
 *
 * <pre>
 * FORWARD TSN (type 192)                 I-FORWARD-TSN (type 194)
 * | New Cumulative TSN              |    | New Cumulative TSN                       |
 * | Stream-1       | Stream Seq-1   |    | Stream Identifier | Reserved          |U|
 * | ...                             |    | Message Identifier                       |
 * </pre>
 */
public record ForwardTsnChunk(boolean interleaved, int newCumulativeTsn, List<Skip> skips) implements Chunk {

  /**
   * A skipped message: the stream and its last skipped SSN (FORWARD TSN; {@code unordered} is
   * then false) or MID (I-FORWARD-TSN).
   */
  public record Skip(int streamId, boolean unordered, int messageId) {
    public Skip {
      streamId &= 0xFFFF;
    }
  }

  public ForwardTsnChunk {
    skips = List.copyOf(skips);
  }

  @Override
  public int type() {
    return interleaved ? ChunkType.I_FORWARD_TSN : ChunkType.FORWARD_TSN;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    return 4 + skips.size() * (interleaved ? 8 : 4);
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    Bytes.put32(dst, off, newCumulativeTsn);
    int p = off + 4;
    for (Skip s : skips) {
      Bytes.put16(dst, p, s.streamId());
      if (interleaved) {
        Bytes.put16(dst, p + 2, s.unordered() ? 1 : 0);
        Bytes.put32(dst, p + 4, s.messageId());
        p += 8;
      } else {
        Bytes.put16(dst, p + 2, s.messageId());
        p += 4;
      }
    }
  }

  static ForwardTsnChunk parse(boolean interleaved, byte[] b, int off, int len) throws SctpParseException {
    int entry = interleaved ? 8 : 4;
    if (len < 4 || (len - 4) % entry != 0) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, ChunkType.name(interleaved ? ChunkType.I_FORWARD_TSN : ChunkType.FORWARD_TSN) + " length " + (len + 4));
    }
    int n = (len - 4) / entry;
    List<Skip> skips = new ArrayList<>(n);
    int p = off + 4;
    for (int i = 0; i < n; i++, p += entry) {
      if (interleaved) {
        skips.add(new Skip(Bytes.u16(b, p), (Bytes.u16(b, p + 2) & 1) != 0, Bytes.i32(b, p + 4)));
      } else {
        skips.add(new Skip(Bytes.u16(b, p), false, Bytes.u16(b, p + 2)));
      }
    }
    return new ForwardTsnChunk(interleaved, Bytes.i32(b, off), skips);
  }
}
