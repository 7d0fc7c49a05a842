package org.rtc4j.rtp.internal;

import org.rtc4j.rtp.RtpPacket;

/**
 * RTX, the RTP retransmission payload format (RFC 4588 §4): a retransmitted packet travels on its
 * own SSRC, payload type and sequence numbers, with the original sequence number (OSN) as the
 * first two bytes of its payload.
 *
 * <pre>
 * |                         RTP Header (RTX SSRC, RTX PT, RTX seq)                |
 * |            OSN                |                                               |
 * |                  Original RTP Packet Payload                                  |
 * </pre>
 *
 * Both directions work on caller buffers and allocate nothing; header extensions and CSRCs are
 * kept, padding is dropped.
 */
public final class RtpRetransmission {
  private RtpRetransmission() {}

  /**
   * Writes the RTX packet for {@code original} at {@code dst[dOff]}: its header with the RTX payload
   * type, SSRC and sequence number, then the OSN, then its payload.
   *
   * @return the RTX packet length
   * @throws IndexOutOfBoundsException if {@code dst} is too small (needs original length + 2)
   */
  public static int wrap(RtpPacket original, byte[] dst, int dOff, int rtxPayloadType, int rtxSsrc,
      int rtxSequenceNumber) {
    int hl = original.headerLength();
    int pl = original.payloadLength();
    int total = hl + 2 + pl;
    if (dOff < 0 || dOff > dst.length - total) {
      throw new IndexOutOfBoundsException("RTX packet needs " + total + " bytes");
    }
    byte[] src = original.buffer();
    int off = original.offset();
    int osn = original.sequenceNumber();
    // Payload first, in case dst overlaps the original behind it.
    System.arraycopy(src, off + hl, dst, dOff + hl + 2, pl);
    System.arraycopy(src, off, dst, dOff, hl);
    dst[dOff] &= (byte) ~0x20; // no padding
    dst[dOff + hl] = (byte) (osn >>> 8);
    dst[dOff + hl + 1] = (byte) osn;
    dst[dOff + 1] = (byte) ((dst[dOff + 1] & 0x80) | (rtxPayloadType & 0x7F));
    dst[dOff + 2] = (byte) (rtxSequenceNumber >>> 8);
    dst[dOff + 3] = (byte) rtxSequenceNumber;
    dst[dOff + 8] = (byte) (rtxSsrc >>> 24);
    dst[dOff + 9] = (byte) (rtxSsrc >>> 16);
    dst[dOff + 10] = (byte) (rtxSsrc >>> 8);
    dst[dOff + 11] = (byte) rtxSsrc;
    return total;
  }

  /**
   * Restores the original packet from an RTX packet in place: sequence number from the OSN,
   * the given payload type and SSRC, payload moved back over the OSN.
   *
   * @return the original packet's length, or -1 if {@code rtx} carries no OSN
   */
  public static int unwrap(RtpPacket rtx, int originalPayloadType, int originalSsrc) {
    int pl = rtx.payloadLength();
    if (pl < 2) {
      return -1;
    }
    byte[] b = rtx.buffer();
    int off = rtx.offset();
    int p = rtx.payloadOffset();
    int osn = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    System.arraycopy(b, p + 2, b, p, pl - 2);
    b[off] &= (byte) ~0x20;
    rtx.setSequenceNumber(osn);
    rtx.setPayloadType(originalPayloadType);
    rtx.setSsrc(originalSsrc);
    return rtx.headerLength() + pl - 2;
  }
}
