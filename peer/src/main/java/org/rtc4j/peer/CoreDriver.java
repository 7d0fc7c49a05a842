package org.rtc4j.peer;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.rtc4j.net.Alarm;
import org.rtc4j.net.EventLoop;
import org.rtc4j.peer.internal.Datagram;
import org.rtc4j.peer.internal.LogContext;
import org.rtc4j.peer.internal.PeerCore;
import org.rtc4j.peer.internal.PeerEvent;
import org.rtc4j.peer.internal.SharedLoops;
import org.rtc4j.peer.internal.Sockets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The I/O shell of one connection: feeds its sans-IO core the loop's datagrams, timer and DTLS
 * wake-ups and the API's calls, then drains it (sends every datagram, dispatches every event,
 * re-arms the one timer at the core's earliest deadline). Everything here runs on the loop thread
 * except the posting methods ({@link #call}, {@link #onLoop}, {@link #execute}).
 */
final class CoreDriver {
  private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

  private final EventLoop loop;
  private final PeerCore core;
  private final Sockets sockets;
  private final Listeners listeners;
  private final PeerConnection pc;
  private final boolean usesSharedGroup;
  private final String id;
  private Alarm alarm;

  CoreDriver(PeerConnection pc, EventLoop loop, PeerCore core, Sockets sockets, Listeners listeners,
      boolean usesSharedGroup) {
    this.pc = pc;
    this.loop = loop;
    this.core = core;
    this.sockets = sockets;
    this.listeners = listeners;
    this.usesSharedGroup = usesSharedGroup;
    this.id = core.id();
  }

  long now() {
    return loop.clock().nanoTime();
  }

  void onDatagram(byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
    String outer = LogContext.enter(id);
    try {
      core.handleDatagram(now(), buf, off, len, from, to);
      drain();
    } finally {
      LogContext.exit(id, outer);
    }
  }

  private void onTimer() {
    String outer = LogContext.enter(id);
    try {
      core.handleTimeout(now());
      drain();
    } finally {
      LogContext.exit(id, outer);
    }
  }

  void onDtlsWakeup() {
    String outer = LogContext.enter(id);
    try {
      core.handleDtlsWakeup(now());
      drain();
    } finally {
      LogContext.exit(id, outer);
    }
  }

  /** Runs {@code r} with this connection's id in the MDC (see {@link LogContext}). */
  private void inContext(Runnable r) {
    String outer = LogContext.enter(id);
    try {
      r.run();
    } finally {
      LogContext.exit(id, outer);
    }
  }

  /** Sends what the core has, dispatches its events, re-arms the one timer. */
  void drain() {
    boolean more = true;
    while (more) {
      more = false;
      for (Datagram d; (d = core.pollTransmit()) != null; ) {
        sockets.send(d);
      }
      for (PeerEvent e; (e = core.pollEvent()) != null; more = true) {
        dispatch(e);
      }
    }
    if (alarm == null) {
      alarm = loop.newAlarm(this::onTimer);
    }
    long deadline = core.pollTimeout();
    alarm.set(deadline == Alarm.NEVER ? Alarm.NEVER : Math.max(deadline, now()));
  }

  private void dispatch(PeerEvent e) {
    if (e instanceof PeerEvent.GatherRequested) {
      sockets.gather(core);
    } else if (e instanceof PeerEvent.LocalUfrag u) {
      sockets.addUfrag(u.ufrag());
    } else if (e instanceof PeerEvent.OpenConnection o) {
      sockets.open(o);
    } else if (e instanceof PeerEvent.CloseConnection c) {
      sockets.closeConnection(c.connection());
    } else if (e instanceof PeerEvent.ResolveMdns m) {
      sockets.resolve(m.candidate());
    } else if (e instanceof PeerEvent.NegotiationNeeded) {
      loop.execute(() -> inContext(() -> listeners.negotiationNeeded(core.takeNegotiationNeeded()))); // W3C: queued
    } else {
      listeners.dispatch(e, pc);
    }
  }

  /** Runs {@code work} on the loop, then drains; its result or exception completes the future. */
  <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    Runnable task = () -> inContext(() -> {
      try {
        T v = work.get();
        drain();
        done.complete(v);
      } catch (RuntimeException e) {
        drain();
        done.completeExceptionally(e);
      }
    });
    if (loop.inEventLoop()) {
      task.run();
    } else {
      try {
        loop.execute(task);
      } catch (RuntimeException rejected) {
        done.completeExceptionally(new IllegalStateException("InvalidStateError: the event loop is shut down"));
      }
    }
    return done;
  }

  /** Runs {@code r} on the loop (at once when on it) unless the core is closed, then drains. */
  void onLoop(Runnable r) {
    Runnable task = () -> inContext(() -> {
      if (!core.isClosed()) {
        r.run();
        drain();
      }
    });
    if (loop.inEventLoop()) {
      task.run();
    } else {
      execute(task);
    }
  }

  /**
   * Posts {@code r} to the loop, always queued (a send keeps its order with earlier sends), to run
   * with this connection's id in the MDC.
   */
  void execute(Runnable r) {
    post(() -> inContext(r));
  }

  /** {@link #execute} for a task that sets the MDC itself: no wrapper allocated (once per frame sent). */
  void post(Runnable r) {
    try {
      loop.execute(r);
    } catch (RuntimeException rejected) {
      LOG.debug("event loop shut down; task dropped");
    }
  }

  /** This connection's id, for {@link LogContext}. */
  String id() {
    return id;
  }

  /**
   * Closes the core (BYE, close_notify, ICE stopped), sends what that queued, releases the timer and
   * the sockets. The future completes once the sockets are closed.
   */
  CompletableFuture<Void> close(Runnable markClosed) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable task = () -> inContext(() -> {
      markClosed.run();
      if (core.isClosed()) {
        done.complete(null);
        return;
      }
      core.close(now());
      drain();
      if (alarm != null) {
        alarm.clear();
      }
      sockets.closeAll().whenComplete((v, e) -> {
        done.complete(null);
        if (usesSharedGroup) {
          SharedLoops.release();
        }
      });
    });
    if (loop.inEventLoop()) {
      task.run();
    } else {
      try {
        loop.execute(task);
      } catch (RuntimeException rejected) {
        markClosed.run();
        done.complete(null);
      }
    }
    return done;
  }
}
