package org.rtc4j.peer.internal.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Each part of the estimator against the rule it implements (draft-ietf-rmcat-gcc-02 section in
 * each test's name where there is one), with hand-made inputs.
 */
class EstimatorPartsTest {
  static final long MS = 1_000_000L;

  /** §5.2: packets sent within 5 ms of a group's first form a group; deltas go last to last. */
  @Test
  void interArrivalGroupsFiveMillisecondBursts() {
    InterArrival ia = new InterArrival();
    long owd = 40 * MS;
    assertFalse(ia.handlePacket(0, owd, 1000));
    assertFalse(ia.handlePacket(2 * MS, 2 * MS + owd, 1000));
    assertFalse(ia.handlePacket(5 * MS, 5 * MS + owd, 1000), "5 ms after the first: same group");
    assertFalse(ia.handlePacket(20 * MS, 20 * MS + owd, 500), "opens group 2; group 1 has no predecessor");
    assertFalse(ia.handlePacket(22 * MS, 23 * MS + owd, 500));
    assertTrue(ia.handlePacket(40 * MS, 40 * MS + owd, 700), "opens group 3: group 2 is complete");
    assertEquals(22 * MS - 5 * MS, ia.sendDeltaNanos(), "last packet of group 2 minus last of group 1");
    assertEquals(23 * MS - 5 * MS, ia.arrivalDeltaNanos());
    assertEquals(1000 - 3000, ia.sizeDeltaBytes());
    assertFalse(ia.handlePacket(10 * MS, 60 * MS + owd, 100), "sent before the current group: reordered, ignored");
    // A burst a queue let out at once: sent 8 ms after the group began, arriving 1 ms after its
    // last packet with a negative delay variation, belongs to the group.
    assertFalse(ia.handlePacket(48 * MS, 41 * MS + owd, 700));
    assertTrue(ia.handlePacket(60 * MS, 60 * MS + owd, 700));
    assertEquals(48 * MS - 22 * MS, ia.sendDeltaNanos(), "the burst packet ended group 3");
    assertEquals(81 * MS - 63 * MS, ia.arrivalDeltaNanos());
    assertFalse(ia.handlePacket(4_000 * MS, 4_000 * MS + owd, 700), "more than 3 s without packets: start over");
    assertFalse(ia.handlePacket(4_020 * MS, 4_020 * MS + owd, 700));
  }

  /** The trendline's slope is the growth rate of the (smoothed) one-way delay. */
  @Test
  void trendlineMeasuresHowFastDelayGrows() {
    TrendlineEstimator t = new TrendlineEstimator();
    long arrival = 0;
    // Groups sent every 10 ms, each arriving 1 ms later than the last: delay grows 0.1 ms per ms.
    for (int i = 0; i < 200; i++) {
      arrival += 11 * MS;
      t.update(10 * MS, 11 * MS, arrival);
    }
    assertEquals(0.1 / 1.1, t.slope(), 0.002, "0.1 ms of delay per 1.1 ms of arrival time");
    assertEquals(60 * t.slope() * TrendlineEstimator.GAIN, t.modifiedTrend(), 1e-9);
    // Then the queue drains: the slope turns negative.
    for (int i = 0; i < 200; i++) {
      arrival += 9 * MS;
      t.update(10 * MS, 9 * MS, arrival);
    }
    assertEquals(-0.1 / 0.9, t.slope(), 0.002);
  }

  /** §5.4: over-use after more than 10 ms above the threshold on two deltas, not falling. */
  @Test
  void overuseDetectorWaitsTenMillisecondsAndAdaptsItsThreshold() {
    OveruseDetector d = new OveruseDetector();
    assertEquals(BandwidthUsage.NORMAL, d.detect(50, 10 * MS, 1, 0), "one delta says nothing");
    assertEquals(BandwidthUsage.NORMAL, d.detect(20, 4 * MS, 10, 0));
    assertEquals(BandwidthUsage.NORMAL, d.detect(21, 4 * MS, 10, 4 * MS), "2 + 4 ms above the threshold");
    assertEquals(BandwidthUsage.OVERUSING, d.detect(22, 6 * MS, 10, 10 * MS), "12 ms above, rising");
    assertEquals(BandwidthUsage.UNDERUSING, d.detect(-30, 5 * MS, 10, 15 * MS));
    assertEquals(BandwidthUsage.NORMAL, d.detect(0, 5 * MS, 10, 20 * MS));

    OveruseDetector up = new OveruseDetector();
    up.detect(0, 5 * MS, 10, 0);
    up.detect(20, 5 * MS, 10, 100 * MS);
    // Above the threshold it moves up at K_UP per ms (at most 100 ms counted): 12.5 + 0.0087 * 7.5 * 100.
    assertEquals(12.5 + OveruseDetector.K_UP * 7.5 * 100, up.threshold(), 1e-9);
    OveruseDetector down = new OveruseDetector();
    down.detect(0, 5 * MS, 10, 0);
    for (int i = 1; i <= 100; i++) {
      down.detect(0, 5 * MS, 10, i * 100 * MS);
    }
    assertEquals(OveruseDetector.MIN_THRESHOLD, down.threshold(), 1e-9, "a quiet path: down to 6 ms");
    OveruseDetector spike = new OveruseDetector();
    spike.detect(0, 5 * MS, 10, 0);
    spike.detect(500, 5 * MS, 10, 50 * MS);
    assertEquals(OveruseDetector.INITIAL_THRESHOLD, spike.threshold(), 1e-9, "a spike far above is not followed");
  }

  /** §5.5: 8% a second up while the capacity is unknown, 0.85 of the acknowledged rate down. */
  @Test
  void aimdIncreasesMultiplicativelyThenAdditivelyAndDecreasesToBetaTimesAcked() {
    AimdRateControl r = new AimdRateControl(30_000, 1_000_000, 10_000_000);
    r.update(BandwidthUsage.NORMAL, 1_000_000, 0);
    r.update(BandwidthUsage.NORMAL, 1_000_000, 1_000 * MS);
    assertEquals(1_080_000, r.bitrateBps(), 1_000, "one second at 8%");
    r.update(BandwidthUsage.OVERUSING, 900_000, 1_100 * MS);
    assertEquals(765_000, r.bitrateBps(), "0.85 x 900 kbit/s acknowledged");
    assertTrue(r.nearMax());
    r.update(BandwidthUsage.NORMAL, 760_000, 1_200 * MS); // hold -> increase
    r.update(BandwidthUsage.NORMAL, 760_000, 2_200 * MS);
    long additive = r.bitrateBps() - 765_000;
    assertTrue(additive > 0 && additive < 0.05 * 765_000, "near the last maximum: additive, " + additive + " bit/s in a second");
    // Never above 1.5 x acknowledged + 10 kbit/s.
    AimdRateControl c = new AimdRateControl(30_000, 1_000_000, 10_000_000);
    c.update(BandwidthUsage.NORMAL, 200_000, 0);
    c.update(BandwidthUsage.NORMAL, 200_000, 1_000 * MS);
    assertEquals(1_000_000, c.bitrateBps(), "already above the cap: no increase, no decrease either");
    c.setEstimate(250_000, 1_000 * MS);
    for (int i = 2; i < 30; i++) {
      c.update(BandwidthUsage.NORMAL, 200_000, i * 1_000 * MS);
    }
    assertEquals(310_000, c.bitrateBps());
    c.update(BandwidthUsage.UNDERUSING, 200_000, 31_000 * MS);
    c.update(BandwidthUsage.UNDERUSING, 200_000, 32_000 * MS);
    assertEquals(310_000, c.bitrateBps(), "under-use holds");
  }

  /** §6, with the change LossBasedEstimator describes. */
  @Test
  void lossBasedBoundHoldsUnderRandomLossAndCutsUnderHeavyLoss() {
    LossBasedEstimator l = new LossBasedEstimator(30_000, 300_000, 10_000_000);
    l.handleReport(190, 10); // 5%: random loss
    assertEquals(2_000_000, l.update(0, 2_000_000, 50 * MS), "a bound no heavy loss brought down does not bind");
    assertFalse(l.binding());
    l.handleReport(170, 30); // 15%
    assertEquals((long) (1_800_000 * 0.925), l.update(100 * MS, 1_800_000, 50 * MS), "(1 - 0.5 p) of the lower one");
    assertTrue(l.binding());
    l.handleReport(170, 30);
    assertEquals((long) (1_800_000 * 0.925), l.update(200 * MS, 3_000_000, 50 * MS), "not again within RTT + 300 ms");
    l.handleReport(190, 10);
    long held = l.update(1_000 * MS, 3_000_000, 50 * MS);
    assertEquals((long) (1_800_000 * 0.925), held, "5% after a decrease: hold");
    l.handleReport(200, 0);
    long grown = l.update(2_000 * MS, 3_000_000, 50 * MS);
    assertEquals((long) (held * 1.08) + 1000, grown, 2, "under 2%: 8% a second");
    for (int i = 3; i < 20; i++) {
      l.handleReport(200, 0);
      l.update(i * 1_000 * MS, 3_000_000, 50 * MS);
    }
    assertEquals(3_000_000, l.bitrateBps());
    assertFalse(l.binding(), "grown back to the delay-based estimate: not binding any more");
    assertEquals(0.0, l.lossFraction());
  }

  @Test
  void ackedBitrateIsBytesOverHalfASecondOfArrivals() {
    AckedBitrateEstimator a = new AckedBitrateEstimator();
    for (int i = 0; i < 30; i++) {
      a.handlePacket(i * 4 * MS, 1000); // 2 Mbit/s
    }
    assertEquals(-1, a.bitrateBps(), "116 ms of arrivals: not yet");
    for (int i = 30; i < 1000; i++) {
      a.handlePacket(i * 4 * MS, 1000);
    }
    assertEquals(2_000_000, a.bitrateBps(), 20_000);
    for (int i = 1000; i < 1500; i++) {
      a.handlePacket(i * 4 * MS, 500);
    }
    assertEquals(1_000_000, a.bitrateBps(), 20_000);
  }

  @Test
  void probeResultsAreTheSlowerOfSendAndReceiveRates() {
    ProbeBitrateEstimator p = new ProbeBitrateEstimator();
    p.handleCluster(1, 7500, 5);
    p.handleCluster(2, 7500, 5);
    for (int i = 0; i < 10; i++) {
      p.handlePacket(1, i * 2 * MS, 100 * MS + i * 2 * MS, 1000); // 4 Mbit/s both ways
      p.handlePacket(2, i * 2 * MS, 100 * MS + i * 4 * MS, 1000); // received at 2 Mbit/s
      p.handlePacket(3, i * 2 * MS, 100 * MS + i * 4 * MS, 1000); // no such cluster
    }
    // Cluster 2 completed last: 9000 bytes over 36 ms arrive at 2 Mbit/s, half the send rate:
    // the path was saturated, so 95% of what arrived.
    assertEquals(1_900_000, p.pollResult(), 1_000);
    assertEquals(-1, p.pollResult(), "read once");
    ProbeBitrateEstimator q = new ProbeBitrateEstimator();
    q.handleCluster(1, 7500, 5);
    for (int i = 0; i < 10; i++) {
      q.handlePacket(1, i * 2 * MS, 100 * MS + i * 2 * MS, 1000);
    }
    assertEquals(4_000_000, q.pollResult(), 1_000);
    ProbeBitrateEstimator r = new ProbeBitrateEstimator();
    r.handleCluster(1, 7500, 5);
    for (int i = 0; i < 3; i++) {
      r.handlePacket(1, i * 2 * MS, 100 * MS + i * 2 * MS, 1000);
    }
    assertEquals(-1, r.pollResult(), "3 of 5 packets is too few");
  }

  /** The oldest waiting cluster's rate, taken off the queue, or -1. */
  private static long poll(ProbeController c) {
    if (!c.hasPending()) {
      return -1;
    }
    long rate = c.pendingBitrateBps();
    c.removePending();
    return rate;
  }

  @Test
  void probeControllerProbesAtStartFurtherAndWhileApplicationLimited() {
    ProbeController c = new ProbeController(10_000_000);
    c.start(0, 300_000);
    assertEquals(900_000, poll(c));
    assertEquals(1_800_000, poll(c));
    assertEquals(-1, poll(c));
    c.handleEstimate(100 * MS, 1_700_000, false);
    assertTrue(c.hasPending());
    assertEquals(3_400_000 * 15 / 8_000, c.pendingMinBytes(), "15 ms at the probe rate");
    assertEquals(3_400_000, poll(c), "a result over 70% of 1.8 Mbit/s: twice the estimate");
    c.handleEstimate(200 * MS, 2_000_000, false);
    assertEquals(-1, poll(c), "2 Mbit/s is under 70% of 3.4: the path ends there");
    c.handleEstimate(2_000 * MS, 2_000_000, false);
    assertEquals(-1, poll(c), "no probing while the application fills the estimate");
    c.handleEstimate(5_300 * MS, 2_000_000, true);
    assertEquals(4_000_000, poll(c), "application-limited 5 s after the last probe");
    c.handleEstimate(6_000 * MS, 2_000_000, true);
    assertEquals(-1, poll(c));
    // A large drop while application-limited: one probe back towards where it was.
    c.handleEstimate(6_500 * MS, 1_000_000, true);
    assertEquals(1_700_000, poll(c), "85% of the 2 Mbit/s before the drop");
    c.handleEstimate(7_000 * MS, 1_000_000, true);
    assertEquals(-1, poll(c), "once");
    assertEquals(5, c.probesSent());
  }

  @Test
  void alrStartsWhenTheApplicationSendsLessThan65PercentAndEndsWhenItFillsUp() {
    AlrDetector a = new AlrDetector();
    a.setTargetBitrate(1_000_000);
    long now = 0;
    for (int i = 0; i < 100; i++) {
      now += 10 * MS;
      a.handleSent(now, 375); // 300 kbit/s
    }
    assertTrue(a.inAlr());
    long started = a.alrStartNanos();
    assertTrue(started > 0 && started < 1_000 * MS);
    for (int i = 0; i < 100; i++) {
      now += 10 * MS;
      a.handleSent(now, 1250); // 1 Mbit/s
    }
    assertFalse(a.inAlr());
  }

  @Test
  void sendHistoryUnwrapsTowardsTheNewestPacket() {
    SendHistory h = new SendHistory(1 << 10);
    for (int i = 0; i < 70_000; i++) {
      h.add(i, 100 + (i & 7), i % 3 == 0 ? 5 : -1);
    }
    assertEquals(69_999, h.unwrap(69_999 & 0xFFFF));
    assertEquals(69_000, h.unwrap(69_000 & 0xFFFF));
    assertEquals(-1, h.slot(60_000), "forgotten: the ring holds 1024");
    int s = h.slot(69_999);
    assertEquals(69_999, h.sendNanos(s));
    assertEquals(100 + (69_999 & 7), h.size(s));
    assertEquals(5, h.probeCluster(h.slot(69_999 - 69_999 % 3)));
    assertEquals(-1, h.slot(70_000), "not sent yet");
    assertEquals(70_000, h.nextSequence());
  }

  @Test
  void standingQueueIsTheDelayAboveTheWindowsMinimum() {
    StandingQueueDetector q = new StandingQueueDetector();
    long offset = 123_456 * MS; // the clocks' offset does not matter
    for (int i = 0; i < 100; i++) {
      q.handlePacket(i * 10 * MS, i * 10 * MS + offset + 20 * MS);
    }
    assertEquals(0, q.endBatch());
    for (int i = 100; i < 110; i++) {
      q.handlePacket(i * 10 * MS, i * 10 * MS + offset + 320 * MS);
    }
    assertEquals(300 * MS, q.endBatch(), "300 ms above the base");
    assertEquals(300 * MS, q.endBatch(), "an empty batch keeps the last value");
    for (int i = 110; i < 2_200; i++) {
      q.handlePacket(i * 10 * MS, i * 10 * MS + offset + 320 * MS);
    }
    assertEquals(0, q.endBatch(), "after 10 s the new delay is the base");
  }
}
