package org.rtc4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Timers on a running loop, mostly driven by a {@link ManualClock}. */
class EventLoopTimerTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final ManualClock clock = new ManualClock(1_000_000_000L);
  private final EventLoop loop = new EventLoop("timer-test", clock);
  private final List<String> fired = new CopyOnWriteArrayList<>();

  @AfterEach
  void shutdown() throws Exception {
    loop.shutdownGracefully().get(10, TimeUnit.SECONDS);
  }

  /**
   * Waits until the loop has run every timer due at the current clock reading: a task posted now
   * runs after the tasks already posted (which add timers scheduled from this thread), and the
   * timer it schedules for "now" fires in the next timer pass, after every earlier due timer.
   */
  private void settle() throws Exception {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    loop.execute(() -> loop.schedule(clock.nanoTime(), () -> done.complete(null)));
    done.get(10, TimeUnit.SECONDS);
  }

  @Test
  void timersFireInDeadlineOrderAsTheClockMoves() throws Exception {
    long t0 = clock.nanoTime();
    List<Long> deadlinesMillis = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      deadlinesMillis.add((long) ((i * 7919) % 500) + 1);
    }
    for (long ms : deadlinesMillis) {
      loop.schedule(t0 + ms * 1_000_000, () -> fired.add(Long.toString(ms)));
    }
    settle();
    assertEquals(List.of(), fired, "nothing is due before the clock moves");

    for (int ms = 1; ms <= 500; ms += 50) {
      clock.advance(Duration.ofMillis(50));
      settle();
      long now = (clock.nanoTime() - t0) / 1_000_000;
      long due = deadlinesMillis.stream().filter(d -> d <= now).count();
      assertEquals(due, fired.size(), "timers due by " + now + " ms");
    }
    List<String> expected = new ArrayList<>();
    deadlinesMillis.stream().sorted().forEach(d -> expected.add(Long.toString(d)));
    assertEquals(expected, fired);
  }

  @Test
  void cancelledTimersNeverFire() throws Exception {
    long t0 = clock.nanoTime();
    List<Timer> timers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String id = Integer.toString(i);
      timers.add(loop.schedule(t0 + (i + 1) * 1_000L, () -> fired.add(id)));
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      if (i % 3 == 0) {
        assertTrue(timers.get(i).cancel());
      } else {
        expected.add(Integer.toString(i));
      }
    }
    clock.advanceNanos(1_000_000);
    settle();
    assertEquals(expected, fired);
    for (int i = 0; i < 100; i++) {
      Timer t = timers.get(i);
      assertEquals(i % 3 == 0, t.isCancelled(), "timer " + i);
      assertEquals(i % 3 != 0, t.hasFired(), "timer " + i);
      assertFalse(t.cancel(), "timer " + i + " is settled");
    }
  }

  @Test
  void timerCancelledOnTheLoopBeforeItsTurnDoesNotFire() throws Exception {
    long t0 = clock.nanoTime();
    Timer[] victim = new Timer[1];
    loop.execute(() -> {
      loop.schedule(t0 + 10, () -> {
        fired.add("first");
        victim[0].cancel();
      });
      victim[0] = loop.schedule(t0 + 20, () -> fired.add("victim"));
      loop.schedule(t0 + 30, () -> fired.add("last"));
    });
    settle();
    clock.advanceNanos(100);
    settle();
    assertEquals(List.of("first", "last"), fired);
  }

  @Test
  void timerFiresOnTheLoopThreadWithTheClockAtOrPastItsDeadline() throws Exception {
    AtomicLong firedAt = new AtomicLong();
    List<Boolean> onLoop = new CopyOnWriteArrayList<>();
    Timer timer = loop.scheduleAfter(5_000, () -> {
      onLoop.add(loop.inEventLoop());
      firedAt.set(clock.nanoTime());
    });
    clock.advanceNanos(4_999);
    settle();
    assertFalse(timer.hasFired());
    clock.advanceNanos(1);
    Await.until(TIMEOUT, timer::hasFired, () -> "timer did not fire");
    settle();
    assertEquals(List.of(true), onLoop);
    assertTrue(firedAt.get() >= timer.deadlineNanos());
  }

  @Test
  void aThrowingTimerDoesNotStopTheOthers() throws Exception {
    long t0 = clock.nanoTime();
    loop.schedule(t0 + 1, () -> fired.add("a"));
    loop.schedule(t0 + 2, () -> {
      throw new IllegalStateException("test: timer failure");
    });
    loop.schedule(t0 + 3, () -> fired.add("c"));
    clock.advanceNanos(10);
    settle();
    assertEquals(List.of("a", "c"), fired);
    assertEquals(1, loop.failureCount());
    loop.schedule(clock.nanoTime() + 1, () -> fired.add("d"));
    clock.advanceNanos(1);
    settle();
    assertEquals(List.of("a", "c", "d"), fired);
  }

  @Test
  void timersScheduledFromManyThreadsStillFireInDeadlineOrder() throws Exception {
    long t0 = clock.nanoTime();
    int threads = 8;
    int perThread = 100;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    List<Long> all = Collections.synchronizedList(new ArrayList<>());
    List<Long> order = new CopyOnWriteArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          long deadline = t0 + 1 + ((i * 31L + base * 17L) % 997);
          all.add(deadline);
          loop.schedule(deadline, () -> order.add(deadline));
        }
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread w : workers) {
      w.join(TIMEOUT.toMillis());
    }
    settle();
    clock.advanceNanos(1_000);
    Await.until(TIMEOUT, () -> order.size() == threads * perThread,
        () -> order.size() + " of " + threads * perThread + " timers fired");
    List<Long> sorted = new ArrayList<>(all);
    sorted.sort(null);
    assertEquals(sorted, order);
  }

  @Test
  void onTheRealClockATimerWaitsForItsDeadline() throws Exception {
    try (EventLoop real = new EventLoop("real-clock-test")) {
      CountDownLatch done = new CountDownLatch(1);
      AtomicLong firedAt = new AtomicLong();
      Timer timer = real.scheduleAfter(TimeUnit.MILLISECONDS.toNanos(30), () -> {
        firedAt.set(real.clock().nanoTime());
        done.countDown();
      });
      assertTrue(done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
      assertTrue(firedAt.get() - timer.deadlineNanos() >= 0, "fired before its deadline");
    }
  }

  @Test
  void anAlarmMovesFiresOnceAndCanBeRearmedFromItsOwnTask() throws Exception {
    long t0 = clock.nanoTime();
    AtomicLong shots = new AtomicLong();
    Alarm alarm = Await.onLoop(loop, () -> {
      Alarm[] self = new Alarm[1];
      self[0] = loop.newAlarm(() -> {
        fired.add("alarm@" + (clock.nanoTime() - t0));
        if (shots.incrementAndGet() == 1) {
          self[0].set(clock.nanoTime() + 100); // re-arm from its own task
        }
      });
      self[0].set(t0 + 1_000);
      self[0].set(t0 + 500);                   // moved earlier before it fires
      loop.schedule(t0 + 700, () -> fired.add("timer@700"));
      return self[0];
    });
    assertEquals(t0 + 500, (long) Await.onLoop(loop, alarm::deadlineNanos));
    clock.advanceNanos(499);
    settle();
    assertEquals(List.of(), fired);
    clock.advanceNanos(1);
    settle();
    assertEquals(List.of("alarm@500"), fired);
    assertTrue(Await.onLoop(loop, alarm::isArmed), "re-armed by its task");
    clock.advanceNanos(100);
    settle();
    assertEquals(List.of("alarm@500", "alarm@600"), fired);
    assertFalse(Await.onLoop(loop, alarm::isArmed), "fires once per set");
    clock.advanceNanos(100);
    settle();
    assertEquals(List.of("alarm@500", "alarm@600", "timer@700"), fired);

    Await.onLoop(loop, () -> {
      alarm.set(clock.nanoTime() + 10);
      alarm.clear();
      return null;
    });
    clock.advanceNanos(1_000);
    settle();
    assertEquals(3, fired.size(), "a cleared alarm does not fire");
    assertEquals(Alarm.NEVER, (long) Await.onLoop(loop, alarm::deadlineNanos));
    assertThrows(IllegalStateException.class, () -> alarm.set(0));
    assertThrows(IllegalStateException.class, () -> loop.newAlarm(() -> { }));
  }
}
