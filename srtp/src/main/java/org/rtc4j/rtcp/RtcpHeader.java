package org.rtc4j.rtcp;

/**
 * Allocation-free reads of RTCP headers, for routing a packet before (or instead of) parsing it
 * with {@link Rtcp}: walk a compound packet with {@link #next}, look at each packet's type, format
 * and SSRCs.
 *
 * <pre>{@code
 * for (int p = off; p >= 0; p = RtcpHeader.next(buf, p, off + len)) {
 *   if (RtcpHeader.packetType(buf, p) == RtcpPacket.PSFB && RtcpHeader.count(buf, p) == 1) {
 *     requestKeyFrame(RtcpHeader.mediaSsrc(buf, p));        // PLI
 *   }
 * }
 * }</pre>
 */
public final class RtcpHeader {
  private RtcpHeader() {}

  /**
   * Offset of the packet after the one at {@code p}, or -1 at the end of {@code [.., end)} or if
   * the header at {@code p} is not a valid version 2 header that fits.
   */
  public static int next(byte[] b, int p, int end) {
    if (p < 0 || end - p < 4 || (b[p] & 0xC0) != 0x80) {
      return -1;
    }
    int n = 4 * (Bytes.u16(b, p + 2) + 1);
    if (n > end - p) {
      return -1;
    }
    return p + n < end ? p + n : -1;
  }

  /** Whether {@code [p, end)} starts with a valid header whose packet fits. */
  public static boolean valid(byte[] b, int p, int end) {
    return p >= 0 && end - p >= 4 && (b[p] & 0xC0) == 0x80 && 4 * (Bytes.u16(b, p + 2) + 1) <= end - p;
  }

  /** The packet type (PT). */
  public static int packetType(byte[] b, int p) {
    return b[p + 1] & 0xFF;
  }

  /** The 5-bit count field: RC, SC, APP subtype or feedback FMT. */
  public static int count(byte[] b, int p) {
    return b[p] & 0x1F;
  }

  /** Packet length in bytes from its length field. */
  public static int length(byte[] b, int p) {
    return 4 * (Bytes.u16(b, p + 2) + 1);
  }

  /** The SSRC after the header (sender of SR/RR/feedback, first chunk of SDES, first of BYE). */
  public static int senderSsrc(byte[] b, int p) {
    return Bytes.i32(b, p + 4);
  }

  /** The media source SSRC of a feedback message (RFC 4585 §6.1); needs 12 bytes. */
  public static int mediaSsrc(byte[] b, int p) {
    return Bytes.i32(b, p + 8);
  }
}
