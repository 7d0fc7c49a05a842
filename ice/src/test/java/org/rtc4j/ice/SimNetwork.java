package org.rtc4j.ice;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An in-memory network for sans-IO agents, driven by a manual clock that jumps to the next
 * deadline (str0m's {@code progress}): per-packet loss, delay with jitter (so reordering), and
 * address-based blackholes. Deterministic for a given seed; bounded in steps.
 */
final class SimNetwork {
  record Timed(long atNanos, IceEvent event) {}

  /** Every datagram an agent handed over, with the time, before loss. */
  record Sent(long atNanos, IceAgent by, Transmit transmit) {}

  final List<Sent> sent = new ArrayList<>();

  private record InFlight(long at, long seq, InetSocketAddress from, InetSocketAddress to, byte[] data) {}

  final Random random;
  long now = 1_000_000_000L;
  double loss;
  long delayNanos = 1_000_000;
  long jitterNanos;
  Predicate<InFlight> blackhole = p -> false;
  final Set<InetSocketAddress> dead = new HashSet<>();
  private long seq;
  private final PriorityQueue<InFlight> queue = new PriorityQueue<>(
      (a, b) -> a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
  private final Map<InetSocketAddress, IceAgent> owners = new HashMap<>();
  private final List<IceAgent> agents = new ArrayList<>();
  final Map<IceAgent, List<Timed>> events = new HashMap<>();
  int delivered;
  int dropped;
  long steps;

  SimNetwork(long seed) {
    this.random = new Random(seed);
  }

  void add(IceAgent agent) {
    agents.add(agent);
    events.put(agent, new ArrayList<>());
  }

  void own(InetSocketAddress address, IceAgent agent) {
    owners.put(address, agent);
  }

  /** Drops everything sent by {@code from} (any address it owns) until the predicate is replaced. */
  void cut(IceAgent from) {
    blackhole = p -> owners.get(p.from()) == from;
  }

  void heal() {
    blackhole = p -> false;
  }

  void drain() {
    for (IceAgent a : agents) {
      for (Transmit t; (t = a.pollTransmit()) != null; ) {
        sent.add(new Sent(now, a, t));
        if (random.nextDouble() < loss) {
          dropped++;
          continue;
        }
        long at = now + delayNanos + (jitterNanos > 0 ? (long) (random.nextDouble() * jitterNanos) : 0);
        queue.add(new InFlight(at, seq++, t.source(), t.destination(), t.data()));
      }
      for (IceEvent e; (e = a.pollEvent()) != null; ) {
        events.get(a).add(new Timed(now, e));
      }
    }
  }

  /** One step: advance to the earliest deadline or delivery and process it. False if idle. */
  boolean step() {
    steps++;
    drain();
    long next = Long.MAX_VALUE;
    for (IceAgent a : agents) {
      next = Math.min(next, a.pollTimeout());
    }
    if (!queue.isEmpty()) {
      next = Math.min(next, queue.peek().at);
    }
    if (next == Long.MAX_VALUE) {
      return false;
    }
    now = Math.max(now, next);
    while (!queue.isEmpty() && queue.peek().at <= now) {
      InFlight p = queue.poll();
      IceAgent to = owners.get(p.to());
      if (to == null || blackhole.test(p) || dead.contains(p.to()) || dead.contains(p.from())) {
        dropped++;
        continue;
      }
      delivered++;
      to.handleDatagram(now, p.data(), 0, p.data().length, p.from(), p.to());
    }
    for (IceAgent a : agents) {
      if (a.pollTimeout() <= now) {
        a.handleTimeout(now);
      }
    }
    drain();
    return true;
  }

  /** Steps until the condition holds; false if it did not within {@code maxNanos} of simulated time. */
  boolean runUntil(BooleanSupplier done, long maxNanos) {
    long end = now + maxNanos;
    for (int i = 0; i < 1_000_000 && now <= end; i++) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (!step()) {
        return done.getAsBoolean();
      }
    }
    return done.getAsBoolean();
  }

  /** Steps for {@code nanos} of simulated time. */
  void runFor(long nanos) {
    long end = now + nanos;
    runUntil(() -> now >= end, nanos + 1);
  }

  List<Timed> events(IceAgent a) {
    return events.get(a);
  }

  <T extends IceEvent> List<T> eventsOf(IceAgent a, Class<T> kind) {
    List<T> out = new ArrayList<>();
    for (Timed t : events.get(a)) {
      if (kind.isInstance(t.event())) {
        out.add(kind.cast(t.event()));
      }
    }
    return out;
  }

  long timeOf(IceAgent a, IceState state) {
    for (Timed t : events.get(a)) {
      if (t.event() instanceof IceEvent.StateChanged s && s.state() == state) {
        return t.atNanos();
      }
    }
    return -1;
  }
}
