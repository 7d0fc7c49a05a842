package org.rtc4j.net;

/**
 * A monotonic source of time in nanoseconds, the only way the stack reads time.
 *
 * <p>Values are meaningful only relative to each other (like {@link System#nanoTime()}); compare
 * them with subtraction ({@code a - b < 0}), never with {@code <}, so that a wrap-around of the
 * counter does not reorder deadlines.
 *
 * <p>Every {@link EventLoop} owns one clock. Protocol engines never read a clock themselves: the
 * loop passes {@code clock().nanoTime()} into their {@code handle*(nowNanos, ...)} methods.
 * Tests use {@link ManualClock}, which moves only when told to.
 */
@FunctionalInterface
public interface Clock {

  /** The current time in nanoseconds, from an arbitrary but fixed origin. Never decreases. */
  long nanoTime();

  /** The real clock, backed by {@link System#nanoTime()}. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}
