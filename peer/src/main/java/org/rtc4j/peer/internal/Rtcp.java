package org.rtc4j.peer.internal;

/**
 * RTCP packet writers and the compound-packet walk (RFC 3550 §6.4, RFC 4585 §6, RFC 5104 §4.3.1).
 * Writers put one packet at {@code b[off]} and return its length; no allocation.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|   RC    |   PT=SR=200   |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         SSRC of sender                        |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |      NTP timestamp (64) | RTP timestamp | packet count | octet count
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * | report blocks: SSRC | fraction lost (8), cumulative lost (24) |
 * |   extended highest seq | jitter | LSR | DLSR                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Rtcp {
  public static final int SR = 200;
  public static final int RR = 201;
  public static final int SDES = 202;
  public static final int BYE = 203;
  public static final int RTPFB = 205;
  public static final int PSFB = 206;
  /** Generic NACK (RFC 4585 §6.2.1). */
  public static final int FMT_NACK = 1;
  /** Picture Loss Indication (RFC 4585 §6.3.1). */
  public static final int FMT_PLI = 1;
  /** Full Intra Request (RFC 5104 §4.3.1). */
  public static final int FMT_FIR = 4;
  public static final int REPORT_BLOCK_SIZE = 24;

  private Rtcp() {}

  private static void header(byte[] b, int off, int countOrFmt, int pt, int totalLength) {
    b[off] = (byte) (0x80 | (countOrFmt & 0x1F));
    b[off + 1] = (byte) pt;
    Rtp.putU16(b, off + 2, totalLength / 4 - 1);
  }

  /** A sender report with {@code blocks} report blocks already written after its 28 bytes. */
  public static int writeSr(byte[] b, int off, long ssrc, long ntp, long rtpTs, long packets, long octets, int blocks) {
    int len = 28 + blocks * REPORT_BLOCK_SIZE;
    header(b, off, blocks, SR, len);
    Rtp.putU32(b, off + 4, ssrc);
    Rtp.putU32(b, off + 8, ntp >>> 32);
    Rtp.putU32(b, off + 12, ntp);
    Rtp.putU32(b, off + 16, rtpTs);
    Rtp.putU32(b, off + 20, packets);
    Rtp.putU32(b, off + 24, octets);
    return len;
  }

  /** A receiver report with {@code blocks} report blocks already written after its 8 bytes. */
  public static int writeRr(byte[] b, int off, long ssrc, int blocks) {
    int len = 8 + blocks * REPORT_BLOCK_SIZE;
    header(b, off, blocks, RR, len);
    Rtp.putU32(b, off + 4, ssrc);
    return len;
  }

  /** One report block (RFC 3550 §6.4.1). */
  public static void writeReportBlock(byte[] b, int off, long ssrc, int fractionLost, long cumulativeLost,
      long extendedHighestSeq, long jitter, long lsr, long dlsr) {
    Rtp.putU32(b, off, ssrc);
    long lost = Math.max(-0x800000L, Math.min(0x7FFFFFL, cumulativeLost)) & 0xFFFFFF;
    Rtp.putU32(b, off + 4, ((long) (fractionLost & 0xFF) << 24) | lost);
    Rtp.putU32(b, off + 8, extendedHighestSeq);
    Rtp.putU32(b, off + 12, jitter);
    Rtp.putU32(b, off + 16, lsr);
    Rtp.putU32(b, off + 20, dlsr);
  }

  /** SDES with one chunk holding CNAME (RFC 3550 §6.5.1). */
  public static int writeSdesCname(byte[] b, int off, long ssrc, byte[] cname) {
    int chunk = 4 + 2 + cname.length;
    int padded = (chunk + 1 + 3) & ~3; // at least one null octet ends the item list
    int len = 4 + padded;
    header(b, off, 1, SDES, len);
    Rtp.putU32(b, off + 4, ssrc);
    b[off + 8] = 1;
    b[off + 9] = (byte) cname.length;
    System.arraycopy(cname, 0, b, off + 10, cname.length);
    for (int i = off + 10 + cname.length; i < off + len; i++) {
      b[i] = 0;
    }
    return len;
  }

  /**
   * Generic NACK for {@code seqs[0..n)} (ascending, 16-bit), packed into PID/BLP pairs
   * (RFC 4585 §6.2.1).
   */
  public static int writeNack(byte[] b, int off, long senderSsrc, long mediaSsrc, int[] seqs, int n) {
    int p = off + 12;
    int i = 0;
    while (i < n) {
      int pid = seqs[i++];
      int blp = 0;
      while (i < n) {
        int d = (seqs[i] - pid) & 0xFFFF;
        if (d < 1 || d > 16) {
          break;
        }
        blp |= 1 << (d - 1);
        i++;
      }
      Rtp.putU16(b, p, pid);
      Rtp.putU16(b, p + 2, blp);
      p += 4;
    }
    int len = p - off;
    header(b, off, FMT_NACK, RTPFB, len);
    Rtp.putU32(b, off + 4, senderSsrc);
    Rtp.putU32(b, off + 8, mediaSsrc);
    return len;
  }

  /** Picture Loss Indication (RFC 4585 §6.3.1). */
  public static int writePli(byte[] b, int off, long senderSsrc, long mediaSsrc) {
    header(b, off, FMT_PLI, PSFB, 12);
    Rtp.putU32(b, off + 4, senderSsrc);
    Rtp.putU32(b, off + 8, mediaSsrc);
    return 12;
  }

  /** Visits each packet of a compound packet. */
  public interface Visitor {
    /** One packet: its count/format field, type, and bounds (header included). */
    void packet(int countOrFmt, int type, byte[] b, int off, int len);
  }

  /** Walks a compound packet; stops at the first malformed header and returns false then. */
  public static boolean walk(byte[] b, int off, int len, Visitor v) {
    int p = off;
    int end = off + len;
    while (p + 4 <= end) {
      if ((b[p] & 0xC0) != 0x80) {
        return false;
      }
      int plen = 4 * (Rtp.u16(b, p + 2) + 1);
      if (p + plen > end) {
        return false;
      }
      v.packet(b[p] & 0x1F, b[p + 1] & 0xFF, b, p, plen);
      p += plen;
    }
    return p == end;
  }

  /** The NTP timestamp (RFC 5905 format, seconds since 1900 in 32.32 fixed point) for a wall-clock time. */
  public static long ntp(long epochMillis) {
    long seconds = epochMillis / 1000 + 2_208_988_800L;
    long fraction = ((epochMillis % 1000) << 32) / 1000;
    return (seconds << 32) | fraction;
  }
}
