package org.rtc4j.dtls;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Two endpoints joined by an in-memory datagram link that can lose packets (a seeded Random, as
 * aiortc's loss_pattern and str0m's netem do). The owner side of both endpoints runs on the test
 * thread; the handshake threads wake it through the endpoints' wakeup callbacks.
 *
 * <p>Time: {@link #now} is the owners' clock value. It advances with real elapsed time while
 * {@link #progressUntil} waits for the handshake threads, whose retransmission timers are real.
 */
final class InMemoryLink {
  final DtlsEndpoint left;
  final DtlsEndpoint right;
  final List<DtlsEvent> leftEvents = new ArrayList<>();
  final List<DtlsEvent> rightEvents = new ArrayList<>();
  final List<byte[]> leftToRight = new ArrayList<>();
  final List<byte[]> rightToLeft = new ArrayList<>();
  private final Semaphore wake;
  private final Random random;
  private final double loss;
  private final long startReal = System.nanoTime();
  long now = 1_000_000_000L;
  /** Extra deterministic losses: (leftToRight, datagram) -> drop. */
  java.util.function.BiPredicate<Boolean, byte[]> dropRule = (ltr, d) -> false;
  int dropped;

  InMemoryLink(DtlsConfig leftConfig, DtlsConfig rightConfig, double loss, long seed) {
    this.wake = new Semaphore(0);
    this.left = new DtlsEndpoint(leftConfig, wake::release);
    this.right = new DtlsEndpoint(rightConfig, wake::release);
    this.random = new Random(seed);
    this.loss = loss;
  }

  /** Pins each side to the other's certificate. */
  InMemoryLink pinned() {
    left.setRemoteFingerprints(List.of(right.localFingerprint()));
    right.setRemoteFingerprints(List.of(left.localFingerprint()));
    return this;
  }

  /** One drain pass over both endpoints; true when anything moved. */
  boolean step() {
    boolean moved = false;
    moved |= drain(left, right, leftEvents, leftToRight);
    moved |= drain(right, left, rightEvents, rightToLeft);
    return moved;
  }

  private final StringBuilder trace = new StringBuilder();

  /** Which datagrams went which way and whether they were lost, for failure messages. */
  String trace() {
    return trace.toString();
  }

  private boolean drain(DtlsEndpoint from, DtlsEndpoint to, List<DtlsEvent> events, List<byte[]> log) {
    boolean moved = false;
    for (byte[] d; (d = from.pollTransmit()) != null; ) {
      moved = true;
      log.add(d);
      boolean lost = (loss > 0 && random.nextDouble() < loss) | dropRule.test(from == left, d);
      trace.append(String.format("%n%6d ms %s %s type=%d epoch=%d len=%d%s",
          (System.nanoTime() - startReal) / 1_000_000, from == left ? "L->R" : "R->L", lost ? "LOST" : "ok  ",
          d[0], ((d[3] & 0xFF) << 8) | (d[4] & 0xFF), d.length, d[0] == 22 && d.length > 13 ? " hs=" + d[13] : ""));
      if (lost) {
        dropped++;
        continue;
      }
      to.handleDatagram(now, d, 0, d.length);
    }
    for (DtlsEvent e; (e = from.pollEvent()) != null; ) {
      moved = true;
      events.add(e);
    }
    return moved;
  }

  /** Drives both sides until {@code done} holds or {@code realMillis} pass; returns {@code done}. */
  boolean progressUntil(BooleanSupplier done, long realMillis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(realMillis);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      now = 1_000_000_000L + (System.nanoTime() - startReal);
      left.handleTimeout(now);
      right.handleTimeout(now);
      if (!step()) {
        wake.tryAcquire(5, TimeUnit.MILLISECONDS);
      }
    }
    step();
    return true;
  }

  static <T extends DtlsEvent> T find(List<DtlsEvent> events, Class<T> type) {
    for (DtlsEvent e : events) {
      if (type.isInstance(e)) {
        return type.cast(e);
      }
    }
    return null;
  }

  boolean bothConnected() {
    return left.state() == DtlsEndpoint.State.CONNECTED && right.state() == DtlsEndpoint.State.CONNECTED;
  }

  boolean anyEnded() {
    return isEnd(left.state()) || isEnd(right.state());
  }

  private static boolean isEnd(DtlsEndpoint.State s) {
    return s == DtlsEndpoint.State.FAILED || s == DtlsEndpoint.State.CLOSED;
  }
}
