/**
 * The WebRTC peer: {@code PeerConnection} and its transceivers, senders and receivers, stats
 * ({@code org.rtc4j.peer}, W3C names), and media: encoded frames, payload formats and the
 * IVF / Ogg Opus / H.264 Annex B file readers and writers ({@code org.rtc4j.media} and its
 * subpackages).
 *
 * <p>{@code org.rtc4j.peer.internal} is not exported.
 */
module org.rtc4j.peer {
  requires org.slf4j;
  requires jdk.jfr;
  requires org.rtc4j.sdp;
  requires transitive org.rtc4j.ice;
  requires transitive org.rtc4j.dtls;
  requires org.rtc4j.srtp;
  requires org.rtc4j.sctp;

  exports org.rtc4j.peer;
  exports org.rtc4j.media;
  exports org.rtc4j.media.audio;
  exports org.rtc4j.media.av1;
  exports org.rtc4j.media.file;
  exports org.rtc4j.media.h264;
  exports org.rtc4j.media.vp8;
  exports org.rtc4j.media.vp9;
}
