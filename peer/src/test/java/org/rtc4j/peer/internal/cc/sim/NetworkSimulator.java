package org.rtc4j.peer.internal.cc.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.rtc4j.peer.internal.cc.CongestionConfig;
import org.rtc4j.peer.internal.cc.PacerConfig;

/**
 * A deterministic network on a manual clock: flows (sender with pacer and estimator, receiver
 * with feedback) share one {@link BottleneckLink}; feedback returns over a lossless delay line of
 * the same propagation delay. The clock jumps from one deadline to the next (each part's
 * {@code pollTimeout()}, the link's next departure or arrival, the sources' next frame, scheduled
 * changes), so a minute of traffic runs in well under a second and every run is the same.
 *
 * <pre>{@code
 * NetworkSimulator sim = new NetworkSimulator(new BottleneckLink(2_000_000, 125_000, 25_000_000L, 0, 7));
 * SimFlow f = sim.addFlow(CongestionConfig.DEFAULT, 0);
 * sim.at(20_000_000_000L, () -> sim.link().setCapacityBps(500_000));
 * sim.runUntil(30_000_000_000L);
 * }</pre>
 */
public final class NetworkSimulator {
  private final BottleneckLink link;
  private final BottleneckLink reverse;
  private final List<SimFlow> flows = new ArrayList<>();
  private final PriorityQueue<Scheduled> events = new PriorityQueue<>();
  private long now;
  private long steps;
  private long seq;

  private record Scheduled(long at, long order, Runnable action) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  public NetworkSimulator(BottleneckLink link) {
    this.link = link;
    this.reverse = BottleneckLink.delayLine(link.propagationNanos());
  }

  public BottleneckLink link() {
    return link;
  }

  public long now() {
    return now;
  }

  /** Adds a flow whose source starts at {@code startNanos}, paced with the default pacer. */
  public SimFlow addFlow(CongestionConfig config, long startNanos) {
    return addFlow(config, PacerConfig.DEFAULT, startNanos);
  }

  public SimFlow addFlow(CongestionConfig config, PacerConfig pacer, long startNanos) {
    SimFlow f = new SimFlow(flows.size(), config, pacer, startNanos);
    // The RTT the core would learn from RTCP receiver reports.
    f.controller().handleRoundTripTime(startNanos, 2 * link.propagationNanos());
    flows.add(f);
    return f;
  }

  /** Runs {@code action} (a capacity change, say) at {@code atNanos}, the link advanced to then. */
  public void at(long atNanos, Runnable action) {
    events.add(new Scheduled(atNanos, seq++, action));
  }

  /** Runs the network until {@code endNanos}. */
  public void runUntil(long endNanos) {
    long maxSteps = steps + 50_000_000L;
    int stuck = 0;
    while (now < endNanos) {
      if (++steps > maxSteps) {
        throw new IllegalStateException("simulation did not progress by " + now);
      }
      long next = endNanos;
      for (int i = 0; i < flows.size(); i++) {
        next = Math.min(next, flows.get(i).nextEventNanos(now));
      }
      next = Math.min(next, link.nextEventNanos());
      next = Math.min(next, reverse.nextEventNanos());
      if (!events.isEmpty()) {
        next = Math.min(next, events.peek().at());
      }
      if (next <= now) {
        if (++stuck > 10_000) {
          throw new IllegalStateException("a deadline at " + next + " keeps coming back at " + now);
        }
        next = now;
      } else {
        stuck = 0;
      }
      now = next;
      link.advance(now, p -> flows.get(p.flow).receive(p.arrivalNanos, p));
      reverse.advance(now, p -> flows.get(p.flow).handleFeedback(p.arrivalNanos, p));
      while (!events.isEmpty() && events.peek().at() <= now) {
        events.poll().action().run();
      }
      for (int i = 0; i < flows.size(); i++) {
        flows.get(i).step(now, link, reverse);
      }
    }
  }

  public List<SimFlow> flows() {
    return flows;
  }
}
