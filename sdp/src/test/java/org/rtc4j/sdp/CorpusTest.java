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
    assertEquals(19, names.size(), names.toString());
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
    for (String name : List.of("chromium-live-offer.sdp", "chromium-answer.sdp", "chromium-simulcast-offer.sdp",
        "chromium-renegotiation-ice-restart-offer.sdp", "safari-offer.sdp")) {
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
  void chromiumAnswer() throws SdpParseException {
    SessionDescription sd = Corpus.parse("chromium-answer.sdp");
    assertEquals(4611731400430051336L, Long.parseLong(sd.origin().sessionId()));
    MediaDescription audio = sd.media().get(0);
    assertEquals(Optional.of(Setup.ACTIVE), audio.setup());
    assertEquals(new Ssrc(3735928559L, "cname", "Zr8bq2Wd0yLkF1vM"), audio.ssrcs().get(0));
    MediaDescription video = sd.media().get(1);
    assertEquals(Optional.of(Direction.RECVONLY), video.direction());
    assertTrue(video.ssrcs().isEmpty());
    assertTrue(video.msids().isEmpty());
    assertEquals(List.of("level-asymmetry-allowed", "packetization-mode", "profile-level-id"),
        video.fmtp(102).orElseThrow().parameters().stream().map(Parameter::name).toList());
    assertEquals(new ExtMap(14, "urn:ietf:params:rtp-hdrext:toffset"), video.extMaps().get(0));
    assertEquals(OptionalInt.of(5000), sd.media().get(2).sctpPort());
  }

  @Test
  void chromiumSimulcastOffer() throws SdpParseException {
    MediaDescription video = Corpus.parse("chromium-simulcast-offer.sdp").media().get(0);
    assertEquals(Optional.of(Direction.SENDONLY), video.direction());
    assertEquals(new Msid("-", "9b3e6a52-0d1f-4c77-b2a8-5e41f7c03d96"), video.msids().get(0));
    assertEquals(List.of(new Rid("q", Rid.Direction.SEND), new Rid("h", Rid.Direction.SEND),
        new Rid("f", Rid.Direction.SEND)), video.rids());
    Simulcast sc = video.simulcast().orElseThrow();
    assertEquals(List.of("q", "h", "f"), sc.sendRids());
    assertTrue(sc.recv().isEmpty());
    assertEquals(Simulcast.send("q", "h", "f"), sc);
    assertEquals(new RtpMap(45, "AV1", 90000), video.rtpMap(45).orElseThrow());
    assertEquals(Optional.of("5"), video.fmtp(45).orElseThrow().get("level-idx"));
    assertEquals("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", video.extMaps().get(5).uri());
    assertEquals(10, video.extMaps().get(5).id());
  }

  @Test
  void chromiumRenegotiationWithIceRestart() throws SdpParseException {
    SessionDescription sd = Corpus.parse("chromium-renegotiation-ice-restart-offer.sdp");
    assertEquals(4, sd.origin().sessionVersion());
    assertEquals(List.of("0", "1", "3"), sd.group(Group.BUNDLE).orElseThrow().mids());
    assertEquals(4, sd.media().size());
    MediaDescription audio = sd.media().get(0);
    assertEquals(54321, audio.port());
    assertEquals(Connection.ip4("192.0.2.10"), audio.connection().orElseThrow());
    assertEquals(Optional.of("N3wU"), audio.iceUfrag());
    assertEquals(Optional.of("fR6yVq2LxT9pJcB0mKdW4sEh"), audio.icePwd());
    List<String> candidates = audio.candidates();
    assertEquals(3, candidates.size());
    assertEquals("2999745851 1 udp 2122260223 192.0.2.10 54321 typ host generation 0 network-id 1 network-cost 10",
        candidates.get(0));
    assertTrue(candidates.get(2).contains("typ srflx raddr 192.0.2.10 rport 54321"));
    assertFalse(audio.endOfCandidates());
    MediaDescription stopped = sd.media().get(2);
    assertEquals(0, stopped.port());
    assertTrue(stopped.isRejected());
    assertEquals(Optional.of(Direction.INACTIVE), stopped.direction());
    assertEquals(Optional.of("2"), stopped.mid());
    assertEquals(List.of(265556364L, 2733169989L), sd.media().get(1).ssrcGroups().get(0).ssrcs());
    assertEquals(sd.media(), sd.media().stream().filter(m -> m.mid().isPresent()).toList());
    assertEquals(Optional.of(sd.media().get(3)), sd.media("3"));
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
