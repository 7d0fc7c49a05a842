package org.rtc4j.peer.internal;

import java.util.List;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.media.Codec;
import org.rtc4j.peer.Direction;
import org.rtc4j.sdp.Connection;
import org.rtc4j.sdp.Fingerprint;
import org.rtc4j.sdp.Fmtp;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.Msid;
import org.rtc4j.sdp.RtcpFb;
import org.rtc4j.sdp.RtpMap;
import org.rtc4j.sdp.Setup;
import org.rtc4j.sdp.Ssrc;
import org.rtc4j.sdp.SsrcGroup;

/**
 * Builds the media sections of rtc4j's offers and answers (RFC 9429 §5.2.1, §5.3.1) with the
 * {@code sdp} module's builders: one bundled RTP section per transceiver, and rejected sections
 * (port 0, RFC 9429 §5.3.1) for what rtc4j does not take.
 */
final class SdpSections {
  /** What every RTP section of one description shares. */
  record Transport(IceCredentials credentials, Fingerprint fingerprint, Setup setup, String cname,
      HeaderExtensions extensions, boolean offer) {}

  private SdpSections() {}

  /** An RTP section for {@code t} under {@code mid}, sending and receiving as {@code direction}. */
  static MediaDescription rtp(Transceiver t, String mid, List<CodecParams> codecs, Direction direction,
      Transport transport) {
    MediaDescription.Builder m = MediaDescription.builder(t.kind.sdpName(), 9, MediaDescription.PROTO_RTP)
        .connection(Connection.DISCARD_IP4)
        .rtcp(new org.rtc4j.sdp.Rtcp(9, Connection.DISCARD_IP4))
        .iceUfrag(transport.credentials().ufrag())
        .icePwd(transport.credentials().password())
        .iceOptions("trickle")
        .addFingerprint(transport.fingerprint())
        .setup(transport.setup())
        .mid(mid)
        .rtcpMux(true)
        .rtcpRsize(true)
        .direction(org.rtc4j.sdp.Direction.fromSdp(direction.sdpName()));
    transport.extensions().writeTo(m, t.kind, transport.offer());
    boolean sends = t.track != null && direction.sends();
    List<String> streamIds = t.streamIds.isEmpty() ? List.of("-") : t.streamIds;
    if (sends) {
      for (String s : streamIds) {
        m.addMsid(new Msid(s, t.track.id()));
      }
    }
    boolean rtx = false;
    for (CodecParams c : codecs) {
      m.addRtpMap(new RtpMap(c.payloadType(), c.codec().encodingName(), c.codec().clockRate(),
          c.codec() == Codec.OPUS ? 2 : 0));
      for (String fb : c.feedback()) {
        int space = fb.indexOf(' ');
        m.addRtcpFb(space < 0 ? new RtcpFb(c.payloadType(), fb)
            : new RtcpFb(c.payloadType(), fb.substring(0, space), fb.substring(space + 1)));
      }
      if (!c.fmtp().isEmpty()) {
        m.addFmtp(Fmtp.of(c.payloadType(), c.fmtpLine()));
      }
      if (c.rtxPayloadType() >= 0) {
        rtx = true;
        m.addRtpMap(new RtpMap(c.rtxPayloadType(), "rtx", c.codec().clockRate()));
        m.addFmtp(Fmtp.of(c.rtxPayloadType(), "apt=" + c.payloadType()));
      }
    }
    if (sends) {
      SendStream s = t.send;
      String msid = streamIds.get(0) + " " + t.track.id();
      if (rtx) {
        m.addSsrcGroup(SsrcGroup.of("FID", s.ssrc, s.rtxSsrc));
      }
      m.addSsrc(new Ssrc(s.ssrc, "cname", transport.cname()));
      m.addSsrc(new Ssrc(s.ssrc, "msid", msid));
      if (rtx) {
        m.addSsrc(new Ssrc(s.rtxSsrc, "cname", transport.cname()));
        m.addSsrc(new Ssrc(s.rtxSsrc, "msid", msid));
      }
    }
    return m.build();
  }

  /**
   * The data channel section (RFC 8841 §5): {@code m=application 9 UDP/DTLS/SCTP
   * webrtc-datachannel} with {@code a=sctp-port} and {@code a=max-message-size}, or in the legacy
   * form ({@code DTLS/SCTP 5000} with {@code a=sctpmap}) when answering an offer in that form.
   */
  static MediaDescription data(String mid, Transport transport, boolean legacy, DataChannels channels) {
    MediaDescription.Builder m = MediaDescription.builder("application", 9,
            legacy ? "DTLS/SCTP" : MediaDescription.PROTO_SCTP)
        .formats(legacy ? List.of(String.valueOf(DataChannels.SCTP_PORT)) : List.of("webrtc-datachannel"))
        .connection(Connection.DISCARD_IP4)
        .iceUfrag(transport.credentials().ufrag())
        .icePwd(transport.credentials().password())
        .iceOptions("trickle")
        .addFingerprint(transport.fingerprint())
        .setup(transport.setup())
        .mid(mid);
    return channels.describe(m, legacy).build();
  }

  /** A rejected section (port 0) that keeps the m-line's place and MID. */
  static MediaDescription rejected(String kind, String proto, List<String> formats, String mid) {
    MediaDescription.Builder m = MediaDescription.builder(kind, 0, proto)
        .formats(formats.isEmpty() ? List.of("0") : formats)
        .connection(Connection.DISCARD_IP4)
        .direction(org.rtc4j.sdp.Direction.INACTIVE);
    if (mid != null) {
      m.mid(mid);
    }
    return m.build();
  }
}
