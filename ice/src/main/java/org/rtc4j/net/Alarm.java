package org.rtc4j.net;

import java.util.Objects;

/**
 * A re-armable timer owned by one loop: the "one timer per connection" of a sans-IO drive loop.
 *
 * <p>After every input, a connection drains its engine and re-arms its alarm with the engine's
 * {@code pollTimeout()}: {@code alarm.set(engine.pollTimeout())}. The alarm moves in place in the
 * loop's timer heap, so re-arming costs O(log n) and allocates nothing, unlike cancelling one
 * {@link Timer} and scheduling another for every packet.
 *
 * <p>An alarm runs its task at most once per {@link #set}; the task may set it again. Loop thread
 * only: {@link #set} and {@link #clear} throw {@link IllegalStateException} elsewhere.
 *
 * <pre>{@code
 * Alarm alarm = loop.newAlarm(() -> {
 *   agent.handleTimeout(loop.clock().nanoTime());
 *   drain();                                   // transmits, events, then alarm.set(...)
 * });
 * void drain() {
 *   for (Transmit t; (t = agent.pollTransmit()) != null; ) endpoint.send(...);
 *   for (IceEvent e; (e = agent.pollEvent()) != null; ) dispatch(e);
 *   alarm.set(agent.pollTimeout());            // Long.MAX_VALUE: nothing scheduled
 * }
 * }</pre>
 */
public final class Alarm extends TimerQueue.Node {

  /** A deadline meaning "not armed", as returned by a {@code pollTimeout()} with nothing to do. */
  public static final long NEVER = Long.MAX_VALUE;

  private final EventLoop loop;
  private final TimerQueue queue;
  private final Runnable task;

  Alarm(EventLoop loop, TimerQueue queue, Runnable task) {
    super(NEVER);
    this.loop = loop;
    this.queue = queue;
    this.task = Objects.requireNonNull(task, "task");
  }

  /**
   * Arms the alarm for {@code deadlineNanos} (absolute, on the loop's clock), replacing any
   * earlier deadline. {@link #NEVER} disarms it. A deadline in the past fires on the next
   * iteration.
   */
  public void set(long deadlineNanos) {
    checkInLoop();
    if (deadlineNanos == NEVER) {
      queue.remove(this);
      this.deadlineNanos = NEVER;
    } else if (index < 0 || this.deadlineNanos != deadlineNanos) {
      queue.move(this, deadlineNanos);
    }
  }

  /** Disarms the alarm; a no-op if it is not armed. */
  public void clear() {
    set(NEVER);
  }

  /** Whether the alarm waits for a deadline. */
  public boolean isArmed() {
    return index >= 0;
  }

  /** The deadline it waits for, or {@link #NEVER}. */
  public long deadlineNanos() {
    return index >= 0 ? deadlineNanos : NEVER;
  }

  private void checkInLoop() {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("an Alarm must be used on its event loop thread "
          + loop.name() + ", not " + Thread.currentThread().getName());
    }
  }

  @Override
  boolean isDead() {
    return false;
  }

  @Override
  boolean claim() {
    return true;
  }

  @Override
  Runnable task() {
    return task;
  }

  @Override
  public String toString() {
    return index >= 0 ? "Alarm[deadline=" + deadlineNanos + "ns]" : "Alarm[disarmed]";
  }
}
