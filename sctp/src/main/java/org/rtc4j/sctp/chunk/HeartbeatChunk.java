package org.rtc4j.sctp.chunk;

import java.util.List;

/**
 * HEARTBEAT (RFC 9260 §3.3.5) and HEARTBEAT ACK (§3.3.6): one Heartbeat Info parameter (type 1)
 * whose opaque value the receiver echoes back.
 */
public record HeartbeatChunk(boolean ack, byte[] info) implements Chunk {
  @Override
  public int type() {
    return ack ? ChunkType.HEARTBEAT_ACK : ChunkType.HEARTBEAT;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    return 4 + info.length;
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    Parameter.writeTlv(dst, off, Parameter.HEARTBEAT_INFO, info);
  }

  static HeartbeatChunk parse(boolean ack, byte[] b, int off, int len) throws SctpParseException {
    List<Parameter> params = Parameter.parseList(b, off, len);
    Parameter info = Parameter.find(params, Parameter.HEARTBEAT_INFO);
    if (info == null) {
      throw new SctpParseException(SctpParseException.Reason.BAD_VALUE, off, "HEARTBEAT without Heartbeat Info");
    }
    return new HeartbeatChunk(ack, info.value());
  }
}
