package org.rtc4j.peer.internal.cc;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.rtc4j.peer.internal.cc.sim.PacketPath;
import org.rtc4j.peer.testing.ThreadAllocation;

/**
 * Congestion control's per-packet path (pacer enqueue and poll, send history, feedback written
 * and read, the estimator's update) allocates nothing once warm, counted with HotSpot's
 * per-thread allocation counter. {@code org.rtc4j.bench.cc.CongestionControlBenchmark} shows the
 * same under JMH's {@code -prof gc}.
 */
class AllocationFreeTest {
  /**
   * Five rounds of 10,000 packets (40 s of traffic, 100 feedback packets and about eight probe
   * clusters each: the sender is application-limited) after warming up.
   * The code on this path has no {@code new} (under {@code -Xint} every round counts 0 bytes); in
   * compiled mode HotSpot itself now and then counts a few hundred bytes on the thread, at random
   * points that move from run to run with the compiler's timing (120-184 bytes in the first round
   * in two of four surefire runs, and with {@code -XX:-DoEscapeAnalysis}; never under
   * {@code -Xint}). So: most rounds count
   * exactly 0, and none reaches 1 kB, which one 16-byte object per feedback packet would exceed.
   */
  @Test
  void thePerPacketPathAllocatesNothingOnceWarm() {
    assumeTrue(ThreadAllocation.supported(), "this JVM does not count per-thread allocation");
    PacketPath path = new PacketPath();
    path.run(20_000); // warm: rings and queues grow, start-up probes are sent
    long baseline = ThreadAllocation.readingCost();
    long[] rounds = new long[5];
    long sum = 0;
    for (int r = 0; r < rounds.length; r++) {
      long before = ThreadAllocation.bytes();
      sum += path.run(10_000);
      rounds[r] = ThreadAllocation.bytes() - before - baseline;
    }
    assertTrue(sum != 0);
    String what = "bytes allocated per round of 10,000 packets: " + java.util.Arrays.toString(rounds);
    assertTrue(java.util.Arrays.stream(rounds).allMatch(b -> b < 1024), what);
    assertTrue(java.util.Arrays.stream(rounds).filter(b -> b == 0).count() >= 3, what);
    assertTrue(path.controller().feedbackReceived() > 600);
    assertTrue(path.controller().packetsLost() > 3_000, "5% of the packets are reported lost");
    assertTrue(path.controller().targetBitrateBps() > 2_000_000, "a steady state, not a collapse");
  }
}
