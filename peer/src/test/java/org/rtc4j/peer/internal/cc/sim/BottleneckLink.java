package org.rtc4j.peer.internal.cc.sim;

import java.util.ArrayDeque;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A deterministic bottleneck: a drop-tail FIFO of at most {@code queueBytes} (the packet being
 * serialized included), served at {@code capacityBps}, then {@code propagationNanos} of delay;
 * packets are lost at random ({@code lossRate}, from a seeded generator) as they enter. Capacity
 * and loss can change while it runs; a change applies from the next packet to start
 * serialization. With no capacity limit ({@code capacityBps <= 0}) it is a plain delay line.
 */
public final class BottleneckLink {
  private final ArrayDeque<SimPacket> waiting = new ArrayDeque<>();
  private final ArrayDeque<SimPacket> inFlight = new ArrayDeque<>();
  private final ArrayDeque<Long> deliverAt = new ArrayDeque<>();
  private final Random random;
  private final int queueBytes;
  private final long propagationNanos;
  private long capacityBps;
  private double lossRate;
  private long queuedBytes;
  private long linkFreeNanos = Long.MIN_VALUE;
  private long droppedTail;
  private long droppedRandom;
  private long delivered;

  public BottleneckLink(long capacityBps, int queueBytes, long propagationNanos, double lossRate, long seed) {
    this.capacityBps = capacityBps;
    this.queueBytes = queueBytes;
    this.propagationNanos = propagationNanos;
    this.lossRate = lossRate;
    this.random = new Random(seed);
  }

  /** A lossless, unlimited path of {@code propagationNanos} (the feedback direction). */
  public static BottleneckLink delayLine(long propagationNanos) {
    return new BottleneckLink(0, Integer.MAX_VALUE, propagationNanos, 0, 1);
  }

  public long capacityBps() {
    return capacityBps;
  }

  /** Changes the capacity from now on (call {@link #advance} to now first). */
  public void setCapacityBps(long bps) {
    capacityBps = bps;
  }

  public void setLossRate(double rate) {
    lossRate = rate;
  }

  public long propagationNanos() {
    return propagationNanos;
  }

  /** A packet enters the link now. */
  public void send(long nowNanos, SimPacket p) {
    if (lossRate > 0 && random.nextDouble() < lossRate) {
      droppedRandom++;
      return;
    }
    if (capacityBps <= 0) {
      inFlight.add(p);
      deliverAt.add(nowNanos + propagationNanos);
      return;
    }
    if (queuedBytes + p.size > queueBytes) {
      droppedTail++;
      return;
    }
    p.enqueueNanos = nowNanos;
    waiting.add(p);
    queuedBytes += p.size;
  }

  private long headDeparture() {
    SimPacket p = waiting.peek();
    long start = Math.max(p.enqueueNanos, linkFreeNanos);
    return start + p.size * 8_000_000_000L / capacityBps;
  }

  /** The next time something happens inside the link, or {@code Long.MAX_VALUE}. */
  public long nextEventNanos() {
    long t = Long.MAX_VALUE;
    if (!waiting.isEmpty()) {
      t = headDeparture();
    }
    if (!deliverAt.isEmpty()) {
      t = Math.min(t, deliverAt.peek());
    }
    return t;
  }

  /** Runs the link to {@code nowNanos}, handing each packet that arrives to {@code out}. */
  public void advance(long nowNanos, Consumer<SimPacket> out) {
    while (!waiting.isEmpty() && headDeparture() <= nowNanos) {
      SimPacket p = waiting.poll();
      long start = Math.max(p.enqueueNanos, linkFreeNanos);
      long departure = headDepartureOf(p, start);
      p.queueDelayNanos = start - p.enqueueNanos;
      linkFreeNanos = departure;
      queuedBytes -= p.size;
      inFlight.add(p);
      deliverAt.add(departure + propagationNanos);
    }
    while (!deliverAt.isEmpty() && deliverAt.peek() <= nowNanos) {
      long at = deliverAt.poll();
      SimPacket p = inFlight.poll();
      p.arrivalNanos = at;
      delivered++;
      out.accept(p);
    }
  }

  private long headDepartureOf(SimPacket p, long start) {
    return start + p.size * 8_000_000_000L / capacityBps;
  }

  /** Bytes in the queue now (serializing packet included). */
  public long queuedBytes() {
    return queuedBytes;
  }

  public long droppedTail() {
    return droppedTail;
  }

  public long droppedRandom() {
    return droppedRandom;
  }

  public long delivered() {
    return delivered;
  }
}
