package org.rtc4j.sctp.chunk;

/**
 * One SCTP chunk as an immutable value (RFC 9260 §3.2):
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \                          Chunk Value                          \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The length counts the header and value but not the zero padding to a multiple of four bytes.
 * Parse with {@link SctpPacket#parse} or {@link SctpPacket#parseChunk}; write with
 * {@link #writeTo}. The association's data path reads and writes DATA and SACK in place instead
 * (see {@link DataChunk} and {@link SackChunk} static accessors), so these objects appear only on
 * control paths, in tests and in fuzz targets.
 */
public sealed interface Chunk
    permits DataChunk,
        IDataChunk,
        InitChunk,
        SackChunk,
        HeartbeatChunk,
        AbortChunk,
        ShutdownChunk,
        ErrorChunk,
        CookieEchoChunk,
        SimpleChunk,
        ForwardTsnChunk,
        ReConfigChunk,
        UnknownChunk {

  /** Length of the chunk header. */
  int HEADER_LENGTH = 4;

  /** The chunk type ({@link ChunkType}). */
  int type();

  /** The chunk flags byte. */
  int flags();

  /** Length of the value, without header and padding. */
  int valueLength();

  /** Writes the value (no header, no padding) at {@code off}. */
  void writeValue(byte[] dst, int off);

  /** The chunk length field: header plus value, without padding. */
  default int encodedLength() {
    return HEADER_LENGTH + valueLength();
  }

  /** Writes the chunk with its padding; returns the bytes written (a multiple of four). */
  default int writeTo(byte[] dst, int off) {
    int len = encodedLength();
    dst[off] = (byte) type();
    dst[off + 1] = (byte) flags();
    Bytes.put16(dst, off + 2, len);
    writeValue(dst, off + HEADER_LENGTH);
    int padded = Bytes.pad4(len);
    for (int i = off + len; i < off + padded; i++) {
      dst[i] = 0;
    }
    return padded;
  }
}
