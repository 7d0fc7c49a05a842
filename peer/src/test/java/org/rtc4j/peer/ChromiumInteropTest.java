package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.h264.NalUnits;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * rtc4j against headless Chromium, with SDP and trickled candidates exchanged over HTTP on
 * 127.0.0.1 (see {@code chromium/peer.html}). Runs only where the JVM sees no network interface up
 * but loopback — inside the network namespace {@code ./run-tests} creates — because Chromium
 * gathers on every interface it sees and sends mDNS multicast.
 */
@Timeout(90)
class ChromiumInteropTest {
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumInteropTest.class);

  @RegisterExtension
  static final ChromiumRun run = new ChromiumRun("rtc4j-chromium");

  private ChromiumSignaling http;
  private HeadlessChromium chromium;
  private PeerConnection pc;
  private TrickleBridge trickle;
  private volatile String lastStats = "";
  private final CompletableFuture<String> noCodec = new CompletableFuture<>();

  private PeerConnection newPeer() {
    pc = run.peer(Configuration.builder().loopbackOnly());
    trickle = new TrickleBridge(pc);
    pc.onConnectionStateChange(s -> LOG.info("rtc4j connection state {}", s));
    return pc;
  }

  /** Serves the page and the signalling endpoints; {@code postOffer} answers POST /offer. */
  private void serve(java.util.function.Function<String, String> postOffer, java.util.function.Supplier<String> getOffer,
      java.util.function.Consumer<String> postAnswer) throws IOException {
    http = run.closing(new ChromiumSignaling("peer.html", trickle, postOffer, getOffer, postAnswer, java.util.Map.of(
        "/stats", body -> lastStats = body,
        "/nocodec", noCodec::complete)));
  }

  private void launch(String query) throws IOException {
    chromium = run.closing(HeadlessChromium.open(http.url(query)));
  }

  private boolean awaitStats(Pattern p, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (p.matcher(lastStats).find()) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  // ------------------------------------------------------------------ Chromium offers

  private void chromiumOffers(String codecQuery, Codec expectedVideo) throws Exception {
    PeerConnection pc = newPeer();
    List<EncodedFrame> video = Collections.synchronizedList(new ArrayList<>());
    List<EncodedFrame> audio = Collections.synchronizedList(new ArrayList<>());
    pc.onTrack(e -> e.receiver().onFrame(f -> (e.kind() == MediaKind.VIDEO ? video : audio).add(f)));
    serve(trickle::answer, () -> "", answer -> {});
    launch("mode=chrome-offers" + codecQuery);
    long deadline = System.nanoTime() + 40_000_000_000L;
    while (System.nanoTime() < deadline && (video.stream().noneMatch(EncodedFrame::keyframe) || audio.size() < 50)) {
      if (noCodec.isDone()) {
        Assumptions.abort("this Chromium cannot send " + noCodec.get());
      }
      Thread.sleep(50);
    }
    LOG.info("from Chromium: {} video frames, {} audio frames; stats {}", video.size(), audio.size(), lastStats);
    assertEquals(PeerConnectionState.CONNECTED, pc.connectionState());
    List<EncodedFrame> keys;
    synchronized (video) {
      keys = video.stream().filter(EncodedFrame::keyframe).toList();
    }
    assertTrue(!keys.isEmpty(), "no video keyframe assembled from Chromium");
    EncodedFrame key = keys.get(0);
    assertEquals(expectedVideo, key.codec());
    if (expectedVideo == Codec.VP8) {
      assertTrue(Vp8Depacketizer.isKeyframe(key.data(), 0, key.size()));
      // RFC 6386 §9.1: a keyframe carries the start code 9d 01 2a after the 3-byte frame tag.
      assertEquals(0x9d, key.data()[3] & 0xFF);
      assertEquals(0x01, key.data()[4] & 0xFF);
      assertEquals(0x2a, key.data()[5] & 0xFF);
    } else {
      assertTrue(containsIdr(key.data()), "H.264 keyframe without an IDR slice");
    }
    assertTrue(audio.size() >= 50, "only " + audio.size() + " Opus frames from Chromium");
    Stats inAudio = pc.getStats().get(5, TimeUnit.SECONDS).ofType("inbound-rtp").stream()
        .filter(s -> "audio".equals(s.get("kind"))).findFirst().orElseThrow();
    double level = inAudio.getDouble("audioLevel", -1);
    assertTrue(level >= 0 && level <= 1, "Chromium's RFC 6464 audio level read into inbound-rtp.audioLevel: " + inAudio);
    synchronized (audio) {
      for (EncodedFrame f : audio) {
        assertEquals(Codec.OPUS, f.codec());
        assertTrue(f.size() > 0);
      }
    }
    StatsReport stats = pc.getStats().get(5, TimeUnit.SECONDS);
    Stats inVideo = stats.ofType("inbound-rtp").stream().filter(s -> "video".equals(s.get("kind"))).findFirst()
        .orElseThrow();
    assertTrue(inVideo.getLong("framesReceived", 0) >= keys.size());
    assertTrue(inVideo.getLong("packetsReceived", 0) > 0);
  }

  private static boolean containsIdr(byte[] au) {
    for (int i = 0; i + 4 < au.length; i++) {
      if (au[i] == 0 && au[i + 1] == 0 && au[i + 2] == 1 && (au[i + 3] & 0x1F) == NalUnits.IDR) {
        return true;
      }
    }
    return false;
  }

  @Test
  void chromiumOffersVp8AndOpusRtc4jAnswersAndAssemblesFrames() throws Exception {
    chromiumOffers("", Codec.VP8);
  }

  @Test
  void chromiumOffersH264RtcAnswersAndAssemblesFrames() throws Exception {
    chromiumOffers("&codec=H264", Codec.H264);
  }

  // ------------------------------------------------------------------ rtc4j offers

  @Test
  void rtc4jOffersVp8AndOpusChromiumDecodes() throws Exception {
    PeerConnection pc = newPeer();
    RtpSender video = pc.addTrack(MediaStreamTrack.video("rtc4j-video"), "rtc4j");
    RtpSender audio = pc.addTrack(MediaStreamTrack.audio("rtc4j-audio"), "rtc4j");
    FixtureStream fixtures = new FixtureStream(video, audio);
    Description offer = pc.createOffer().get(10, TimeUnit.SECONDS);
    pc.setLocalDescription(offer).get(10, TimeUnit.SECONDS);
    serve(o -> "", offer::sdp, trickle::applyAnswer);
    launch("mode=rtc4j-offers");
    Signaling.awaitConnected(pc);

    // Sustained flow, not a first frame: 30 decoded video frames (1 s) and 50 audio packets.
    Pattern decoded = Pattern.compile("inbound video .*framesDecoded=([3-9]\\d|\\d{3,})\\b");
    Pattern audioIn = Pattern.compile("inbound audio packetsReceived=([5-9]\\d|\\d{3,})\\b");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline
        && !(decoded.matcher(lastStats).find() && audioIn.matcher(lastStats).find())) {
      fixtures.sendDue();
      Thread.sleep(5);
    }
    LOG.info("{}; Chromium stats:\n{}", fixtures, lastStats);
    assertTrue(decoded.matcher(lastStats).find(), "Chromium decoded no video frame: " + lastStats);
    assertTrue(audioIn.matcher(lastStats).find(), "Chromium received no audio packet: " + lastStats);
    assertTrue(lastStats.contains("codec=video/VP8"), lastStats);
    // Chromium reads the level rtc4j wrote: 10^(-20/20) = 0.1 (W3C RTCRtpSynchronizationSource).
    Matcher level = Pattern.compile("syncsource audio audioLevel=([0-9.eE-]+)").matcher(lastStats);
    assertTrue(level.find(), "Chromium reports the audio level of rtc4j's packets: " + lastStats);
    assertEquals(0.1, Double.parseDouble(level.group(1)), 0.005, lastStats);
    StatsReport stats = pc.getStats().get(5, TimeUnit.SECONDS);
    Stats out = stats.ofType("outbound-rtp").stream().filter(s -> "video".equals(s.get("kind"))).findFirst()
        .orElseThrow();
    assertTrue(out.getLong("framesSent", 0) > 0);
  }
}
