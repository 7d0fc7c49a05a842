package org.rtc4j.rtcp;

/**
 * Allocation-free writers for the RTCP packets a media sender and receiver emit on every report
 * interval and every loss: the same wire formats as the {@link RtcpPacket} records (which write
 * through these methods), taking plain values instead of objects so that the packet path makes
 * none.
 *
 * <pre>{@code
 * int p = RtcpWriter.senderReport(buf, 0, ssrc, ntp, rtpTs, packets, octets, 1);
 * p += RtcpWriter.reportBlock(buf, p, remoteSsrc, fraction, lost, highest, jitter, lsr, dlsr);
 * p += RtcpWriter.sdesCname(buf, p, ssrc, cnameBytes);
 * }</pre>
 *
 * Every method checks that the packet fits ({@link IndexOutOfBoundsException} otherwise) and
 * returns the number of bytes written.
 */
public final class RtcpWriter {
  private RtcpWriter() {}

  /**
   * The sender report's header and sender info (RFC 3550 §6.4.1), announcing {@code blocks} report
   * blocks that the caller writes right after it with {@link #reportBlock}.
   *
   * @return 28, the bytes written before the first report block
   */
  public static int senderReport(byte[] dst, int off, int ssrc, long ntpTimestamp, long rtpTimestamp,
      long packetCount, long octetCount, int blocks) {
    checkBlocks(blocks);
    int n = 28 + ReportBlock.LENGTH * blocks;
    Bytes.header(dst, off, blocks, RtcpPacket.SR, n);
    Bytes.put32(dst, off + 4, ssrc);
    Bytes.put32(dst, off + 8, ntpTimestamp >>> 32);
    Bytes.put32(dst, off + 12, ntpTimestamp);
    Bytes.put32(dst, off + 16, rtpTimestamp);
    Bytes.put32(dst, off + 20, packetCount);
    Bytes.put32(dst, off + 24, octetCount);
    return 28;
  }

  /**
   * The receiver report's header (RFC 3550 §6.4.2), announcing {@code blocks} report blocks that
   * follow.
   *
   * @return 8, the bytes written before the first report block
   */
  public static int receiverReport(byte[] dst, int off, int ssrc, int blocks) {
    checkBlocks(blocks);
    Bytes.header(dst, off, blocks, RtcpPacket.RR, 8 + ReportBlock.LENGTH * blocks);
    Bytes.put32(dst, off + 4, ssrc);
    return 8;
  }

  /**
   * One report block (RFC 3550 §6.4.1).
   *
   * @param cumulativeLost signed 24-bit packets lost (clamped to the field's range)
   * @return {@link ReportBlock#LENGTH}
   */
  public static int reportBlock(byte[] dst, int off, int ssrc, int fractionLost, long cumulativeLost,
      long highestSequence, long jitter, long lastSr, long delaySinceLastSr) {
    if (off < 0 || off > dst.length - ReportBlock.LENGTH) {
      throw new IndexOutOfBoundsException("report block needs 24 bytes at " + off);
    }
    long lost = Math.max(-(1 << 23), Math.min((1 << 23) - 1, cumulativeLost));
    Bytes.put32(dst, off, ssrc);
    dst[off + 4] = (byte) Math.max(0, Math.min(255, fractionLost));
    Bytes.put24(dst, off + 5, (int) lost & 0xFFFFFF);
    Bytes.put32(dst, off + 8, highestSequence);
    Bytes.put32(dst, off + 12, jitter);
    Bytes.put32(dst, off + 16, lastSr);
    Bytes.put32(dst, off + 20, delaySinceLastSr);
    return ReportBlock.LENGTH;
  }

  /** An SDES packet with one chunk holding a CNAME (RFC 3550 §6.5.1); {@code cname} ≤ 255 bytes. */
  public static int sdesCname(byte[] dst, int off, int ssrc, byte[] cname) {
    if (cname.length > 255) {
      throw new IllegalArgumentException("CNAME longer than 255 bytes");
    }
    int chunk = (4 + 2 + cname.length + 1 + 3) & ~3; // SSRC, type, length, text, END, pad
    int n = 4 + chunk;
    Bytes.header(dst, off, 1, RtcpPacket.SDES, n);
    Bytes.put32(dst, off + 4, ssrc);
    dst[off + 8] = (byte) SourceDescription.CNAME;
    dst[off + 9] = (byte) cname.length;
    System.arraycopy(cname, 0, dst, off + 10, cname.length);
    for (int i = off + 10 + cname.length; i < off + n; i++) {
      dst[i] = 0; // END, then padding
    }
    return n;
  }

  /**
   * A generic NACK (RFC 4585 §6.2.1) for {@code seqs[0, count)}, usually in increasing order modulo
   * 2^16; a loss joins the entry before it when it is among the 16 after the PID and after
   * the entry's last one, so the entries read back as exactly {@code seqs}, in order, repeats
   * included.
   *
   * @return the bytes written; 0 if {@code count} is 0
   */
  public static int nack(byte[] dst, int off, int senderSsrc, int mediaSsrc, int[] seqs, int count) {
    if (count == 0) {
      return 0;
    }
    int p = off + 12;
    int i = 0;
    while (i < count) {
      int pid = seqs[i] & 0xFFFF;
      int blp = 0;
      int last = 0;
      i++;
      while (i < count) {
        int d = ((seqs[i] & 0xFFFF) - pid) & 0xFFFF;
        if (d <= last || d > 16) {
          break;
        }
        blp |= 1 << (d - 1);
        last = d;
        i++;
      }
      if (p < 0 || p > dst.length - 4) {
        throw new IndexOutOfBoundsException("NACK does not fit at " + off);
      }
      Bytes.put16(dst, p, pid);
      Bytes.put16(dst, p + 2, blp);
      p += 4;
    }
    Bytes.header(dst, off, GenericNack.FMT, RtcpPacket.RTPFB, p - off);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, mediaSsrc);
    return p - off;
  }

  /** The number of FCI entries {@link #nack} writes for {@code seqs[0, count)}. */
  public static int nackEntries(int[] seqs, int count) {
    int entries = 0;
    int i = 0;
    while (i < count) {
      int pid = seqs[i] & 0xFFFF;
      int last = 0;
      i++;
      while (i < count) {
        int d = ((seqs[i] & 0xFFFF) - pid) & 0xFFFF;
        if (d <= last || d > 16) {
          break;
        }
        last = d;
        i++;
      }
      entries++;
    }
    return entries;
  }

  /** A picture loss indication (RFC 4585 §6.3.1). */
  public static int pli(byte[] dst, int off, int senderSsrc, int mediaSsrc) {
    Bytes.header(dst, off, PictureLossIndication.FMT, RtcpPacket.PSFB, 12);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, mediaSsrc);
    return 12;
  }

  /** A BYE (RFC 3550 §6.6) for {@code ssrcs[0, count)}, without a reason. */
  public static int bye(byte[] dst, int off, int[] ssrcs, int count) {
    if (count < 0 || count > 31) {
      throw new IllegalArgumentException("at most 31 SSRCs in a BYE, got " + count);
    }
    int n = 4 + 4 * count;
    Bytes.header(dst, off, count, RtcpPacket.BYE, n);
    for (int i = 0; i < count; i++) {
      Bytes.put32(dst, off + 4 + 4 * i, ssrcs[i]);
    }
    return n;
  }

  private static void checkBlocks(int blocks) {
    if (blocks < 0 || blocks > 31) {
      throw new IllegalArgumentException("0 to 31 report blocks, got " + blocks);
    }
  }
}
