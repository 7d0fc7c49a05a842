package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Builders make the descriptions the peer module will send, in canonical JSEP order. */
class BuilderTest {
  private static final Fingerprint FINGERPRINT = Fingerprint.of("sha-256", new byte[] {
      (byte) 0xBE, (byte) 0xA9, (byte) 0x8B, 0x0C, 0x70, 0x57, (byte) 0xB5, 0x11, (byte) 0x9A, 0x06, (byte) 0x9A,
      0x1F, (byte) 0xFD, 0x5D, 0x57, 0x2F, 0x15, (byte) 0xDE, 0x6E, (byte) 0xC0, 0x21, 0x00, (byte) 0xED, 0x67,
      (byte) 0xA4, 0x30, (byte) 0xED, 0x3B, (byte) 0xEA, 0x22, (byte) 0xF6, (byte) 0xB3});

  /** The transport attributes every bundled m-section of a JSEP offer carries (RFC 9429 §5.2.1). */
  private static MediaDescription.Builder transport(MediaDescription.Builder m, String mid) {
    return m.connection(Connection.DISCARD_IP4)
        .iceUfrag("ef8T").icePwd("QvsbUqCvWXGry5o4FBwENlHf").iceOptions("trickle")
        .addFingerprint(FINGERPRINT).setup(Setup.ACTPASS).mid(mid);
  }

