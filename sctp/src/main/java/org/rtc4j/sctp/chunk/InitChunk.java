package org.rtc4j.sctp.chunk;

import java.util.List;

/**
 * INIT (RFC 9260 §3.3.2) and INIT ACK (§3.3.3), which share one layout:
 *
 * <pre>
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Type = 1/2  |  Chunk Flags  |      Chunk Length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Initiate Tag                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Advertised Receiver Window Credit (a_rwnd)          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Number of Outbound Streams   |  Number of Inbound Streams    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          Initial TSN                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * \              Optional/Variable-Length Parameters              \
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Semantic checks (a zero Initiate Tag, zero stream counts) belong to the association.
 */
public record InitChunk(
    boolean ack, int initiateTag, int aRwnd, int outboundStreams, int inboundStreams, int initialTsn, List<Parameter> parameters)
    implements Chunk {
  public InitChunk {
    outboundStreams &= 0xFFFF;
    inboundStreams &= 0xFFFF;
    parameters = List.copyOf(parameters);
  }

  @Override
  public int type() {
    return ack ? ChunkType.INIT_ACK : ChunkType.INIT;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    return 16 + Parameter.listLength(parameters);
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    Bytes.put32(dst, off, initiateTag);
    Bytes.put32(dst, off + 4, aRwnd);
    Bytes.put16(dst, off + 8, outboundStreams);
    Bytes.put16(dst, off + 10, inboundStreams);
    Bytes.put32(dst, off + 12, initialTsn);
    Parameter.writeList(parameters, dst, off + 16);
  }

  /** The first parameter of {@code type}, or null. */
  public Parameter parameter(int type) {
    return Parameter.find(parameters, type);
  }

  /** True if the Supported Extensions parameter lists {@code chunkType} (RFC 5061 §4.2.7). */
  public boolean supportsExtension(int chunkType) {
    Parameter p = parameter(Parameter.SUPPORTED_EXTENSIONS);
    if (p != null) {
      for (byte t : p.value()) {
        if ((t & 0xFF) == chunkType) {
          return true;
        }
      }
    }
    return false;
  }

  static InitChunk parse(boolean ack, byte[] b, int off, int len) throws SctpParseException {
    if (len < 16) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, (ack ? "INIT ACK" : "INIT") + " shorter than 20 bytes");
    }
    return new InitChunk(ack, Bytes.i32(b, off), Bytes.i32(b, off + 4), Bytes.u16(b, off + 8), Bytes.u16(b, off + 10),
        Bytes.i32(b, off + 12), Parameter.parseList(b, off + 16, len - 16));
  }
}
