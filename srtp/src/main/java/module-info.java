/**
 * RTP and RTCP packets (RFC 3550, RFC 4585, RFC 5104, RFC 8285) and SRTP/SRTCP (RFC 3711,
 * RFC 7714).
 *
 * <p>Exported: {@code org.rtc4j.srtp} (contexts, profiles, statuses), {@code org.rtc4j.rtp} and
 * {@code org.rtc4j.rtcp} (the packet codecs an application may use to read and write RTP and
 * RTCP). Not exported: {@code org.rtc4j.srtp.internal} (ciphers, key derivation, replay window).
 * {@code org.rtc4j.rtp.internal} (RTX, RFC 4588) is exported to {@code org.rtc4j.peer} alone: the
 * peer's packet path builds and restores retransmissions, and no application ever sees one.
 */
@SuppressWarnings("module") // org.rtc4j.peer, the target of the qualified export, is built later
module org.rtc4j.srtp {
  requires org.slf4j;

  exports org.rtc4j.rtcp;
  exports org.rtc4j.rtp;
  exports org.rtc4j.srtp;
  exports org.rtc4j.rtp.internal to org.rtc4j.peer;
}
