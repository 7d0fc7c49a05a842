package org.rtc4j.net;

/**
 * A handle on a task scheduled with {@link EventLoop#schedule(long, Runnable)}.
 *
 * <p>Cancellation is cheap and lazy: {@link #cancel()} only marks the entry, and the loop drops
 * it when it reaches the top of the timer heap (or when cancelled entries make up most of the
 * heap). A timer that was cancelled never runs, whichever thread cancelled it.
 */
public interface Timer {

  /**
   * Cancels the timer. Safe from any thread and idempotent.
   *
   * @return {@code true} if this call cancelled it; {@code false} if it had already run, started
   *     running, or been cancelled
   */
  boolean cancel();

  /** Whether {@link #cancel()} succeeded on this timer. */
  boolean isCancelled();

  /** Whether the task has run (or started to run); a cancelled timer never has. */
  boolean hasFired();

  /** The absolute deadline, on the owning loop's {@link Clock}. */
  long deadlineNanos();
}
