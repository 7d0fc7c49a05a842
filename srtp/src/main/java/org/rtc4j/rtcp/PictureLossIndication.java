package org.rtc4j.rtcp;

/**
 * Picture loss indication (RFC 4585 §6.3.1): payload-specific feedback (PT=206, FMT=1) with no FCI.
 *
 * <pre>
 * |V=2|P|  FMT=1  |   PT=206      |          length=2             |
 * |                  SSRC of packet sender                        |
 * |                  SSRC of media source                         |
 * </pre>
 *
 * @param senderSsrc SSRC of the packet sender
 * @param mediaSsrc SSRC of the media source that should send a key frame
 */
public record PictureLossIndication(int senderSsrc, int mediaSsrc) implements RtcpPacket {
  /** The FMT of PLI. */
  public static final int FMT = 1;

  @Override
  public int packetType() {
    return PSFB;
  }

  @Override
  public int encodedLength() {
    return 12;
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    return RtcpWriter.pli(dst, off, senderSsrc, mediaSsrc);
  }
}
