package org.rtc4j.rtcp;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Goodbye (RFC 3550 §6.6).
 *
 * <pre>
 * |V=2|P|    SC   |   PT=BYE=203  |             length            |
 * |                           SSRC/CSRC                           |
 * :                              ...                              :
 * |     length    |               reason for leaving            ... (opt)
 * </pre>
 *
 * @param ssrcs the sources leaving (at most 31)
 * @param reason the reason, or null
 */
public record Goodbye(List<Integer> ssrcs, String reason) implements RtcpPacket {

  /** Copies the list and checks the limits. */
  public Goodbye {
    ssrcs = List.copyOf(ssrcs);
    if (ssrcs.size() > 31) {
      throw new IllegalArgumentException("at most 31 SSRCs in a BYE");
    }
    if (reason != null && reason.getBytes(StandardCharsets.UTF_8).length > 255) {
      throw new IllegalArgumentException("BYE reason longer than 255 bytes");
    }
  }

  /** A BYE for one SSRC without a reason. */
  public static Goodbye of(int ssrc) {
    return new Goodbye(List.of(ssrc), null);
  }

  @Override
  public int packetType() {
    return BYE;
  }

  @Override
  public int encodedLength() {
    int n = 4 + 4 * ssrcs.size();
    if (reason != null) {
      n += (1 + reason.getBytes(StandardCharsets.UTF_8).length + 3) & ~3;
    }
    return n;
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int n = encodedLength();
    Bytes.header(dst, off, ssrcs.size(), BYE, n);
    int p = off + 4;
    for (int s : ssrcs) {
      Bytes.put32(dst, p, s);
      p += 4;
    }
    if (reason != null) {
      byte[] r = reason.getBytes(StandardCharsets.UTF_8);
      dst[p] = (byte) r.length;
      System.arraycopy(r, 0, dst, p + 1, r.length);
      for (int i = p + 1 + r.length; i < off + n; i++) {
        dst[i] = 0;
      }
    }
    return n;
  }

  static Goodbye read(byte[] b, int off, int end, int count) throws RtcpParseException {
    int p = off + 4;
    if (p + 4 * count > end) {
      throw new RtcpParseException(RtcpParseException.Reason.BAD_COUNT, off, "BYE with " + count + " SSRCs");
    }
    Integer[] ssrcs = new Integer[count];
    for (int i = 0; i < count; i++, p += 4) {
      ssrcs[i] = Bytes.i32(b, p);
    }
    String reason = null;
    if (p < end) {
      int len = Bytes.u8(b, p);
      if (p + 1 + len > end) {
        throw new RtcpParseException(RtcpParseException.Reason.BAD_LENGTH, p, "BYE reason past the end");
      }
      reason = new String(b, p + 1, len, StandardCharsets.UTF_8);
    }
    return new Goodbye(List.of(ssrcs), reason);
  }
}
