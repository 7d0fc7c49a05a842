package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.SessionDescription;

/**
 * Firefox's SDP habits, from an offer and an answer Firefox ESR 153 really wrote
 * ({@code src/test/resources/sdp/firefox-esr-153-*.sdp}; {@code FirefoxInteropTest} captures them
 * and checks they are still what the installed Firefox writes). What Firefox does that Chromium
 * does not, and rtc4j must take:
 * <ul>
 *   <li>under max-bundle, every m-line but the first has port 0 and {@code a=bundle-only}
 *       (RFC 8843 §6), yet is part of the bundle;
 *   <li>RTCP candidates (component 2) and {@code a=rtcp} although {@code a=rtcp-mux} is there;
 *   <li>{@code a=sendrecv}, the fingerprint, {@code ice-options} and {@code msid-semantic} at
 *       session level; msid and cname as {@code {uuid}}; {@code a=extmap-allow-mixed};
 *       direction-qualified {@code extmap} ({@code 2/recvonly});
 *   <li>{@code rtcp-fb} (goog-remb, transport-cc) and codecs (G722, telephone-event, red,
 *       ulpfec, AV1) rtc4j does not use, and TCP and IPv6 candidates;
 *   <li>a data channel section (RFC 8841), bundle-only like the video.
 * </ul>
 */
@Timeout(60)
class FirefoxSdpTest {
  static final String VERSION = "153";
  static EventLoopGroup group;
  private final List<PeerConnection> open = new ArrayList<>();

