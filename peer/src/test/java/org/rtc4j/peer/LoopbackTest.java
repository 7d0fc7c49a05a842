package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;

/** Two peer connections in one JVM over 127.0.0.1 with trickle ICE. */
@Timeout(60)
class LoopbackTest {
  static EventLoopGroup group;

  @BeforeAll
  static void start() {
    group = new EventLoopGroup("rtc4j-test", 2, Clock.system());
  }

  @AfterAll
  static void stop() {
    group.close();
  }

  static Configuration config() {
    return Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
  }

  /** Frames received per track id. */
  static Map<String, List<EncodedFrame>> collect(PeerConnection pc) {
    Map<String, List<EncodedFrame>> got = new ConcurrentHashMap<>();
    pc.onTrack(e -> {
      List<EncodedFrame> list = Collections.synchronizedList(new ArrayList<>());
      got.put(e.trackId(), list);
      e.receiver().onFrame(list::add);
    });
    return got;
  }

  /** Sends video and audio frames at about real time (audio every 20 ms, video every 33 ms). */
  static void send(RtpSender video, List<EncodedFrame> vp8, RtpSender audio, List<EncodedFrame> opus)
      throws InterruptedException {
    long start = System.nanoTime();
    int v = 0;
    int a = 0;
    while (v < vp8.size() || a < opus.size()) {
      long ms = (System.nanoTime() - start) / 1_000_000;
      while (v < vp8.size() && v * 33L <= ms) {
        video.sendFrame(vp8.get(v++));
      }
      while (a < opus.size() && a * 20L <= ms) {
        audio.sendFrame(opus.get(a++));
      }
      Thread.sleep(5);
    }
  }

