package org.rtc4j.net;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link Clock} that moves only when told to: deterministic time for tests.
 *
 * <p>Sans-IO engines are driven with it directly ({@code agent.handleTimeout(clock.nanoTime())}).
 * An {@link EventLoop} built on a manual clock never sleeps on a real-time timeout: its timers
 * fire only after the clock has been moved past their deadline, and every move wakes the loops
 * that use this clock so they can fire what became due.
 *
 * <p>Thread-safe: any thread may read or move the clock. Moving it backwards is not allowed,
 * because a {@link Clock} never decreases.
 */
public final class ManualClock implements Clock {

  private final Object lock = new Object();
  private final CopyOnWriteArrayList<Runnable> listeners = new CopyOnWriteArrayList<>();
  private volatile long nowNanos;

  /** A clock that reads 0 until moved. */
  public ManualClock() {
    this(0);
  }

  /** A clock that reads {@code startNanos} until moved. */
  public ManualClock(long startNanos) {
    this.nowNanos = startNanos;
  }

  @Override
  public long nanoTime() {
    return nowNanos;
  }

  /** Moves the clock forward by {@code delta} (zero is allowed) and returns the new time. */
  public long advance(Duration delta) {
    Objects.requireNonNull(delta, "delta");
    return advanceNanos(delta.toNanos());
  }

  /** Moves the clock forward by {@code deltaNanos} (zero is allowed) and returns the new time. */
  public long advanceNanos(long deltaNanos) {
    if (deltaNanos < 0) {
      throw new IllegalArgumentException("a clock never goes back: deltaNanos=" + deltaNanos);
    }
    long now;
    synchronized (lock) {
      now = nowNanos + deltaNanos;
      nowNanos = now;
    }
    fireListeners();
    return now;
  }

  /** Sets the clock to {@code nanos}, which must not be earlier than the current reading. */
  public void set(long nanos) {
    synchronized (lock) {
      if (nanos - nowNanos < 0) {
        throw new IllegalArgumentException(
            "a clock never goes back: now=" + nowNanos + ", requested=" + nanos);
      }
      nowNanos = nanos;
    }
    fireListeners();
  }

  /** Registers a callback run (on the moving thread) after every move; used by event loops. */
  void addListener(Runnable listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  private void fireListeners() {
    for (Runnable listener : listeners) {
      listener.run();
    }
  }

  @Override
  public String toString() {
    return "ManualClock[" + nowNanos + "ns]";
  }
}
