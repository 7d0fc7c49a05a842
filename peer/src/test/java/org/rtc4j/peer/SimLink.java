package org.rtc4j.peer;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Predicate;

/**
 * One direction of an in-memory network link for the deterministic whole-peer tests (str0m's
 * {@code netem}, aiortc's loss pattern): every datagram is delayed by a base delay plus a random
 * jitter (which reorders), and may be lost or duplicated, all from one seeded {@link Random}.
 * Time is the simulation's manual clock; nothing here sleeps.
 */
final class SimLink {
  /** A datagram in flight. */
  record Packet(long deliverAtNanos, long order, byte[] data, InetSocketAddress from, InetSocketAddress to) {}

  private final Random random;
  private final PriorityQueue<Packet> inFlight = new PriorityQueue<>((x, y) -> x.deliverAtNanos != y.deliverAtNanos
      ? Long.compare(x.deliverAtNanos, y.deliverAtNanos) : Long.compare(x.order, y.order));
  private long order;
  long delayNanos;
  long jitterNanos;
  double loss;
  double duplication;
  /** Which datagrams the loss applies to (all by default). */
  Predicate<byte[]> lossApplies = d -> true;
  /** Sees every datagram sent (a copy), before loss: a test captures real packets with it. */
  java.util.function.Consumer<byte[]> tap = d -> {};
  /** Drop everything while true (a peer that vanished). */
  boolean cut;
  /** A bottleneck: bits per second (0: none) and its drop-tail queue in bytes. */
  long rateBps;
  long queueBytes;
  private long linkFreeNanos;
  long maxQueueDelayNanos;
  long sent;
  long dropped;
  long duplicated;

  SimLink(long seed) {
    this.random = new Random(seed);
  }

  SimLink delay(long millis, long jitterMillis) {
    this.delayNanos = millis * 1_000_000L;
    this.jitterNanos = jitterMillis * 1_000_000L;
    return this;
  }

  SimLink loss(double p) {
    this.loss = p;
    return this;
  }

  /** A bottleneck of {@code bps} with a drop-tail queue of {@code queueBytes}. */
  SimLink bottleneck(long bps, long queueBytes) {
    this.rateBps = bps;
    this.queueBytes = queueBytes;
    return this;
  }

  SimLink duplication(double p) {
    this.duplication = p;
    return this;
  }

  /** Takes a copy of {@code buf[off, off + len)} sent at {@code nowNanos}. */
  void send(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
    sent++;
    byte[] data = Arrays.copyOfRange(buf, off, off + len);
    tap.accept(data);
    if (cut || (loss > 0 && lossApplies.test(data) && random.nextDouble() < loss)) {
      dropped++;
      return;
    }
    enqueue(nowNanos, data, from, to);
    if (duplication > 0 && random.nextDouble() < duplication) {
      duplicated++;
      enqueue(nowNanos, data, from, to);
    }
  }

  private void enqueue(long nowNanos, byte[] data, InetSocketAddress from, InetSocketAddress to) {
    long leaves = nowNanos;
    if (rateBps > 0) {
      long start = Math.max(nowNanos, linkFreeNanos);
      long waiting = (start - nowNanos) * rateBps / 8 / 1_000_000_000L; // bytes ahead in the queue
      if (waiting + data.length > queueBytes) {
        dropped++;
        return;
      }
      linkFreeNanos = start + data.length * 8L * 1_000_000_000L / rateBps;
      leaves = linkFreeNanos;
      maxQueueDelayNanos = Math.max(maxQueueDelayNanos, start - nowNanos);
    }
    long jitter = jitterNanos > 0 ? (long) (random.nextDouble() * jitterNanos) : 0;
    inFlight.add(new Packet(leaves + delayNanos + jitter, order++, data, from, to));
  }

  /** When the next datagram arrives, or {@link Long#MAX_VALUE}. */
  long nextDeliveryNanos() {
    Packet p = inFlight.peek();
    return p == null ? Long.MAX_VALUE : p.deliverAtNanos;
  }

  /** The next datagram due at {@code nowNanos}, or null. */
  Packet poll(long nowNanos) {
    Packet p = inFlight.peek();
    if (p == null || p.deliverAtNanos > nowNanos) {
      return null;
    }
    return inFlight.poll();
  }

  /** RTP (not RTCP) by its first two bytes (RFC 7983, RFC 5761). */
  static boolean isRtp(byte[] d) {
    int b0 = d[0] & 0xFF;
    int b1 = d.length > 1 ? d[1] & 0xFF : 0;
    return b0 >= 128 && b0 <= 191 && !(b1 >= 192 && b1 <= 223);
  }

  /** DTLS by its first byte (RFC 7983). */
  static boolean isDtls(byte[] d) {
    int b0 = d[0] & 0xFF;
    return b0 >= 20 && b0 <= 63;
  }
}
