package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtc4j against headless Firefox ESR (see {@link HeadlessFirefox}): one browser for all cases,
 * each case a fresh pair of connections with VP8 + Opus both ways.
 *
 * <p>The four cases cover who offers and who is the DTLS client. Firefox offers {@code actpass}
 * and answers {@code active} to an {@code actpass} offer, so two cases change one {@code a=setup}
 * line in transit, the way a signalling server could: Firefox's offer reaches rtc4j as {@code
 * active} (rtc4j answers {@code passive} and is the DTLS server), and rtc4j's offer reaches Firefox
 * as {@code active} (Firefox answers {@code passive} and is the DTLS server). When Firefox is the
 * DTLS client its first ClientHello (DTLS 1.3 and 1.2, post-quantum key share) is a 1,416-byte
 * datagram, larger than rtc4j's 1,200-byte MTU.
 */
@Timeout(240)
class FirefoxInteropTest {
  private static final Logger LOG = LoggerFactory.getLogger(FirefoxInteropTest.class);
  private static final UnaryOperator<String> AS_IS = UnaryOperator.identity();
  private static final UnaryOperator<String> SETUP_ACTIVE = sdp -> sdp.replace("a=setup:actpass", "a=setup:active");

  static HeadlessFirefox firefox;
  static EventLoopGroup group;
  private PeerConnection pc;
  private HeadlessFirefox.Session session;

  @BeforeAll
  static void startFirefox() throws Exception {
    String why = HeadlessFirefox.unavailable();
    Assumptions.assumeTrue(why == null, why);
    group = new EventLoopGroup("rtc4j-firefox", 1, Clock.system());
    firefox = HeadlessFirefox.start();
  }

  @AfterAll
  static void stopFirefox() throws Exception {
    if (firefox != null) {
      firefox.close();
    }
    if (group != null) {
      group.close();
    }
  }

  @AfterEach
  void endCase() throws Exception {
    if (session != null) {
      session.stop();
    }
    if (pc != null) {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void firefoxOffersRtc4jAnswersActiveFirefoxIsDtlsServer() throws Exception {
    mediaBothWays(HeadlessFirefox.Mode.FIREFOX_OFFERS, AS_IS, AS_IS, "server");
  }

  @Test
  void firefoxOffersRtc4jAnswersPassiveFirefoxIsDtlsClient() throws Exception {
    mediaBothWays(HeadlessFirefox.Mode.FIREFOX_OFFERS, SETUP_ACTIVE, AS_IS, "client");
  }

  @Test
  void rtc4jOffersFirefoxAnswersActiveFirefoxIsDtlsClient() throws Exception {
    mediaBothWays(HeadlessFirefox.Mode.RTC4J_OFFERS, AS_IS, AS_IS, "client");
  }

  @Test
  void rtc4jOffersActiveFirefoxAnswersPassiveFirefoxIsDtlsServer() throws Exception {
    mediaBothWays(HeadlessFirefox.Mode.RTC4J_OFFERS, AS_IS, SETUP_ACTIVE, "server");
  }

  /**
   * A data channel each way with an echo: Firefox makes {@code from-firefox} before its tracks and
   * offers; rtc4j answers, echoes Firefox's ten texts, and once connected makes {@code from-rtc4j}
   * (in-band, DCEP from the answerer), whose text and binary messages Firefox echoes back.
   */
  @Test
  void dataChannelBothWaysWithEcho() throws Exception {
    pc = newPeer();
    java.util.concurrent.BlockingQueue<DataChannel> announced = new java.util.concurrent.LinkedBlockingQueue<>();
    pc.onDataChannel(dc -> {
      dc.onMessage(m -> dc.send(m.text())); // Firefox's texts, back as they came
      announced.add(dc);
    });
    HeadlessFirefox.Session s = session = firefox.run(HeadlessFirefox.Mode.FIREFOX_OFFERS_DATA, pc, null, AS_IS, AS_IS);
    Signaling.awaitConnected(pc);
    DataChannel fromFirefox = announced.poll(20, TimeUnit.SECONDS);
    assertTrue(fromFirefox != null && fromFirefox.label().equals("from-firefox"), "Firefox's channel announced");
    assertTrue(s.firefoxSdp.get(1, TimeUnit.SECONDS).indexOf("m=application") > 0, "Firefox offered a data section");

    DataChannel fromRtc4j = pc.createDataChannel("from-rtc4j");
    java.util.concurrent.BlockingQueue<DataChannelMessage> echoes = new java.util.concurrent.LinkedBlockingQueue<>();
    fromRtc4j.onMessage(echoes::add);
    for (int i = 0; i < 500 && fromRtc4j.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(10);
    }
    assertEquals(DataChannelState.OPEN, fromRtc4j.readyState());
    fromRtc4j.send("héllo firefox");
    byte[] bytes = new byte[3000]; // more than one SCTP packet
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    fromRtc4j.send(bytes);
    DataChannelMessage text = echoes.poll(20, TimeUnit.SECONDS);
    assertTrue(text != null && !text.binary(), "text echo");
    assertEquals("héllo firefox", text.text());
    DataChannelMessage bin = echoes.poll(20, TimeUnit.SECONDS);
    assertTrue(bin != null && bin.binary(), "binary echo");
    org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, bin.data());

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && s.statLong("datachannel", "echoedBack") < 10) {
      assertFalse(s.failed.isDone(), () -> s.failed.getNow(""));
      Thread.sleep(50);
    }
    Map<String, String> dc = s.stat("datachannel");
    assertEquals("open", dc.get("own"), s.stats());
    assertEquals("10", dc.get("echoedBack"), "Firefox got its ten texts back, in order: " + s.stats());
    assertEquals("2", dc.get("echoed"), s.stats());
    assertEquals("from-rtc4j", dc.get("remote"), s.stats());
  }

