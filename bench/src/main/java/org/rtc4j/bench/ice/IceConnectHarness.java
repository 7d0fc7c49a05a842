package org.rtc4j.bench.ice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceRole;
import org.rtc4j.ice.IceTransport;
import org.rtc4j.net.EventLoop;

/**
 * Time from both agents having each other's candidates to both having a nominated, selected pair,
 * agent against agent over 127.0.0.1 (real UDP sockets, each agent on its own event loop).
 * Sockets are bound and host candidates gathered before the clock starts; the clock starts when
 * the candidates and credentials are handed over, and stops when the later of the two
 * {@code SelectedPair} events fires.
 *
 * <p>Modes (issue 21):
 * <ul>
 *   <li>{@code direct}: each side has the other's one host candidate.
 *   <li>{@code triggered}: the controlling side knows only a dead, low-priority candidate of its
 *       peer (its real one is hidden, as behind an mDNS name): its first check goes there, and the
 *       peer's check must trigger the working check, which used to wait for the next Ta tick.
 *   <li>{@code failing-better}: the controlled side also signals a dead candidate that outranks
 *       its real one; the controlling side's checks to it fail after 15 ms (RTO 5 ms, 2
 *       transmissions, Rm 2). The nomination used to wait the whole 200 ms delay regardless.
 * </ul>
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.ice.IceConnectHarness [runs] [warmup] [mode]
 * </pre>
 */
public final class IceConnectHarness {
  private IceConnectHarness() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    String mode = args.length > 2 ? args[2] : "direct";
    EventLoop loopA = new EventLoop("bench-a");
    EventLoop loopB = new EventLoop("bench-b");
    try {
      for (int i = 0; i < warmup; i++) {
        once(loopA, loopB, i, mode);
      }
      double[] ms = new double[runs];
      for (int i = 0; i < runs; i++) {
        ms[i] = once(loopA, loopB, 1000 + i, mode) / 1e6;
      }
      Arrays.sort(ms);
      System.out.printf("ICE connect over 127.0.0.1 (%s), %d runs (after %d warm-up): median %.3f ms, p10 %.3f ms, "
          + "p90 %.3f ms, min %.3f ms, max %.3f ms%n", mode, runs, warmup, ms[runs / 2], ms[runs / 10],
          ms[runs * 9 / 10], ms[0], ms[runs - 1]);
    } finally {
      loopA.close();
      loopB.close();
    }
  }

  private static long once(EventLoop loopA, EventLoop loopB, long seed, String mode) throws Exception {
    Random r = new Random(seed);
    IceConfig.Builder builder = IceConfig.builder().includeLoopback(true).ipv6(false)
        .addressFilter(a -> a instanceof Inet4Address && a.equals(InetAddress.getLoopbackAddress()))
        .nominationDelay(java.time.Duration.ofMillis(200));
    if (mode.equals("failing-better")) {
      builder.checkRto(java.time.Duration.ofMillis(5)).checkMaxTransmits(2).stunRm(2);
    }
    IceConfig cfg = builder.build();
    IceCredentials ca = IceCredentials.random(r);
    IceCredentials cb = IceCredentials.random(r);
    CompletableFuture<Long> selA = new CompletableFuture<>();
    CompletableFuture<Long> selB = new CompletableFuture<>();
    List<Candidate> candsA = new ArrayList<>();
    List<Candidate> candsB = new ArrayList<>();
    IceTransport a = new IceTransport(loopA, cfg, ca, IceRole.CONTROLLING, e -> on(e, candsA, selA));
    IceTransport b = new IceTransport(loopB, cfg, cb, IceRole.CONTROLLED, e -> on(e, candsB, selB));
    try {
      a.start().get(5, TimeUnit.SECONDS);
      b.start().get(5, TimeUnit.SECONDS);
      List<Candidate> fromA = loopA.submit(() -> List.copyOf(candsA)).get();
      List<Candidate> fromB = loopB.submit(() -> List.copyOf(candsB)).get();
      // A closed port on 127.0.0.1: checks to it are never answered.
      int deadPort;
      try (java.net.DatagramSocket s = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        deadPort = s.getLocalPort();
      }
      long start = System.nanoTime();
      a.setRemoteCredentials(cb, false);
      b.setRemoteCredentials(ca, false);
      switch (mode) {
        case "triggered" -> a.addRemoteCandidate("candidate:99 1 udp 16777215 127.0.0.1 " + deadPort + " typ relay");
        case "failing-better" -> {
          a.addRemoteCandidate("candidate:99 1 udp 2147483647 127.0.0.1 " + deadPort + " typ host");
          fromB.forEach(a::addRemoteCandidate);
        }
        default -> fromB.forEach(a::addRemoteCandidate);
      }
      fromA.forEach(b::addRemoteCandidate);
      a.setRemoteEndOfCandidates();
      b.setRemoteEndOfCandidates();
      long end = Math.max(selA.get(5, TimeUnit.SECONDS), selB.get(5, TimeUnit.SECONDS));
      return end - start;
    } finally {
      a.closeAsync().get(5, TimeUnit.SECONDS);
      b.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  private static void on(IceEvent e, List<Candidate> cands, CompletableFuture<Long> selected) {
    if (e instanceof IceEvent.LocalCandidate c) {
      cands.add(c.candidate());
    } else if (e instanceof IceEvent.SelectedPair) {
      selected.complete(System.nanoTime());
    }
  }
}
