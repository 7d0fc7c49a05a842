package org.rtc4j.peer.internal.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.rtc4j.peer.internal.cc.sim.PacketPath;

/**
 * Congestion control's per-packet path (pacer enqueue and poll, send history, feedback written
 * and read, the estimator's update) allocates nothing once warm, counted with HotSpot's
 * per-thread allocation counter. {@code org.rtc4j.bench.cc.CongestionControlBenchmark} shows the
 * same under JMH's {@code -prof gc}.
 */
class AllocationFreeTest {
  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    return bean instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported() ? t : null;
  }

  private static long allocated() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void thePerPacketPathAllocatesNothingOnceWarm() {
    assumeTrue(THREADS != null, "this JVM does not count per-thread allocation");
    PacketPath path = new PacketPath();
    path.run(20_000); // warm: rings and queues grow, start-up probes are sent
    long baseline = -allocated() + allocated();
    baseline = -allocated() + allocated();
    long before = allocated();
    long sum = path.run(50_000); // 200 s of packets: about 2,000 feedback packets, ALR probes
    long bytes = allocated() - before - baseline;
    assertTrue(sum != 0);
    assertEquals(0, bytes, "bytes allocated for 50,000 packets");
    assertTrue(path.controller().feedbackReceived() > 2_000);
    assertTrue(path.controller().packetsLost() > 4_000, "10% of the packets are reported lost");
  }
}
