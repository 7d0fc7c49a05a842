package org.rtc4j.sctp.testing;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SctpTransmit;

/**
 * Two associations joined by two {@link SimLink}s on a manual clock. {@link #step} jumps straight
 * to the next packet arrival or timer (str0m's {@code progress}), delivers, runs timers and drains
 * both sides per the driving contract. Events go to the consumers given (a message event is valid
 * only during the call).
 */
public final class SimPair {
  public final SctpAssociation a;
  public final SctpAssociation b;
  public final SimLink ab;
  public final SimLink ba;
  private Consumer<SctpEvent> onA = e -> {};
  private Consumer<SctpEvent> onB = e -> {};
  private Consumer<byte[]> tapAb;
  public long now;

  public SimPair(SctpAssociation a, SctpAssociation b, SimLink ab, SimLink ba, long startNanos) {
    this.a = a;
    this.b = b;
    this.ab = ab;
    this.ba = ba;
    this.now = startNanos;
  }

  public SimPair onA(Consumer<SctpEvent> c) {
    this.onA = c;
    return this;
  }

  public SimPair onB(Consumer<SctpEvent> c) {
    this.onB = c;
    return this;
  }

  /** Sees every packet a sends (before the link). */
  public SimPair tapAb(Consumer<byte[]> tap) {
    this.tapAb = tap;
    return this;
  }

  /** Sends everything both sides have and dispatches their events, until both are quiet. */
  public void drain() {
    for (int guard = 0; guard < 1_000_000; guard++) {
      boolean any = false;
      SctpTransmit t;
      while ((t = a.pollTransmit()) != null) {
        if (tapAb != null) {
          tapAb.accept(t.toByteArray());
        }
        ab.send(now, t.buffer(), t.offset(), t.length());
        any = true;
      }
      while ((t = b.pollTransmit()) != null) {
        ba.send(now, t.buffer(), t.offset(), t.length());
        any = true;
      }
      SctpEvent e;
      while ((e = a.pollEvent()) != null) {
        onA.accept(e);
        any = true;
      }
      while ((e = b.pollEvent()) != null) {
        onB.accept(e);
        any = true;
      }
      if (!any) {
        return;
      }
    }
    throw new IllegalStateException("drain did not settle");
  }

  /** The next moment anything happens. */
  public long nextEventNanos() {
    long t = Math.min(ab.nextDeliveryNanos(), ba.nextDeliveryNanos());
    t = Math.min(t, a.pollTimeout());
    return Math.min(t, b.pollTimeout());
  }

  /** Advances to the next event if it is at or before {@code limitNanos}; returns false otherwise. */
  public boolean step(long limitNanos) {
    drain();
    long next = nextEventNanos();
    if (next > limitNanos) {
      now = Math.max(now, limitNanos);
      return false;
    }
    now = Math.max(now, next);
    byte[] p;
    while ((p = ab.poll(now)) != null) {
      b.handlePacket(now, p, 0, p.length);
      drain();
    }
    while ((p = ba.poll(now)) != null) {
      a.handlePacket(now, p, 0, p.length);
      drain();
    }
    if (a.pollTimeout() <= now) {
      a.handleTimeout(now);
    }
    if (b.pollTimeout() <= now) {
      b.handleTimeout(now);
    }
    drain();
    return true;
  }

  /**
   * Steps until {@code done} holds or {@code maxNanos} of simulated time pass; returns whether
   * {@code done} held. Bounded in steps too.
   */
  public boolean runUntil(BooleanSupplier done, long maxNanos) {
    long limit = now + maxNanos;
    for (long steps = 0; steps < 200_000_000L; steps++) {
      if (done.getAsBoolean()) {
        return true;
      }
      if (!step(limit)) {
        return done.getAsBoolean();
      }
    }
    return done.getAsBoolean();
  }

  /** Steps until {@code nanos} of simulated time have passed. */
  public void runFor(long nanos) {
    long limit = now + nanos;
    while (step(limit)) {
      // keep going
    }
  }
}