  static void awaitCount(Map<String, List<EncodedFrame>> got, String track, int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      List<EncodedFrame> l = got.get(track);
      if (l != null && l.size() >= n) {
        return;
      }
      Thread.sleep(10);
    }
  }

  @Test
  void vp8AndOpusBothWaysArriveByteIdentical() throws Exception {
    PeerConnection a = PeerConnection.create(config());
    PeerConnection b = PeerConnection.create(config());
    try {
      RtpSender av = a.addTrack(MediaStreamTrack.video("a-video"), "a");
      RtpSender aa = a.addTrack(MediaStreamTrack.audio("a-audio"), "a");
      RtpSender bv = b.addTrack(MediaStreamTrack.video("b-video"), "b");
      RtpSender ba = b.addTrack(MediaStreamTrack.audio("b-audio"), "b");
      Map<String, List<EncodedFrame>> atA = collect(a);
      Map<String, List<EncodedFrame>> atB = collect(b);
      Signaling s = new Signaling(a, b);
      s.negotiate(a);
      s.awaitConnected();
      assertEquals(SignalingState.STABLE, a.signalingState());
      assertEquals(SignalingState.STABLE, b.signalingState());

      List<EncodedFrame> vp8 = Media.vp8(45);
      List<EncodedFrame> opus = Media.opus(60);
      Thread sendB = new Thread(() -> {
        try {
          send(bv, vp8, ba, opus);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      sendB.start();
      send(av, vp8, aa, opus);
      sendB.join();

      awaitCount(atB, "a-video", vp8.size());
      awaitCount(atB, "a-audio", opus.size());
      awaitCount(atA, "b-video", vp8.size());
      awaitCount(atA, "b-audio", opus.size());
      assertEquals(vp8, atB.get("a-video"));
      assertEquals(opus, atB.get("a-audio"));
      assertEquals(vp8, atA.get("b-video"));
      assertEquals(opus, atA.get("b-audio"));
      assertTrue(atB.get("a-video").get(0).keyframe());
      statsAgree(a, b, vp8, opus);
    } finally {
      Signaling.get(a.closeAsync());
      Signaling.get(b.closeAsync());
    }
  }

  /** The sender's outbound-rtp and the receiver's inbound-rtp agree with what was sent. */
  static void statsAgree(PeerConnection a, PeerConnection b, List<EncodedFrame> vp8, List<EncodedFrame> opus)
      throws Exception {
    StatsReport sa = Signaling.get(a.getStats());
    StatsReport sb = Signaling.get(b.getStats());
    Stats outVideo = byKind(sa, "outbound-rtp", "video");
    Stats outAudio = byKind(sa, "outbound-rtp", "audio");
    Stats inVideo = byKind(sb, "inbound-rtp", "video");
    Stats inAudio = byKind(sb, "inbound-rtp", "audio");
    assertEquals(vp8.size(), outVideo.getLong("framesSent", -1));
    assertEquals(opus.size(), outAudio.getLong("packetsSent", -1));
    assertEquals(outVideo.getLong("packetsSent", -1), inVideo.getLong("packetsReceived", -2));
    assertEquals(outVideo.getLong("bytesSent", -1), inVideo.getLong("bytesReceived", -2));
    assertEquals(outAudio.getLong("packetsSent", -1), inAudio.getLong("packetsReceived", -2));
    assertEquals(opus.stream().mapToLong(EncodedFrame::size).sum(), outAudio.getLong("bytesSent", -1));
    assertEquals(vp8.size(), inVideo.getLong("framesReceived", -1));
    assertEquals(0, inVideo.getLong("packetsLost", -1));
    assertEquals(outVideo.getLong("ssrc", -1), inVideo.getLong("ssrc", -2));
    assertEquals("video/VP8", sa.get(outVideo.getString("codecId")).getString("mimeType"));
    assertEquals("audio/opus", sb.get(inAudio.getString("codecId")).getString("mimeType"));
    Stats transport = sa.ofType("transport").get(0);
    assertEquals("connected", transport.getString("dtlsState"));
    Stats pair = sa.get(transport.getString("selectedCandidatePairId"));
    assertEquals("127.0.0.1", sa.get(pair.getString("localCandidateId")).getString("address"));
    assertEquals("127.0.0.1", sa.get(pair.getString("remoteCandidateId")).getString("address"));
    assertEquals(1, sa.ofType("certificate").size());
    // Receiver reports come every 0.5-1.5 s (RFC 3550 §6.3.1 randomization).
    long deadline = System.nanoTime() + 5_000_000_000L;
    Stats remote = null;
    while (remote == null && System.nanoTime() < deadline) {
      Thread.sleep(50);
      // RTT needs a receiver report sent after the peer saw one of our sender reports (LSR != 0).
      remote = Signaling.get(a.getStats()).ofType("remote-inbound-rtp").stream()
          .filter(x -> "video".equals(x.get("kind")) && x.get("roundTripTime") != null).findFirst().orElse(null);
    }
    assertTrue(remote != null, "no receiver report about the video stream");
    assertEquals(0, remote.getLong("packetsLost", -1));
    assertTrue(remote.getDouble("roundTripTime", -1) >= 0 && remote.getDouble("roundTripTime", -1) < 0.5,
        "round trip time " + remote.get("roundTripTime"));
  }

  static Stats byKind(StatsReport r, String type, String kind) {
    return r.ofType(type).stream().filter(x -> kind.equals(x.get("kind"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " " + kind + " in\n" + r));
  }

  @Test
  void videoTrackAddedMidCallFlowsAfterRenegotiation() throws Exception {
    PeerConnection a = PeerConnection.create(config());
    PeerConnection b = PeerConnection.create(config());
    try {
      RtpSender aa = a.addTrack(MediaStreamTrack.audio("a-audio"), "a");
      Map<String, List<EncodedFrame>> atB = collect(b);
      Map<String, List<EncodedFrame>> atA = collect(a);
      Signaling s = new Signaling(a, b);
      s.negotiate(a);
      s.awaitConnected();
      assertEquals(1, b.getTransceivers().size());

      java.util.concurrent.CountDownLatch needed = new java.util.concurrent.CountDownLatch(1);
      a.onNegotiationNeeded(needed::countDown);
      RtpSender av = a.addTrack(MediaStreamTrack.video("a-video"), "a");
      assertTrue(needed.await(5, java.util.concurrent.TimeUnit.SECONDS), "no negotiationneeded");
      s.negotiate(a);
      assertEquals(2, b.getTransceivers().size());
      assertEquals("1", a.getTransceivers().get(1).mid());
      // The answerer now offers: it adds a video track of its own on the existing video section.
      RtpSender bv = b.addTrack(MediaStreamTrack.video("b-video"), "b");
      s.negotiate(b);
      assertEquals(2, b.getTransceivers().size(), "b's video track re-used the transceiver a's offer made");
      assertEquals(Direction.SENDRECV, b.getTransceivers().get(1).currentDirection());

      List<EncodedFrame> vp8 = Media.vp8(30);
      List<EncodedFrame> opus = Media.opus(30);
      send(av, vp8, aa, opus);
      for (EncodedFrame f : vp8) {
        bv.sendFrame(f);
        Thread.sleep(10);
      }
      awaitCount(atB, "a-video", vp8.size());
      awaitCount(atB, "a-audio", opus.size());
      awaitCount(atA, "b-video", vp8.size());
      assertEquals(vp8, atB.get("a-video"));
      assertEquals(opus, atB.get("a-audio"));
      assertEquals(vp8, atA.get("b-video"));
      assertEquals(PeerConnectionState.CONNECTED, a.connectionState());
    } finally {
      Signaling.get(a.closeAsync());
      Signaling.get(b.closeAsync());
    }
  }

  @Test
  void iceRestartKeepsMediaFlowing() throws Exception {
    PeerConnection a = PeerConnection.create(config());
    PeerConnection b = PeerConnection.create(config());
    try {
      RtpSender aa = a.addTrack(MediaStreamTrack.audio("a-audio"), "a");
      Map<String, List<EncodedFrame>> atB = collect(b);
      Signaling s = new Signaling(a, b);
      s.negotiate(a);
      s.awaitConnected();
      String ufragBefore = ufrag(a.localDescription().sdp());
      List<EncodedFrame> opus = Media.opus(150);
      Thread sender = new Thread(() -> {
        for (int i = 0; i < opus.size(); i++) {
          aa.sendFrame(opus.get(i));
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      sender.start();
      Thread.sleep(600);
      int before = atB.get("a-audio").size();
      a.restartIce();
      s.negotiate(a);
      String ufragAfter = ufrag(a.localDescription().sdp());
      assertTrue(!ufragBefore.equals(ufragAfter), "ICE restart kept the ufrag");
      assertTrue(!ufrag(b.localDescription().sdp()).equals(ufrag(b.currentRemoteDescription().sdp())));
      sender.join();
      awaitCount(atB, "a-audio", opus.size());
      assertTrue(before > 10, "media flowed before the restart");
      assertEquals(opus, atB.get("a-audio"));
      Signaling.awaitConnected(a);
      Signaling.awaitConnected(b);
      IceConnectionState ice = a.iceConnectionState();
      assertTrue(ice == IceConnectionState.CONNECTED || ice == IceConnectionState.COMPLETED, ice.toString());
    } finally {
      Signaling.get(a.closeAsync());
      Signaling.get(b.closeAsync());
    }
  }

  static String ufrag(String sdp) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("a=ice-ufrag:(\\S+)").matcher(sdp);
    assertTrue(m.find());
    return m.group(1);
  }
}
