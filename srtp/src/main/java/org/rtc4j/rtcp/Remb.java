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

  private int expMantissa() {
    long m = bitrate;
    int exp = 0;
    while (m >= (1 << 18)) {
      m >>>= 1;
      exp++;
    }
    if (exp > 63) {
      throw new IllegalStateException("REMB bitrate out of range");
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
    Bytes.header(dst, off, FMT, PSFB, n);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, 0);
    dst[off + 12] = 'R';
    dst[off + 13] = 'E';
    dst[off + 14] = 'M';
    dst[off + 15] = 'B';
    dst[off + 16] = (byte) ssrcs.size();
    Bytes.put24(dst, off + 17, expMantissa());
    for (int i = 0; i < ssrcs.size(); i++) {
      Bytes.put32(dst, off + 20 + 4 * i, ssrcs.get(i));
    }
    return n;
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
