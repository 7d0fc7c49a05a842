package org.rtc4j.sctp.chunk;

/** SHUTDOWN (RFC 9260 §3.3.8): the sender's cumulative TSN ack. */
public record ShutdownChunk(int cumulativeTsnAck) implements Chunk {
  @Override
  public int type() {
    return ChunkType.SHUTDOWN;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    return 4;
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    Bytes.put32(dst, off, cumulativeTsnAck);
  }

  static ShutdownChunk parse(byte[] b, int off, int len) throws SctpParseException {
    if (len != 4) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, "SHUTDOWN length " + (len + 4));
    }
    return new ShutdownChunk(Bytes.i32(b, off));
  }
}
