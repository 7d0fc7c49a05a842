package org.rtc4j.peer.internal.cc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.peer.internal.cc.sim.BottleneckLink;
import org.rtc4j.peer.internal.cc.sim.NetworkSimulator;
import org.rtc4j.peer.internal.cc.sim.SimFlow;

/**
 * The goals of issue 16, each on a manual clock through the deterministic bottleneck of
 * {@link NetworkSimulator}: pacer, estimator and feedback generator wired as the core wires them,
 * a video source that follows the target (30 frames a second, 1200-byte packets). The link is
 * 2 Mbit/s with a 125 kB drop-tail queue (500 ms at 2 Mbit/s, so queueing delay is the estimator's
 * doing, not the buffer's) and 25 ms of propagation each way, unless a test says otherwise.
 */
@Timeout(60)
class CongestionControlSimulationTest {
  static final long S = 1_000_000_000L;
  static final long C = 2_000_000;

  static NetworkSimulator network(long capacity, int queueBytes, double loss, long seed) {
    return new NetworkSimulator(new BottleneckLink(capacity, queueBytes, 25_000_000L, loss, seed));
  }

  static long percentile(long[] v, double p) {
    long[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) (p * s.length))];
  }

  static String kbps(long[] v) {
    return "p10 " + percentile(v, 0.1) / 1000 + ", median " + percentile(v, 0.5) / 1000 + ", max "
        + Arrays.stream(v).max().getAsLong() / 1000 + ", min " + Arrays.stream(v).min().getAsLong() / 1000
        + " kbit/s";
  }

  static long firstTimeAtLeast(SimFlow f, long bps) {
    for (long[] s : f.samples()) {
      if (s[1] >= bps) {
        return s[0];
      }
    }
    return Long.MAX_VALUE;
  }

  @Test
  void reaches85To100PercentOfA2MbpsLinkWithin10Seconds() {
    NetworkSimulator sim = network(C, 125_000, 0, 7);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    sim.runUntil(30 * S);
    long reached = firstTimeAtLeast(f, (long) (0.85 * C));
    assertTrue(reached < 10 * S, "85% of the link reached at " + reached / 1e9 + " s");
    long[] steady = f.targetsBetween(10 * S, 30 * S);
    String what = "target 10-30 s: " + kbps(steady);
    assertTrue(percentile(steady, 0.1) >= 0.85 * C, what);
    long median = percentile(steady, 0.5);
    assertTrue(median >= 0.85 * C && median <= C, what);
    assertTrue(Arrays.stream(steady).max().getAsLong() <= 1.1 * C, what);
    long goodput = f.throughputBps(10 * S, 30 * S);
    assertTrue(goodput >= 0.85 * C, "goodput " + goodput);
    assertEquals(0, sim.link().droppedTail(), "the queue never overflowed");
  }

  @Test
  void followsADropTo500kbpsWithin3Seconds() {
    NetworkSimulator sim = network(C, 125_000, 0, 7);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    long drop = 20 * S;
    long after = 500_000;
    sim.at(drop, () -> sim.link().setCapacityBps(after));
    sim.runUntil(40 * S);
    long followed = Long.MAX_VALUE;
    for (long[] s : f.samples()) {
      if (s[0] >= drop && s[1] <= 1.1 * after) {
        followed = s[0];
        break;
      }
    }
    assertTrue(followed - drop <= 3 * S, "at or under 110% of 500 kbit/s " + (followed - drop) / 1e9 + " s after the drop");
    long[] later = f.targetsBetween(drop + 3 * S, 40 * S);
    String what = "target from 3 s after the drop: " + kbps(later);
    assertTrue(Arrays.stream(later).max().getAsLong() <= 1.25 * after, what);
    assertTrue(Arrays.stream(later).min().getAsLong() >= 0.75 * after, what);
    long[] delays = f.queueDelaysBetween(drop + 3 * S, 40 * S);
    assertTrue(percentile(delays, 0.95) < 100_000_000L, "queueing delay p95 " + percentile(delays, 0.95) / 1e6 + " ms");
  }

  @Test
  void queueingDelayStaysUnder100msAtP95InSteadyState() {
    NetworkSimulator sim = network(C, 125_000, 0, 7);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    sim.runUntil(40 * S);
    long[] delays = f.queueDelaysBetween(10 * S, 40 * S);
    assertTrue(delays.length > 5000);
    long p95 = percentile(delays, 0.95);
    assertTrue(p95 < 100_000_000L, "queueing delay p95 " + p95 / 1e6 + " ms");
    // The pacer's queue, too: a frame waits for its own packets only.
    long[] queued = f.samples().stream().filter(s -> s[0] >= 10 * S).mapToLong(s -> s[5]).toArray();
    assertTrue(percentile(queued, 0.95) <= 10, "packets in the pacer, p95 " + percentile(queued, 0.95));
  }

  @Test
  void twoFlowsOnOneBottleneckEachGet35To65Percent() {
    NetworkSimulator sim = network(C, 125_000, 0, 11);
    SimFlow a = sim.addFlow(CongestionConfig.DEFAULT, 0);
    SimFlow b = sim.addFlow(CongestionConfig.DEFAULT, 5 * S); // joins a link the first one fills
    sim.runUntil(90 * S);
    long ta = a.throughputBps(30 * S, 90 * S);
    long tb = b.throughputBps(30 * S, 90 * S);
    double share = (double) ta / (ta + tb);
    String what = "throughput 30-90 s: " + ta / 1000 + " and " + tb / 1000 + " kbit/s";
    assertTrue(share >= 0.35 && share <= 0.65, what);
    assertTrue(ta + tb >= 0.8 * C, "the link stays used: " + what);
    long p95 = percentile(a.queueDelaysBetween(30 * S, 90 * S), 0.95);
    assertTrue(p95 < 100_000_000L, "queueing delay p95 " + p95 / 1e6 + " ms");
  }

  @Test
  void fivePercentRandomLossNeitherCollapsesNorShakesTheRate() {
    NetworkSimulator sim = network(C, 125_000, 0.05, 5);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    sim.runUntil(60 * S);
    CongestionController cc = f.controller();
    assertTrue(cc.lossFraction() > 0.03 && cc.lossFraction() < 0.07, "measured loss " + cc.lossFraction());
    long[] early = f.targetsBetween(10 * S, 20 * S);
    long[] late = f.targetsBetween(50 * S, 60 * S);
    long[] all = f.targetsBetween(10 * S, 60 * S);
    String what = "target 10-60 s: " + kbps(all);
    assertTrue(Arrays.stream(all).min().getAsLong() >= 0.7 * C, what);
    // Random loss strikes before the queue: up to C / (1 - 5%) can be sent without building one.
    assertTrue(Arrays.stream(all).max().getAsLong() <= 1.15 * C, what);
    assertTrue(percentile(late, 0.5) >= 0.9 * percentile(early, 0.5),
        "no slow collapse: median " + percentile(early, 0.5) / 1000 + " then " + percentile(late, 0.5) / 1000);
    // Random loss (2-10%) never brings the loss-based bound down.
    long[] bound = f.samples().stream().filter(s -> s[0] >= 10 * S).mapToLong(s -> s[3]).toArray();
    assertTrue(Arrays.stream(bound).min().getAsLong() >= Arrays.stream(bound).max().getAsLong() * 0.95,
        "loss-based bound 10-60 s: " + kbps(bound));
  }

  @Test
  void withAShallowBufferTheLossBasedBoundTakesOver() {
    // 8 kB of queue is 32 ms at 2 Mbit/s: delay cannot build up, loss tells.
    NetworkSimulator sim = network(C, 8_000, 0, 3);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    sim.at(20 * S, () -> sim.link().setCapacityBps(500_000));
    sim.runUntil(30 * S);
    boolean lossLimited = false;
    for (long[] s : f.samples()) {
      if (s[0] > 20 * S && s[3] < s[2]) {
        lossLimited = true;
      }
    }
    assertTrue(lossLimited, "after the drop, loss above 10% brings the loss-based bound under the delay-based one");
    long[] later = f.targetsBetween(23 * S, 30 * S);
    assertTrue(Arrays.stream(later).max().getAsLong() <= 1.25 * 500_000, "target after the drop: " + kbps(later));
    assertTrue(f.throughputBps(10 * S, 20 * S) >= 0.85 * C, "before it, the link was used");
  }

  @Test
  void anApplicationLimitedSenderKeepsATrueEstimateByProbing() {
    NetworkSimulator sim = network(C, 125_000, 0, 7);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0).appMaxBitrate(700_000);
    sim.runUntil(30 * S);
    assertTrue(f.controller().inAlr(), "sending 700 kbit/s of a larger estimate is application-limited");
    long[] targets = f.targetsBetween(5 * S, 30 * S);
    assertTrue(percentile(targets, 0.1) >= 0.8 * C, "target while application-limited: " + kbps(targets));
    assertTrue(Arrays.stream(targets).max().getAsLong() <= 1.1 * C, kbps(targets));
    assertTrue(f.controller().probeClustersCreated() >= 6, "start-up, further and periodic ALR probes: "
        + f.controller().probeClustersCreated());
    assertTrue(f.paddingSent() > 0, "probes with nothing queued are padding");
    long p95 = percentile(f.queueDelaysBetween(5 * S, 30 * S), 0.95);
    assertTrue(p95 < 50_000_000L, "queueing delay p95 " + p95 / 1e6 + " ms");
  }

  @Test
  void rembCapsTheEstimate() {
    NetworkSimulator sim = network(C, 125_000, 0, 7);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    sim.at(10 * S, () -> f.controller().handleRemb(10 * S, 800_000));
    sim.runUntil(20 * S);
    assertTrue(f.targetAt(9 * S) > 1_500_000);
    long[] capped = f.targetsBetween(10 * S + 100_000_000L, 20 * S);
    assertTrue(Arrays.stream(capped).max().getAsLong() <= 800_000, kbps(capped));
    assertTrue(f.throughputBps(12 * S, 20 * S) <= 850_000);
  }

  @Test
  void aRembOnlyReceiverStillBringsTheSenderToTheLinkAndDown() {
    NetworkSimulator sim = network(C, 125_000, 0, 7);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0).rembOnly(CongestionConfig.DEFAULT);
    sim.at(40 * S, () -> sim.link().setCapacityBps(500_000));
    sim.runUntil(50 * S);
    long reached = firstTimeAtLeast(f, (long) (0.85 * C));
    assertTrue(reached < 30 * S, "REMB ramps at 8% a second: 85% at " + reached / 1e9 + " s");
    long[] steady = f.targetsBetween(30 * S, 40 * S);
    assertTrue(percentile(steady, 0.5) >= 0.8 * C && percentile(steady, 0.5) <= 1.05 * C, kbps(steady));
    long[] later = f.targetsBetween(43 * S, 50 * S);
    assertTrue(Arrays.stream(later).max().getAsLong() <= 1.25 * 500_000, "after the drop: " + kbps(later));
    assertEquals(0, f.controller().feedbackReceived(), "no transport-cc in this run");
  }

  @Test
  void runsAreDeterministic() {
    List<long[]> one = run();
    List<long[]> two = run();
    assertEquals(one.size(), two.size());
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i), two.get(i), "sample " + i);
    }
  }

  private static List<long[]> run() {
    NetworkSimulator sim = network(C, 60_000, 0.02, 99);
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    sim.addFlow(CongestionConfig.DEFAULT, 3 * S);
    sim.at(8 * S, () -> sim.link().setCapacityBps(1_000_000));
    sim.runUntil(15 * S);
    return f.samples();
  }
}