  private static SessionDescription offer() {
    // Added in an order unlike the output on purpose: build() sorts into JSEP order.
    MediaDescription audio = transport(MediaDescription.builder("audio", 9, MediaDescription.PROTO_RTP), "0")
        .addCodec(new RtpMap(111, "opus", 48000, 2), "minptime=10;useinbandfec=1", "transport-cc")
        .addCodec(new RtpMap(0, "PCMU", 8000), null)
        .rtcpRsize(true)
        .rtcpMux(true)
        .addMsid(new Msid("stream", "audio-track"))
        .direction(Direction.SENDRECV)
        .addExtMap(new ExtMap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"))
        .addExtMap(new ExtMap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"))
        .rtcp(new Rtcp(9, Connection.DISCARD_IP4))
        .addSsrc(new Ssrc(1383530305L, "cname", "qBD8Neo3u2R4mxdA"))
        .build();
    MediaDescription video = transport(MediaDescription.builder("video", 9, MediaDescription.PROTO_RTP), "1")
        .addSsrcGroup(SsrcGroup.of("FID", 265556364L, 2733169989L))
        .addSsrc(new Ssrc(265556364L, "cname", "qBD8Neo3u2R4mxdA"))
        .addSsrc(new Ssrc(2733169989L, "cname", "qBD8Neo3u2R4mxdA"))
        .addCodec(new RtpMap(96, "VP8", 90000), null, "goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")
        .addCodec(new RtpMap(97, "rtx", 90000), "apt=96")
        .direction(Direction.SENDONLY)
        .addMsid(new Msid("stream", "video-track"))
        .rtcpMux(true).rtcpRsize(true)
        .addExtMap(new ExtMap(4, "urn:ietf:params:rtp-hdrext:sdes:mid"))
        .build();
    MediaDescription data = transport(MediaDescription.builder("application", 9, MediaDescription.PROTO_SCTP), "2")
        .addFormat("webrtc-datachannel")
        .maxMessageSize(262144)
        .sctpPort(5000)
        .build();
    return SessionDescription.builder()
        .origin(Origin.jsep("4611731400430051336", 1))
        .msidSemantic(MsidSemantic.of("WMS", "stream"))
        .extmapAllowMixed(true)
        .bundle("0", "1", "2")
        .addMedia(audio).addMedia(video).addMedia(data)
        .build();
  }

  private static final String OFFER = "v=0\r\n"
      + "o=- 4611731400430051336 1 IN IP4 127.0.0.1\r\n"
      + "s=-\r\n"
      + "t=0 0\r\n"
      + "a=group:BUNDLE 0 1 2\r\n"
      + "a=extmap-allow-mixed\r\n"
      + "a=msid-semantic: WMS stream\r\n"
      + "m=audio 9 UDP/TLS/RTP/SAVPF 111 0\r\n"
      + "c=IN IP4 0.0.0.0\r\n"
      + "a=rtcp:9 IN IP4 0.0.0.0\r\n"
      + "a=ice-ufrag:ef8T\r\n"
      + "a=ice-pwd:QvsbUqCvWXGry5o4FBwENlHf\r\n"
      + "a=ice-options:trickle\r\n"
      + "a=fingerprint:sha-256 BE:A9:8B:0C:70:57:B5:11:9A:06:9A:1F:FD:5D:57:2F:15:DE:6E:C0:21:00:ED:67:A4:30:ED:3B:EA:22:F6:B3\r\n"
      + "a=setup:actpass\r\n"
      + "a=mid:0\r\n"
      + "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level\r\n"
      + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
      + "a=sendrecv\r\n"
      + "a=msid:stream audio-track\r\n"
      + "a=rtcp-mux\r\n"
      + "a=rtcp-rsize\r\n"
      + "a=rtpmap:111 opus/48000/2\r\n"
      + "a=rtcp-fb:111 transport-cc\r\n"
      + "a=fmtp:111 minptime=10;useinbandfec=1\r\n"
      + "a=rtpmap:0 PCMU/8000\r\n"
      + "a=ssrc:1383530305 cname:qBD8Neo3u2R4mxdA\r\n"
      + "m=video 9 UDP/TLS/RTP/SAVPF 96 97\r\n"
      + "c=IN IP4 0.0.0.0\r\n"
      + "a=ice-ufrag:ef8T\r\n"
      + "a=ice-pwd:QvsbUqCvWXGry5o4FBwENlHf\r\n"
      + "a=ice-options:trickle\r\n"
      + "a=fingerprint:sha-256 BE:A9:8B:0C:70:57:B5:11:9A:06:9A:1F:FD:5D:57:2F:15:DE:6E:C0:21:00:ED:67:A4:30:ED:3B:EA:22:F6:B3\r\n"
      + "a=setup:actpass\r\n"
      + "a=mid:1\r\n"
      + "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
      + "a=sendonly\r\n"
      + "a=msid:stream video-track\r\n"
      + "a=rtcp-mux\r\n"
      + "a=rtcp-rsize\r\n"
      + "a=rtpmap:96 VP8/90000\r\n"
      + "a=rtcp-fb:96 goog-remb\r\n"
      + "a=rtcp-fb:96 transport-cc\r\n"
      + "a=rtcp-fb:96 ccm fir\r\n"
      + "a=rtcp-fb:96 nack\r\n"
      + "a=rtcp-fb:96 nack pli\r\n"
      + "a=rtpmap:97 rtx/90000\r\n"
      + "a=fmtp:97 apt=96\r\n"
      + "a=ssrc-group:FID 265556364 2733169989\r\n"
      + "a=ssrc:265556364 cname:qBD8Neo3u2R4mxdA\r\n"
      + "a=ssrc:2733169989 cname:qBD8Neo3u2R4mxdA\r\n"
      + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n"
      + "c=IN IP4 0.0.0.0\r\n"
      + "a=ice-ufrag:ef8T\r\n"
      + "a=ice-pwd:QvsbUqCvWXGry5o4FBwENlHf\r\n"
      + "a=ice-options:trickle\r\n"
      + "a=fingerprint:sha-256 BE:A9:8B:0C:70:57:B5:11:9A:06:9A:1F:FD:5D:57:2F:15:DE:6E:C0:21:00:ED:67:A4:30:ED:3B:EA:22:F6:B3\r\n"
      + "a=setup:actpass\r\n"
      + "a=mid:2\r\n"
      + "a=sctp-port:5000\r\n"
      + "a=max-message-size:262144\r\n";

  @Test
  void buildsAJsepOfferInCanonicalOrder() throws SdpParseException {
    SessionDescription offer = offer();
    assertEquals(OFFER, offer.toString());
    assertEquals(offer, SessionDescription.parse(OFFER));
  }

  @Test
  void iceRestartThroughToBuilder() throws SdpParseException {
    SessionDescription offer = offer();
    SessionDescription.Builder b = offer.toBuilder().sessionVersion(offer.origin().sessionVersion() + 1);
    for (int i = 0; i < offer.media().size(); i++) {
      b.updateMedia(i, m -> m.iceUfrag("N3wU").icePwd("fR6yVq2LxT9pJcB0mKdW4sEh"));
    }
    SessionDescription restarted = b.build();
    assertEquals(2, restarted.origin().sessionVersion());
    for (MediaDescription m : restarted.media()) {
      assertEquals(Optional.of("N3wU"), m.iceUfrag());
      assertEquals(1, m.attributes("ice-ufrag").size(), "set replaces in place");
    }
    // Only the version and the credentials changed.
    String expected = OFFER.replace("o=- 4611731400430051336 1", "o=- 4611731400430051336 2")
        .replace("a=ice-ufrag:ef8T", "a=ice-ufrag:N3wU")
        .replace("a=ice-pwd:QvsbUqCvWXGry5o4FBwENlHf", "a=ice-pwd:fR6yVq2LxT9pJcB0mKdW4sEh");
    assertEquals(expected, restarted.toString());
    assertEquals(offer, SessionDescription.parse(OFFER), "the original is unchanged");
  }

  @Test
  void candidatesAndEndOfCandidates() {
    MediaDescription m = offer().media().get(0).toBuilder()
        .addCandidate("1 1 udp 2122260223 127.0.0.1 50000 typ host")
        .addCandidate("2 1 udp 2122260222 ::1 50001 typ host")
        .endOfCandidates(true)
        .build();
    assertEquals(List.of("1 1 udp 2122260223 127.0.0.1 50000 typ host", "2 1 udp 2122260222 ::1 50001 typ host"),
        m.candidates());
    assertTrue(m.endOfCandidates());
    String text = m.toString();
    assertTrue(text.contains("a=rtcp:9 IN IP4 0.0.0.0\r\n"
        + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\n"
        + "a=candidate:2 1 udp 2122260222 ::1 50001 typ host\r\n"
        + "a=end-of-candidates\r\n"
        + "a=ice-ufrag:ef8T\r\n"), text);
    MediaDescription cleared = m.toBuilder().clearCandidates().endOfCandidates(false).build();
    assertEquals(offer().media().get(0), cleared);
  }

  @Test
  void answerFromOfferWithBuilderOperations() {
    // What the peer module does for an answer: keep the mid, flip setup and direction, drop codecs.
    MediaDescription offered = offer().media().get(1);
    MediaDescription answer = offered.toBuilder()
        .setup(Setup.ACTIVE)
        .direction(offered.direction().orElseThrow().reverse())
        .removePayloadType(97)
        .clearSsrcs()
        .clearMsids()
        .build();
    assertEquals(List.of("96"), answer.formats());
    assertEquals(Optional.of(Direction.RECVONLY), answer.direction());
    assertEquals(Optional.of(Setup.ACTIVE), answer.setup());
    assertTrue(answer.rtpMap(97).isEmpty());
    assertTrue(answer.fmtp(97).isEmpty());
    assertEquals(5, answer.rtcpFbs(96).size());
    assertTrue(answer.ssrcs().isEmpty() && answer.ssrcGroups().isEmpty() && answer.msids().isEmpty());
  }

  @Test
  void genericAttributesWithKnownNamesBecomeTyped() {
    MediaDescription m = MediaDescription.builder("video", 9, MediaDescription.PROTO_RTP)
        .addFormat(96)
        .addAttribute(new Attribute("rtpmap", "96 VP8/90000"))
        .addAttribute("sendonly", null)
        .addAttribute("x-custom", "kept")
        .build();
    assertEquals(new RtpMap(96, "VP8", 90000), m.rtpMaps().get(0));
    assertEquals(Optional.of(Direction.SENDONLY), m.direction());
    assertEquals(Optional.of("kept"), m.attribute("x-custom"));
    assertThrows(IllegalArgumentException.class, () -> MediaDescription.builder("video", 9, "RTP/AVP")
        .addAttribute("rtpmap", "not a map"));
  }

  @Test
  void simulcastAndRids() throws SdpParseException {
    MediaDescription m = MediaDescription.builder("video", 9, MediaDescription.PROTO_RTP)
        .connection(Connection.DISCARD_IP4)
        .mid("0")
        .addCodec(new RtpMap(96, "VP8", 90000), null)
        .simulcast(Simulcast.send("q", "h", "f"))
        .addRid(new Rid("q", Rid.Direction.SEND, List.of(96), List.of(Parameter.of("max-width", "320"))))
        .addRid(new Rid("h", Rid.Direction.SEND))
        .addRid(new Rid("f", Rid.Direction.SEND))
        .build();
    assertEquals("m=video 9 UDP/TLS/RTP/SAVPF 96\r\n"
        + "c=IN IP4 0.0.0.0\r\n"
        + "a=mid:0\r\n"
        + "a=rtpmap:96 VP8/90000\r\n"
        + "a=rid:q send pt=96;max-width=320\r\n"
        + "a=rid:h send\r\n"
        + "a=rid:f send\r\n"
        + "a=simulcast:send q;h;f\r\n", m.toString());
    SessionDescription sd = SessionDescription.builder().origin(Origin.jsep("1", 1)).addMedia(m).build();
    assertEquals(sd, SessionDescription.parse(sd.toString()));
    assertEquals(Optional.of("320"), sd.media().get(0).rids().get(0).restriction("max-width"));
    MediaDescription none = m.toBuilder().clearSimulcast().build();
    assertTrue(none.rids().isEmpty() && none.simulcast().isEmpty());
  }

  @Test
  void settersRemoveWithNullOrFalse() {
    MediaDescription m = offer().media().get(0).toBuilder()
        .mid(null).setup(null).direction(null).rtcpMux(false).rtcp(null).clearFingerprints().iceOptions()
        .build();
    assertTrue(m.mid().isEmpty());
    assertTrue(m.setup().isEmpty());
    assertTrue(m.direction().isEmpty());
    assertFalse(m.rtcpMux());
    assertTrue(m.rtcp().isEmpty());
    assertTrue(m.fingerprints().isEmpty());
    assertTrue(m.iceOptions().isEmpty());
  }

  @Test
  void builderRejectsBadValues() {
    assertThrows(IllegalStateException.class, () -> SessionDescription.builder().build(), "origin is required");
    MediaDescription.Builder b = MediaDescription.builder("audio", 9, MediaDescription.PROTO_RTP);
    assertThrows(IllegalArgumentException.class, () -> b.port(70000));
    assertThrows(IllegalArgumentException.class, () -> b.mid("has space"));
    assertThrows(IllegalArgumentException.class, () -> b.addCandidate("evil\r\na=injected"));
    assertThrows(IllegalArgumentException.class, () -> new RtpMap(200, "opus", 48000));
    assertThrows(IllegalArgumentException.class, () -> new Attribute("a:b", null));
    assertThrows(IllegalArgumentException.class, () -> new ExtMap(300, "urn:x"));
    assertThrows(IllegalArgumentException.class, () -> new Rid("bad id", Rid.Direction.SEND));
    assertThrows(IllegalArgumentException.class, () -> new Parameter("a;b", "c"));
  }

  @Test
  void listsAreImmutable() {
    SessionDescription sd = offer();
    assertThrows(UnsupportedOperationException.class, () -> sd.media().clear());
    assertThrows(UnsupportedOperationException.class, () -> sd.attributes().clear());
    assertThrows(UnsupportedOperationException.class, () -> sd.media().get(0).attributes().clear());
    assertThrows(UnsupportedOperationException.class, () -> sd.media().get(0).formats().clear());
  }
}
