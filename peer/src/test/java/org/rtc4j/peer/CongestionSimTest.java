package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.PeerEvent;
import org.rtc4j.peer.internal.Transceiver;

/**
 * Congestion control over a whole call on the manual clock: a sender whose "encoder" follows the
 * target the connection reports, through a bottleneck with a drop-tail queue, the peer's
 * transport-cc feedback driving the estimate (what Chromium does as a receiver, done by rtc4j).
 */
class CongestionSimTest {
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  /** A VP8-shaped frame of {@code size} bytes (the depacketizer reads only the first byte's P bit). */
  private static byte[] frame(int size, boolean key, int n) {
    byte[] f = new byte[Math.max(size, 16)];
    for (int i = 1; i < f.length; i++) {
      f[i] = (byte) (i * 31 + n);
    }
    f[0] = (byte) (key ? 0x10 : 0x11);
    return f;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void theEncoderFollowsTheLinkUpAndDown(long seed) throws Exception {
    try (Sim sim = new Sim(seed, CONFIG)) {
      Transceiver video = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sim.ab.delay(25, 0).bottleneck(1_500_000, 60_000);
      sim.ba.delay(25, 0);
      long[] target = {-1};
      List<long[]> trace = new ArrayList<>();
      sim.a.onEvent = e -> {
        if (e instanceof PeerEvent.TargetBitrate t) {
          target[0] = t.bitrateBps();
          trace.add(new long[] {sim.now(), t.bitrateBps()});
        }
      };
      long t0 = sim.now();
      int frames = 30 * 40; // 40 s at 30 fps
      for (int i = 0; i < frames; i++) {
        int n = i;
        sim.at(t0 + i * 33_333_333L, () -> {
          long bps = target[0] > 0 ? target[0] : 300_000;
          sim.a.send(video, new EncodedFrame(frame((int) (bps / 8 / 30), n % 150 == 0, n), 3000L * n, n % 150 == 0,
              Codec.VP8));
        });
      }
      sim.at(t0 + 20_000_000_000L, () -> sim.ab.rateBps = 500_000); // the link drops to a third
      sim.runFor(40_000);
      assertTrue(trace.size() > 3, "target reports: " + trace.size());
      StringBuilder early = new StringBuilder();
      for (long[] x : trace) {
        if (x[0] - t0 < 12_000_000_000L) {
          early.append((x[0] - t0) / 1_000_000).append(":").append(x[1] / 1000).append(' ');
        }
      }
      long at10 = targetAt(trace, t0 + 10_000_000_000L);
      long at19 = targetAt(trace, t0 + 19_000_000_000L);
      long at23 = targetAt(trace, t0 + 23_000_000_000L);
      long at39 = targetAt(trace, t0 + 39_000_000_000L);
      String where = early + "\nseed " + seed + ": target at 10 s " + at10 + ", 19 s " + at19 + ", 23 s " + at23 + ", 39 s "
          + at39 + "; " + org.rtc4j.peer.internal.CcProbe.describe(sim.a.core) + "; max queue delay " + sim.ab.maxQueueDelayNanos / 1_000_000 + " ms; " + sim;
      assertTrue(at10 >= 1_500_000 * 70 / 100 && at19 <= 1_500_000 * 110 / 100, "reaches the link: " + where);
      assertTrue(at23 <= 500_000 * 120 / 100, "follows the drop within 3 s: " + where);
      assertTrue(at39 >= 500_000 * 60 / 100, "does not collapse after the drop: " + where);
      int got = sim.b.framesOf(video.mid).size();
      assertTrue(got >= frames * 90 / 100, "frames delivered: " + got + " of " + frames + "; " + where);
    }
  }

  private static long targetAt(List<long[]> trace, long at) {
    long v = -1;
    for (long[] x : trace) {
      if (x[0] <= at) {
        v = x[1];
      }
    }
    return v;
  }
}
