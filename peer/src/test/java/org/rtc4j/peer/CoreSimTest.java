package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
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

  /**
   * The rtc4j-to-rtc4j loss case: 10% of every datagram lost both ways (media, RTX, NACKs,
   * reports, feedback), 50 ms each way with 5 ms of jitter that reorders, MTU 600 (a keyframe is
   * eight packets): at least 98% of the frames arrive, each byte-identical to the one sent with its
   * timestamp (a PLI is answered with a keyframe, as an encoder would).
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource(SEEDS)
  void lossRepairedByNackAndRtx(long seed) throws Exception {
    List<EncodedFrame> clip = Media.vp8(150);
    Configuration small = Configuration.builder().loopbackOnly().mtu(600).build();
    try (Sim sim = new Sim(seed, small)) {
      Transceiver video = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sim.ab.delay(50, 5).loss(0.10);
      sim.ba.delay(50, 5).loss(0.10);
      AtomicBoolean keyRequested = new AtomicBoolean();
      sim.a.onEvent = e -> {
        if (e instanceof org.rtc4j.peer.internal.PeerEvent.KeyFrameRequested) {
          keyRequested.set(true);
        }
      };
      java.util.Map<Long, EncodedFrame> sent = new java.util.HashMap<>();
      long t0 = sim.now();
      for (int i = 0; i < clip.size(); i++) {
        EncodedFrame f = clip.get(i);
        sim.at(t0 + i * 33 * Sim.MS, () -> {
          EncodedFrame out = keyRequested.getAndSet(false)
              ? new EncodedFrame(clip.get(0).data(), f.rtpTimestamp(), true, f.codec()) : f;
          sent.put(out.rtpTimestamp(), out);
          sim.a.send(video, out);
        });
      }
      sim.runFor(150 * 33 + 1500);
      List<EncodedFrame> got = sim.b.framesOf(video.mid);
      String where = "seed " + seed + ": " + got.size() + " of " + clip.size() + " frames; " + sim + "\n"
          + sim.b.core.getStats(sim.now(), 0).ofType("inbound-rtp") + "\n"
          + sim.a.core.getStats(sim.now(), 0).ofType("outbound-rtp");
      long previous = -1;
      for (EncodedFrame f : got) {
        assertEquals(sent.get(f.rtpTimestamp()), f, "byte-identical to the frame sent; " + where);
        assertTrue(f.rtpTimestamp() > previous, "in order; " + where);
        previous = f.rtpTimestamp();
      }
      assertTrue(got.size() >= clip.size() * 98 / 100, where);
      assertTrue(sim.ab.dropped > 0 && sim.ba.dropped > 0, "loss both ways; " + where);
    }
  }

  private static final String SEEDS = "seeds";

  static java.util.stream.LongStream seeds() {
    return java.util.stream.LongStream.rangeClosed(1, 20);
  }

  /** Schedules {@code frames} on {@code t} every {@code periodMs}, from now. */
  private static void sendClip(Sim sim, Sim.Peer from, Transceiver t, List<EncodedFrame> frames, long periodMs) {
    long t0 = sim.now();
    for (int i = 0; i < frames.size(); i++) {
      EncodedFrame f = frames.get(i);
      sim.at(t0 + i * periodMs * Sim.MS, () -> from.send(t, f));
    }
  }

  private static String ufrag(Description d) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("a=ice-ufrag:(\\S+)").matcher(d.sdp());
    assertTrue(m.find());
    return m.group(1);
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource(SEEDS)
  void iceRestartKeepsMediaFlowing(long seed) throws Exception {
    List<EncodedFrame> audio = Media.opus(200);
    try (Sim sim = new Sim(seed, CONFIG)) {
      sim.ab.delay(10, 5).loss(0.02);
      sim.ba.delay(10, 5).loss(0.02);
      Transceiver mic = sim.a.addTrack(MediaStreamTrack.audio("mic"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      String ufragA = ufrag(sim.a.core.localDescription());
      String ufragB = ufrag(sim.b.core.localDescription());
      sendClip(sim, sim.a, mic, audio, 20);
      sim.runFor(1000);
      int before = sim.b.framesOf(mic.mid).size();
      assertTrue(before > 30, "audio before the restart: " + before);
      sim.a.core.restartIce(sim.now());
      sim.drainBoth();
      assertTrue(sim.a.negotiationNeeded > 0, "restartIce fires negotiation-needed");
      sim.negotiate(sim.a);
      assertTrue(!ufragA.equals(ufrag(sim.a.core.localDescription())), "the offerer has new credentials");
      assertTrue(!ufragB.equals(ufrag(sim.b.core.localDescription())), "the answerer restarted too");
      sim.runFor(3000);
      int after = sim.b.framesOf(mic.mid).size();
      assertTrue(after >= audio.size() * 90 / 100, "seed " + seed + ": audio across the restart " + after + " of "
          + audio.size() + "; " + sim);
      assertTrue(sim.a.connected() && sim.b.connected(), sim.toString());
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource(SEEDS)
  void renegotiationAddsATrackMidCall(long seed) throws Exception {
    List<EncodedFrame> video = Media.vp8(60);
    List<EncodedFrame> audio = Media.opus(100);
    try (Sim sim = new Sim(seed, CONFIG)) {
      sim.ab.delay(15, 10).duplication(0.05);
      sim.ba.delay(15, 10).duplication(0.05);
      Transceiver cam = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sendClip(sim, sim.a, cam, video, 33);
      sim.runFor(500);
      // The answerer adds a track: it offers this time, on the same transport.
      Transceiver mic = sim.b.addTrack(MediaStreamTrack.audio("mic"));
      sim.drainBoth();
      assertTrue(sim.b.negotiationNeeded > 0);
      sim.negotiate(sim.b);
      assertEquals(1, sim.a.tracks.stream().filter(t -> t.transceiver().kind == MediaKind.AUDIO).count());
      sendClip(sim, sim.b, mic, audio, 20);
      sim.runFor(3000);
      assertEquals(video, sim.b.framesOf(cam.mid), "seed " + seed + ": video unbroken by the renegotiation");
      List<EncodedFrame> got = sim.a.framesOf(mic.mid);
      assertTrue(got.size() >= audio.size() * 95 / 100, "seed " + seed + ": audio " + got.size());
      assertInOrderSubsequence(audio, got);
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource(SEEDS)
  void glareResolvesByImplicitRollback(long seed) throws Exception {
    List<EncodedFrame> audio = Media.opus(100);
    try (Sim sim = new Sim(seed, CONFIG)) {
      sim.ab.delay(20, 10);
      sim.ba.delay(20, 10);
      Transceiver micA = sim.a.addTrack(MediaStreamTrack.audio("mic-a"));
      Transceiver micB = sim.b.addTrack(MediaStreamTrack.audio("mic-b"));
      long now = sim.now();
      sim.a.core.setLocalDescription(now);
      sim.b.core.setLocalDescription(now);
      sim.drainBoth();
      Description offerA = sim.a.core.localDescription();
      Description offerB = sim.b.core.localDescription();
      // Both offered at once. b is impolite and ignores a's offer; a is polite and rolls back.
      sim.a.core.setRemoteDescription(sim.now(), offerB);
      assertEquals(SignalingState.HAVE_REMOTE_OFFER, sim.a.core.signalingState());
      sim.a.core.setLocalDescription(sim.now());
      sim.b.core.setRemoteDescription(sim.now(), sim.a.core.localDescription());
      sim.drainBoth();
      assertEquals(SignalingState.STABLE, sim.a.core.signalingState());
      assertEquals(SignalingState.STABLE, sim.b.core.signalingState());
      assertTrue(offerA.sdp().contains("mic-a"));
      // a's own track was left out of its answer's sending direction only if b's offer had no room;
      // either way a still needs to negotiate and does so now.
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sim.negotiate(sim.a);
      sendClip(sim, sim.a, micA, audio, 20);
      sendClip(sim, sim.b, micB, audio, 20);
      sim.runFor(3000);
      assertTrue(sim.b.frameCount() >= audio.size() * 95 / 100, "seed " + seed + ": a->b " + sim.b.frameCount());
      assertTrue(sim.a.frameCount() >= audio.size() * 95 / 100, "seed " + seed + ": b->a " + sim.a.frameCount());
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource(SEEDS)
  void closeIsSeenByThePeer(long seed) throws Exception {
    List<EncodedFrame> audio = Media.opus(50);
    try (Sim sim = new Sim(seed, CONFIG)) {
      sim.ab.delay(5, 0); // in order: the BYE must not overtake nor be overtaken by close_notify
      sim.ba.delay(5, 0);
      Transceiver mic = sim.a.addTrack(MediaStreamTrack.audio("mic"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sendClip(sim, sim.a, mic, audio, 20);
      sim.runFor(1500);
      sim.a.core.close(sim.now());
      sim.drainBoth();
      assertEquals(PeerConnectionState.CLOSED, sim.a.core.connectionState());
      assertEquals(SignalingState.CLOSED, sim.a.core.signalingState());
      long before = sim.ab.sent;
      sim.runUntil(() -> sim.b.core.connectionState() == PeerConnectionState.CLOSED, 1000, "b sees close_notify");
      assertEquals(1L, sim.b.core.getStats(sim.now(), 0).ofType("transport").get(0).getLong("rtcpByesReceived", 0),
          "a sent RTCP BYE before close_notify");
      assertEquals(before, sim.ab.sent, "nothing is sent after close");
      assertEquals(Long.MAX_VALUE, sim.a.core.pollTimeout(), "a closed core has no deadline");
    }
  }

  private static void assertInOrderSubsequence(List<EncodedFrame> sent, List<EncodedFrame> got) {
    int i = 0;
    for (EncodedFrame f : got) {
      while (i < sent.size() && !sent.get(i).equals(f)) {
        i++;
      }
      assertTrue(i < sent.size(), "a frame out of order or never sent: " + f);
      i++;
    }
  }
}
