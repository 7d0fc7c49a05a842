package org.rtc4j.sctp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.sctp.testing.ThroughputSim;

/**
 * The algorithm-bound goals on simulated time (a shortened run of bench's SctpSimulationHarness):
 * a 100 Mbit/s bottleneck with a queue of two bandwidth-delay products. The figures are a function
 * of the seeded simulation, not of the machine, so they can be asserted.
 */
class ThroughputSimTest {
  private static final long MBPS_100 = 100_000_000;

  @ParameterizedTest(name = "RTT {0} ms")
  @ValueSource(doubles = {20, 50, 100})
  void fillsTheLinkInSteadyStateWithoutLoss(double rtt) {
    ThroughputSim.Result r = ThroughputSim.run(rtt, MBPS_100, 2, 0, 8, 8, SctpConfig.CongestionControl.RFC9260, 1);
    assertTrue(r.utilization() >= 0.70, r.toString());
    assertTrue(r.receiver().localReceiveWindowBytes() >= 1 << 20, "receive window at least 1 MiB: " + r);
  }

  @Test
  void lossTolerantKeepsHalfTheLinkAtOnePercentRandomLoss() {
    ThroughputSim.Result tolerant = ThroughputSim.run(50, MBPS_100, 2, 0.01, 8, 8, SctpConfig.CongestionControl.LOSS_TOLERANT, 1);
    assertTrue(tolerant.utilization() >= 0.50, tolerant.toString());
    assertTrue(tolerant.linkLosses() > 1_000, "the loss happened: " + tolerant);
    ThroughputSim.Result rfc = ThroughputSim.run(50, MBPS_100, 2, 0.01, 8, 8, SctpConfig.CongestionControl.RFC9260, 1);
    assertTrue(rfc.utilization() < tolerant.utilization() / 4,
        "RFC 9260 halves cwnd once per window with loss in every window (the Reno bound): " + rfc);
  }
}
