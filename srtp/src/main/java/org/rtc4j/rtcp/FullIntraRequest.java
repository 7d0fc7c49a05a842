package org.rtc4j.rtcp;

import java.util.List;

/**
 * Full intra request (RFC 5104 §4.3.1): payload-specific feedback (PT=206, FMT=4). The media
 * source field is zero; each FCI entry names a source and a command sequence number.
 *
 * <pre>
 * |V=2|P|  FMT=4  |   PT=206      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source (unused, 0)             |
 * |                              SSRC                             |  (FCI, repeated)
 * | Seq nr.       |    Reserved                                   |
 * </pre>
 *
 * @param senderSsrc SSRC of the packet sender
 * @param entries the requests
 */
public record FullIntraRequest(int senderSsrc, List<Entry> entries) implements RtcpPacket {
  /** The FMT of FIR. */
  public static final int FMT = 4;

  /**
   * One FIR request.
   *
   * @param ssrc the media sender asked for a decoder refresh
   * @param sequenceNumber command sequence number (0-255), incremented per new request
   */
  public record Entry(int ssrc, int sequenceNumber) {
    /** Validates the range. */
    public Entry {
      if (sequenceNumber < 0 || sequenceNumber > 255) {
        throw new IllegalArgumentException("FIR sequence number " + sequenceNumber);
      }
    }
  }

  /** Copies the list. */
  public FullIntraRequest {
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a FIR needs at least one entry");
    }
  }

  @Override
  public int packetType() {
    return PSFB;
  }

  @Override
  public int encodedLength() {
    return 12 + 8 * entries.size();
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int n = encodedLength();
    Bytes.header(dst, off, FMT, PSFB, n);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, 0);
    for (int i = 0; i < entries.size(); i++) {
      int p = off + 12 + 8 * i;
      Bytes.put32(dst, p, entries.get(i).ssrc());
      Bytes.put32(dst, p + 4, (long) entries.get(i).sequenceNumber() << 24);
    }
    return n;
  }

  /** The SSRC asked for a decoder refresh by the FCI entry at {@code b[q]}, read in place. */
  public static int entrySsrcAt(byte[] b, int q) {
    return Bytes.i32(b, q);
  }

  static FullIntraRequest read(byte[] b, int off, int end) throws RtcpParseException {
    if (end - off < 20 || (end - off - 12) % 8 != 0) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off,
          "FIR FCI must be whole 8-byte entries");
    }
    Entry[] e = new Entry[(end - off - 12) / 8];
    for (int i = 0; i < e.length; i++) {
      int p = off + 12 + 8 * i;
      e[i] = new Entry(entrySsrcAt(b, p), Bytes.u8(b, p + 4));
    }
    return new FullIntraRequest(Bytes.i32(b, off + 4), List.of(e));
  }
}
