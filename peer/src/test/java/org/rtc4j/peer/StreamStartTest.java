package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.Transceiver;

/**
 * The start of a video stream under loss. A receiver NACKs only packets after the first one it
 * gets (Chromium's NACK module and rtc4j's alike), so the first keyframe's first packet, lost, could
 * never be repaired; a sender of files cannot make another keyframe and the picture stayed frozen
 * until the file's next one (two seconds for the example clip, the tail of the Chromium
 * measurement). rtc4j sends two padding-only packets ahead of a stream's first frame.
 */
class StreamStartTest {
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  @ParameterizedTest(name = "the first {0} keyframe packet(s) lost")
  @ValueSource(ints = {0, 1, 2})
  void theFirstKeyframesHeadIsRepairedByNack(int lost) throws Exception {
    List<EncodedFrame> clip = Media.vp8(30);
    try (Sim sim = new Sim(lost, CONFIG)) {
      Transceiver cam = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sim.ab.delay(20, 0);
      sim.ba.delay(20, 0);
      List<byte[]> first = new ArrayList<>();
      int[] media = {0};
      sim.ab.lossApplies = d -> {
        if (!SimLink.isRtp(d) || ssrc(d) != cam.send.ssrc()) {
          return false;
        }
        first.add(d);
        if ((d[0] & 0x20) != 0) {
          return false; // padding (the P bit): the lead-in
        }
        return media[0]++ < lost; // the first keyframe's first packets
      };
      sim.ab.loss(1.0);
      long t0 = sim.now();
      for (int i = 0; i < clip.size(); i++) {
        EncodedFrame f = clip.get(i);
        sim.at(t0 + i * 33 * Sim.MS, () -> sim.a.send(cam, f));
      }
      sim.runFor(30 * 33 + 500);
      assertEquals(clip, sim.b.framesOf(cam.mid), "every frame, the first keyframe repaired; " + sim);
      assertEquals(0, sim.a.keyFrameRequests.get(), "no keyframe was asked for: the first one was repaired");
      for (int i = 0; i < 2; i++) {
        // SRTP encrypts the padding, so the wire shows the P bit and the size only.
        assertTrue((first.get(i)[0] & 0x20) != 0, "lead-in " + i + " has the P bit");
        assertTrue(first.get(i).length <= 64, "lead-in " + i + " is header, 4 bytes of padding and the tag: "
            + first.get(i).length);
      }
      Stats in = sim.b.core.getStats(sim.now(), 0).ofType("inbound-rtp").get(0);
      assertEquals(lost > 0, in.getLong("nackCount", -1) > 0, in.toString());
      Stats out = sim.a.core.getStats(sim.now(), 0).ofType("outbound-rtp").get(0);
      assertEquals(out.getLong("packetsSent", -1), in.getLong("packetsReceived", -2) + lost,
          "lead-ins are counted both sides (the lost packets never reached b: RTX repaired them)");
    }
  }

  private static long ssrc(byte[] d) {
    return (d[8] & 0xFFL) << 24 | (d[9] & 0xFF) << 16 | (d[10] & 0xFF) << 8 | (d[11] & 0xFF);
  }
}
