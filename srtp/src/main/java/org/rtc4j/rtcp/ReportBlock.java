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
    int lost = Bytes.u24(b, i + 5);
    if ((lost & 0x800000) != 0) {
      lost |= 0xFF000000; // sign-extend 24 bits
    }
    return new ReportBlock(Bytes.i32(b, i), Bytes.u8(b, i + 4), lost, Bytes.u32(b, i + 8),
        Bytes.u32(b, i + 12), Bytes.u32(b, i + 16), Bytes.u32(b, i + 20));
  }

  void write(byte[] b, int i) {
    Bytes.put32(b, i, ssrc);
    b[i + 4] = (byte) fractionLost;
    Bytes.put24(b, i + 5, cumulativeLost & 0xFFFFFF);
    Bytes.put32(b, i + 8, highestSequence);
    Bytes.put32(b, i + 12, jitter);
    Bytes.put32(b, i + 16, lastSr);
    Bytes.put32(b, i + 20, delaySinceLastSr);
  }
}
