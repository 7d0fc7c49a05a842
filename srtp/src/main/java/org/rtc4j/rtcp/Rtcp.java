package org.rtc4j.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes RTCP compound packets (RFC 3550 §6.1), including reduced-size RTCP (RFC 5506),
 * which is a compound of one packet that need not start with a report.
 *
 * <pre>{@code
 * List<RtcpPacket> packets = Rtcp.parseCompound(buf, off, len);   // throws RtcpParseException
 * for (RtcpPacket p : packets) {
 *   if (p instanceof GenericNack nack) { retransmit(nack.mediaSsrc(), nack.lost()); }
 *   else if (p instanceof PictureLossIndication pli) { requestKeyFrame(pli.mediaSsrc()); }
 * }
 * int n = Rtcp.writeCompound(List.of(rr, SourceDescription.cname(ssrc, cname)), out, 0);
 * }</pre>
 *
 * Parsing never throws anything but {@link RtcpParseException}; unknown packet types and feedback
 * formats come back as {@link UnknownRtcpPacket}.
 */
public final class Rtcp {
  private Rtcp() {}

  /**
   * Whether the packet at {@code buf[off]} is RTCP rather than RTP on a multiplexed port: payload
   * type byte 192-223 (RFC 5761 §4).
   */
  public static boolean isRtcp(byte[] buf, int off, int len) {
    if (len < 2) {
      return false;
    }
    int pt = buf[off + 1] & 0xFF;
    return pt >= 192 && pt <= 223;
  }

  /** Parses every packet of a compound (or reduced-size) RTCP packet. */
  public static List<RtcpPacket> parseCompound(byte[] buf, int off, int len) throws RtcpParseException {
    if (buf == null || off < 0 || len < 0 || off > buf.length - len) {
      throw new RtcpParseException(RtcpParseException.Reason.TRUNCATED, Math.max(off, 0), "bad region");
    }
    if (len < 4) {
      throw new RtcpParseException(RtcpParseException.Reason.TRUNCATED, off, "shorter than a header");
    }
    List<RtcpPacket> out = new ArrayList<>(4);
    int p = off;
    int end = off + len;
    while (p < end) {
      int n = packetLength(buf, p, end);
      try {
        out.add(parseOne(buf, p, n));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        // A value the packet types' constructors refuse; the readers check lengths, so this is a
        // safety net that keeps the promise of no unchecked exception.
        throw new RtcpParseException(RtcpParseException.Reason.BAD_VALUE, p, e.getMessage());
      }
      p += n;
    }
    return out;
  }

  /** Parses a single RTCP packet that fills {@code buf[off, off + len)}. */
  public static RtcpPacket parse(byte[] buf, int off, int len) throws RtcpParseException {
    List<RtcpPacket> l = parseCompound(buf, off, len);
    if (l.size() != 1) {
      throw new RtcpParseException(RtcpParseException.Reason.BAD_LENGTH, off,
          "expected one packet, found " + l.size());
    }
    return l.get(0);
  }

  /**
   * Checks the RFC 3550 §6.1 rules for a full compound packet: it starts with an SR or RR and
   * carries an SDES with a CNAME. Reduced-size RTCP (RFC 5506) need not pass this.
   */
  public static void requireFullCompound(List<RtcpPacket> packets) throws RtcpParseException {
    if (packets.isEmpty() || !(packets.get(0) instanceof SenderReport
        || packets.get(0) instanceof ReceiverReport)) {
      throw new RtcpParseException(RtcpParseException.Reason.NOT_COMPOUND, 0,
          "a compound packet starts with SR or RR");
    }
    for (RtcpPacket p : packets) {
      if (p instanceof SourceDescription s && s.hasCname()) {
        return;
      }
    }
    throw new RtcpParseException(RtcpParseException.Reason.NOT_COMPOUND, 0, "no SDES CNAME");
  }

  /** Whether a parsed compound is reduced-size (RFC 5506 §3): it does not start with SR or RR. */
  public static boolean isReducedSize(List<RtcpPacket> packets) {
    return packets.isEmpty() || !(packets.get(0) instanceof SenderReport
        || packets.get(0) instanceof ReceiverReport);
  }

  /** Bytes {@link #writeCompound} writes. */
  public static int encodedLength(List<? extends RtcpPacket> packets) {
    int n = 0;
    for (RtcpPacket p : packets) {
      n += p.encodedLength();
    }
    return n;
  }

