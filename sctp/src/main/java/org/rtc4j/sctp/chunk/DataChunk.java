package org.rtc4j.sctp.chunk;

/**
 * DATA (RFC 9260 §3.3.1), with the I (immediate SACK, RFC 7053) flag:
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 0    |  Res  |I|U|B|E|           Length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Stream Identifier S      |   Stream Sequence Number n    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  Payload Protocol Identifier                  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                 User Data (seq n of Stream S)                 \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The static accessors read and write a DATA chunk in place at the chunk's offset.
 */
public record DataChunk(int tsn, int streamId, int ssn, int ppid, int flags, byte[] payload) implements Chunk {
  /** Header length, chunk header included. */
  public static final int HEADER_LENGTH = 16;
  /** E: last fragment. */
  public static final int FLAG_END = 1;
  /** B: first fragment. */
  public static final int FLAG_BEGINNING = 2;
  /** U: unordered. */
  public static final int FLAG_UNORDERED = 4;
  /** I: the receiver should SACK at once (RFC 7053). */
  public static final int FLAG_IMMEDIATE = 8;

  public DataChunk {
    streamId &= 0xFFFF;
    ssn &= 0xFFFF;
    flags &= 0xFF;
  }

  @Override
  public int type() {
    return ChunkType.DATA;
  }

  @Override
  public int valueLength() {
    return HEADER_LENGTH - Chunk.HEADER_LENGTH + payload.length;
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    Bytes.put32(dst, off, tsn);
    Bytes.put16(dst, off + 4, streamId);
    Bytes.put16(dst, off + 6, ssn);
    Bytes.put32(dst, off + 8, ppid);
    System.arraycopy(payload, 0, dst, off + 12, payload.length);
  }

  /** True if U is set. */
  public boolean unordered() {
    return (flags & FLAG_UNORDERED) != 0;
  }

  /** True if B is set. */
  public boolean beginning() {
    return (flags & FLAG_BEGINNING) != 0;
  }

  /** True if E is set. */
  public boolean ending() {
    return (flags & FLAG_END) != 0;
  }

  static DataChunk parse(int flags, byte[] b, int off, int len) throws SctpParseException {
    if (len < HEADER_LENGTH - Chunk.HEADER_LENGTH) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, "DATA shorter than its header");
    }
    byte[] payload = new byte[len - 12];
    System.arraycopy(b, off + 12, payload, 0, payload.length);
    return new DataChunk(Bytes.i32(b, off), Bytes.u16(b, off + 4), Bytes.u16(b, off + 6), Bytes.i32(b, off + 8), flags, payload);
  }

  /** TSN of the DATA chunk starting at {@code chunkOff}. */
  public static int tsn(byte[] b, int chunkOff) {
    return Bytes.i32(b, chunkOff + 4);
  }

  /** Stream identifier of the DATA chunk at {@code chunkOff}. */
  public static int streamId(byte[] b, int chunkOff) {
    return Bytes.u16(b, chunkOff + 8);
  }

  /** Stream sequence number of the DATA chunk at {@code chunkOff}. */
  public static int ssn(byte[] b, int chunkOff) {
    return Bytes.u16(b, chunkOff + 10);
  }

  /** Payload protocol identifier of the DATA chunk at {@code chunkOff}. */
  public static int ppid(byte[] b, int chunkOff) {
    return Bytes.i32(b, chunkOff + 12);
  }

  /** Writes a DATA chunk header in place; the payload follows at {@code off + 16}. */
  public static void writeHeader(byte[] b, int off, int flags, int payloadLength, int tsn, int streamId, int ssn, int ppid) {
    b[off] = (byte) ChunkType.DATA;
    b[off + 1] = (byte) flags;
    Bytes.put16(b, off + 2, HEADER_LENGTH + payloadLength);
    Bytes.put32(b, off + 4, tsn);
    Bytes.put16(b, off + 8, streamId);
    Bytes.put16(b, off + 10, ssn);
    Bytes.put32(b, off + 12, ppid);
  }
}
