package org.rtc4j.sctp.chunk;

/** COOKIE ECHO (RFC 9260 §3.3.11): the State Cookie from INIT ACK, returned unchanged. */
public record CookieEchoChunk(byte[] cookie) implements Chunk {
  @Override
  public int type() {
    return ChunkType.COOKIE_ECHO;
  }

  @Override
  public int flags() {
    return 0;
  }

  @Override
  public int valueLength() {
    return cookie.length;
  }

  @Override
  public void writeValue(byte[] dst, int off) {
    System.arraycopy(cookie, 0, dst, off, cookie.length);
  }

  static CookieEchoChunk parse(byte[] b, int off, int len) {
    byte[] c = new byte[len];
    System.arraycopy(b, off, c, 0, len);
    return new CookieEchoChunk(c);
  }
}
