package org.rtc4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EventLoopTaskTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void tasksPostedFromEightThreadsAllRunOnTheLoopThreadInPerThreadOrder() throws Exception {
    int threads = 8;
    int perThread = 20_000;
    try (EventLoop loop = new EventLoop("tasks-test")) {
      Thread loopThread = Await.onLoop(loop, Thread::currentThread);
      AtomicInteger offLoop = new AtomicInteger();
      int[] lastSeen = new int[threads]; // touched only on the loop thread
      java.util.Arrays.fill(lastSeen, -1);
      AtomicInteger outOfOrder = new AtomicInteger();
      AtomicInteger ran = new AtomicInteger();
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> posters = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Thread poster = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < perThread; i++) {
            int seq = i;
            loop.execute(() -> {
              if (Thread.currentThread() != loopThread || !loop.inEventLoop()) {
                offLoop.incrementAndGet();
              }
              if (lastSeen[id] != seq - 1) {
                outOfOrder.incrementAndGet();
              }
              lastSeen[id] = seq;
              ran.incrementAndGet();
            });
          }
        }, "poster-" + t);
        poster.start();
        posters.add(poster);
      }
      start.countDown();
      for (Thread p : posters) {
        p.join(TIMEOUT.toMillis());
        assertFalse(p.isAlive());
      }
      Await.until(TIMEOUT, () -> ran.get() == threads * perThread,
          () -> ran.get() + " of " + threads * perThread + " tasks ran");
      assertEquals(0, offLoop.get(), "tasks that ran off the loop thread");
      assertEquals(0, outOfOrder.get(), "tasks that overtook an earlier task of the same thread");
      assertFalse(loop.inEventLoop());
    }
  }

  @Test
  void postingToABusyLoopDoesNotWakeTheSelector() throws Exception {
    try (EventLoop loop = new EventLoop("wakeup-test")) {
      Await.onLoop(loop, () -> null);
      CountDownLatch busy = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      long before = loop.wakeupCount();
      loop.execute(() -> {
        busy.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      assertTrue(busy.await(10, TimeUnit.SECONDS));
      AtomicInteger ran = new AtomicInteger();
      List<Thread> posters = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        Thread poster = new Thread(() -> {
          for (int i = 0; i < 10_000; i++) {
            loop.execute(ran::incrementAndGet);
          }
        });
        poster.start();
        posters.add(poster);
      }
      for (Thread p : posters) {
        p.join(TIMEOUT.toMillis());
      }
      long wakeups = loop.wakeupCount() - before;
      assertTrue(wakeups <= 1, "only a post that finds the loop idle wakes it (the first one,"
          + " if the loop had reached select); 80,000 posts to a busy loop woke it " + wakeups);
      release.countDown();
      Await.until(TIMEOUT, () -> ran.get() == 80_000, () -> ran.get() + " of 80,000 tasks ran");
    }
  }

  @Test
  void aTaskPostedFromTheLoopRunsLaterNotInline() throws Exception {
    try (EventLoop loop = new EventLoop("inline-test")) {
      ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
      Await.onLoop(loop, () -> {
        loop.execute(() -> order.add("posted"));
        order.add("poster");
        return null;
      });
      Await.onLoop(loop, () -> null);
      assertEquals(List.of("poster", "posted"), new ArrayList<>(order));
    }
  }

  @Test
  void aThrowingTaskIsCountedAndTheLoopKeepsRunning() throws Exception {
    try (EventLoop loop = new EventLoop("failing-task-test")) {
      for (int i = 0; i < 5; i++) {
        loop.execute(() -> {
          throw new IllegalStateException("test: task failure");
        });
      }
      assertEquals("alive", Await.onLoop(loop, () -> "alive"));
      assertEquals(5, loop.failureCount());
    }
  }

  @Test
  void afterShutdownTasksAreRejectedAndThreadEnds() throws Exception {
    EventLoop loop = new EventLoop("shutdown-test");
    AtomicInteger ran = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      loop.execute(ran::incrementAndGet);
    }
    loop.shutdownGracefully().get(10, TimeUnit.SECONDS);
    assertEquals(100, ran.get(), "tasks posted before shutdown still run");
    assertTrue(loop.isTerminated());
    assertThrows(RejectedExecutionException.class, () -> loop.execute(ran::incrementAndGet));
    assertThrows(IllegalStateException.class,
        () -> loop.bind(new java.net.InetSocketAddress("127.0.0.1", 0), (e, b, o, l, f) -> { }));
    loop.close(); // idempotent
  }

  @Test
  void groupHandsOutLoopsRoundRobinAndClosesThemAll() throws Exception {
    EventLoopGroup group = new EventLoopGroup("group-test", 3, Clock.system());
    try (group) {
      assertEquals(3, group.loops().size());
      for (int i = 0; i < 9; i++) {
        assertEquals(group.loops().get(i % 3), group.next());
      }
      for (EventLoop loop : group.loops()) {
        assertEquals(loop.name(), Await.onLoop(loop, () -> Thread.currentThread().getName()));
      }
    }
    for (EventLoop loop : group.loops()) {
      assertTrue(loop.isTerminated());
    }
    assertEquals(Runtime.getRuntime().availableProcessors(), defaultSize());
  }

  private static int defaultSize() {
    try (EventLoopGroup group = new EventLoopGroup()) {
      return group.size();
    }
  }
}
