package org.rtc4j.sctp.chunk;

/**
 * I-DATA (RFC 8260 §2.1): a DATA chunk whose fragments carry a 32-bit message identifier and a
 * fragment sequence number, so fragments of different messages can interleave.
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 64   |  Res  |I|U|B|E|       Length = Variable       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                              TSN                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Stream Identifier      |           Reserved            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Message Identifier                       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    Payload Protocol Identifier / Fragment Sequence Number     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                           User Data                           \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The fifth word is the PPID when B is set (the first fragment has FSN 0) and the FSN otherwise.
 */
public record IDataChunk(int tsn, int streamId, int mid, int ppidOrFsn, int flags, byte[] payload) implements Chunk {
  /** Header length, chunk header included. */
  public static final int HEADER_LENGTH = 20;

  public IDataChunk {
    streamId &= 0xFFFF;
    flags &= 0xFF;
  }

  @Override
  public int type() {
    return ChunkType.I_DATA;
  }

  @Override
  public int valueLength() {
    return HEADER_LENGTH - Chunk.HEADER_LENGTH + payload.length;
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    Bytes.put32(dst, off, tsn);
    Bytes.put16(dst, off + 4, streamId);
    Bytes.put16(dst, off + 6, 0);
    Bytes.put32(dst, off + 8, mid);
    Bytes.put32(dst, off + 12, ppidOrFsn);
    System.arraycopy(payload, 0, dst, off + 16, payload.length);
  }

  /** The PPID (first fragment) or 0. */
  public int ppid() {
    return (flags & DataChunk.FLAG_BEGINNING) != 0 ? ppidOrFsn : 0;
  }

  /** The fragment sequence number (0 for the first fragment). */
  public int fsn() {
    return (flags & DataChunk.FLAG_BEGINNING) != 0 ? 0 : ppidOrFsn;
  }

  static IDataChunk parse(int flags, byte[] b, int off, int len) throws SctpParseException {
    if (len < HEADER_LENGTH - Chunk.HEADER_LENGTH) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, "I-DATA shorter than its header");
    }
    byte[] payload = new byte[len - 16];
    System.arraycopy(b, off + 16, payload, 0, payload.length);
    return new IDataChunk(Bytes.i32(b, off), Bytes.u16(b, off + 4), Bytes.i32(b, off + 8), Bytes.i32(b, off + 12), flags, payload);
  }

  /** Message identifier of the I-DATA chunk at {@code chunkOff}. */
  public static int mid(byte[] b, int chunkOff) {
    return Bytes.i32(b, chunkOff + 12);
  }

  /** PPID or FSN of the I-DATA chunk at {@code chunkOff}. */
  public static int ppidOrFsn(byte[] b, int chunkOff) {
    return Bytes.i32(b, chunkOff + 16);
  }

  /** Writes an I-DATA chunk header in place; the payload follows at {@code off + 20}. */
  public static void writeHeader(byte[] b, int off, int flags, int payloadLength, int tsn, int streamId, int mid, int ppidOrFsn) {
    b[off] = (byte) ChunkType.I_DATA;
    b[off + 1] = (byte) flags;
    Bytes.put16(b, off + 2, HEADER_LENGTH + payloadLength);
    Bytes.put32(b, off + 4, tsn);
    Bytes.put16(b, off + 8, streamId);
    Bytes.put16(b, off + 10, 0);
    Bytes.put32(b, off + 12, mid);
    Bytes.put32(b, off + 16, ppidOrFsn);
  }
}
