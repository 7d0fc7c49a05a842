/**
 * SCTP over DTLS for WebRTC data channels (RFC 8261; RFC 9260 essentials, RFC 3758, RFC 6525,
 * RFC 8260) and the data channel establishment protocol (RFC 8832, RFC 8831), as sans-IO engines.
 *
 * <p>Exported: {@code org.rtc4j.sctp} (the association), {@code org.rtc4j.sctp.dcep} (data
 * channels on top) and {@code org.rtc4j.sctp.chunk} (the chunk codec). Not exported:
 * {@code org.rtc4j.sctp.internal} (queues, congestion control, reassembly, cookies).
 */
module org.rtc4j.sctp {
  requires org.slf4j;

  exports org.rtc4j.sctp;
  exports org.rtc4j.sctp.chunk;
  exports org.rtc4j.sctp.dcep;
}
