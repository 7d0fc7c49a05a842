package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.Transceiver;
import org.rtc4j.rtp.RtpExtensions;
import org.rtc4j.rtp.RtpPacket;

/**
 * The audio level (RFC 6464) an application gives with its audio frames: written into every packet
 * of the frame under the negotiated id, read by the receiver into {@code inbound-rtp.audioLevel}
 * (W3C: 10^(-dBov/20), 0 for silence).
 */
class AudioLevelTest {
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  /** The audio level element of every RTP packet a sends on {@code ssrc} (SRTP leaves headers clear). */
  private static List<Integer> levelsOnTheWire(List<byte[]> packets, long ssrc, int id) {
    List<Integer> out = new ArrayList<>();
    RtpPacket p = new RtpPacket();
    for (byte[] d : packets) {
      if (p.wrap(d, 0, d.length) == RtpPacket.Status.OK && (p.ssrc() & 0xFFFF_FFFFL) == ssrc) {
        out.add((int) p.extensionValue(id));
      }
    }
    return out;
  }

  /** a sends audio to b: negotiated and connected. */
  private static Transceiver connectWithAudio(Sim sim) {
    Transceiver mic = sim.a.addTrack(MediaStreamTrack.audio("mic"));
    sim.negotiate(sim.a);
    sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
    return mic;
  }

  /** Every RTP datagram {@code link} carries from now on, kept (none is dropped). */
  private static List<byte[]> tapRtp(SimLink link) {
    List<byte[]> wire = new ArrayList<>();
    link.lossApplies = d -> {
      if (SimLink.isRtp(d)) {
        wire.add(d);
      }
      return false;
    };
    link.loss(1.0); // asks lossApplies about every datagram, which keeps them all
    return wire;
  }

  @Test
  void theSendersLevelReachesTheReceiversStats() throws Exception {
    List<EncodedFrame> opus = Media.opus(30);
    try (Sim sim = new Sim(1, CONFIG)) {
      Transceiver mic = connectWithAudio(sim);
      String offer = sim.a.core.localDescription().sdp();
      assertTrue(offer.contains("a=extmap:1 " + RtpExtensions.AUDIO_LEVEL), "offered under Chromium's id 1: " + offer);
      List<byte[]> wire = tapRtp(sim.ab);
      long t0 = sim.now();
      for (int i = 0; i < 10; i++) {
        EncodedFrame f = opus.get(i);
        sim.at(t0 + i * 20 * Sim.MS, () -> sim.a.send(mic, f, RtpExtensions.audioLevel(true, 30) & 0xFF));
      }
      sim.runFor(400);
      double expected = Math.pow(10, -30 / 20.0); // -30 dBov: 0.0316
      assertEquals(expected, inboundLevel(sim), 1e-9);
      List<Integer> levels = levelsOnTheWire(wire, mic.send.ssrc(), 1);
      assertEquals(10, levels.size());
      assertTrue(levels.stream().allMatch(v -> v == (0x80 | 30)), "V flag and 30 in every packet: " + levels);

      // Silence (127), then frames without a level: no element on the wire, the last level stays.
      wire.clear();
      long t1 = sim.now();
      for (int i = 10; i < 20; i++) {
        EncodedFrame f = opus.get(i);
        int level = i < 15 ? RtpExtensions.audioLevel(false, 127) & 0xFF : -1;
        sim.at(t1 + (i - 10) * 20 * Sim.MS, () -> sim.a.send(mic, f, level));
      }
      sim.runFor(400);
      levels = levelsOnTheWire(wire, mic.send.ssrc(), 1);
      assertEquals(List.of(127, 127, 127, 127, 127, -1, -1, -1, -1, -1), levels);
      assertEquals(0.0, inboundLevel(sim), "-127 dBov is silence");
      assertEquals(opus.subList(0, 20), sim.b.framesOf(mic.mid), "the frames themselves are untouched");
    }
  }

  @Test
  void aPeerThatDidNotNegotiateItGetsNoElement() throws Exception {
    List<EncodedFrame> opus = Media.opus(10);
    try (Sim sim = new Sim(2, CONFIG)) {
      sim.offerRewrite = sdp -> sdp.replaceAll("a=extmap:1 " + RtpExtensions.AUDIO_LEVEL + "\r\n", "");
      Transceiver mic = connectWithAudio(sim);
      List<byte[]> wire = tapRtp(sim.ab);
      long t0 = sim.now();
      for (int i = 0; i < opus.size(); i++) {
        EncodedFrame f = opus.get(i);
        sim.at(t0 + i * 20 * Sim.MS, () -> sim.a.send(mic, f, RtpExtensions.audioLevel(true, 10) & 0xFF));
      }
      sim.runFor(400);
      assertTrue(levelsOnTheWire(wire, mic.send.ssrc(), 1).stream().allMatch(v -> v == -1));
      assertEquals(null, sim.b.core.getStats(sim.now(), 0).ofType("inbound-rtp").get(0).get("audioLevel"));
      assertEquals(opus, sim.b.framesOf(mic.mid));
    }
  }

  private static double inboundLevel(Sim sim) {
    Stats in = sim.b.core.getStats(sim.now(), 0).ofType("inbound-rtp").get(0);
    assertTrue(in.get("audioLevel") instanceof Double, in.toString());
    return in.getDouble("audioLevel", -1);
  }

  @Test
  void theApiRefusesLevelsOutOfRangeAndVideoFrames() {
    try (PeerConnection pc = PeerConnection.create(CONFIG)) {
      RtpSender audio = pc.addTrack(MediaStreamTrack.audio("mic"), "s");
      RtpSender video = pc.addTrack(MediaStreamTrack.video("cam"), "s");
      EncodedFrame opus = new EncodedFrame(new byte[] {1, 2, 3}, 0, true, Codec.OPUS);
      EncodedFrame vp8 = new EncodedFrame(new byte[] {0x10, 2, 3}, 0, true, Codec.VP8);
      assertThrows(IllegalArgumentException.class, () -> audio.sendFrame(opus, 128, true));
      assertThrows(IllegalArgumentException.class, () -> audio.sendFrame(opus, -1, false));
      assertThrows(IllegalArgumentException.class, () -> video.sendFrame(vp8, 20, true));
      audio.sendFrame(opus, 127, false); // not connected: counted as dropped, no exception
      audio.sendFrame(opus, 0, true);
    }
  }
}
