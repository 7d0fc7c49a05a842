package org.rtc4j.rtcp;

import java.util.List;

/**
 * Receiver estimated maximum bitrate (draft-alvestrand-rmcat-remb-03 §2.2): an application layer
 * feedback message (PT=206, FMT=15) whose FCI starts with "REMB".
 *
 * <pre>
 * |V=2|P| FMT=15  |   PT=206      |             length            |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (0)                     |
 * |  Unique identifier 'R' 'E' 'M' 'B'                            |
 * |  Num SSRC     | BR Exp    |  BR Mantissa                      |
 * |   SSRC feedback                                               |  (repeated)
 * </pre>
 *
 * @param senderSsrc SSRC of the packet sender
 * @param bitrate estimated maximum bitrate in bits per second (as encoded: mantissa * 2^exp)
 * @param ssrcs the media sources the estimate applies to
 */
public record Remb(int senderSsrc, long bitrate, List<Integer> ssrcs) implements RtcpPacket {
  /** The FMT of application layer feedback. */
  public static final int FMT = 15;

  /** Copies the list; bitrates that need more than 18 bits of mantissa are rounded down. */
  public Remb {
    ssrcs = List.copyOf(ssrcs);
    if (ssrcs.size() > 255 || bitrate < 0) {
      throw new IllegalArgumentException("REMB with " + ssrcs.size() + " SSRCs, bitrate " + bitrate);
    }
  }

  /** The 24-bit exponent and mantissa field for {@code bitrate}, rounded down to 18 bits of mantissa. */
  private static int expMantissa(long bitrate) {
    long m = bitrate;
    int exp = 0;
    while (m >= (1 << 18)) {
      m >>>= 1;
      exp++;
    }
    return (exp << 18) | (int) m;
  }

  @Override
  public int packetType() {
    return PSFB;
  }

  @Override
  public int encodedLength() {
    return 20 + 4 * ssrcs.size();
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int n = encodedLength();
    writeHeader(dst, off, senderSsrc, bitrate, ssrcs.size(), n);
    for (int i = 0; i < ssrcs.size(); i++) {
      Bytes.put32(dst, off + 20 + 4 * i, ssrcs.get(i));
    }
    return n;
  }

  /**
   * Writes a REMB for {@code ssrcs[0, count)} at {@code dst[off]} without allocating (a receiver
   * sends one a second, and at once when its estimate drops).
   *
   * @return bytes written ({@code 20 + 4 * count})
   * @throws IndexOutOfBoundsException if it does not fit
   */
  public static int write(byte[] dst, int off, int senderSsrc, long bitrate, int[] ssrcs, int count) {
    if (count < 0 || count > 255 || bitrate < 0) {
      throw new IllegalArgumentException("REMB with " + count + " SSRCs, bitrate " + bitrate);
    }
    int n = 20 + 4 * count;
    writeHeader(dst, off, senderSsrc, bitrate, count, n);
    for (int i = 0; i < count; i++) {
      Bytes.put32(dst, off + 20 + 4 * i, ssrcs[i]);
    }
    return n;
  }

  private static void writeHeader(byte[] dst, int off, int senderSsrc, long bitrate, int count, int n) {
    Bytes.header(dst, off, FMT, PSFB, n);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, 0);
    dst[off + 12] = 'R';
    dst[off + 13] = 'E';
    dst[off + 14] = 'M';
    dst[off + 15] = 'B';
    dst[off + 16] = (byte) count;
    Bytes.put24(dst, off + 17, expMantissa(bitrate));
  }

  /**
   * The bitrate (bits per second) of the REMB that is the RTCP packet {@code b[off, off + len)}
   * (common header first), or -1 if it is not a well-formed REMB. Allocation-free: the sender's
   * path reads it without building the record.
   */
  public static long readBitrate(byte[] b, int off, int len) {
    if (b == null || off < 0 || len < 20 || off > b.length - len || (b[off] & 0xC0) != 0x80
        || (b[off] & 0x1F) != FMT || Bytes.u8(b, off + 1) != PSFB) {
      return -1;
    }
    int n = 4 * (Bytes.u16(b, off + 2) + 1);
    if (n > len || !isRemb(b, off, off + n) || off + 20 + 4 * Bytes.u8(b, off + 16) > off + n) {
      return -1;
    }
    int em = Bytes.u24(b, off + 17);
    int exp = em >>> 18;
    return exp > 63 - 18 ? -1 : (long) (em & 0x3FFFF) << exp;
  }

  /** Whether a PSFB FMT=15 body is a REMB. */
  static boolean isRemb(byte[] b, int off, int end) {
    return end - off >= 20 && b[off + 12] == 'R' && b[off + 13] == 'E' && b[off + 14] == 'M'
        && b[off + 15] == 'B';
  }

  static Remb read(byte[] b, int off, int end) throws RtcpParseException {
    int num = Bytes.u8(b, off + 16);
    if (off + 20 + 4 * num > end) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off,
          "REMB lists " + num + " SSRCs");
    }
    int em = Bytes.u24(b, off + 17);
    int exp = em >>> 18;
    long mantissa = em & 0x3FFFF;
    if (exp > 63 - 18) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off, "REMB exponent " + exp);
    }
    Integer[] s = new Integer[num];
    for (int i = 0; i < num; i++) {
      s[i] = Bytes.i32(b, off + 20 + 4 * i);
    }
    return new Remb(Bytes.i32(b, off + 4), mantissa << exp, List.of(s));
  }
}
