package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.Transceiver;

class CoreSimTest {
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  @Test
  void videoFlowsOnAManualClock() throws Exception {
    List<EncodedFrame> clip = Media.vp8(60);
    try (Sim sim = new Sim(1, CONFIG)) {
      Transceiver video = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      for (int i = 0; i < clip.size(); i++) {
        EncodedFrame f = clip.get(i);
        sim.at(sim.now() + i * 33 * Sim.MS, () -> sim.a.send(video, f));
      }
      sim.runUntil(() -> sim.b.frameCount() >= clip.size(), 10_000, "all frames");
      assertEquals(clip, sim.b.framesOf(video.mid));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
  void lossRepairedByNackAndRtx(long seed) throws Exception {
    List<EncodedFrame> clip = Media.vp8(150);
    Configuration small = Configuration.builder().loopbackOnly().mtu(600).build();
    try (Sim sim = new Sim(seed, small)) {
      Transceiver video = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sim.ab.delay(25, 5).loss(0.10).lossApplies = SimLink::isRtp;
      sim.ba.delay(25, 5);
      AtomicBoolean keyRequested = new AtomicBoolean();
      sim.a.onEvent = e -> {
        if (e instanceof org.rtc4j.peer.internal.PeerEvent.KeyFrameRequested) {
          keyRequested.set(true);
        }
      };
      long t0 = sim.now();
      for (int i = 0; i < clip.size(); i++) {
        EncodedFrame f = clip.get(i);
        sim.at(t0 + i * 33 * Sim.MS, () -> sim.a.send(video, keyRequested.getAndSet(false)
            ? new EncodedFrame(clip.get(0).data(), f.rtpTimestamp(), true, f.codec()) : f));
      }
      sim.runFor(150 * 33 + 1000);
      List<EncodedFrame> got = sim.b.framesOf(video.mid);
      assertTrue(got.size() >= clip.size() * 98 / 100, "seed " + seed + ": " + got.size() + " of " + clip.size()
          + " frames; " + sim + "\n" + sim.b.core.getStats(sim.now(), 0).ofType("inbound-rtp")
          + "\n" + sim.a.core.getStats(sim.now(), 0).ofType("outbound-rtp"));
    }
  }
}
