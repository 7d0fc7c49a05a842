package org.rtc4j.peer.testing;

import java.lang.management.ManagementFactory;

/** Bytes the current thread has allocated, from HotSpot's per-thread counter, for allocation tests. */
public final class ThreadAllocation {
  private static final com.sun.management.ThreadMXBean THREADS = threads();

  private ThreadAllocation() {}

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    return bean instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemorySupported() ? t : null;
  }

  /** Whether this JVM counts per-thread allocation. */
  public static boolean supported() {
    return THREADS != null;
  }

  /** Bytes allocated by the current thread so far. */
  public static long bytes() {
    return THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  /** What reading the counter itself costs (read twice; the second reading is the steady one). */
  public static long readingCost() {
    long cost = -bytes() + bytes();
    cost = -bytes() + bytes();
    return cost;
  }
}
