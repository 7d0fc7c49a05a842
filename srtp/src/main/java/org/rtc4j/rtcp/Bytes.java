package org.rtc4j.rtcp;

/** Big-endian reads and writes, and the common header. */
final class Bytes {
  private Bytes() {}

  static int u8(byte[] b, int i) {
    return b[i] & 0xFF;
  }

  static int u16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static int u24(byte[] b, int i) {
    return ((b[i] & 0xFF) << 16) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] & 0xFF);
  }

  static int i32(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  static long u32(byte[] b, int i) {
    return i32(b, i) & 0xFFFFFFFFL;
  }

  static void put16(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 8);
    b[i + 1] = (byte) v;
  }

  static void put24(byte[] b, int i, int v) {
    b[i] = (byte) (v >>> 16);
    b[i + 1] = (byte) (v >>> 8);
    b[i + 2] = (byte) v;
  }

  static void put32(byte[] b, int i, long v) {
    b[i] = (byte) (v >>> 24);
    b[i + 1] = (byte) (v >>> 16);
    b[i + 2] = (byte) (v >>> 8);
    b[i + 3] = (byte) v;
  }

  /** Checks room and writes the common header for a packet of {@code total} bytes. */
  static void header(byte[] dst, int off, int count, int pt, int total) {
    if (off < 0 || off > dst.length - total) {
      throw new IndexOutOfBoundsException("RTCP packet needs " + total + " bytes at " + off);
    }
    dst[off] = (byte) (0x80 | (count & 0x1F));
    dst[off + 1] = (byte) pt;
    put16(dst, off + 2, total / 4 - 1);
  }
}