  /** Writes the packets back to back at {@code dst[off]}; returns the total length. */
  public static int writeCompound(List<? extends RtcpPacket> packets, byte[] dst, int off) {
    int total = encodedLength(packets);
    if (off < 0 || off > dst.length - total) {
      throw new IndexOutOfBoundsException("compound RTCP needs " + total + " bytes");
    }
    int p = off;
    for (RtcpPacket r : packets) {
      p += r.writeTo(dst, p);
    }
    return p - off;
  }

  /** Length in bytes of the packet at {@code p}, from its header, checked against {@code end}. */
  private static int packetLength(byte[] b, int p, int end) throws RtcpParseException {
    if (end - p < 4) {
      throw new RtcpParseException(RtcpParseException.Reason.TRUNCATED, p, "header past the end");
    }
    if ((b[p] & 0xC0) != 0x80) {
      throw new RtcpParseException(RtcpParseException.Reason.BAD_VERSION, p, "version is not 2");
    }
    int n = 4 * (Bytes.u16(b, p + 2) + 1);
    if (n > end - p) {
      throw new RtcpParseException(RtcpParseException.Reason.TRUNCATED, p,
          "length says " + n + " bytes, " + (end - p) + " left");
    }
    return n;
  }

  private static RtcpPacket parseOne(byte[] b, int off, int n) throws RtcpParseException {
    int count = b[off] & 0x1F;
    int pt = Bytes.u8(b, off + 1);
    int end = off + n;
    if ((b[off] & 0x20) != 0) {
      int pad = Bytes.u8(b, end - 1);
      if (pad == 0 || pad > n - 4) {
        throw new RtcpParseException(RtcpParseException.Reason.BAD_PADDING, end - 1, "padding " + pad);
      }
      end -= pad;
    }
    switch (pt) {
      case RtcpPacket.SR: {
        if (end - off < 28 + 24 * count) {
          throw new RtcpParseException(RtcpParseException.Reason.BAD_COUNT, off, "SR with " + count + " blocks");
        }
        return new SenderReport(Bytes.i32(b, off + 4),
            (Bytes.u32(b, off + 8) << 32) | Bytes.u32(b, off + 12), Bytes.u32(b, off + 16),
            Bytes.u32(b, off + 20), Bytes.u32(b, off + 24), blocks(b, off + 28, count));
      }
      case RtcpPacket.RR: {
        if (end - off < 8 + 24 * count) {
          throw new RtcpParseException(RtcpParseException.Reason.BAD_COUNT, off, "RR with " + count + " blocks");
        }
        return new ReceiverReport(Bytes.i32(b, off + 4), blocks(b, off + 8, count));
      }
      case RtcpPacket.SDES:
        return SourceDescription.read(b, off, end, count);
      case RtcpPacket.BYE:
        return Goodbye.read(b, off, end, count);
      case RtcpPacket.APP:
        return ApplicationDefined.read(b, off, end, count);
      case RtcpPacket.RTPFB:
        requireFeedbackHeader(b, off, end);
        if (count == GenericNack.FMT) {
          return GenericNack.read(b, off, end);
        } else if (count == TransportCc.FMT) {
          return TransportCc.read(b, off, n);
        }
        break;
      case RtcpPacket.PSFB:
        requireFeedbackHeader(b, off, end);
        if (count == PictureLossIndication.FMT) {
          return new PictureLossIndication(Bytes.i32(b, off + 4), Bytes.i32(b, off + 8));
        } else if (count == FullIntraRequest.FMT) {
          return FullIntraRequest.read(b, off, end);
        } else if (count == Remb.FMT && Remb.isRemb(b, off, end)) {
          return Remb.read(b, off, end);
        }
        break;
      default:
        break;
    }
    return new UnknownRtcpPacket(pt, count, java.util.Arrays.copyOfRange(b, off + 4, off + n));
  }

  private static void requireFeedbackHeader(byte[] b, int off, int end) throws RtcpParseException {
    if (end - off < 12) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off,
          "feedback shorter than its 12-byte header (RFC 4585 §6.1)");
    }
  }

  private static List<ReportBlock> blocks(byte[] b, int at, int count) {
    ReportBlock[] r = new ReportBlock[count];
    for (int i = 0; i < count; i++) {
      r[i] = ReportBlock.read(b, at + 24 * i);
    }
    return List.of(r);
  }
}
