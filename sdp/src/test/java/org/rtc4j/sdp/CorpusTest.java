package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every corpus file parses and round-trips; each file's typed values are what its text says. */
class CorpusTest {

  static List<String> corpus() {
    return Corpus.names();
  }

  @Test
  void corpusHasEveryFileTheReadmeLists() {
    List<String> names = Corpus.names();
    assertEquals(26, names.size(), names.toString());
    String readme = Corpus.load("README.md");
    for (String name : names) {
      assertTrue(readme.contains(name), name + " has no source note in corpus/README.md");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void roundTrips(String name) throws SdpParseException {
    SessionDescription sd = Corpus.parse(name);
    String written = sd.toString();
    SessionDescription again = SessionDescription.parse(written);
    assertEquals(sd, again, "parse(write(sd)) must equal sd");
    assertEquals(sd.hashCode(), again.hashCode());
    assertEquals(written, again.toString(), "writing twice must give the same text");
    assertTrue(written.endsWith("\r\n"));
    assertFalse(written.replace("\r\n", "").contains("\n"), "only CRLF line ends");
    assertFalse(written.contains("\r\n\r\n"), "no blank lines");
    // Builders copy everything: toBuilder().build() is the same description.
    assertEquals(sd, sd.toBuilder().build());
    for (MediaDescription m : sd.media()) {
      assertEquals(m, m.toBuilder().build());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void keepsEveryLineOfTheInput(String name) throws SdpParseException {
    // Canonical writing may reorder attributes and normalize spacing, but drops no line.
    String text = Corpus.load(name);
    long inputLines = text.lines().filter(l -> !l.isBlank()).count();
    long outputLines = Corpus.parse(name).toString().lines().count();
    assertEquals(inputLines, outputLines);
  }

  @Test
  void chromiumLiveOfferIsWrittenBackByteForByte() throws SdpParseException {
    // The writer's order is libwebrtc's, so Chromium's own SDP comes back unchanged.
    for (String name : List.of("chromium-live-offer.sdp", "chromium-live-answer.sdp", "chromium-live-recvonly-answer.sdp",
        "chromium-live-simulcast-answer.sdp",
        "chromium-live-later-offer.sdp", "chromium-live-ice-restart-offer.sdp",
        "safari-offer-audio-video-data.sdp", "safari-offer.sdp")) {
      assertEquals(Corpus.load(name), Corpus.parse(name).toString(), name);
    }
  }

  @Test
  void chromiumLiveOffer() throws SdpParseException {
    SessionDescription sd = Corpus.parse("chromium-live-offer.sdp");
    assertEquals("-", sd.origin().username());
    assertEquals(2, sd.origin().sessionVersion());
    assertEquals("127.0.0.1", sd.origin().address());
    assertEquals("-", sd.sessionName());
    assertEquals(List.of(Timing.PERMANENT), sd.timings());
    assertEquals(List.of("0", "1", "2"), sd.group("BUNDLE").orElseThrow().mids());
    assertTrue(sd.extmapAllowMixed());
    MsidSemantic wms = sd.msidSemantic().orElseThrow();
    assertEquals("WMS", wms.semantic());
    assertEquals(1, wms.identifiers().size());

    assertEquals(3, sd.media().size());
    MediaDescription audio = sd.media().get(0);
    MediaDescription video = sd.media().get(1);
    MediaDescription data = sd.media().get(2);
    assertEquals("audio", audio.kind());
    assertEquals(9, audio.port());
    assertEquals(MediaDescription.PROTO_RTP, audio.proto());
    assertEquals(List.of("111", "63", "9", "0", "8", "13", "110", "126"), audio.formats());
    assertEquals(Connection.DISCARD_IP4, audio.connection().orElseThrow());
    assertEquals(new Rtcp(9, Connection.DISCARD_IP4), audio.rtcp().orElseThrow());
    assertEquals(Optional.of("0"), audio.mid());
    assertEquals(List.of("trickle"), audio.iceOptions());
    assertEquals(4, audio.iceUfrag().orElseThrow().length());
    assertEquals(24, audio.icePwd().orElseThrow().length());
    Fingerprint fp = audio.fingerprints().get(0);
    assertEquals("sha-256", fp.hashFunction());
    assertEquals(32, fp.bytes().length);
    assertEquals(Optional.of(Setup.ACTPASS), audio.setup());
    assertEquals(Optional.of(Direction.SENDRECV), audio.direction());
    assertTrue(audio.rtcpMux());
    assertTrue(audio.rtcpRsize());
    assertFalse(audio.rtcpMuxOnly());
    assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111).orElseThrow());
    assertEquals(List.of(Parameter.of("minptime", "10"), Parameter.of("useinbandfec", "1")),
        audio.fmtp(111).orElseThrow().parameters());
    assertEquals(List.of(Parameter.of("111/111", null)), audio.fmtp(63).orElseThrow().parameters());
    assertEquals(List.of(new RtcpFb(111, "transport-cc")), audio.rtcpFbs(111));
    assertEquals(new ExtMap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), audio.extMaps().get(0));
    assertEquals(4, audio.extMaps().size());
    assertEquals(1, audio.msids().size());
    assertEquals(wms.identifiers().get(0), audio.msids().get(0).streamId());
    assertEquals(2, audio.ssrcs().size());
    assertEquals("cname", audio.ssrcs().get(0).attribute());
    assertEquals(Optional.of("rcvr-rtt=all"), audio.attribute("rtcp-xr"), "unknown attribute kept verbatim");
    assertTrue(audio.candidates().isEmpty(), "createOffer without setLocalDescription gathers nothing");

    assertEquals("video", video.kind());
    assertEquals(23, video.formats().size());
    assertEquals(new RtpMap(96, "VP8", 90000), video.rtpMap(96).orElseThrow());
    assertEquals(Optional.of("96"), video.fmtp(97).orElseThrow().get("apt"));
    assertEquals(List.of(new RtcpFb(96, "goog-remb"), new RtcpFb(96, "transport-cc"),
        new RtcpFb(96, "ccm", "fir"), new RtcpFb(96, "nack"), new RtcpFb(96, "nack", "pli")), video.rtcpFbs(96));
    assertEquals(Optional.of("42e01f"), video.fmtp(108).orElseThrow().get("profile-level-id"));
    SsrcGroup fid = video.ssrcGroups().get(0);
    assertEquals("FID", fid.semantics());
    assertEquals(2, fid.ssrcs().size());
    assertEquals(11, video.extMaps().size());
    MediaDescription.Codec vp9 = video.codecs().get(video.formats().indexOf("98"));
    assertEquals("VP9", vp9.rtpMap().encodingName());
    assertEquals(Optional.of("0"), vp9.fmtp().get("profile-id"));
    assertEquals(5, vp9.feedback().size());

    assertEquals("application", data.kind());
    assertEquals(MediaDescription.PROTO_SCTP, data.proto());
    assertEquals(List.of("webrtc-datachannel"), data.formats());
    assertEquals(OptionalInt.of(5000), data.sctpPort());
    assertEquals(OptionalLong.of(262144), data.maxMessageSize());
    assertEquals(Optional.of("2"), data.mid());
    assertTrue(data.direction().isEmpty());
    assertTrue(data.rtpMaps().isEmpty());
  }

  @Test
  void chromiumLiveAnswer() throws SdpParseException {
    // A second RTCPeerConnection answering the live offer's format (audio, video, data channel).
    SessionDescription sd = Corpus.parse("chromium-live-answer.sdp");
    assertEquals("-", sd.origin().username());
    assertEquals(2, sd.origin().sessionVersion());
    assertEquals(List.of("0", "1", "2"), sd.group(Group.BUNDLE).orElseThrow().mids());
    assertTrue(sd.extmapAllowMixed());
    MsidSemantic wms = sd.msidSemantic().orElseThrow();
    assertEquals(1, wms.identifiers().size());
    assertEquals(List.of("audio", "video", "application"), sd.media().stream().map(MediaDescription::kind).toList());
    String ufrag = sd.media().get(0).iceUfrag().orElseThrow();
    for (MediaDescription m : sd.media()) {
      assertEquals(Optional.of(Setup.ACTIVE), m.setup(), "an answerer picks active");
      assertEquals(Optional.of(ufrag), m.iceUfrag());
      assertEquals("sha-256", m.fingerprints().get(0).hashFunction());
      assertEquals(32, m.fingerprints().get(0).bytes().length);
      assertTrue(m.candidates().isEmpty());
    }
    MediaDescription audio = sd.media().get(0);
    assertEquals(Optional.of(Direction.SENDRECV), audio.direction());
    assertEquals(new Msid(wms.identifiers().get(0), audio.msids().get(0).trackId()), audio.msids().get(0));
    assertEquals(new RtpMap(111, "opus", 48000, 2), audio.rtpMap(111).orElseThrow());
    assertEquals(List.of(new RtcpFb(111, "transport-cc")), audio.rtcpFbs(111));
    assertEquals(1, audio.ssrcs().size(), "an answer's audio has one ssrc line: cname");
    assertEquals("cname", audio.ssrcs().get(0).attribute());
    MediaDescription video = sd.media().get(1);
    assertEquals(new ExtMap(14, "urn:ietf:params:rtp-hdrext:toffset"), video.extMaps().get(0));
    assertEquals(new RtpMap(45, "AV1", 90000), video.rtpMap(45).orElseThrow());
    assertEquals(Optional.of("5"), video.fmtp(45).orElseThrow().get("level-idx"));
    assertEquals(List.of("level-asymmetry-allowed", "packetization-mode", "profile-level-id"),
        video.fmtp(102).orElseThrow().parameters().stream().map(Parameter::name).toList());
    SsrcGroup fid = video.ssrcGroups().get(0);
    assertEquals("FID", fid.semantics());
    assertEquals(List.of(fid.ssrcs().get(0), fid.ssrcs().get(1)),
        video.ssrcs().stream().map(Ssrc::ssrc).toList());
    MediaDescription data = sd.media().get(2);
    assertEquals(OptionalInt.of(5000), data.sctpPort());
    assertEquals(OptionalLong.of(262144), data.maxMessageSize());
  }

  @Test
  void chromiumLiveSimulcastAnswer() throws SdpParseException {
    // simulcast-answer.html: Chromium answering an offer that sends rids q, h, f. It cannot receive
    // simulcast, so the answer has no a=rid and no a=simulcast: one plain recvonly video.
    SessionDescription sd = Corpus.parse("chromium-live-simulcast-answer.sdp");
    assertEquals(List.of("0"), sd.group(Group.BUNDLE).orElseThrow().mids());
    assertEquals(MsidSemantic.of("WMS"), sd.msidSemantic().orElseThrow());
    MediaDescription video = sd.media().get(0);
    assertEquals(Optional.of(Direction.RECVONLY), video.direction());
    assertEquals(Optional.of(Setup.ACTIVE), video.setup());
    assertTrue(video.rids().isEmpty());
    assertTrue(video.simulcast().isEmpty());
    assertTrue(video.ssrcs().isEmpty());
    assertTrue(video.msids().isEmpty());
    assertEquals(new ExtMap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"), video.extMaps().get(9));
    assertEquals(new ExtMap(14, "http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00"),
        video.extMaps().get(12));
    assertEquals(new RtpMap(120, "ulpfec", 90000), video.rtpMap(120).orElseThrow());
    assertEquals(23, video.formats().size());
  }

  @Test
  void chromiumLiveRecvonlyAnswer() throws SdpParseException {
    // recvonly-answer.html: a connection without tracks answers an SFU-style sendonly offer.
    SessionDescription sd = Corpus.parse("chromium-live-recvonly-answer.sdp");
    assertEquals(2, sd.origin().sessionVersion());
    assertEquals(MsidSemantic.of("WMS"), sd.msidSemantic().orElseThrow(), "'a=msid-semantic: WMS' lists no stream");
    assertEquals(List.of("0", "1"), sd.group(Group.BUNDLE).orElseThrow().mids());
    MediaDescription audio = sd.media().get(0);
    assertEquals(List.of("111", "63"), audio.formats(), "the offer's codecs, Opus and RED");
    assertEquals(Optional.of(Direction.RECVONLY), audio.direction());
    assertEquals(Optional.of(Setup.ACTIVE), audio.setup());
    assertEquals(List.of("trickle"), audio.iceOptions());
    assertEquals(List.of(Parameter.of("111/111", null)), audio.fmtp(63).orElseThrow().parameters());
    assertTrue(audio.ssrcs().isEmpty(), "nothing sent, no a=ssrc");
    assertTrue(audio.msids().isEmpty());
    assertTrue(audio.candidates().isEmpty());
    MediaDescription video = sd.media().get(1);
    assertEquals(Optional.of(Direction.RECVONLY), video.direction());
    assertEquals(audio.iceUfrag(), video.iceUfrag(), "one bundled transport");
    assertEquals(List.of("96", "97"), video.formats());
    assertEquals(new ExtMap(14, "urn:ietf:params:rtp-hdrext:toffset"), video.extMaps().get(0),
        "ids as the offer numbered them, not in order");
    assertEquals(5, video.rtcpFbs(96).size());
    assertEquals(Optional.of("96"), video.fmtp(97).orElseThrow().get("apt"));
    assertTrue(video.ssrcs().isEmpty());
  }

  @Test
  void chromiumLiveLaterOfferWithFourSectionsAndCandidates() throws SdpParseException {
    // later-offer.html: the fifth offer of one connection, after four negotiations that each added a
    // section, with the candidates gathered (in a loopback-only namespace: one 127.0.0.1 host).
    SessionDescription sd = Corpus.parse("chromium-live-later-offer.sdp");
    assertEquals(6, sd.origin().sessionVersion(), "a later description of this connection");
    assertEquals(List.of("0", "1", "2", "3"), sd.group(Group.BUNDLE).orElseThrow().mids());
    assertEquals(List.of("video", "audio", "video", "audio"), sd.media().stream().map(MediaDescription::kind).toList());
    MediaDescription simulcast = sd.media().get(0);
    assertEquals(59100, simulcast.port(), "the default candidate's port, not 9");
    assertEquals(Connection.ip4("127.0.0.1"), simulcast.connection().orElseThrow());
    assertEquals(List.of("2717367376 1 udp 2122260223 127.0.0.1 59100 typ host generation 0 network-id 1 network-cost 50"),
        simulcast.candidates());
    assertFalse(simulcast.endOfCandidates());
    assertEquals(Optional.of(Direction.SENDONLY), simulcast.direction());
    assertEquals(List.of(new Rid("q", Rid.Direction.SEND), new Rid("h", Rid.Direction.SEND),
        new Rid("f", Rid.Direction.SEND)), simulcast.rids());
    // The answerer could not receive simulcast: Chromium keeps sending q and marks h and f paused.
    assertEquals(new Simulcast(List.of(List.of(new Simulcast.Id("q", false)), List.of(new Simulcast.Id("h", true)),
        List.of(new Simulcast.Id("f", true))), List.of()), simulcast.simulcast().orElseThrow());
    assertEquals(List.of("q", "h", "f"), simulcast.simulcast().orElseThrow().sendRids());
    assertTrue(simulcast.ssrcs().isEmpty(), "with rids Chromium writes no ssrc lines");
    assertEquals(23, simulcast.formats().size());
    assertEquals(new RtpMap(45, "AV1", 90000), simulcast.rtpMap(45).orElseThrow());
    assertEquals(new ExtMap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"), simulcast.extMaps().get(9));
    MediaDescription audio = sd.media().get(1);
    assertEquals(9, audio.port());
    assertEquals(Connection.DISCARD_IP4, audio.connection().orElseThrow());
    assertTrue(audio.candidates().isEmpty(), "bundled: the candidates are on the first section");
    assertEquals("63", audio.formats().get(0), "RED first, as setCodecPreferences asked");
    assertEquals(new Msid("-", "3008276d-01aa-409f-83ac-a1f7563a6524"), audio.msids().get(0), "a track without a stream");
    assertEquals(List.of(Parameter.of("minptime", "10"), Parameter.of("useinbandfec", "1")),
        audio.fmtp(111).orElseThrow().parameters());
    assertEquals(new ExtMap(12, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), audio.extMaps().get(0));
    assertEquals(SsrcGroup.of("FID", 3488303315L, 1534350635L), sd.media().get(2).ssrcGroups().get(0));
    assertEquals(Optional.of(Direction.SENDRECV), sd.media().get(2).direction());
    assertEquals(Optional.of("3"), sd.media().get(3).mid());
    assertEquals("111", sd.media().get(3).formats().get(0));
  }

  @Test
  void chromiumLiveIceRestartOffer() throws SdpParseException {
    // The offerer's second offer (ice-restart.html): video stopped, simulcast video added, iceRestart.
    SessionDescription sd = Corpus.parse("chromium-live-ice-restart-offer.sdp");
    assertEquals(3, sd.origin().sessionVersion(), "third description from this connection");
    assertEquals(List.of("0", "2", "3"), sd.group(Group.BUNDLE).orElseThrow().mids(), "the stopped m-line leaves BUNDLE");
    assertEquals(List.of("audio", "video", "application", "video"),
        sd.media().stream().map(MediaDescription::kind).toList());
    MediaDescription audio = sd.media().get(0);
    MediaDescription stopped = sd.media().get(1);
    MediaDescription data = sd.media().get(2);
    MediaDescription simulcast = sd.media().get(3);
    assertEquals(0, stopped.port());
    assertTrue(stopped.isRejected());
    assertEquals(Optional.of(Direction.INACTIVE), stopped.direction());
    assertEquals(Optional.of("1"), stopped.mid());
    assertTrue(stopped.msids().isEmpty());
    assertTrue(stopped.ssrcs().isEmpty());
    // The restart gives the bundled transport new credentials; the stopped m-line keeps the old ones.
    String ufrag = audio.iceUfrag().orElseThrow();
    assertFalse(ufrag.equals(stopped.iceUfrag().orElseThrow()));
    assertFalse(audio.icePwd().equals(stopped.icePwd()));
    assertEquals(Optional.of(ufrag), data.iceUfrag());
    assertEquals(Optional.of(ufrag), simulcast.iceUfrag());
    for (MediaDescription m : sd.media()) {
      assertEquals(Optional.of(Setup.ACTPASS), m.setup());
      assertTrue(m.candidates().isEmpty(), "relay-only policy without servers gathers nothing");
    }
    assertEquals(Optional.of(Direction.SENDRECV), audio.direction());
    assertEquals(OptionalInt.of(5000), data.sctpPort());
    assertEquals(Optional.of("3"), simulcast.mid());
    assertEquals(Optional.of(Direction.SENDONLY), simulcast.direction());
    assertEquals("-", simulcast.msids().get(0).streamId(), "addTransceiver without streams");
    assertEquals(List.of(new Rid("q", Rid.Direction.SEND), new Rid("h", Rid.Direction.SEND),
        new Rid("f", Rid.Direction.SEND)), simulcast.rids());
    assertEquals(Simulcast.send("q", "h", "f"), simulcast.simulcast().orElseThrow());
    assertTrue(simulcast.ssrcs().isEmpty());
    assertEquals(new ExtMap(10, "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
        simulcast.extMaps().stream().filter(e -> e.id() == 10).findFirst().orElseThrow());
    assertEquals(stopped.formats(), simulcast.formats());
  }

  @Test
  void firefoxOffer() throws SdpParseException {
    SessionDescription sd = Corpus.parse("firefox-offer.sdp");
    assertEquals("mozilla...THIS_IS_SDPARTA-128.0", sd.origin().username());
    assertEquals("6311934219419432411", sd.origin().sessionId());
    assertEquals(0, sd.origin().sessionVersion());
    assertEquals("sha-256", sd.fingerprints().get(0).hashFunction(), "Firefox puts the fingerprint in the session");
    assertEquals(List.of("trickle"), sd.iceOptions());
    assertEquals(MsidSemantic.of("WMS", "*"), sd.msidSemantic().orElseThrow());
    MediaDescription audio = sd.media().get(0);
    assertTrue(audio.fingerprints().isEmpty());
    assertEquals(new ExtMap(2, Direction.RECVONLY, "urn:ietf:params:rtp-hdrext:csrc-audio-level", null),
        audio.extMaps().get(1));
    assertEquals(new RtpMap(9, "G722", 8000, 1), audio.rtpMap(9).orElseThrow());
    assertEquals(List.of(Parameter.of("maxplaybackrate", "48000"), Parameter.of("stereo", "1"),
        Parameter.of("useinbandfec", "1")), audio.fmtp(109).orElseThrow().parameters());
    assertEquals(Optional.of("5e2a9c1d"), audio.iceUfrag());
    assertEquals(new Msid("{5a1c6b4e-2d3f-4e8a-9b7c-0d1e2f3a4b5c}", "{0e8e1f2a-3b4c-5d6e-7f80-91a2b3c4d5e6}"),
        audio.msids().get(0));
    MediaDescription video = sd.media().get(1);
    assertEquals(20, video.rtcpFbs().size());
    assertEquals(List.of(new RtcpFb(126, "nack"), new RtcpFb(126, "nack", "pli"), new RtcpFb(126, "ccm", "fir"),
        new RtcpFb(126, "goog-remb"), new RtcpFb(126, "transport-cc")), video.rtcpFbs(126));
    assertEquals(SsrcGroup.of("FID", 1149412355L, 3304325452L), video.ssrcGroups().get(0));
    // Canonical order groups each payload type's rtpmap, rtcp-fb and fmtp in m= line order.
    List<SdpAttribute> attrs = video.attributes();
    int vp8 = attrs.indexOf(new RtpMap(120, "VP8", 90000));
    assertEquals(new RtcpFb(120, "nack"), attrs.get(vp8 + 1));
    assertEquals(Fmtp.of(120, "max-fs=12288;max-fr=60"), attrs.get(vp8 + 6));
    assertEquals(new RtpMap(124, "rtx", 90000), attrs.get(vp8 + 7));
    assertEquals(OptionalLong.of(1073741823L), sd.media().get(2).maxMessageSize());
    assertEquals(Optional.of(Direction.SENDRECV), sd.media().get(2).direction());
  }

  @Test
  void firefoxSimulcastAnswer() throws SdpParseException {
    MediaDescription video = Corpus.parse("firefox-simulcast-answer.sdp").media().get(0);
    assertEquals(Optional.of(Direction.RECVONLY), video.direction());
    assertEquals(Optional.of(Setup.ACTIVE), video.setup());
    assertEquals(List.of("q", "h", "f"), video.simulcast().orElseThrow().recvRids());
    assertTrue(video.simulcast().orElseThrow().send().isEmpty());
    assertEquals(3, video.rids().size());
    assertEquals(Rid.Direction.RECV, video.rids().get(2).direction());
  }

  @Test
  void safariOffer() throws SdpParseException {
    MediaDescription video = Corpus.parse("safari-offer.sdp").media().get(1);
    assertEquals(new RtpMap(96, "H264", 90000), video.rtpMap(96).orElseThrow());
    assertEquals(Optional.of("640c1f"), video.fmtp(96).orElseThrow().get("profile-level-id"));
    assertEquals(new RtpMap(127, "H265", 90000), video.rtpMap(127).orElseThrow());
    assertEquals(Optional.of("127"), video.fmtp(125).orElseThrow().get("apt"));
    assertEquals(4, video.ssrcs().size());
    assertEquals("msid", video.ssrcs().get(1).attribute());
    assertEquals("2f1c8d3e-7a4b-4c59-9e6d-1b0a3f5c7e28 e5b7d9f1-3a2c-4b6e-8d0f-1c3e5a7b9d02",
        video.ssrcs().get(1).value());
    assertFalse(Corpus.parse("safari-offer.sdp").media().get(0).rtcpRsize());
  }

  @Test
  void firefox58AudioOffer() throws SdpParseException {
    // aiortc tests/test_sdp.py test_audio_firefox
    SessionDescription sd = Corpus.parse("firefox-58-audio-offer.sdp");
    assertEquals("mozilla...THIS_IS_SDPARTA-58.0.1", sd.origin().username());
    assertEquals("4934139885953732403", sd.origin().sessionId());
    assertEquals(1, sd.origin().sessionVersion());
    assertEquals("0.0.0.0", sd.origin().address());
    assertEquals(Optional.of(Direction.SENDRECV), sd.direction(), "Firefox also writes a session-level direction");
    assertEquals(1, sd.fingerprints().size());
    assertEquals("sha-256", sd.fingerprints().get(0).hashFunction());
    assertEquals(List.of("trickle"), sd.iceOptions());
    assertEquals(MsidSemantic.of("WMS", "*"), sd.msidSemantic().orElseThrow());
    assertEquals(List.of("sdparta_0"), sd.group(Group.BUNDLE).orElseThrow().mids());
    MediaDescription audio = sd.media().get(0);
    assertEquals(45274, audio.port());
    assertEquals(List.of("109", "9", "0", "8", "101"), audio.formats());
    assertEquals(Connection.ip4("192.168.99.58"), audio.connection().orElseThrow());
    assertEquals(new Rtcp(38612, Connection.ip4("192.168.99.58")), audio.rtcp().orElseThrow());
    assertEquals(10, audio.candidates().size());
    assertEquals("0 2 UDP 2122187006 192.168.99.58 38612 typ host", audio.candidates().get(4), "an RTCP candidate");
    assertEquals("1 1 UDP 1685921791 1.2.3.4 37264 typ srflx raddr 192.168.99.58 rport 37264",
        audio.candidates().get(8));
    assertTrue(audio.endOfCandidates());
    assertEquals(new ExtMap(1, Direction.SENDONLY, "urn:ietf:params:rtp-hdrext:ssrc-audio-level", null),
        audio.extMaps().get(0));
    assertEquals(new RtpMap(9, "G722", 8000, 1), audio.rtpMap(9).orElseThrow());
    assertEquals(List.of(Parameter.of("maxplaybackrate", "48000"), Parameter.of("stereo", "1"),
        Parameter.of("useinbandfec", "1")), audio.fmtp(109).orElseThrow().parameters());
    assertEquals(List.of(Parameter.of("0-15", null)), audio.fmtp(101).orElseThrow().parameters());
    assertEquals(Optional.of("403a81e1"), audio.iceUfrag());
    assertEquals(Optional.of("f9b83487285016f7492197a5790ceee5"), audio.icePwd());
    assertEquals(Optional.of("sdparta_0"), audio.mid());
    assertEquals(new Msid("{dee771c7-671a-451e-b847-f86f8e87c7d8}", "{12692dea-686c-47ca-b3e9-48f38fc92b78}"),
        audio.msids().get(0));
    assertEquals(new Ssrc(882128807L, "cname", "{ed463ac5-dabf-44d4-8b9f-e14318427b2b}"), audio.ssrcs().get(0));
    assertEquals(Optional.of(Setup.ACTPASS), audio.setup());
    assertTrue(audio.fingerprints().isEmpty());
  }

  @Test
  void firefox58DataChannelOffer() throws SdpParseException {
    // aiortc tests/test_sdp.py test_datachannel_firefox: the pre-RFC 8841 SCTP m-line.
    SessionDescription sd = Corpus.parse("firefox-58-datachannel-offer.sdp");
    assertEquals("7514673380034989017", sd.origin().sessionId());
    MediaDescription data = sd.media().get(0);
    assertEquals("application", data.kind());
    assertEquals(45791, data.port());
    assertEquals("DTLS/SCTP", data.proto());
    assertEquals(List.of("5000"), data.formats());
    assertEquals(Optional.of("5000 webrtc-datachannel 256"), data.attribute("sctpmap"));
    assertTrue(data.sctpPort().isEmpty());
    assertEquals(OptionalLong.of(1073741823L), data.maxMessageSize());
    assertEquals(4, data.candidates().size());
    assertEquals("1 1 UDP 2122252543 2a02:a03f:3eb0:e000:b0aa:d60a:cff2:933c 44087 typ host", data.candidates().get(1));
    assertTrue(data.endOfCandidates());
    assertEquals(Optional.of(Direction.SENDRECV), data.direction());
    assertEquals(Optional.of("9889e0c4"), data.iceUfrag());
  }

  @Test
  void firefox61VideoOffer() throws SdpParseException {
    // aiortc tests/test_sdp.py test_video_firefox. As a mutation seed it found that "a=rtcp:52<TAB>14 ..."
    // passed the parse and then failed to build (fixed; see corpus/README.md).
    String name = "firefox-61-video-offer.sdp";
    SessionDescription sd = Corpus.parse(name);
    String written = sd.toString();
    assertEquals(sd, SessionDescription.parse(written));
    assertEquals(written, SessionDescription.parse(written).toString());
    assertEquals(Corpus.load(name).lines().count(), written.lines().count());
    assertEquals("mozilla...THIS_IS_SDPARTA-61.0", sd.origin().username());
    assertEquals(0, sd.origin().sessionVersion());
    MediaDescription video = sd.media().get(0);
    assertEquals(List.of("120", "121"), video.formats());
    assertEquals(new RtpMap(120, "VP8", 90000), video.rtpMap(120).orElseThrow());
    assertEquals(new RtpMap(121, "VP9", 90000), video.rtpMap(121).orElseThrow());
    assertEquals(Fmtp.of(121, "max-fs=12288;max-fr=60"), video.fmtp(121).orElseThrow());
    assertEquals(Optional.of("12288"), video.fmtp(120).orElseThrow().get("max-fs"));
    assertEquals(List.of(new RtcpFb(121, "nack"), new RtcpFb(121, "nack", "pli"), new RtcpFb(121, "ccm", "fir"),
        new RtcpFb(121, "goog-remb")), video.rtcpFbs(121));
    assertEquals(List.of(3, 4, 5), video.extMaps().stream().map(ExtMap::id).toList());
    assertEquals(new Rtcp(52914, Connection.ip4("192.168.99.7")), video.rtcp().orElseThrow());
    assertEquals(4, video.candidates().size());
    assertTrue(video.rtcpMux());
    assertFalse(video.rtcpRsize());
    assertEquals(new Ssrc(3408404552L, "cname", "{6f52d07e-17ef-42c5-932b-3b57c64fe049}"), video.ssrcs().get(0));
  }

  @Test
  void safariOfferWithAudioVideoAndData() throws SdpParseException {
    // aiortc tests/test_sdp.py test_safari: Plan B era mids, H.264 High first, SCTP with sctpmap.
    SessionDescription sd = Corpus.parse("safari-offer-audio-video-data.sdp");
    assertEquals("8148572839875102105", sd.origin().sessionId());
    assertEquals(List.of("audio", "video", "data"), sd.group(Group.BUNDLE).orElseThrow().mids());
    assertEquals(MsidSemantic.of("WMS", "cb7e185b-6110-4f65-b027-ddb8b5fa78c7"), sd.msidSemantic().orElseThrow());
    MediaDescription audio = sd.media().get(0);
    assertEquals(61015, audio.port());
    assertEquals(Connection.ip4("1.2.3.4"), audio.connection().orElseThrow());
    assertEquals(new Rtcp(9, Connection.DISCARD_IP4), audio.rtcp().orElseThrow());
    assertEquals(3, audio.candidates().size());
    assertEquals("3103151263 1 udp 2113939711 2a01:e0a:151:dc10:a8cb:5e93:9627:557c 61016 typ host generation 0 "
        + "network-cost 999", audio.candidates().get(1));
    assertEquals(new RtpMap(102, "ILBC", 8000), audio.rtpMap(102).orElseThrow());
    assertEquals(new ExtMap(1, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), audio.extMaps().get(0));
    assertEquals(4, audio.ssrcs().size());
    assertEquals(new Ssrc(205815247L, "mslabel", "cb7e185b-6110-4f65-b027-ddb8b5fa78c7"), audio.ssrcs().get(2));
    assertTrue(audio.msids().isEmpty(), "no a=msid, only a=ssrc msid:");
    assertFalse(audio.rtcpRsize());
    MediaDescription video = sd.media().get(1);
    assertEquals(List.of("96", "97", "98", "99", "100", "101", "127", "125", "104"), video.formats());
    assertEquals(new RtpMap(96, "H264", 90000), video.rtpMap(96).orElseThrow());
    assertEquals(Optional.of("640c1f"), video.fmtp(96).orElseThrow().get("profile-level-id"));
    assertEquals(new RtpMap(127, "red", 90000), video.rtpMap(127).orElseThrow());
    assertEquals(Optional.of("127"), video.fmtp(125).orElseThrow().get("apt"));
    assertEquals(SsrcGroup.of("FID", 11942296L, 149700150L), video.ssrcGroups().get(0));
    assertEquals(8, video.ssrcs().size());
    assertEquals(8, video.extMaps().size());
    assertTrue(video.rtcpRsize());
    MediaDescription data = sd.media().get(2);
    assertEquals("DTLS/SCTP", data.proto());
    assertEquals(Optional.of("data"), data.mid());
    assertEquals(Optional.of("5000 webrtc-datachannel 1024"), data.attribute("sctpmap"));
    assertTrue(data.maxMessageSize().isEmpty());
    for (MediaDescription m : sd.media()) {
      assertEquals(Optional.of("XSmV"), m.iceUfrag());
      assertEquals(Optional.of(Setup.ACTPASS), m.setup());
    }
  }

  @Test
  void aiortcWrittenVideoOffer() throws SdpParseException {
    // aiortc tests/test_sdp.py test_video_chrome: what aiortc writes back for a parsed Chrome offer.
    SessionDescription sd = Corpus.parse("aiortc-written-video-offer.sdp");
    assertEquals(MsidSemantic.of("WMS", "bbgewhUzS6hvFDlSlrhQ6zYlwW7ttRrK8QeQ"), sd.msidSemantic().orElseThrow(),
        "aiortc writes 'a=msid-semantic:WMS id' without the space Chrome puts after the colon");
    MediaDescription video = sd.media().get(0);
    assertEquals(34955, video.port());
    assertEquals(Optional.of(Direction.SENDRECV), video.direction());
    assertEquals(7, video.extMaps().size());
    assertEquals(Optional.of("video"), video.mid());
    assertEquals(List.of("638323114 1 udp 2122260223 10.101.2.67 34955 typ host",
        "1754264922 1 tcp 1518280447 10.101.2.67 9 typ host tcptype active"), video.candidates(),
        "aiortc drops Chrome's generation/network-id extensions");
    assertFalse(video.endOfCandidates());
    assertEquals(List.of("trickle"), video.iceOptions());
    assertEquals(Optional.of("mlPea2xBCmFmNLfmy/jlqw1D"), video.icePwd());
    assertEquals(SsrcGroup.of("FID", 1845476211L, 3305256354L), video.ssrcGroups().get(0));
    assertEquals(8, video.ssrcs().size());
    assertEquals(new RtpMap(102, "ulpfec", 90000), video.rtpMap(102).orElseThrow());
    assertEquals(Optional.of(Setup.ACTPASS), video.setup());
  }

  @Test
  void pionSfuOffer() throws SdpParseException {
    SessionDescription sd = Corpus.parse("pion-sfu-offer.sdp");
    assertEquals(1678878001L, sd.origin().sessionVersion());
    assertEquals(1, sd.fingerprints().size());
    MediaDescription audio = sd.media().get(0);
    // "a=rtcp-fb:111 transport-cc " (trailing space, as Pion writes it) is just transport-cc.
    assertEquals(List.of(new RtcpFb(111, "transport-cc")), audio.rtcpFbs());
    assertEquals(4, audio.candidates().size());
    assertTrue(audio.endOfCandidates());
    assertEquals(List.of(Parameter.of("minptime", "10"), Parameter.of("usedtx", "1"), Parameter.of("useinbandfec", "1")),
        audio.fmtp(111).orElseThrow().parameters());
    MediaDescription video = sd.media().get(1);
    assertEquals(List.of("f", "h", "q"), video.simulcast().orElseThrow().recvRids());
    assertEquals(new RtpMap(116, "ulpfec", 90000), video.rtpMap(116).orElseThrow());
    assertEquals(Optional.of("64001f"), video.fmtp(112).orElseThrow().get("profile-level-id"));
    MediaDescription data = sd.media().get(2);
    assertEquals(Optional.of(Direction.SENDRECV), data.direction());
    assertEquals(Optional.of("obZwzAcRtxwuozPZ"), data.iceUfrag());
  }

  @Test
  void pionOffer() throws SdpParseException {
    SessionDescription sd = Corpus.parse("pion-offer.sdp");
    assertTrue(sd.extmapAllowMixed());
    assertEquals(List.of("0", "1", "2"), sd.group("BUNDLE").orElseThrow().mids());
    MediaDescription video = sd.media().get(1);
    assertEquals(Optional.of(Direction.SENDONLY), video.direction());
    assertEquals(new Msid("pion", "video"), video.msids().get(0));
    assertEquals(8, video.ssrcs().size());
    assertEquals(new Ssrc(1623429478L, "label", "video"), video.ssrcs().get(7));
    assertEquals(List.of(new RtcpFb(96, "goog-remb"), new RtcpFb(96, "ccm", "fir"), new RtcpFb(96, "nack"),
        new RtcpFb(96, "nack", "pli"), new RtcpFb(96, "transport-cc")), video.rtcpFbs(96));
    assertEquals("127.0.0.1", sd.media().get(0).candidates().get(0).split(" ")[4]);
  }

  @Test
  void aiortcOffer() throws SdpParseException {
    SessionDescription sd = Corpus.parse("aiortc-offer.sdp");
    assertEquals(3906374906L, sd.origin().sessionVersion());
    assertEquals(MsidSemantic.of("WMS", "*"), sd.msidSemantic().orElseThrow());
    MediaDescription audio = sd.media().get(0);
    assertEquals(List.of("sha-256", "sha-384", "sha-512"),
        audio.fingerprints().stream().map(Fingerprint::hashFunction).toList());
    assertEquals(48, audio.fingerprints().get(1).bytes().length);
    assertEquals(64, audio.fingerprints().get(2).bytes().length);
    assertEquals(List.of("7a1e46ec3c4b01ad86d3fd7cd3fe2b09 1 udp 2130706431 192.0.2.33 50387 typ host"), audio.candidates());
    assertTrue(audio.endOfCandidates());
    MediaDescription video = sd.media().get(1);
    assertEquals(Optional.of(Direction.RECVONLY), video.direction());
    assertEquals(List.of(new RtcpFb(99, "nack"), new RtcpFb(99, "nack", "pli"), new RtcpFb(99, "goog-remb")),
        video.rtcpFbs(99));
    MediaDescription data = sd.media().get(2);
    assertEquals("DTLS/SCTP", data.proto());
    assertEquals(List.of("5000"), data.formats());
    assertEquals(Optional.of("5000 webrtc-datachannel 65535"), data.attribute("sctpmap"));
    assertTrue(data.sctpPort().isEmpty());
    assertEquals(OptionalLong.of(65536), data.maxMessageSize());
  }

  @Test
  void rfc8829SimpleExampleOffer() throws SdpParseException {
    // RFC 8829 §7.1 offer-A1
    SessionDescription sd = Corpus.parse("rfc8829-7.1-offer-a1.sdp");
    assertEquals(List.of("trickle", "ice2"), sd.iceOptions());
    assertEquals(List.of(Group.of("BUNDLE", "a1", "v1"), Group.of("LS", "a1", "v1")), sd.groups());
    MediaDescription audio = sd.media().get(0);
    assertEquals(10100, audio.port());
    assertEquals(Connection.ip4("203.0.113.100"), audio.connection().orElseThrow());
    assertEquals(new Rtcp(10101, Connection.ip4("203.0.113.100")), audio.rtcp().orElseThrow());
    assertEquals(new Msid("47017fee-b6c1-4162-929c-a25110252400", null), audio.msids().get(0));
    assertEquals(Optional.of("120"), audio.attribute("maxptime"));
    assertEquals(Optional.of("91bbf309c0990a6bec11e38ba2933cee"), audio.attribute("tls-id"));
    assertEquals(List.of("1 1 udp 2113929471 203.0.113.100 10100 typ host",
        "1 2 udp 2113929470 203.0.113.100 10101 typ host"), audio.candidates());
    assertTrue(audio.endOfCandidates());
    assertEquals(List.of(Parameter.of("0-15", null)), audio.fmtp(97).orElseThrow().parameters());
    MediaDescription video = sd.media().get(1);
    assertEquals(Optional.of("BGKk"), video.iceUfrag());
    assertEquals(Optional.of("mqyWsAjvtKwTGnvhPztQ9mIf"), video.icePwd());
    assertEquals(Fmtp.of(101, "packetization-mode=1;profile-level-id=42e01f"), video.fmtp(101).orElseThrow());
  }

  @Test
  void rfc8829SimpleExampleAnswer() throws SdpParseException {
    SessionDescription sd = Corpus.parse("rfc8829-7.1-answer-a1.sdp");
    assertEquals("6729291447651054566", sd.origin().sessionId());
    assertEquals(Optional.of(Setup.ACTIVE), sd.media().get(0).setup());
    assertEquals(Optional.of("6sFv"), sd.media().get(0).iceUfrag());
    assertEquals(10200, sd.media().get(1).port());
    assertTrue(sd.media().get(1).iceUfrag().isEmpty(), "bundled m-section carries no ICE credentials");
  }

  @Test
  void rfc8829DetailedExampleOffers() throws SdpParseException {
    // RFC 8829 §7.2 offer-B1: bundle-only data channel, rtcp-mux-only
    SessionDescription b1 = Corpus.parse("rfc8829-7.2-offer-b1.sdp");
    assertTrue(b1.media().get(0).rtcpMuxOnly());
    MediaDescription data = b1.media().get(1);
    assertEquals(0, data.port());
    assertTrue(data.bundleOnly());
    assertFalse(data.isRejected(), "port 0 with bundle-only is not a rejection (RFC 8843 §6)");
    assertEquals(OptionalLong.of(65536), data.maxMessageSize());
    // offer-B2: renegotiation adds two video m-lines, one with simulcast
    SessionDescription b2 = Corpus.parse("rfc8829-7.2-offer-b2.sdp");
    assertEquals(2, b2.origin().sessionVersion());
    assertEquals(List.of("a1", "d1", "v1", "v2"), b2.group("BUNDLE").orElseThrow().mids());
    assertEquals(4, b2.media().size());
    assertEquals(3, b2.media().get(0).candidates().size());
    assertEquals("1 1 udp 255 192.0.2.200 12200 typ relay raddr 198.51.100.200 rport 11200",
        b2.media().get(0).candidates().get(2));
    MediaDescription v1 = b2.media().get(2);
    assertEquals(List.of("1", "2", "3"), v1.simulcast().orElseThrow().sendRids());
    assertEquals(new RtpMap(104, "flexfec", 90000), v1.rtpMap(104).orElseThrow());
    assertTrue(b2.media().get(3).simulcast().isEmpty());
  }

  @Test
  void rfc8843BundleExample() throws SdpParseException {
    // RFC 8843 §18.1
    SessionDescription offer = Corpus.parse("rfc8843-18.1-offer.sdp");
    assertEquals(" ", offer.sessionName(), "an empty s= is kept as one space (RFC 8866 §5.3)");
    assertEquals(Connection.ip6("2001:db8::3"), offer.connection().orElseThrow());
    assertEquals("IP6", offer.origin().addrType());
    assertEquals(List.of("foo", "bar"), offer.group("BUNDLE").orElseThrow().mids());
    assertEquals(List.of(new Bandwidth("AS", 200)), offer.media().get(0).bandwidths());
    assertEquals("RTP/AVP", offer.media().get(0).proto());
    assertEquals(new RtpMap(97, "iLBC", 8000), offer.media().get(0).rtpMap(97).orElseThrow());
    assertEquals(new Bandwidth("AS", 1000), offer.media().get(1).bandwidths().get(0));
    SessionDescription answer = Corpus.parse("rfc8843-18.1-answer.sdp");
    assertEquals(20000, answer.media().get(0).port());
    assertEquals(20000, answer.media().get(1).port());
    assertFalse(answer.media().get(1).rtcpMux());
  }

  @Test
  void rfc8839IceExample() throws SdpParseException {
    // RFC 8839 §4.2.6
    SessionDescription sd = Corpus.parse("rfc8839-4.2.6-ice.sdp");
    assertEquals(List.of("ice2"), sd.iceOptions());
    assertEquals(Optional.of("50"), sd.attribute("ice-pacing"));
    assertEquals(Optional.of("asd88fgpdd777uzjYhagZg"), sd.icePwd());
    assertEquals(Optional.of("8hhY"), sd.iceUfrag());
    MediaDescription audio = sd.media().get(0);
    assertEquals(List.of(new Bandwidth("RS", 0), new Bandwidth("RR", 0)), audio.bandwidths());
    assertEquals(List.of("1 1 UDP 2130706431 203.0.113.141 8998 typ host",
        "2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998"), audio.candidates());
  }

  @Test
  void rfc8866Example() throws SdpParseException {
    // RFC 8866 §5
    SessionDescription sd = Corpus.parse("rfc8866-5-example.sdp");
    assertEquals(new Origin("jdoe", "3724394400", 3724394405L, "IN", "IP4", "198.51.100.1"), sd.origin());
    assertEquals("Call to John Smith", sd.sessionName());
    assertEquals(Optional.of("SDP Offer #1"), sd.information());
    assertEquals(Optional.of("http://www.jdoe.example.com/home.html"), sd.uri());
    assertEquals(List.of("Jane Doe <jane@jdoe.example.com>"), sd.emails());
    assertEquals(List.of("+1 617 555-6011"), sd.phones());
    assertEquals(Connection.ip4("198.51.100.1"), sd.connection().orElseThrow());
    assertEquals(3, sd.media().size());
    assertEquals(49180, sd.media().get(1).port());
    assertTrue(sd.media().get(1).attributes().isEmpty());
    MediaDescription video = sd.media().get(2);
    assertEquals(Connection.ip6("2001:db8::2"), video.connection().orElseThrow());
    assertEquals(new RtpMap(99, "h263-1998", 90000), video.rtpMap(99).orElseThrow());
  }

  @Test
  void rfc8866RepeatTimesZoneAndKey() throws SdpParseException {
    // RFC 8866 §5.9-§5.12
    SessionDescription sd = Corpus.parse("rfc8866-repeat-times.sdp");
    Timing t = sd.timings().get(0);
    assertEquals(3724394400L, t.start());
    assertEquals(3724398000L, t.stop());
    assertEquals(List.of("604800 3600 0 90000", "7d 1h 0 25h"), t.repeats());
    assertEquals(Optional.of("2882844526 -1h 2898848070 0"), sd.zone());
    assertEquals(Optional.of("prompt"), sd.key());
    assertEquals(Optional.of("prompt"), sd.media().get(0).key());
    assertEquals(Optional.of(Direction.RECVONLY), sd.direction());
  }

  @Test
  void unknownAttributesStayWhereTheyWere() throws SdpParseException {
    // a=rtcp-xr follows a=rtcp-rsize in Chromium's output; canonical order keeps it there.
    MediaDescription audio = Corpus.parse("chromium-live-offer.sdp").media().get(0);
    List<SdpAttribute> attrs = audio.attributes();
    int rsize = attrs.indexOf(Attribute.flag("rtcp-rsize"));
    assertEquals(new Attribute("rtcp-xr", "rcvr-rtt=all"), attrs.get(rsize + 1));
    assertNull(attrs.get(rsize).attributeValue());
  }
}
