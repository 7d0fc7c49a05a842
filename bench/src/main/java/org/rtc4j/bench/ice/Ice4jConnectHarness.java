package org.rtc4j.bench.ice;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ice4j.Transport;
import org.ice4j.ice.Agent;
import org.ice4j.ice.CandidateType;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;

/**
 * The reference point for {@link IceConnectHarness}: the same measurement with two ice4j
 * {@link Agent}s over 127.0.0.1 — from both agents having each other's candidates (and
 * connectivity establishment started) to both agents in COMPLETED with a nominated pair. ice4j
 * never gathers on loopback, so each agent gets one host candidate on 127.0.0.1 by hand; its AWS
 * and mapping harvesters are disabled.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.ice.Ice4jConnectHarness [runs] [warmup]
 * </pre>
 */
public final class Ice4jConnectHarness {
  private Ice4jConnectHarness() {}

  public static void main(String[] args) throws Exception {
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    System.setProperty("ice4j.harvest.use-ipv6", "false");
    Logger.getLogger("org.ice4j").setLevel(Level.WARNING);
    Logger.getLogger("").setLevel(Level.WARNING);
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    for (int i = 0; i < warmup; i++) {
      once();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      ms[i] = once() / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf("ice4j connect over 127.0.0.1, %d runs (after %d warm-up): median %.3f ms, p10 %.3f ms, "
        + "p90 %.3f ms, min %.3f ms, max %.3f ms%n", runs, warmup, ms[runs / 2], ms[runs / 10], ms[runs * 9 / 10],
        ms[0], ms[runs - 1]);
    System.exit(0);
  }

  private static long once() throws Exception {
    Agent a = new Agent();
    Agent b = new Agent();
    try {
      Component ca = component(a, true);
      Component cb = component(b, false);
      IceMediaStream sa = ca.getParentStream();
      IceMediaStream sb = cb.getParentStream();
      sa.setRemoteUfrag(b.getLocalUfrag());
      sa.setRemotePassword(b.getLocalPassword());
      sb.setRemoteUfrag(a.getLocalUfrag());
      sb.setRemotePassword(a.getLocalPassword());
      CompletableFuture<Long> doneA = completed(a);
      CompletableFuture<Long> doneB = completed(b);
      long start = System.nanoTime();
      addRemote(ca, cb);
      addRemote(cb, ca);
      a.startConnectivityEstablishment();
      b.startConnectivityEstablishment();
      long end = Math.max(doneA.get(10, TimeUnit.SECONDS), doneB.get(10, TimeUnit.SECONDS));
      if (ca.getSelectedPair() == null || cb.getSelectedPair() == null) {
        throw new IllegalStateException("ice4j completed without a selected pair");
      }
      return end - start;
    } finally {
      a.free();
      b.free();
    }
  }

  private static Component component(Agent agent, boolean controlling) throws Exception {
    agent.setUseDynamicPorts(false);
    agent.setControlling(controlling);
    IceMediaStream stream = agent.createMediaStream("data");
    Component c = agent.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
    HostCandidate host = new HostCandidate(new IceUdpSocketWrapper(
        new MultiplexingDatagramSocket(0, InetAddress.getLoopbackAddress())), c, Transport.UDP);
    c.addLocalCandidate(host);
    host.getStunStack().addSocket(host.getStunSocket(null));
    return c;
  }

  private static void addRemote(Component to, Component from) {
    for (LocalCandidate lc : from.getLocalCandidates()) {
      to.addRemoteCandidate(new RemoteCandidate(lc.getTransportAddress(), to, CandidateType.HOST_CANDIDATE,
          lc.getFoundation(), lc.getPriority(), null));
    }
  }

  private static CompletableFuture<Long> completed(Agent agent) {
    CompletableFuture<Long> f = new CompletableFuture<>();
    agent.addStateChangeListener(ev -> {
      if (ev.getNewValue() == IceProcessingState.COMPLETED || ev.getNewValue() == IceProcessingState.TERMINATED) {
        f.complete(System.nanoTime());
      } else if (ev.getNewValue() == IceProcessingState.FAILED) {
        f.completeExceptionally(new IllegalStateException("ice4j failed"));
      }
    });
    return f;
  }
}
