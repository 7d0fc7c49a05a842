package org.rtc4j.rtcp;

/**
 * Reads a transport-wide congestion control feedback packet
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) in place, allocating nothing: the
 * sender's path for the ten or more feedback packets a second that drive its bandwidth estimate.
 * {@link TransportCc} is the value form of the same packet, for tests and tools.
 *
 * <pre>{@code
 * TransportCcReader r = new TransportCcReader();          // one per connection, reused
 * if (!r.wrap(buf, off, len)) { dropped(r.failure()); return; }
 * r.forEach((seq, symbol, deltaTicks) -> ...);             // one call per reported packet
 * }</pre>
 *
 * {@link #wrap} checks the whole packet (header, chunks, one delta per received packet, padding)
 * before {@link #forEach} reports anything, so a visitor never sees a half-valid packet.
 * Status symbol 3 is reserved (§3.1.1) and refused, as libwebrtc does; the examples of §3.1.3 and
 * §3.1.4 that use it describe chunks, not packets a sender may rely on.
 */
public final class TransportCcReader {
  /** One reported packet, in sequence order. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * Packet {@code sequence} (16-bit transport-wide sequence number) with its status
     * {@code symbol} ({@link TransportCc#NOT_RECEIVED}, {@link TransportCc#SMALL_DELTA} or
     * {@link TransportCc#LARGE_DELTA}); when received, {@code deltaTicks} is its receive delta in
     * 250 microsecond ticks from the previous received packet (the first one's from the reference
     * time), else 0.
     */
    void packet(int sequence, int symbol, int deltaTicks);
  }

  private byte[] buf;
  private int off;
  private int chunksAt;
  private int deltasAt;
  private int count;
  private RtcpParseException.Reason failure;
  private int failureOffset;

  /** An empty reader; {@link #wrap} points it at a packet. */
  public TransportCcReader() {}

  /**
   * Points the reader at the RTCP packet {@code b[off, off + len)} (its common header first; the
   * length field may say less than {@code len}, as in a compound packet) and validates it.
   *
   * @return true if it is a well-formed transport-cc feedback packet; else {@link #failure()} says
   *     why
   */
  public boolean wrap(byte[] b, int off, int len) {
    this.buf = b;
    this.off = off;
    this.count = 0;
    this.failure = null;
    if (b == null || off < 0 || len < 4 || off > b.length - len) {
      return fail(RtcpParseException.Reason.TRUNCATED, Math.max(0, off));
    }
    if ((b[off] & 0xC0) != 0x80) {
      return fail(RtcpParseException.Reason.BAD_VERSION, off);
    }
    if (Bytes.u8(b, off + 1) != RtcpPacket.RTPFB || (b[off] & 0x1F) != TransportCc.FMT) {
      return fail(RtcpParseException.Reason.BAD_VALUE, off);
    }
    int n = 4 * (Bytes.u16(b, off + 2) + 1);
    if (n > len) {
      return fail(RtcpParseException.Reason.TRUNCATED, off);
    }
    int end = off + n;
    if ((b[off] & 0x20) != 0) {
      int pad = Bytes.u8(b, end - 1);
      if (pad == 0 || pad > n - 4) {
        return fail(RtcpParseException.Reason.BAD_PADDING, end - 1);
      }
      end -= pad;
    }
    return check(end);
  }

  private boolean check(int end) {
    byte[] b = buf;
    if (end - off < 20) {
      return fail(RtcpParseException.Reason.MALFORMED_FEEDBACK, off);
    }
    int statuses = Bytes.u16(b, off + 14);
    if (statuses == 0) {
      return fail(RtcpParseException.Reason.MALFORMED_FEEDBACK, off + 14);
    }
    int p = off + 20;
    int seen = 0;
    int deltaBytes = 0;
    while (seen < statuses) {
      if (p + 2 > end) {
        return fail(RtcpParseException.Reason.MALFORMED_FEEDBACK, p);
      }
      int chunk = Bytes.u16(b, p);
      p += 2;
      int take;
      if ((chunk & 0x8000) == 0) {
        int s = (chunk >>> 13) & 3;
        if (s == 3) {
          return fail(RtcpParseException.Reason.MALFORMED_FEEDBACK, p - 2);
        }
        take = Math.min(chunk & 0x1FFF, statuses - seen);
        deltaBytes += s * take; // 0, 1 or 2 bytes per packet
      } else {
        boolean twoBit = (chunk & 0x4000) != 0;
        int slots = twoBit ? 7 : 14;
        take = Math.min(slots, statuses - seen);
        for (int j = 0; j < take; j++) {
          int s = twoBit ? (chunk >>> (2 * (6 - j))) & 3 : (chunk >>> (13 - j)) & 1;
          if (s == 3) {
            return fail(RtcpParseException.Reason.MALFORMED_FEEDBACK, p - 2);
          }
          deltaBytes += s;
        }
      }
      seen += take;
    }
    if (p + deltaBytes > end) {
      return fail(RtcpParseException.Reason.MALFORMED_FEEDBACK, p);
    }
    chunksAt = off + 20;
    deltasAt = p;
    count = statuses;
    return true;
  }

  private boolean fail(RtcpParseException.Reason reason, int at) {
    failure = reason;
    failureOffset = at;
    count = 0;
    return false;
  }

  /** Why the last {@link #wrap} failed, or null if it succeeded. */
  public RtcpParseException.Reason failure() {
    return failure;
  }

  /** Offset in the buffer where the last {@link #wrap} found the packet malformed. */
  public int failureOffset() {
    return failureOffset;
  }

  /** SSRC of the packet sender. */
  public int senderSsrc() {
    return Bytes.i32(buf, off + 4);
  }

  /** SSRC of the media source. */
  public int mediaSsrc() {
    return Bytes.i32(buf, off + 8);
  }

  /** Transport-wide sequence number of the first packet reported (0-65535). */
  public int baseSequence() {
    return Bytes.u16(buf, off + 12);
  }

  /** Number of packets reported on (0 after a failed {@link #wrap}). */
  public int packetStatusCount() {
    return count;
  }

  /** The signed 24-bit reference time, in 64 ms units. */
  public int referenceTime() {
    int ref = Bytes.u24(buf, off + 16);
    return (ref & 0x800000) != 0 ? ref | 0xFF000000 : ref;
  }

  /** The feedback packet count (0-255). */
  public int feedbackCount() {
    return Bytes.u8(buf, off + 19);
  }

  /**
   * Reports every packet of the last successfully wrapped feedback to {@code v}, in sequence
   * order. Allocation-free; does nothing after a failed {@link #wrap}.
   *
   * @return the number of packets reported
   */
  public int forEach(Visitor v) {
    if (count == 0) {
      return 0;
    }
    byte[] b = buf;
    int seq = baseSequence();
    int p = chunksAt;
    int d = deltasAt;
    int seen = 0;
    while (seen < count) {
      int chunk = Bytes.u16(b, p);
      p += 2;
      if ((chunk & 0x8000) == 0) {
        int s = (chunk >>> 13) & 3;
        int take = Math.min(chunk & 0x1FFF, count - seen);
        for (int j = 0; j < take; j++) {
          d = report(v, b, seq, s, d);
          seq = (seq + 1) & 0xFFFF;
        }
        seen += take;
      } else {
        boolean twoBit = (chunk & 0x4000) != 0;
        int take = Math.min(twoBit ? 7 : 14, count - seen);
        for (int j = 0; j < take; j++) {
          int s = twoBit ? (chunk >>> (2 * (6 - j))) & 3 : (chunk >>> (13 - j)) & 1;
          d = report(v, b, seq, s, d);
          seq = (seq + 1) & 0xFFFF;
        }
        seen += take;
      }
    }
    return count;
  }

  private static int report(Visitor v, byte[] b, int seq, int symbol, int d) {
    if (symbol == TransportCc.SMALL_DELTA) {
      v.packet(seq, symbol, Bytes.u8(b, d));
      return d + 1;
    }
    if (symbol == TransportCc.LARGE_DELTA) {
      v.packet(seq, symbol, (short) Bytes.u16(b, d));
      return d + 2;
    }
    v.packet(seq, TransportCc.NOT_RECEIVED, 0);
    return d;
  }
}
