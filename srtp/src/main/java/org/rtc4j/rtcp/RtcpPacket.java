package org.rtc4j.rtcp;

/**
 * One RTCP packet of a compound packet (RFC 3550 §6). Each type reads with {@link Rtcp#parse} and
 * writes with the {@link #encodedLength()} / {@link #writeTo(byte[], int)} pair.
 *
 * <p>Every packet begins with the common header:
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |   length (32-bit words - 1)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription,
    Goodbye, ApplicationDefined, GenericNack, TransportCc, PictureLossIndication,
    FullIntraRequest, Remb, UnknownRtcpPacket {

  /** Sender report (RFC 3550 §6.4.1). */
  int SR = 200;
  /** Receiver report (RFC 3550 §6.4.2). */
  int RR = 201;
  /** Source description (RFC 3550 §6.5). */
  int SDES = 202;
  /** Goodbye (RFC 3550 §6.6). */
  int BYE = 203;
  /** Application-defined (RFC 3550 §6.7). */
  int APP = 204;
  /** Transport layer feedback (RFC 4585 §6.2). */
  int RTPFB = 205;
  /** Payload-specific feedback (RFC 4585 §6.3). */
  int PSFB = 206;

  /** The packet type (PT) field. */
  int packetType();

  /** Bytes {@link #writeTo} writes: a multiple of 4. */
  int encodedLength();

  /**
   * Writes the packet at {@code dst[off]}.
   *
   * @return bytes written
   * @throws IndexOutOfBoundsException if it does not fit
   */
  int writeTo(byte[] dst, int off);
}