  @BeforeAll
  static void start() {
    group = new EventLoopGroup("firefox-sdp", 1, Clock.system());
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

  @Test
  void theCapturedOfferShowsFirefoxsHabits() throws Exception {
    String text = load("offer");
    SessionDescription offer = SessionDescription.parse(text);
    assertTrue(offer.origin().username().startsWith("mozilla...THIS_IS_SDPARTA"));
    assertEquals(List.of("0", "1", "2"), offer.group("BUNDLE").orElseThrow().mids());
    MediaDescription video = offer.media().get(1);
    assertEquals(0, video.port());
    assertTrue(video.bundleOnly());
    assertEquals(0, offer.media().get(2).port());
    assertTrue(offer.media().get(2).bundleOnly());
    assertTrue(text.contains("a=candidate:0 2 UDP "), "an RTCP candidate");
    assertTrue(offer.media().get(0).hasAttribute("rtcp"));
    assertTrue(offer.media().get(0).rtcpMux());
    assertTrue(text.contains("a=extmap:2/recvonly "));
    assertTrue(text.contains("a=extmap-allow-mixed"));
    assertEquals("sendrecv", offer.direction().orElseThrow().sdp());
  }

  /** rtc4j answers the captured offer: audio, video and the data channel section bundled. */
  @Test
  void rtc4jAnswersFirefoxsMaxBundleOffer() throws Exception {
    PeerConnection pc = pc();
    RtpSender video = pc.addTrack(MediaStreamTrack.video("camera"), "rtc4j");
    pc.addTrack(MediaStreamTrack.audio("microphone"), "rtc4j");
    List<TrackEvent> tracks = Collections.synchronizedList(new ArrayList<>());
    pc.onTrack(tracks::add);
    pc.setRemoteDescription(Description.offer(load("offer"))).get(10, TimeUnit.SECONDS);
    Description answer = pc.createAnswer().get(10, TimeUnit.SECONDS);
    SessionDescription s = SessionDescription.parse(answer.sdp());
    String text = answer.sdp();

    assertEquals(3, s.media().size(), text);
    assertEquals(List.of("0", "1", "2"), s.group("BUNDLE").orElseThrow().mids(), text);
    MediaDescription audio = s.media().get(0);
    assertEquals("audio", audio.kind());
    assertEquals("109", audio.formats().get(0), "Opus, under Firefox's payload type");
    assertEquals("opus", audio.rtpMap(109).orElseThrow().encodingName());
    assertEquals("active", audio.setup().orElseThrow().sdp(), "the answerer to actpass is the DTLS client");
    assertTrue(audio.extMaps().stream().noneMatch(x -> x.uri().contains("abs-send-time")),
        "an answer names an extension only where the offer's section did (RFC 8285 §7): " + text);
    MediaDescription v = s.media().get(1);
    assertEquals("video", v.kind());
    assertTrue(v.port() != 0 || v.bundleOnly(), "the bundle-only video section is accepted: " + text);
    assertEquals("sendrecv", v.direction().orElseThrow().sdp());
    assertEquals("120", v.formats().get(0), "VP8 first, as Firefox offered");
    assertEquals("VP8", v.rtpMap(120).orElseThrow().encodingName());
    assertFalse(v.formats().contains("122") || v.formats().contains("123"), "no red or ulpfec");
    assertTrue(v.rtcpFbs(120).stream().anyMatch(f -> f.type().equals("nack")));
    assertTrue(v.rtcpFbs(120).stream().anyMatch(f -> f.type().equals("transport-cc")),
        "transport-cc kept: rtc4j's congestion control acts on it");
    assertEquals(3, v.extMaps().stream().filter(x -> x.uri().equals("urn:ietf:params:rtp-hdrext:sdes:mid"))
        .findFirst().orElseThrow().id(), "Firefox's id for the MID extension");
    MediaDescription data = s.media().get(2);
    assertEquals("application", data.kind());
    assertFalse(data.isRejected(), "the data channel section is accepted: " + text);
    assertEquals(OptionalInt.of(5000), data.sctpPort(), text);

    pc.setLocalDescription(answer).get(10, TimeUnit.SECONDS);
    assertEquals(SignalingState.STABLE, pc.signalingState());
    assertEquals(Direction.SENDRECV, video.transceiver().currentDirection());
    assertEquals(2, tracks.size());
    assertEquals(List.of("{509a2abe-6559-4f16-920d-3038c26242aa}"), tracks.get(0).streamIds());
  }

  /**
   * Firefox's answer to rtc4j's offer: {@code a=setup:active} (rtc4j is the DTLS server), the
   * offer's payload types, Firefox's session-level lines.
   */
  @Test
  void rtc4jTakesFirefoxsAnswer() throws Exception {
    PeerConnection pc = pc();
    RtpSender video = pc.addTrack(MediaStreamTrack.video("camera"), "rtc4j");
    RtpSender audio = pc.addTrack(MediaStreamTrack.audio("microphone"), "rtc4j");
    pc.setLocalDescription(pc.createOffer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
    String answer = load("answer");
    assertEquals(List.of("0", "1"), SessionDescription.parse(answer).group("BUNDLE").orElseThrow().mids());
    pc.setRemoteDescription(Description.answer(answer)).get(10, TimeUnit.SECONDS);
    assertEquals(SignalingState.STABLE, pc.signalingState());
    assertEquals(Direction.SENDRECV, video.transceiver().currentDirection());
    assertEquals(Direction.SENDRECV, audio.transceiver().currentDirection());
    Stats transport = pc.getStats().get(5, TimeUnit.SECONDS).ofType("transport").get(0);
    assertEquals("server", transport.getString("dtlsRole"), "Firefox answered a=setup:active");
    List<String> codecs = pc.getStats().get(5, TimeUnit.SECONDS).ofType("codec").stream()
        .map(c -> c.getString("mimeType")).toList();
    assertTrue(codecs.contains("video/VP8") && codecs.contains("audio/opus"), codecs.toString());
  }

  /**
   * Firefox has written {@code a=rtcp-fb} lines for payload types its m-line does not list (the
   * issue that asked for these tests saw it; the two captures here do not have one). The captured
   * offer with such lines added, for a payload type nowhere else and for {@code *}: rtc4j takes
   * it, and its answer names only payload types of the m-line.
   */
  @Test
  void rtcpFeedbackForPayloadTypesNotInTheMLineIsIgnored() throws Exception {
    String offer = load("offer").replace("a=rtcp-fb:120 nack\r\n",
        "a=rtcp-fb:126 nack\r\na=rtcp-fb:126 nack pli\r\na=rtcp-fb:* ccm fir\r\na=rtcp-fb:120 nack\r\n");
    assertTrue(offer.contains("a=rtcp-fb:126 nack pli"));
    PeerConnection pc = pc();
    pc.setRemoteDescription(Description.offer(offer)).get(10, TimeUnit.SECONDS);
    Description answer = pc.createAnswer().get(10, TimeUnit.SECONDS);
    MediaDescription v = SessionDescription.parse(answer.sdp()).media().get(1);
    assertFalse(v.formats().contains("126"));
    assertTrue(v.rtcpFbs(126).isEmpty(), answer.sdp());
    assertTrue(v.rtcpFbs(120).stream().anyMatch(f -> f.type().equals("nack")));
    pc.setLocalDescription(answer).get(10, TimeUnit.SECONDS);
    assertEquals(SignalingState.STABLE, pc.signalingState());
  }

  static String load(String kind) throws IOException {
    try (InputStream in = FirefoxSdpTest.class.getResourceAsStream("/sdp/firefox-esr-" + VERSION + "-" + kind + ".sdp")) {
      if (in == null) {
        throw new IOException("no stored Firefox " + kind);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static final Pattern UUID = Pattern.compile("\\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\}");

  /**
   * The description without what differs between two runs of the same Firefox: ICE credentials,
   * fingerprint, origin, SSRCs, UUIDs (msid, cname), ports and addresses, candidates.
   */
  static List<String> shape(String sdp) {
    return sdp.lines()
        .filter(l -> !l.startsWith("a=candidate:") && !l.equals("a=end-of-candidates"))
        .map(l -> UUID.matcher(l).replaceAll("{uuid}"))
        .map(l -> l.replaceFirst("^o=(\\S+) \\d+ \\d+ ", "o=$1 <id> <version> ")
            .replaceFirst("^a=ice-ufrag:.*", "a=ice-ufrag:<ufrag>")
            .replaceFirst("^a=ice-pwd:.*", "a=ice-pwd:<pwd>")
            .replaceFirst("^a=fingerprint:(\\S+) .*", "a=fingerprint:$1 <hash>")
            .replaceFirst("^a=ssrc:\\d+ ", "a=ssrc:<ssrc> ")
            .replaceFirst("^a=ssrc-group:(\\S+) .*", "a=ssrc-group:$1 <ssrcs>")
            .replaceFirst("^m=(\\S+) \\d+ ", "m=$1 <port> ")
            .replaceFirst("^c=IN (IP4|IP6) \\S+", "c=IN $1 <address>")
            .replaceFirst("^a=rtcp:\\d+ .*", "a=rtcp:<port>"))
        .toList();
  }
}
