package org.rtc4j.sctp.chunk;

import java.util.List;

/** OPERATION ERROR (RFC 9260 §3.3.10): one or more error causes; the association stays up. */
public record ErrorChunk(List<ErrorCause> causes) implements Chunk {
  public ErrorChunk {
    causes = List.copyOf(causes);
  }

  @Override
  public int type() {
    return ChunkType.ERROR;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    return ErrorCause.listLength(causes);
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    ErrorCause.writeList(causes, dst, off);
  }

  static ErrorChunk parse(byte[] b, int off, int len) throws SctpParseException {
    return new ErrorChunk(ErrorCause.parseList(b, off, len));
  }
}
