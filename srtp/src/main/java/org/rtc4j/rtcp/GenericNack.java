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

  /** A NACK for the given sequence numbers. */
  public static GenericNack of(int senderSsrc, int mediaSsrc, int... seqs) {
    List<Integer> l = new ArrayList<>(seqs.length);
    for (int s : seqs) {
      l.add(s & 0xFFFF);
    }
    return new GenericNack(senderSsrc, mediaSsrc, l);
  }

  /**
   * The FCI entries as (PID << 16 | BLP) values. An entry reads back as its PID and then its BLP
   * bits in ascending order, so a loss joins the entry before it only when it is among the 16 after
   * the PID and after the entry's last one: then the entries read back as exactly {@link #lost},
   * in its order, repeats included.
   */
  private int[] entries() {
    int[] out = new int[lost.size()];
    int n = 0;
    int i = 0;
    while (i < lost.size()) {
      int pid = lost.get(i);
      int blp = 0;
      int last = 0;
      i++;
      while (i < lost.size()) {
        int d = (lost.get(i) - pid) & 0xFFFF;
        if (d <= last || d > 16) {
          break;
        }
        blp |= 1 << (d - 1);
        last = d;
        i++;
      }
      out[n++] = (pid << 16) | blp;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  @Override
  public int packetType() {
    return RTPFB;
  }

  @Override
  public int encodedLength() {
    return 12 + 4 * entries().length;
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int[] e = entries();
    int n = 12 + 4 * e.length;
    Bytes.header(dst, off, FMT, RTPFB, n);
    Bytes.put32(dst, off + 4, senderSsrc);
    Bytes.put32(dst, off + 8, mediaSsrc);
    for (int i = 0; i < e.length; i++) {
      Bytes.put32(dst, off + 12 + 4 * i, e[i]);
    }
    return n;
  }

  static GenericNack read(byte[] b, int off, int end) throws RtcpParseException {
    if (end - off < 16) {
      throw new RtcpParseException(RtcpParseException.Reason.MALFORMED_FEEDBACK, off, "NACK without FCI");
    }
    List<Integer> lost = new ArrayList<>();
    for (int p = off + 12; p + 4 <= end; p += 4) {
      int pid = Bytes.u16(b, p);
      int blp = Bytes.u16(b, p + 2);
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
