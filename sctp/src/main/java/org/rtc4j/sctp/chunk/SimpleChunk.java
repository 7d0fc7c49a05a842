package org.rtc4j.sctp.chunk;

/**
 * A chunk with no value: COOKIE ACK (RFC 9260 §3.3.12), SHUTDOWN ACK (§3.3.9) and SHUTDOWN
 * COMPLETE (§3.3.13, whose T flag means a reflected verification tag).
 */
public record SimpleChunk(int type, int flags) implements Chunk {
  /** T flag of SHUTDOWN COMPLETE. */
  public static final int FLAG_T = 1;

  public SimpleChunk {
    type &= 0xFF;
    flags &= 0xFF;
  }

  /** COOKIE ACK. */
  public static SimpleChunk cookieAck() {
    return new SimpleChunk(ChunkType.COOKIE_ACK, 0);
  }

  /** SHUTDOWN ACK. */
  public static SimpleChunk shutdownAck() {
    return new SimpleChunk(ChunkType.SHUTDOWN_ACK, 0);
  }

  /** SHUTDOWN COMPLETE, with T set when the tag is the sender's own. */
  public static SimpleChunk shutdownComplete(boolean reflectedTag) {
    return new SimpleChunk(ChunkType.SHUTDOWN_COMPLETE, reflectedTag ? FLAG_T : 0);
  }

  @Override
  public int valueLength() {
    return 0;
  }

  @Override
  public void writeValue(byte[] dst, int off) {}

  static SimpleChunk parse(int type, int flags, int off, int len) throws SctpParseException {
    if (len != 0) {
      throw new SctpParseException(SctpParseException.Reason.BAD_LENGTH, off, ChunkType.name(type) + " with a value");
    }
    return new SimpleChunk(type, flags);
  }
}
