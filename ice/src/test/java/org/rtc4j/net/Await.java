package org.rtc4j.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waiting for conditions met on another thread. */
final class Await {

  private Await() {}

  static void until(Duration timeout, BooleanSupplier condition, Supplier<String> whatFailed) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("timed out after " + timeout + ": " + whatFailed.get());
      }
      try {
        Thread.sleep(1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  /** Runs {@code body} on the loop and waits for it; rethrows what it threw. */
  static <T> T onLoop(EventLoop loop, java.util.concurrent.Callable<T> body) throws Exception {
    try {
      return loop.submit(body).get(10, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }
}
