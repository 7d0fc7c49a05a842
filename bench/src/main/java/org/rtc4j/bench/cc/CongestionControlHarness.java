package org.rtc4j.bench.cc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rtc4j.peer.internal.cc.CongestionConfig;
import org.rtc4j.peer.internal.cc.sim.BottleneckLink;
import org.rtc4j.peer.internal.cc.sim.NetworkSimulator;
import org.rtc4j.peer.internal.cc.sim.SimFlow;

/**
 * Prints the estimate over time for the link scenarios of issue 16, on the deterministic network
 * simulator of peer's tests (2 Mbit/s, 125 kB drop-tail queue, 25 ms each way unless said), then
 * a summary line per scenario with the figures the tests assert on. The runs take simulated time
 * only: a minute of traffic in well under a second.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.cc.CongestionControlHarness [scenario|all] [step-ms]
 * </pre>
 *
 * Scenarios: {@code ramp}, {@code drop} (2 Mbit/s to 500 kbit/s at 20 s), {@code two} (a second
 * flow joins at 5 s), {@code loss5} (5% random loss), {@code shallow} (8 kB queue, drop at 20 s),
 * {@code alr} (the application sends at most 700 kbit/s), {@code remb} (the receiver sends REMB
 * only; drop at 40 s).
 */
public final class CongestionControlHarness {
  private static final long S = 1_000_000_000L;
  private static final long C = 2_000_000;

  private CongestionControlHarness() {}

  private record Scenario(String name, NetworkSimulator sim, List<SimFlow> flows, long end, long steadyFrom,
      long steadyTo) {}

  private static Scenario scenario(String name) {
    BottleneckLink link = new BottleneckLink(C, name.equals("shallow") ? 8_000 : 125_000, 25_000_000L,
        name.equals("loss5") ? 0.05 : 0, 7);
    NetworkSimulator sim = new NetworkSimulator(link);
    List<SimFlow> flows = new ArrayList<>();
    SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
    flows.add(f);
    switch (name) {
      case "drop":
      case "shallow":
        sim.at(20 * S, () -> link.setCapacityBps(500_000));
        return new Scenario(name, sim, flows, 40 * S, 23 * S, 40 * S);
      case "two":
        flows.add(sim.addFlow(CongestionConfig.DEFAULT, 5 * S));
        return new Scenario(name, sim, flows, 90 * S, 30 * S, 90 * S);
      case "loss5":
        return new Scenario(name, sim, flows, 60 * S, 10 * S, 60 * S);
      case "alr":
        f.appMaxBitrate(700_000);
        return new Scenario(name, sim, flows, 30 * S, 5 * S, 30 * S);
      case "remb":
        f.rembOnly(CongestionConfig.DEFAULT);
        sim.at(40 * S, () -> link.setCapacityBps(500_000));
        return new Scenario(name, sim, flows, 50 * S, 30 * S, 40 * S);
      case "ramp":
        return new Scenario(name, sim, flows, 30 * S, 10 * S, 30 * S);
      default:
        throw new IllegalArgumentException("unknown scenario " + name);
    }
  }

  private static long pct(long[] v, double p) {
    if (v.length == 0) {
      return -1;
    }
    long[] s = v.clone();
    Arrays.sort(s);
    return s[Math.min(s.length - 1, (int) (p * s.length))];
  }

  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "all";
    long step = (args.length > 1 ? Long.parseLong(args[1]) : 1000) * 1_000_000L;
    List<String> names = which.equals("all")
        ? List.of("ramp", "drop", "two", "loss5", "shallow", "alr", "remb") : List.of(which);
    List<String> summary = new ArrayList<>();
    for (String name : names) {
      Scenario sc = scenario(name);
      long wall = System.nanoTime();
      sc.sim().runUntil(sc.end());
      wall = System.nanoTime() - wall;
      System.out.printf(Locale.ROOT, "%n== %s (%.0f s simulated in %.0f ms)%n", name, sc.end() / 1e9, wall / 1e6);
      System.out.print("   t(s)  capacity");
      for (int i = 0; i < sc.flows().size(); i++) {
        System.out.printf(Locale.ROOT, "  target%d  delay%d   loss%d  acked%d", i, i, i, i);
      }
      System.out.println("   (kbit/s)");
      SimFlow first = sc.flows().get(0);
      for (long[] s : first.samples()) {
        if (s[0] % step != 0) {
          continue;
        }
        long cap = capacityAt(name, s[0]);
        System.out.printf(Locale.ROOT, "  %5.1f  %8d", s[0] / 1e9, cap / 1000);
        for (SimFlow f : sc.flows()) {
          long[] x = sampleAt(f, s[0]);
          System.out.printf(Locale.ROOT, "  %7d  %6d  %6d  %6d", x[1] / 1000, x[2] / 1000, x[3] / 1000, x[4] / 1000);
        }
        System.out.println();
      }
      long[] targets = first.targetsBetween(sc.steadyFrom(), sc.steadyTo());
      long[] delays = first.queueDelaysBetween(sc.steadyFrom(), sc.steadyTo());
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "%-8s steady %4.0f-%3.0f s: target p10 %5d median %5d max %5d kbit/s, goodput %5d kbit/s, queueing delay p50 %5.1f p95 %5.1f ms",
          name, sc.steadyFrom() / 1e9, sc.steadyTo() / 1e9, pct(targets, 0.1) / 1000, pct(targets, 0.5) / 1000,
          Arrays.stream(targets).max().orElse(-1) / 1000, first.throughputBps(sc.steadyFrom(), sc.steadyTo()) / 1000,
          pct(delays, 0.5) / 1e6, pct(delays, 0.95) / 1e6));
      if (sc.flows().size() > 1) {
        long a = first.throughputBps(sc.steadyFrom(), sc.steadyTo());
        long b = sc.flows().get(1).throughputBps(sc.steadyFrom(), sc.steadyTo());
        line.append(String.format(Locale.ROOT, ", shares %.0f%% / %.0f%%", 100.0 * a / (a + b), 100.0 * b / (a + b)));
      }
      long reached = -1;
      for (long[] s : first.samples()) {
        if (s[1] >= 0.85 * C) {
          reached = s[0];
          break;
        }
      }
      line.append(String.format(Locale.ROOT, ", 85%% of 2 Mbit/s at %.1f s, probes %d, drops %d tail %d random",
          reached / 1e9, first.controller().probeClustersCreated(), sc.sim().link().droppedTail(),
          sc.sim().link().droppedRandom()));
      summary.add(line.toString());
    }
    System.out.println();
    summary.forEach(System.out::println);
  }

  private static long[] sampleAt(SimFlow f, long t) {
    for (long[] s : f.samples()) {
      if (s[0] == t) {
        return s;
      }
    }
    return new long[6];
  }

  private static long capacityAt(String name, long t) {
    if ((name.equals("drop") || name.equals("shallow")) && t >= 20 * S) {
      return 500_000;
    }
    if (name.equals("remb") && t >= 40 * S) {
      return 500_000;
    }
    return C;
  }
}
