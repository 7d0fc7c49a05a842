package org.rtc4j.sctp.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * An SCTP packet (RFC 9260 §3): the common header and its chunks.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Source Port Number        |     Destination Port Number   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      Verification Tag                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Checksum                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           Chunk #1 ... #n                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * {@link #parse} and {@link #parseChunk} are the static entry points for tests and fuzzers: they
 * throw only {@link SctpParseException}, whatever the bytes. They do not check the checksum
 * ({@link SctpChecksum#verify} does).
 */
public record SctpPacket(int sourcePort, int destinationPort, int verificationTag, int checksum, List<Chunk> chunks) {
  /** Length of the common header. */
  public static final int COMMON_HEADER_LENGTH = 12;

  public SctpPacket {
    sourcePort &= 0xFFFF;
    destinationPort &= 0xFFFF;
    chunks = List.copyOf(chunks);
  }

  /** Parses a whole packet. An empty chunk list is allowed (the association drops such packets). */
  public static SctpPacket parse(byte[] buf, int off, int len) throws SctpParseException {
    checkRange(buf, off, len);
    if (len < COMMON_HEADER_LENGTH) {
      throw new SctpParseException(SctpParseException.Reason.TRUNCATED, off, "packet of " + len + " bytes has no common header");
    }
    List<Chunk> chunks = new ArrayList<>(2);
    int end = off + len;
    int p = off + COMMON_HEADER_LENGTH;
    while (p < end) {
      int l = chunkLength(buf, p, end);
      if (l < 0) {
        throw new SctpParseException(SctpParseException.Reason.TRUNCATED, p, "chunk length runs past the packet");
      }
      chunks.add(parseChunk(buf, p, l));
      p += Math.min(Bytes.pad4(l), end - p);
    }
    return new SctpPacket(Bytes.u16(buf, off), Bytes.u16(buf, off + 2), Bytes.i32(buf, off + 4), Bytes.i32le(buf, off + 8), chunks);
  }

  /**
   * The length field of the chunk at {@code p} if it is at least 4 and fits before {@code end},
   * else -1. The walk over a packet advances by the padded length (or to the end if the last
   * chunk's padding is missing).
   */
  public static int chunkLength(byte[] buf, int p, int end) {
    if (end - p < Chunk.HEADER_LENGTH) {
      return -1;
    }
    int l = Bytes.u16(buf, p + 2);
    return l < Chunk.HEADER_LENGTH || l > end - p ? -1 : l;
  }

  /** Parses one chunk of {@code len} bytes (its length field, without padding) at {@code off}. */
  public static Chunk parseChunk(byte[] buf, int off, int len) throws SctpParseException {
    checkRange(buf, off, len);
    if (len < Chunk.HEADER_LENGTH || Bytes.u16(buf, off + 2) != len) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, "chunk length field disagrees with " + len);
    }
    int type = Bytes.u8(buf, off);
    int flags = Bytes.u8(buf, off + 1);
    int v = off + Chunk.HEADER_LENGTH;
    int vl = len - Chunk.HEADER_LENGTH;
    switch (type) {
      case ChunkType.DATA: return DataChunk.parse(flags, buf, v, vl);
      case ChunkType.I_DATA: return IDataChunk.parse(flags, buf, v, vl);
      case ChunkType.INIT: return InitChunk.parse(false, buf, v, vl);
      case ChunkType.INIT_ACK: return InitChunk.parse(true, buf, v, vl);
      case ChunkType.SACK: return SackChunk.parse(buf, v, vl);
      case ChunkType.HEARTBEAT: return HeartbeatChunk.parse(false, buf, v, vl);
      case ChunkType.HEARTBEAT_ACK: return HeartbeatChunk.parse(true, buf, v, vl);
      case ChunkType.ABORT: return AbortChunk.parse(flags, buf, v, vl);
      case ChunkType.SHUTDOWN: return ShutdownChunk.parse(buf, v, vl);
      case ChunkType.ERROR: return ErrorChunk.parse(buf, v, vl);
      case ChunkType.COOKIE_ECHO: return CookieEchoChunk.parse(buf, v, vl);
      case ChunkType.COOKIE_ACK:
      case ChunkType.SHUTDOWN_ACK:
      case ChunkType.SHUTDOWN_COMPLETE:
        return SimpleChunk.parse(type, flags, v, vl);
      case ChunkType.FORWARD_TSN: return ForwardTsnChunk.parse(false, buf, v, vl);
      case ChunkType.I_FORWARD_TSN: return ForwardTsnChunk.parse(true, buf, v, vl);
      case ChunkType.RE_CONFIG: return ReConfigChunk.parse(buf, v, vl);
      default: {
        byte[] value = new byte[vl];
        System.arraycopy(buf, v, value, 0, vl);
        return new UnknownChunk(type, flags, value);
      }
    }
  }

  /** Writes the common header (checksum zero until {@link SctpChecksum#seal}); returns 12. */
  public static int writeHeader(byte[] dst, int off, int sourcePort, int destinationPort, int verificationTag) {
    Bytes.put16(dst, off, sourcePort);
    Bytes.put16(dst, off + 2, destinationPort);
    Bytes.put32(dst, off + 4, verificationTag);
    Bytes.put32(dst, off + 8, 0);
    return COMMON_HEADER_LENGTH;
  }

  /** Encodes a packet with its checksum into a new array (control paths and tests). */
  public static byte[] encode(int sourcePort, int destinationPort, int verificationTag, List<? extends Chunk> chunks) {
    int len = COMMON_HEADER_LENGTH;
    for (Chunk c : chunks) {
      len += Bytes.pad4(c.encodedLength());
    }
    byte[] out = new byte[len];
    int p = writeHeader(out, 0, sourcePort, destinationPort, verificationTag);
    for (Chunk c : chunks) {
      p += c.writeTo(out, p);
    }
    new SctpChecksum().seal(out, 0, len);
    return out;
  }

  private static void checkRange(byte[] buf, int off, int len) throws SctpParseException {
    if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
      throw new SctpParseException(SctpParseException.Reason.TRUNCATED, Math.max(off, 0), "range outside the buffer");
    }
  }
}
