package org.rtc4j.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timers of one loop: a binary min-heap keyed by (deadline, insertion order).
 *
 * <p>It holds two kinds of node. {@link Entry} is a one-shot {@link Timer}, cancelled lazily:
 * {@link Entry#cancel()} may come from any thread and only flips the entry's state; cancelled
 * entries are skipped when they surface at the top, and the heap is compacted when they make up
 * more than half of it, so a cancel-and-reschedule pattern cannot grow it without bound.
 * {@link Alarm} is re-armable and loop-only; it moves in place ({@link #move}) or leaves the heap
 * at once ({@link #remove}), which is why every node knows its index.
 *
 * <p>Only the owning thread touches the heap. Deadlines are compared by subtraction, so the order
 * survives {@code nanoTime} wrap-around. Equal deadlines fire in the order they were added.
 */
final class TimerQueue {

  private static final int COMPACT_MIN_CANCELLED = 64;

  private final AtomicInteger cancelledInHeap = new AtomicInteger();
  private Node[] heap = new Node[16];
  private int size;
  private long nextSequence;

  /**
   * Creates an entry that is not yet in the heap (safe from any thread); {@link #add} it on the
   * owning thread, which also fixes its place among equal deadlines.
   */
  Entry newEntry(long deadlineNanos, Runnable task) {
    return new Entry(this, deadlineNanos, Objects.requireNonNull(task, "task"));
  }

  /** The sequence number the next {@link #add} will give: a bound for one firing pass. */
  long nextSequence() {
    return nextSequence;
  }

  /** Adds an entry created by {@link #newEntry} (a no-op if it was cancelled meanwhile). */
  void add(Entry entry) {
    if (entry.isCancelled()) {
      return;
    }
    insert(entry);
    int cancelled = cancelledInHeap.get();
    if (cancelled >= COMPACT_MIN_CANCELLED && cancelled > size / 2) {
      compact();
    }
  }

  /** Puts {@code node} in the heap at {@code deadlineNanos}, or moves it there if already in. */
  void move(Node node, long deadlineNanos) {
    if (node.index >= 0) {
      removeAt(node.index);
    }
    node.deadlineNanos = deadlineNanos;
    insert(node);
  }

  /** Takes {@code node} out of the heap if it is in. */
  void remove(Node node) {
    if (node.index >= 0) {
      removeAt(node.index);
    }
  }

  /** Live nodes plus cancelled entries not yet dropped. */
  int size() {
    return size;
  }

  /** The earliest live deadline; {@code hasTimers()} must be checked first. */
  long nextDeadline() {
    dropCancelledTop();
    return heap[0].deadlineNanos;
  }

  boolean hasTimers() {
    dropCancelledTop();
    return size > 0;
  }

  /**
   * Removes and returns the earliest live node whose deadline is at or before {@code nowNanos}
   * and that was added before {@code sequenceLimit}; {@code null} if there is none. The caller
   * still has to {@link Node#claim()} it: a concurrent cancel may win.
   */
  Node pollDue(long nowNanos, long sequenceLimit) {
    dropCancelledTop();
    if (size == 0) {
      return null;
    }
    Node top = heap[0];
    if (top.deadlineNanos - nowNanos > 0 || top.sequence - sequenceLimit >= 0) {
      return null;
    }
    removeAt(0);
    return top;
  }

  /** Empties the heap, cancelling every pending entry; used when the loop stops. */
  void clear() {
    for (int i = 0; i < size; i++) {
      if (heap[i] instanceof Entry entry) {
        entry.cancel();
      }
      heap[i].index = -1;
      heap[i] = null;
    }
    size = 0;
    cancelledInHeap.set(0);
  }

  private void insert(Node node) {
    node.sequence = nextSequence++;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    siftUp(size++, node);
  }

  private void dropCancelledTop() {
    while (size > 0 && heap[0].isDead()) {
      removeAt(0);
      cancelledInHeap.decrementAndGet();
    }
  }

  private void removeAt(int index) {
    Node removed = heap[index];
    removed.index = -1;
    Node last = heap[--size];
    heap[size] = null;
    if (index < size) {
      siftDown(index, last);
      if (heap[index] == last) {
        siftUp(index, last);
      }
    }
  }

  private void compact() {
    int live = 0;
    int dropped = 0;
    for (int i = 0; i < size; i++) {
      Node node = heap[i];
      if (node.isDead()) {
        node.index = -1;
        dropped++;
      } else {
        heap[live++] = node;
      }
    }
    Arrays.fill(heap, live, size, null);
    size = live;
    for (int i = 0; i < size; i++) {
      heap[i].index = i;
    }
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i, heap[i]);
    }
    cancelledInHeap.addAndGet(-dropped);
  }

  private void siftUp(int index, Node node) {
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      Node p = heap[parent];
      if (!node.before(p)) {
        break;
      }
      heap[index] = p;
      p.index = index;
      index = parent;
    }
    heap[index] = node;
    node.index = index;
  }

  private void siftDown(int index, Node node) {
    int half = size >>> 1;
    while (index < half) {
      int child = 2 * index + 1;
      Node c = heap[child];
      int right = child + 1;
      if (right < size && heap[right].before(c)) {
        child = right;
        c = heap[child];
      }
      if (!c.before(node)) {
        break;
      }
      heap[index] = c;
      c.index = index;
      index = child;
    }
    heap[index] = node;
    node.index = index;
  }

  /** Something with a deadline in the heap. Fields are owned by the loop thread. */
  abstract static class Node {
    long deadlineNanos;
    /** Insertion order, set when the node enters the heap. */
    long sequence;
    /** Position in the heap, -1 when out; read racily by {@link Entry#cancel()} as a hint. */
    int index = -1;

    Node(long deadlineNanos) {
      this.deadlineNanos = deadlineNanos;
    }

    final boolean before(Node other) {
      long d = deadlineNanos - other.deadlineNanos;
      return d < 0 || (d == 0 && sequence - other.sequence < 0);
    }

    /** Whether the node only waits to be dropped (a cancelled entry). */
    abstract boolean isDead();

    /** Claims the right to run the task once the node was polled; false if it lost a race. */
    abstract boolean claim();

    abstract Runnable task();
  }

  /** One scheduled task: the {@link Timer} handed to callers. */
  static final class Entry extends Node implements Timer {

    private static final int PENDING = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Entry.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final TimerQueue queue;
    private final long deadline;
    private final Runnable task;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    private Entry(TimerQueue queue, long deadlineNanos, Runnable task) {
      super(deadlineNanos);
      this.queue = queue;
      this.deadline = deadlineNanos;
      this.task = task;
    }

    @Override
    boolean isDead() {
      return isCancelled();
    }

    @Override
    boolean claim() {
      return STATE.compareAndSet(this, PENDING, FIRED);
    }

    @Override
    Runnable task() {
      return task;
    }

    @Override
    public boolean cancel() {
      if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
        if (index >= 0) {
          queue.cancelledInHeap.incrementAndGet(); // a hint for compaction, not an exact count
        }
        return true;
      }
      return false;
    }

    @Override
    public boolean isCancelled() {
      return (int) STATE.getVolatile(this) == CANCELLED;
    }

    @Override
    public boolean hasFired() {
      return (int) STATE.getVolatile(this) == FIRED;
    }

    @Override
    public long deadlineNanos() {
      return deadline;
    }

    @Override
    public String toString() {
      int s = (int) STATE.getVolatile(this);
      return "Timer[deadline=" + deadline + "ns, "
          + (s == PENDING ? "pending" : s == FIRED ? "fired" : "cancelled") + "]";
    }
  }
}
