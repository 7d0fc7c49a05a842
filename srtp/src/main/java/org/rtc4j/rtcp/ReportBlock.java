package org.rtc4j.rtcp;

/**
 * A reception report block (RFC 3550 §6.4.1), 24 bytes in an SR or RR.
 *
 * <pre>
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * @param ssrc the source reported on
 * @param fractionLost fraction lost since the last report, in 1/256 (0-255)
 * @param cumulativeLost cumulative packets lost, a signed 24-bit value
 * @param highestSequence extended highest sequence number received (unsigned 32)
 * @param jitter interarrival jitter in timestamp units (unsigned 32)
 * @param lastSr middle 32 bits of the NTP timestamp of the last SR (unsigned 32)
 * @param delaySinceLastSr delay since that SR in 1/65536 s (unsigned 32)
 */
public record ReportBlock(int ssrc, int fractionLost, int cumulativeLost, long highestSequence,
    long jitter, long lastSr, long delaySinceLastSr) {
  /** Encoded length in bytes. */
  public static final int LENGTH = 24;

  /** Validates the ranges. */
  public ReportBlock {
    if (fractionLost < 0 || fractionLost > 255) {
      throw new IllegalArgumentException("fraction lost " + fractionLost);
    }
    if (cumulativeLost < -(1 << 23) || cumulativeLost >= (1 << 23)) {
      throw new IllegalArgumentException("cumulative lost " + cumulativeLost);
    }
  }

  static ReportBlock read(byte[] b, int i) {
    return new ReportBlock(ssrcAt(b, i), fractionLostAt(b, i), cumulativeLostAt(b, i), highestSequenceAt(b, i),
        jitterAt(b, i), lastSrAt(b, i), delaySinceLastSrAt(b, i));
  }

  int write(byte[] b, int i) {
    return RtcpWriter.reportBlock(b, i, ssrc, fractionLost, cumulativeLost, highestSequence, jitter, lastSr,
        delaySinceLastSr);
  }

  // Allocation-free reads of a block at b[i] (24 bytes the caller has checked are there).

  /** The SSRC the block at {@code b[i]} reports on. */
  public static int ssrcAt(byte[] b, int i) {
    return Bytes.i32(b, i);
  }

  /** The fraction lost (0-255, in 1/256) of the block at {@code b[i]}. */
  public static int fractionLostAt(byte[] b, int i) {
    return Bytes.u8(b, i + 4);
  }

  /** The cumulative number of packets lost (signed 24 bits) of the block at {@code b[i]}. */
  public static int cumulativeLostAt(byte[] b, int i) {
    int lost = Bytes.u24(b, i + 5);
    return (lost & 0x800000) != 0 ? lost | 0xFF000000 : lost; // sign-extend 24 bits
  }

  /** The extended highest sequence number received of the block at {@code b[i]}. */
  public static long highestSequenceAt(byte[] b, int i) {
    return Bytes.u32(b, i + 8);
  }

  /** The interarrival jitter (timestamp units) of the block at {@code b[i]}. */
  public static long jitterAt(byte[] b, int i) {
    return Bytes.u32(b, i + 12);
  }

  /** LSR, the compact NTP time of the last SR received, of the block at {@code b[i]}. */
  public static long lastSrAt(byte[] b, int i) {
    return Bytes.u32(b, i + 16);
  }

  /** DLSR (1/65536 s) of the block at {@code b[i]}. */
  public static long delaySinceLastSrAt(byte[] b, int i) {
    return Bytes.u32(b, i + 20);
  }
}
