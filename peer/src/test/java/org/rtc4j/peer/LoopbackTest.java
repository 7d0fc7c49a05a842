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
    } finally {
      Signaling.get(a.closeAsync());
      Signaling.get(b.closeAsync());
    }
  }
}
