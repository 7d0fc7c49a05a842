package org.rtc4j.sctp.testing;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SctpTransmit;
import org.rtc4j.sctp.dcep.DataChannelEndpoint;
import org.rtc4j.sctp.dcep.DataChannelEvent;

/**
 * Two sans-IO SCTP endpoints joined by two {@link SimLink}s on a manual clock. {@link #step} jumps
 * straight to the next packet arrival or timer (str0m's {@code progress}), delivers, runs timers
 * and drains both sides per the driving contract. Events go to the consumers given (a message
 * event is valid only during the call).
 */
public final class SimPair {
  /** One side: an association or a data channel endpoint. */
  public interface Node {
    void handlePacket(long nowNanos, byte[] buf, int off, int len);

    void handleTimeout(long nowNanos);

    SctpTransmit pollTransmit();

    long pollTimeout();

    /** Polls and dispatches every event; true if there was one. */
    boolean dispatchEvents();
  }

  public final Node left;
  public final Node right;
  public final SimLink ab;
  public final SimLink ba;
  private Consumer<byte[]> tapAb;
  private Consumer<byte[]> tapBa;
  public long now;

  public SimPair(Node left, Node right, SimLink ab, SimLink ba, long startNanos) {
    this.left = left;
    this.right = right;
    this.ab = ab;
    this.ba = ba;
    this.now = startNanos;
  }

  /** Two associations. */
  public static SimPair of(SctpAssociation a, SctpAssociation b, SimLink ab, SimLink ba, Consumer<SctpEvent> onA,
      Consumer<SctpEvent> onB) {
    return new SimPair(node(a, onA), node(b, onB), ab, ba, 0);
  }

  /** Two data channel endpoints. */
  public static SimPair of(DataChannelEndpoint a, DataChannelEndpoint b, SimLink ab, SimLink ba,
      Consumer<DataChannelEvent> onA, Consumer<DataChannelEvent> onB) {
    return new SimPair(node(a, onA), node(b, onB), ab, ba, 0);
  }

  public static Node node(SctpAssociation s, Consumer<SctpEvent> on) {
    return node(s, () -> {
      boolean any = false;
      for (SctpEvent e; (e = s.pollEvent()) != null; any = true) {
        on.accept(e);
      }
      return any;
    });
  }

  /** A data channel endpoint: packets and timers go to its association, events come through it. */
  public static Node node(DataChannelEndpoint s, Consumer<DataChannelEvent> on) {
    return node(s.association(), () -> {
      boolean any = false;
      for (DataChannelEvent e; (e = s.pollEvent()) != null; any = true) {
        on.accept(e);
      }
      return any;
    });
  }

  private static Node node(SctpAssociation s, BooleanSupplier dispatch) {
    return new Node() {
      @Override
      public void handlePacket(long n, byte[] buf, int off, int len) {
        s.handlePacket(n, buf, off, len);
      }

      @Override
      public void handleTimeout(long n) {
        s.handleTimeout(n);
      }

      @Override
      public SctpTransmit pollTransmit() {
        return s.pollTransmit();
      }

      @Override
      public long pollTimeout() {
        return s.pollTimeout();
      }

      @Override
      public boolean dispatchEvents() {
        return dispatch.getAsBoolean();
      }
    };
  }

  /** Sees every packet the left side sends (before the link). */
  public SimPair tapAb(Consumer<byte[]> tap) {
    this.tapAb = tap;
    return this;
  }

  /** Sees every packet the right side sends (before the link). */
  public SimPair tapBa(Consumer<byte[]> tap) {
    this.tapBa = tap;
    return this;
  }

  /** Sends everything both sides have and dispatches their events, until both are quiet. */
  public void drain() {
    for (int guard = 0; guard < 1_000_000; guard++) {
      boolean any = false;
      SctpTransmit t;
      while ((t = left.pollTransmit()) != null) {
        if (tapAb != null) {
          tapAb.accept(t.toByteArray());
        }
        ab.send(now, t.buffer(), t.offset(), t.length());
        any = true;
      }
      while ((t = right.pollTransmit()) != null) {
        if (tapBa != null) {
          tapBa.accept(t.toByteArray());
        }
        ba.send(now, t.buffer(), t.offset(), t.length());
        any = true;
      }
      any |= left.dispatchEvents();
      any |= right.dispatchEvents();
      if (!any) {
        return;
      }
    }
    throw new IllegalStateException("drain did not settle");
  }

  /** The next moment anything happens. */
  public long nextEventNanos() {
    long t = Math.min(ab.nextDeliveryNanos(), ba.nextDeliveryNanos());
    t = Math.min(t, left.pollTimeout());
    return Math.min(t, right.pollTimeout());
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
      right.handlePacket(now, p, 0, p.length);
      drain();
    }
    while ((p = ba.poll(now)) != null) {
      left.handlePacket(now, p, 0, p.length);
      drain();
    }
    if (left.pollTimeout() <= now) {
      left.handleTimeout(now);
    }
    if (right.pollTimeout() <= now) {
      right.handleTimeout(now);
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
    for (long steps = 0; steps < 100_000_000L; steps++) {
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
    for (long steps = 0; step(limit); steps++) {
      if (steps > 100_000_000L) {
        throw new IllegalStateException("simulation does not advance");
      }
    }
  }
}
