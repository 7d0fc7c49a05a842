package org.rtc4j.rtcp;

import java.util.Arrays;

/**
 * A packet of a type (or feedback format) this module does not interpret, such as XR (RFC 3611),
 * kept whole so a compound packet still parses and can be forwarded.
 *
 * @param packetType the PT field
 * @param count the 5-bit count/format field
 * @param body the bytes after the 4-byte header, a multiple of 4
 */
public record UnknownRtcpPacket(int packetType, int count, byte[] body) implements RtcpPacket {

  /** Validates and copies. */
  public UnknownRtcpPacket {
    if (body.length % 4 != 0) {
      throw new IllegalArgumentException("RTCP body must be a multiple of 4 bytes");
    }
    body = body.clone();
  }

  /** The packet's body after its 4-byte header (a copy). */
  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public int encodedLength() {
    return 4 + body.length;
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int n = encodedLength();
    Bytes.header(dst, off, count, packetType, n);
    System.arraycopy(body, 0, dst, off + 4, body.length);
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UnknownRtcpPacket u && u.packetType == packetType && u.count == count
        && Arrays.equals(u.body, body);
  }

  @Override
  public int hashCode() {
    return 31 * packetType + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "UnknownRtcpPacket[pt=" + packetType + ", count=" + count + ", " + body.length + " bytes]";
  }
}