  /**
   * H.264 from Firefox, if this build can send it: Firefox ESR needs the OpenH264 plugin, which
   * Debian disables and which could only be downloaded from the network.
   */
  @Test
  void firefoxOffersH264IfItHasIt() throws Exception {
    pc = newPeer();
    List<EncodedFrame> video = Collections.synchronizedList(new ArrayList<>());
    pc.onTrack(e -> e.receiver().onFrame(f -> {
      if (e.kind() == MediaKind.VIDEO) {
        video.add(f);
      }
    }));
    session = firefox.run(HeadlessFirefox.Mode.FIREFOX_OFFERS, pc, "H264", AS_IS, AS_IS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && video.stream().noneMatch(EncodedFrame::keyframe)) {
      if (session.noCodec.isDone()) {
        Assumptions.abort("this Firefox cannot send H.264 (OpenH264 is absent or disabled: Debian's firefox-esr "
            + "sets media.gmp-gmpopenh264.enabled=false); its video codecs: " + session.noCodec.get());
      }
      assertFalse(session.failed.isDone(), session.failed.getNow(""));
      Thread.sleep(50);
    }
    EncodedFrame key = video.stream().filter(EncodedFrame::keyframe).findFirst().orElseThrow();
    assertEquals(Codec.H264, key.codec());
  }

