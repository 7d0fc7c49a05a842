package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.sdp.ExtMap;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.SessionDescription;

/** The W3C signalling state machine and the descriptions rtc4j writes (JSEP, RFC 8829). */
@Timeout(30)
class JsepTest {
  static EventLoopGroup group;
  private final List<PeerConnection> open = new ArrayList<>();

  @BeforeAll
  static void start() {
    group = new EventLoopGroup("rtc4j-jsep", 1, Clock.system());
  }

  @AfterAll
  static void stop() {
    group.close();
  }

  @AfterEach
  void closeAll() throws Exception {
    for (PeerConnection pc : open) {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  private PeerConnection pc() {
    PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
    open.add(pc);
    return pc;
  }

  private static Throwable failure(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
    return e.getCause();
  }

  private static void assertInvalidState(CompletableFuture<?> f) {
    Throwable t = failure(f);
    assertInstanceOf(IllegalStateException.class, t);
    assertTrue(t.getMessage().startsWith("InvalidStateError"), t.getMessage());
  }

  @Test
  void outOfOrderCallsFailWithInvalidStateError() throws Exception {
    PeerConnection pc = pc();
    pc.addTrack(MediaStreamTrack.audio("a"));
    assertInvalidState(pc.createAnswer());
    assertInvalidState(pc.setRemoteDescription(Description.answer("v=0\r\n")));
    assertInvalidState(pc.addIceCandidate(new IceCandidate("candidate:1 1 udp 1 127.0.0.1 9 typ host", "0", 0)));
    assertInvalidState(pc.setLocalDescription(Description.rollback()));
    Description offer = Signaling.get(pc.createOffer());
    Signaling.get(pc.setLocalDescription(offer));
    assertInvalidState(pc.createAnswer());
    assertInvalidState(pc.setLocalDescription(Description.answer(offer.sdp())));
    assertEquals(SignalingState.HAVE_LOCAL_OFFER, pc.signalingState());
  }

  @Test
  void aModifiedOfferIsRefused() throws Exception {
    PeerConnection pc = pc();
    pc.addTrack(MediaStreamTrack.audio("a"));
    Description offer = Signaling.get(pc.createOffer());
    Throwable t = failure(pc.setLocalDescription(Description.offer(offer.sdp().replace("sendrecv", "sendonly"))));
    assertTrue(t.getMessage().startsWith("InvalidModificationError"), t.getMessage());
  }

  @Test
  void badRemoteDescriptionFailsWithOperationErrorAndChangesNothing() throws Exception {
    PeerConnection pc = pc();
    Throwable t = failure(pc.setRemoteDescription(Description.offer("v=0\r\nthis is not sdp\r\n")));
    assertInstanceOf(IllegalArgumentException.class, t);
    assertTrue(t.getMessage().startsWith("OperationError"), t.getMessage());
    assertEquals(SignalingState.STABLE, pc.signalingState());
    assertNull(pc.remoteDescription());
  }

  @Test
  void localOfferRollsBackToStable() throws Exception {
    PeerConnection pc = pc();
    List<SignalingState> seen = Collections.synchronizedList(new ArrayList<>());
    pc.onSignalingStateChange(seen::add);
    pc.addTrack(MediaStreamTrack.video("v"));
    Signaling.get(pc.setLocalDescription());
    assertEquals(SignalingState.HAVE_LOCAL_OFFER, pc.signalingState());
    assertEquals(Description.Type.OFFER, pc.localDescription().type());
    Signaling.get(pc.setLocalDescription(Description.rollback()));
    assertEquals(SignalingState.STABLE, pc.signalingState());
    assertNull(pc.pendingLocalDescription());
    assertEquals(List.of(SignalingState.HAVE_LOCAL_OFFER, SignalingState.STABLE), seen);
  }

  @Test
  void remoteOfferRollsBackAndItsTransceiversGo() throws Exception {
    PeerConnection a = pc();
    PeerConnection b = pc();
    a.addTrack(MediaStreamTrack.video("v"));
    a.addTrack(MediaStreamTrack.audio("a"));
    Description offer = Signaling.get(a.createOffer());
    Signaling.get(b.setRemoteDescription(offer));
    assertEquals(SignalingState.HAVE_REMOTE_OFFER, b.signalingState());
    assertEquals(2, b.getTransceivers().size());
    Signaling.get(b.setRemoteDescription(Description.rollback()));
    assertEquals(SignalingState.STABLE, b.signalingState());
    assertEquals(0, b.getTransceivers().size());
  }

  @Test
  void glareIsResolvedByImplicitRollback() throws Exception {
    PeerConnection a = pc();
    PeerConnection b = pc();
    a.addTrack(MediaStreamTrack.audio("a"));
    b.addTrack(MediaStreamTrack.audio("b"));
    Signaling.get(a.setLocalDescription());
    Signaling.get(b.setLocalDescription());
    Signaling.get(b.setRemoteDescription(a.localDescription()));
    assertEquals(SignalingState.HAVE_REMOTE_OFFER, b.signalingState());
    Signaling.get(b.setLocalDescription()); // implicit answer
    assertEquals(SignalingState.STABLE, b.signalingState());
    assertEquals(Description.Type.ANSWER, b.localDescription().type());
    Signaling.get(a.setRemoteDescription(b.localDescription()));
    assertEquals(SignalingState.STABLE, a.signalingState());
    // b's track re-used the transceiver created for a's audio section
    assertEquals(1, b.getTransceivers().size());
    assertEquals(Direction.SENDRECV, b.getTransceivers().get(0).currentDirection());
  }

  @Test
  void negotiationNeededFiresAfterAddTrackAndNotDuringNegotiation() throws Exception {
    PeerConnection pc = pc();
    CountDownLatch fired = new CountDownLatch(1);
    pc.onNegotiationNeeded(fired::countDown);
    pc.addTrack(MediaStreamTrack.video("v"));
    assertTrue(fired.await(5, TimeUnit.SECONDS));
  }

  @Test
  void offerCarriesBundleIceDtlsAndSsrcs() throws Exception {
    PeerConnection pc = pc();
    RtpSender v = pc.addTrack(MediaStreamTrack.video("cam"), "s1");
    RtpSender a = pc.addTrack(MediaStreamTrack.audio("mic"), "s1");
    String sdp = Signaling.get(pc.createOffer()).sdp();
    SessionDescription s = SessionDescription.parse(sdp);
    assertEquals(List.of("0", "1"), s.group("BUNDLE").orElseThrow().mids());
    MediaDescription video = s.media().get(0);
    assertEquals("video", video.kind());
    assertEquals(MediaDescription.PROTO_RTP, video.proto());
    assertEquals("actpass", video.setup().orElseThrow().sdp());
    assertTrue(video.rtcpMux());
    assertEquals("sha-256", video.fingerprints().get(0).hashFunction());
    assertTrue(video.iceUfrag().isPresent() && video.icePwd().isPresent());
    assertEquals("cam", video.msids().get(0).trackId());
    assertEquals("s1", video.msids().get(0).streamId());
    assertEquals(List.of(v.ssrc(), v.rtxSsrc()), video.ssrcGroups().get(0).ssrcs());
    assertEquals("VP8", video.rtpMap(96).orElseThrow().encodingName());
    assertEquals("apt=96", video.fmtp(97).orElseThrow().attributeValue().substring(3));
    assertTrue(video.extMaps().stream().anyMatch(x -> x.uri().equals("urn:ietf:params:rtp-hdrext:sdes:mid")));
    MediaDescription audio = s.media().get(1);
    assertEquals("opus", audio.rtpMap(111).orElseThrow().encodingName());
    assertEquals(a.ssrc(), audio.ssrcs().get(0).ssrc());
    assertTrue(sdp.endsWith("\r\n") && !sdp.contains("\n\n"));
  }

  @Test
  void answersAChromiumOfferHonouringItsPayloadTypesAndItsDataChannel() throws Exception {
    String offer;
    try (InputStream in = getClass().getResourceAsStream("/sdp/chromium-offer.sdp")) {
      offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    PeerConnection pc = pc();
    List<TrackEvent> tracks = Collections.synchronizedList(new ArrayList<>());
    pc.onTrack(tracks::add);
    Signaling.get(pc.setRemoteDescription(Description.offer(offer)));
    assertEquals(2, tracks.size());
    assertEquals("682b2bc5-bcf5-44d4-b9d0-819b608a43ef", tracks.get(1).trackId());
    assertEquals(List.of("339bcb13-fc7e-4a85-9dc3-5a4f4edd8116"), tracks.get(1).streamIds());
    Description answer = Signaling.get(pc.createAnswer());
    SessionDescription s = SessionDescription.parse(answer.sdp());
    assertEquals(3, s.media().size());
    assertEquals(List.of("0", "1", "2"), s.group("BUNDLE").orElseThrow().mids());
    MediaDescription audio = s.media().get(0);
    assertEquals(List.of("111", "0", "8"), audio.formats());
    assertEquals("recvonly", audio.direction().orElseThrow().sdp());
    assertEquals("active", audio.setup().orElseThrow().sdp());
    MediaDescription video = s.media().get(1);
    // Offer order, offer payload types; packetization-mode=0 H.264 and VP9 profile 2 are not supported.
    assertEquals(List.of("96", "97", "102", "103", "108", "109", "45", "46", "98", "99"), video.formats());
    assertEquals("42001f", video.fmtp(102).orElseThrow().get("profile-level-id").orElseThrow());
    assertEquals("42e01f", video.fmtp(108).orElseThrow().get("profile-level-id").orElseThrow());
    // The offer's ids for the extensions rtc4j supports (RFC 8285 §7); the others are left out.
    Map<String, Integer> ids = video.extMaps().stream().collect(Collectors.toMap(ExtMap::uri, ExtMap::id));
    assertEquals(Map.of("urn:ietf:params:rtp-hdrext:sdes:mid", 4,
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", 2,
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", 3), ids);
    assertTrue(video.rtcpFbs(96).stream().anyMatch(f -> f.type().equals("nack")));
    assertTrue(video.rtcpFbs(96).stream().anyMatch(f -> f.type().equals("transport-cc")));
    assertTrue(video.rtcpFbs(96).stream().anyMatch(f -> f.type().equals("goog-remb")));
    // RFC 8841: the data channel section in the offer's form, our limit announced.
    MediaDescription data = s.media().get(2);
    assertEquals("application", data.kind());
    assertEquals(9, data.port());
    assertEquals(MediaDescription.PROTO_SCTP, data.proto());
    assertEquals(List.of("webrtc-datachannel"), data.formats());
    assertEquals(5000, data.sctpPort().orElseThrow());
    assertEquals(256 * 1024, data.maxMessageSize().orElseThrow());
    assertEquals("active", data.setup().orElseThrow().sdp());
    Signaling.get(pc.setLocalDescription(answer));
    assertEquals(SignalingState.STABLE, pc.signalingState());
    assertEquals(Direction.RECVONLY, pc.getTransceivers().get(1).currentDirection());
  }

  @Test
  void closeIsIdempotentWorksFromACallbackAndRefusesLaterCalls() throws Exception {
    PeerConnection pc = pc();
    CompletableFuture<Void> closedInside = new CompletableFuture<>();
    pc.onSignalingStateChange(s -> {
      if (s == SignalingState.HAVE_LOCAL_OFFER) {
        closedInside.complete(null);
        pc.close(); // from the loop thread, inside the connection's own callback
      }
    });
    pc.addTrack(MediaStreamTrack.audio("a"));
    Signaling.get(pc.setLocalDescription());
    closedInside.get(5, TimeUnit.SECONDS);
    Signaling.get(pc.closeAsync());
    pc.close();
    assertEquals(SignalingState.CLOSED, pc.signalingState());
    assertEquals(PeerConnectionState.CLOSED, pc.connectionState());
    assertInvalidState(pc.createOffer());
    assertThrows(IllegalStateException.class, () -> pc.addTrack(MediaStreamTrack.video("v")));
    assertFalse(pc.getTransceivers().isEmpty());
  }

  @Test
  void removeTrackAndDirectionChangesRenegotiate() throws Exception {
    PeerConnection a = pc();
    PeerConnection b = pc();
    RtpSender video = a.addTrack(MediaStreamTrack.video("v"), "s");
    Signaling s = new Signaling(a, b);
    s.negotiate(a);
    RtpTransceiver at = a.getTransceivers().get(0);
    RtpTransceiver bt = b.getTransceivers().get(0);
    assertEquals(Direction.SENDONLY, at.currentDirection()); // b's transceiver only receives
    assertEquals(Direction.RECVONLY, bt.currentDirection());

    CountDownLatch needed = new CountDownLatch(1);
    a.onNegotiationNeeded(needed::countDown);
    a.removeTrack(video);
    assertTrue(needed.await(5, TimeUnit.SECONDS));
    assertNull(video.track());
    s.negotiate(a);
    assertEquals(Direction.INACTIVE, at.currentDirection());
    assertEquals(Direction.INACTIVE, bt.currentDirection());
    MediaDescription m = SessionDescription.parse(a.currentLocalDescription().sdp()).media().get(0);
    assertEquals("recvonly", m.direction().orElseThrow().sdp());
    assertTrue(m.msids().isEmpty() && m.ssrcs().isEmpty(), "a section that does not send names no track");

    bt.setDirection(Direction.SENDRECV);
    s.negotiate(b);
    assertEquals(Direction.RECVONLY, at.currentDirection());
    assertEquals(Direction.SENDONLY, bt.currentDirection());
    assertEquals("0", bt.mid());
  }

  @Test
  void codecPreferencesRestrictAndOrderTheOffer() throws Exception {
    PeerConnection a = pc();
    PeerConnection b = pc();
    RtpTransceiver t = a.addTransceiver(MediaKind.VIDEO, Direction.SENDRECV);
    List<RtpCodec> h264 = PeerConnection.getSenderCapabilities(MediaKind.VIDEO).stream()
        .filter(c -> c.mimeType().equals("video/H264")).toList();
    assertEquals(2, h264.size());
    t.setCodecPreferences(h264);
    Description offer = Signaling.get(a.createOffer());
    MediaDescription m = SessionDescription.parse(offer.sdp()).media().get(0);
    assertEquals(List.of("102", "103", "104", "105"), m.formats());
    assertThrows(IllegalArgumentException.class,
        () -> t.setCodecPreferences(List.of(new RtpCodec("video/H265", 90000, 0, ""))));
    Signaling.get(a.setLocalDescription(offer));
    Signaling.get(b.setRemoteDescription(offer));
    Signaling.get(b.setLocalDescription());
    Signaling.get(a.setRemoteDescription(b.localDescription()));
    StatsReport stats = Signaling.get(a.getStats());
    assertEquals(List.of("video/H264", "video/H264"), stats.ofType("codec").stream().map(c -> c.getString("mimeType")).toList());
  }

  @Test
  void acceptsAnOfferWhoseFirstSectionIsADataChannel() throws Exception {
    // A browser app that made its data channel before adding tracks offers m=application first;
    // its BUNDLE group names that section first (RFC 8843 §7.2.1: the offerer's BUNDLE tag).
    String chromium;
    try (InputStream in = getClass().getResourceAsStream("/sdp/chromium-offer.sdp")) {
      chromium = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    SessionDescription parsed = SessionDescription.parse(chromium);
    SessionDescription.Builder b = parsed.toBuilder().media(List.of(parsed.media().get(2), parsed.media().get(0),
        parsed.media().get(1)));
    b.removeAttributes("group");
    b.bundle("2", "0", "1");
    String offer = b.build().toString();
    assertTrue(offer.indexOf("m=application") < offer.indexOf("m=audio"));
    PeerConnection pc = pc();
    Signaling.get(pc.setRemoteDescription(Description.offer(offer)));
    Description answer = Signaling.get(pc.createAnswer());
    SessionDescription s = SessionDescription.parse(answer.sdp());
    assertEquals(List.of("application", "audio", "video"), s.media().stream().map(MediaDescription::kind).toList());
    assertEquals(9, s.media().get(0).port(), "the data channel is accepted");
    assertEquals(List.of("2", "0", "1"), s.group("BUNDLE").orElseThrow().mids(), "the offer's BUNDLE tag first");
    Signaling.get(pc.setLocalDescription(answer));
    assertEquals(SignalingState.STABLE, pc.signalingState());
    assertEquals(Direction.RECVONLY, pc.getTransceivers().get(0).currentDirection());
  }

  private static final String FINGERPRINT = "a=fingerprint:sha-256 "
      + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n";

  @Test
  void anAnswerRejectingEverySectionCanBeApplied() throws Exception {
    // Video in a codec rtc4j lacks only: the answer has port 0 everywhere and sets up no transport.
    String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
        + "m=video 9 UDP/TLS/RTP/SAVPF 100\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\n"
        + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\n" + FINGERPRINT
        + "a=setup:actpass\r\na=mid:0\r\na=rtcp-mux\r\na=sendonly\r\na=rtpmap:100 H265/90000\r\n";
    PeerConnection pc = pc();
    Signaling.get(pc.setRemoteDescription(Description.offer(offer)));
    Description answer = Signaling.get(pc.createAnswer());
    assertEquals(0, SessionDescription.parse(answer.sdp()).media().get(0).port());
    Signaling.get(pc.setLocalDescription(answer));
    assertEquals(SignalingState.STABLE, pc.signalingState());
  }

  @Test
  void answersADataChannelOnlyOfferInTheLegacyFormInKind() throws Exception {
    // Older stacks offer "DTLS/SCTP 5000" with a=sctpmap (draft-ietf-mmusic-sctp-sdp-05); the
    // answer keeps that form, and the absent max-message-size means 65,536 (RFC 8841 §6.1).
    String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE data\r\n"
        + "m=application 9 DTLS/SCTP 5000\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\n"
        + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\n" + FINGERPRINT
        + "a=setup:actpass\r\na=mid:data\r\na=sctpmap:5000 webrtc-datachannel 1024\r\n";
    PeerConnection pc = pc();
    Signaling.get(pc.setRemoteDescription(Description.offer(offer)));
    Description answer = Signaling.get(pc.createAnswer());
    MediaDescription m = SessionDescription.parse(answer.sdp()).media().get(0);
    assertEquals("DTLS/SCTP", m.proto());
    assertEquals(List.of("5000"), m.formats());
    assertTrue(answer.sdp().contains("a=sctpmap:5000 webrtc-datachannel 1024"), answer.sdp());
    assertEquals("data", m.mid().orElseThrow());
    Signaling.get(pc.setLocalDescription(answer));
    assertEquals(SignalingState.STABLE, pc.signalingState());
    assertEquals(65_536, pc.core().dataChannelMaxMessageSize());
  }

  @Test
  void theFirstChannelAddsADataSectionAndFiresNegotiationNeededOnce() throws Exception {
    PeerConnection pc = pc();
    AtomicInteger needed = new AtomicInteger();
    pc.onNegotiationNeeded(needed::incrementAndGet);
    DataChannel a = pc.createDataChannel("a");
    pc.createDataChannel("b", DataChannelInit.defaults().withOrdered(false).withMaxRetransmits(3));
    Description offer = Signaling.get(pc.createOffer());
    SessionDescription s = SessionDescription.parse(offer.sdp());
    assertEquals(List.of("application"), s.media().stream().map(MediaDescription::kind).toList(),
        "one section for any number of channels");
    Signaling.get(pc.getStats()); // the queued negotiation-needed task ran before this one
    assertEquals(1, needed.get());
    assertEquals(DataChannelState.CONNECTING, a.readyState());
    assertNull(a.id(), "no id before the DTLS role is known");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> a.send("too early"));
    assertTrue(e.getMessage().startsWith("InvalidStateError"), e.getMessage());
    IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> pc.createDataChannel("c",
        DataChannelInit.defaults().withMaxRetransmits(1).withMaxPacketLifeTime(100)));
    assertTrue(both.getMessage().startsWith("TypeError"), both.getMessage());
  }
}
