package org.rtc4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The timer heap on its own: single-threaded and deterministic. */
class TimerQueueTest {

  private final TimerQueue queue = new TimerQueue();
  private final List<Long> fired = new ArrayList<>();

  private TimerQueue.Entry add(long deadline) {
    TimerQueue.Entry e = queue.newEntry(deadline, () -> fired.add(deadline));
    queue.add(e);
    return e;
  }

  private void fireDue(long now) {
    long limit = queue.nextSequence();
    TimerQueue.Node e;
    while ((e = queue.pollDue(now, limit)) != null) {
      if (e.claim()) {
        e.task().run();
      }
    }
  }

  @Test
  void firesInDeadlineOrderWhateverTheInsertionOrder() {
    Random random = new Random(42);
    List<Long> deadlines = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      long d = random.nextInt(1_000_000);
      deadlines.add(d);
      add(d);
    }
    fireDue(Long.MAX_VALUE / 2);
    deadlines.sort(null);
    assertEquals(deadlines, fired);
    assertEquals(0, queue.size());
  }

  @Test
  void firesOnlyWhatIsDue() {
    add(30);
    add(10);
    add(20);
    fireDue(9);
    assertEquals(List.of(), fired);
    fireDue(10);
    assertEquals(List.of(10L), fired);
    fireDue(25);
    assertEquals(List.of(10L, 20L), fired);
    assertEquals(30, queue.nextDeadline());
  }

  @Test
  void equalDeadlinesFireInSchedulingOrder() {
    List<String> order = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d", "e")) {
      queue.add(queue.newEntry(100, () -> order.add(name)));
    }
    fireDue(100);
    assertEquals(List.of("a", "b", "c", "d", "e"), order);
  }

  @Test
  void cancelledTimersNeverFire() {
    TimerQueue.Entry a = add(10);
    TimerQueue.Entry b = add(20);
    TimerQueue.Entry c = add(30);
    assertTrue(b.cancel());
    assertFalse(b.cancel(), "second cancel is a no-op");
    assertTrue(b.isCancelled());
    fireDue(100);
    assertEquals(List.of(10L, 30L), fired);
    assertTrue(a.hasFired());
    assertFalse(b.hasFired());
    assertFalse(c.cancel(), "a fired timer cannot be cancelled");
    assertFalse(c.isCancelled());
  }

  @Test
  void cancelledBeforeAddIsNeverQueued() {
    TimerQueue.Entry e = queue.newEntry(5, () -> fired.add(5L));
    e.cancel();
    queue.add(e);
    assertEquals(0, queue.size());
    assertFalse(queue.hasTimers());
  }

  @Test
  void cancelledTopIsSkippedForTheNextDeadline() {
    TimerQueue.Entry first = add(10);
    add(50);
    first.cancel();
    assertTrue(queue.hasTimers());
    assertEquals(50, queue.nextDeadline());
  }

  @Test
  void timersAddedDuringAPassWaitForTheNextPass() {
    TimerQueue.Entry rearming = queue.newEntry(10, () -> {
      fired.add(10L);
      queue.add(queue.newEntry(10, () -> fired.add(11L)));
    });
    queue.add(rearming);
    fireDue(10);
    assertEquals(List.of(10L), fired, "re-armed timer must not run in the same pass");
    fireDue(10);
    assertEquals(List.of(10L, 11L), fired);
  }

  @Test
  void ordersAcrossNanoTimeWrapAround() {
    long nearMax = Long.MAX_VALUE - 5;
    TimerQueue.Entry late = queue.newEntry(nearMax + 10, () -> fired.add(2L)); // wraps negative
    TimerQueue.Entry early = queue.newEntry(nearMax, () -> fired.add(1L));
    queue.add(late);
    queue.add(early);
    fireDue(nearMax + 20);
    assertEquals(List.of(1L, 2L), fired);
  }

  @Test
  void cancelAndRescheduleDoesNotGrowTheHeapWithoutBound() {
    TimerQueue.Entry current = add(1_000_000);
    for (int i = 0; i < 100_000; i++) {
      current.cancel();
      current = add(1_000_000 + i);
    }
    assertTrue(queue.size() < 300, "cancelled entries are compacted away, size=" + queue.size());
    assertEquals(1_000_000 + 99_999, queue.nextDeadline());
    assertSame(current, queue.pollDue(Long.MAX_VALUE / 2, queue.nextSequence()));
    assertNull(queue.pollDue(Long.MAX_VALUE / 2, queue.nextSequence()));
  }

  /** A heap node that can be moved and removed, like {@link Alarm} but without a loop. */
  private static final class Movable extends TimerQueue.Node {
    final int id;
    final List<Integer> log;

    Movable(int id, List<Integer> log) {
      super(0);
      this.id = id;
      this.log = log;
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
      return () -> log.add(id);
    }
  }

  @Test
  void movedAndRemovedNodesMatchAReferenceModel() {
    // Random moves and removals against a plain map of id -> deadline; then everything fires
    // in (deadline, last-move order).
    Random random = new Random(7);
    List<Integer> log = new ArrayList<>();
    int n = 300;
    Movable[] nodes = new Movable[n];
    long[] deadline = new long[n];
    long[] moveOrder = new long[n];
    boolean[] armed = new boolean[n];
    for (int i = 0; i < n; i++) {
      nodes[i] = new Movable(i, log);
    }
    long order = 0;
    for (int step = 0; step < 20_000; step++) {
      int i = random.nextInt(n);
      if (random.nextInt(4) == 0) {
        queue.remove(nodes[i]);
        armed[i] = false;
      } else {
        long d = random.nextInt(1_000);
        queue.move(nodes[i], d);
        deadline[i] = d;
        moveOrder[i] = order++;
        armed[i] = true;
      }
    }
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (armed[i]) {
        expected.add(i);
      }
    }
    expected.sort((x, y) -> deadline[x] != deadline[y]
        ? Long.compare(deadline[x], deadline[y]) : Long.compare(moveOrder[x], moveOrder[y]));
    assertEquals(expected.size(), queue.size());
    long limit = queue.nextSequence();
    TimerQueue.Node node;
    while ((node = queue.pollDue(1_000, limit)) != null) {
      node.task().run();
    }
    assertEquals(expected, log);
  }

  @Test
  void movingANodeEarlierOrLaterReordersIt() {
    List<Integer> log = new ArrayList<>();
    Movable a = new Movable(1, log);
    Movable b = new Movable(2, log);
    queue.move(a, 10);
    queue.move(b, 20);
    add(15);
    queue.move(a, 30);   // later than everything
    queue.move(b, 5);    // earlier than everything
    assertEquals(3, queue.size());
    assertEquals(5, queue.nextDeadline());
    TimerQueue.Node first = queue.pollDue(100, queue.nextSequence());
    assertSame(b, first);
    queue.remove(a);
    assertEquals(1, queue.size());
    assertEquals(15, queue.nextDeadline());
  }
}