  /**
   * The Firefox SDP kept for {@link FirefoxSdpTest} ({@code src/test/resources/sdp/firefox-esr-153-*.sdp})
   * is what this Firefox writes: the same lines, up to what changes from run to run (ICE
   * credentials, fingerprint, SSRCs, UUIDs, ports, candidates). Every run leaves what Firefox wrote
   * in {@code target/firefox/}; with {@code -Drtc4j.firefox.recapture=true} it replaces the stored
   * files (see the note in {@code src/test/resources/sdp/README.md}).
   */
  @Test
  void storedFirefoxSdpIsWhatThisFirefoxWrites() throws Exception {
    session = firefox.run(HeadlessFirefox.Mode.CAPTURE_OFFER, null, null, AS_IS, AS_IS);
    String offer = session.captured.get(30, TimeUnit.SECONDS);
    pc = newPeer();
    pc.addTrack(MediaStreamTrack.video("rtc4j-video"), "rtc4j");
    pc.addTrack(MediaStreamTrack.audio("rtc4j-audio"), "rtc4j");
    pc.setLocalDescription(pc.createOffer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
    session = firefox.run(HeadlessFirefox.Mode.CAPTURE_ANSWER, pc, null, AS_IS, AS_IS);
    String answer = session.captured.get(30, TimeUnit.SECONDS);

    java.util.regex.Matcher rv = java.util.regex.Pattern.compile("rv:(\\d+)").matcher(firefox.info());
    String major = rv.find() ? rv.group(1) : "unknown";
    java.nio.file.Path live = java.nio.file.Path.of("target", "firefox");
    java.nio.file.Files.createDirectories(live);
    java.nio.file.Files.writeString(live.resolve("firefox-esr-" + major + "-offer.sdp"), offer);
    java.nio.file.Files.writeString(live.resolve("firefox-esr-" + major + "-answer.sdp"), answer);
    if (Boolean.getBoolean("rtc4j.firefox.recapture")) {
      java.nio.file.Path stored = java.nio.file.Path.of("src", "test", "resources", "sdp");
      java.nio.file.Files.writeString(stored.resolve("firefox-esr-" + major + "-offer.sdp"), offer);
      java.nio.file.Files.writeString(stored.resolve("firefox-esr-" + major + "-answer.sdp"), answer);
    }
    Assumptions.assumeTrue(major.equals(FirefoxSdpTest.VERSION), "the stored SDP is Firefox ESR "
        + FirefoxSdpTest.VERSION + "'s; this is " + firefox.info().split("\n")[0]);
    assertEquals(FirefoxSdpTest.shape(FirefoxSdpTest.load("offer")), FirefoxSdpTest.shape(offer),
        "Firefox's offer changed since the capture; see target/firefox/");
    assertEquals(FirefoxSdpTest.shape(FirefoxSdpTest.load("answer")), FirefoxSdpTest.shape(answer),
        "Firefox's answer changed since the capture; see target/firefox/");
  }

  private PeerConnection newPeer() {
    PeerConnection p = PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
    p.onConnectionStateChange(s -> LOG.info("rtc4j connection state {}", s));
    return p;
  }

  /**
   * One case: both sides send camera/fixture video (VP8) and audio (Opus); rtc4j must assemble VP8
   * keyframes and Opus frames from Firefox, and Firefox must decode rtc4j's video and receive its
   * audio. Then the transport: DTLS 1.2, the SRTP profile rtc4j negotiated, and the DTLS roles.
   */
  private void mediaBothWays(HeadlessFirefox.Mode mode, UnaryOperator<String> toRtc4j, UnaryOperator<String> toFirefox,
      String firefoxDtlsRole) throws Exception {
    pc = newPeer();
    RtpSender video = pc.addTrack(MediaStreamTrack.video("rtc4j-video"), "rtc4j");
    RtpSender audio = pc.addTrack(MediaStreamTrack.audio("rtc4j-audio"), "rtc4j");
    List<EncodedFrame> videoIn = Collections.synchronizedList(new ArrayList<>());
    List<EncodedFrame> audioIn = Collections.synchronizedList(new ArrayList<>());
    pc.onTrack(e -> e.receiver().onFrame(f -> (e.kind() == MediaKind.VIDEO ? videoIn : audioIn).add(f)));
    FixtureStream fixtures = new FixtureStream(video, audio);
    if (mode == HeadlessFirefox.Mode.RTC4J_OFFERS) {
      pc.setLocalDescription(pc.createOffer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
    }
    HeadlessFirefox.Session s = session = firefox.run(mode, pc, null, toRtc4j, toFirefox);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
    while (System.nanoTime() < deadline && !(s.statLong("inbound video", "framesDecoded") >= 30
        && s.statLong("inbound audio", "packetsReceived") >= 50
        && videoIn.stream().anyMatch(EncodedFrame::keyframe) && audioIn.size() >= 50)) {
      assertFalse(s.failed.isDone(), () -> s.failed.getNow("") + "\n" + firefox.log());
      fixtures.sendDue(); // dropped until connected
      Thread.sleep(5);
    }
    Map<String, String> connection = s.stat("connection");
    LOG.info("{} ({} rewritten): Firefox ICE connected at {} ms, connected at {} ms after creating its connection; "
        + "{}; rtc4j assembled {} video and {} audio frames; Firefox stats:\n{}", mode,
        toRtc4j == AS_IS && toFirefox == AS_IS ? "nothing" : "a=setup", connection.get("iceConnectedMs"),
        connection.get("connectedMs"), fixtures, videoIn.size(), audioIn.size(), s.stats());

    assertEquals(PeerConnectionState.CONNECTED, pc.connectionState());
    assertEquals("connected", connection.get("state"), s.stats());

    // Firefox -> rtc4j: VP8 keyframes (RFC 6386 §9.1 start code after the 3-byte frame tag) and Opus.
    List<EncodedFrame> keys;
    synchronized (videoIn) {
      keys = videoIn.stream().filter(EncodedFrame::keyframe).toList();
    }
    assertFalse(keys.isEmpty(), "no VP8 keyframe assembled from Firefox");
    EncodedFrame key = keys.get(0);
    assertEquals(Codec.VP8, key.codec());
    assertTrue(Vp8Depacketizer.isKeyframe(key.data(), 0, key.size()));
    assertEquals(0x9d, key.data()[3] & 0xFF);
    assertEquals(0x01, key.data()[4] & 0xFF);
    assertEquals(0x2a, key.data()[5] & 0xFF);
    assertTrue(audioIn.size() >= 50, "only " + audioIn.size() + " Opus frames from Firefox");
    synchronized (audioIn) {
      assertTrue(audioIn.stream().allMatch(f -> f.codec() == Codec.OPUS && f.size() > 0));
    }
    assertEquals("video/VP8", s.stat("outbound video").get("codec"), s.stats());
    assertEquals("audio/opus", s.stat("outbound audio").get("codec"), s.stats());

    // rtc4j -> Firefox: sustained flow, 30 decoded video frames and 50 audio packets.
    assertTrue(s.statLong("inbound video", "framesDecoded") >= 30, "Firefox decoded too few frames: " + s.stats());
    assertEquals("video/VP8", s.stat("inbound video").get("codec"), s.stats());
    assertTrue(s.statLong("inbound audio", "packetsReceived") >= 50, "Firefox received too little audio: " + s.stats());

    // The transport as Firefox sees it, against what rtc4j negotiated.
    Map<String, String> transport = s.stat("transport");
    Stats ours = pc.getStats().get(5, TimeUnit.SECONDS).ofType("transport").get(0);
    assertEquals("connected", transport.get("dtlsState"), s.stats());
    assertEquals("FEFD", transport.get("tlsVersion"), "DTLS 1.2 (RFC 6347 §4.1: {254, 253})");
    assertTrue(transport.get("dtlsCipher").startsWith("TLS_ECDHE_ECDSA_WITH_"), transport.get("dtlsCipher"));
    assertEquals(ours.getString("srtpCipher"), transport.get("srtpCipher"), "the SRTP profile both sides use, IANA-named");
    assertEquals(firefoxDtlsRole, transport.get("dtlsRole"));
    assertEquals(firefoxDtlsRole.equals("client") ? "server" : "client", ours.getString("dtlsRole"));
  }
}
