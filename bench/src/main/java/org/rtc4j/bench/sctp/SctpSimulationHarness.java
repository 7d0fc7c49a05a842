package org.rtc4j.bench.sctp;

import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.testing.ThroughputSim;

/**
 * Algorithm-bound SCTP throughput on simulated time (the sctp module's in-memory link and manual
 * clock, from its test-jar): a 100 Mbit/s bottleneck with a drop-tail queue of two
 * bandwidth-delay products, RTT 20, 50 and 100 ms, and 50 ms with 1% random loss on the data
 * direction; 16 KiB reliable ordered messages; goodput measured over {@code measure} seconds after
 * {@code warmup} seconds, for each congestion control. Deterministic (seeded).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.sctp.SctpSimulationHarness [warmup s] [measure s]
 * </pre>
 */
public final class SctpSimulationHarness {
  private SctpSimulationHarness() {}

  public static void main(String[] args) {
    double warmup = args.length > 0 ? Double.parseDouble(args[0]) : 10;
    double measure = args.length > 1 ? Double.parseDouble(args[1]) : 30;
    for (SctpConfig.CongestionControl cc : SctpConfig.CongestionControl.values()) {
      System.out.println(cc + ":");
      for (double rtt : new double[] {20, 50, 100}) {
        System.out.println("  " + ThroughputSim.run(rtt, 100_000_000, 2, 0, warmup, measure, cc, 1));
      }
      for (double loss : new double[] {0.01, 0.02}) {
        System.out.println("  " + ThroughputSim.run(50, 100_000_000, 2, loss, warmup, measure, cc, 1));
      }
    }
  }
}
