package org.rtc4j.rtcp;

import java.util.ArrayList;
import java.util.List;

/**
 * Generic NACK (RFC 4585 §6.2.1): transport-layer feedback (PT=205, FMT=1) listing lost RTP
 * sequence numbers, packed as PID + bitmask of the following 16 (BLP).
 *
 * <pre>
 * |V=2|P|  FMT=1  |   PT=205      |          length               |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * |            PID                |             BLP               |  (repeated)
 * </pre>
 *
 * @param senderSsrc SSRC of the packet sender
 * @param mediaSsrc SSRC of the media source the losses are in
 * @param lost the lost sequence numbers (0-65535), in the order to request them
 */
public record GenericNack(int senderSsrc, int mediaSsrc, List<Integer> lost) implements RtcpPacket {
  /** The FMT of generic NACK. */
  public static final int FMT = 1;

  /** Copies the list. */
  public GenericNack {
    lost = List.copyOf(lost);
    if (lost.isEmpty()) {
      throw new IllegalArgumentException("a NACK needs at least one sequence number");
    }
    for (int seq : lost) {
      if (seq < 0 || seq > 0xFFFF) {
        throw new IllegalArgumentException("a sequence number is 0-65535: " + seq);
      }
    }
  }

  /** The PID (first lost sequence number) of the FCI entry at {@code b[q]}, read in place. */
  public static int pidAt(byte[] b, int q) {
    return Bytes.u16(b, q);
  }

  /** The BLP (bitmask of the 16 following losses) of the FCI entry at {@code b[q]}, read in place. */
  public static int blpAt(byte[] b, int q) {
    return Bytes.u16(b, q + 2);
  }

  /** A NACK for the given sequence numbers. */
  public static GenericNack of(int senderSsrc, int mediaSsrc, int... seqs) {
    List<Integer> l = new ArrayList<>(seqs.length);
    for (int s : seqs) {
      l.add(s & 0xFFFF);
    }
    return new GenericNack(senderSsrc, mediaSsrc, l);
  }

  private int[] sequenceNumbers() {
    int[] seqs = new int[lost.size()];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = lost.get(i);
    }
    return seqs;
  }

  @Override
  public int packetType() {
    return RTPFB;
  }

  @Override
  public int encodedLength() {
    return 12 + 4 * RtcpWriter.nackEntries(sequenceNumbers(), lost.size());
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int n = encodedLength();
    if (off < 0 || off > dst.length - n) {
      throw new IndexOutOfBoundsException("RTCP packet needs " + n + " bytes at " + off);
    }
    return RtcpWriter.nack(dst, off, senderSsrc, mediaSsrc, sequenceNumbers(), lost.size());
  }

  static GenericNack read(byte[] b, int off, int end) throws RtcpParseException {
    if (end - off < 16) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off, "NACK without FCI");
    }
    List<Integer> lost = new ArrayList<>();
    for (int p = off + 12; p + 4 <= end; p += 4) {
      int pid = pidAt(b, p);
      int blp = blpAt(b, p);
      lost.add(pid);
      for (int bit = 0; bit < 16; bit++) {
        if ((blp & (1 << bit)) != 0) {
          lost.add((pid + bit + 1) & 0xFFFF);
        }
      }
    }
    return new GenericNack(Bytes.i32(b, off + 4), Bytes.i32(b, off + 8), lost);
  }
}
