package org.rtc4j.sctp.chunk;

/** A chunk rtc4j does not implement, kept raw (its type's upper bits say what to do with it). */
public record UnknownChunk(int type, int flags, byte[] value) implements Chunk {
  public UnknownChunk {
    type &= 0xFF;
    flags &= 0xFF;
  }

  @Override
  public int valueLength() {
    return value.length;
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    System.arraycopy(value, 0, dst, off, value.length);
  }
}
