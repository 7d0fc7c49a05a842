package org.rtc4j.net;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The timers of one loop: a binary min-heap keyed by (deadline, insertion order), with lazy
 * cancellation.
 *
 * <p>Only the owning thread touches the heap ({@link #add}, {@link #pollDue},
 * {@link #nextDeadline}); {@link Entry#cancel()} may come from anywhere and only flips the entry's
 * state. Cancelled entries are skipped when they surface at the top, and the heap is compacted
 * when they make up more than half of it, so a cancel-and-reschedule pattern cannot grow it
 * without bound.
 *
 * <p>Deadlines are compared by subtraction, so the order survives {@code nanoTime} wrap-around.
 * Equal deadlines fire in the order they were scheduled.
 */
final class TimerQueue {

  private static final int COMPACT_MIN_CANCELLED = 64;

  private final AtomicInteger cancelledInHeap = new AtomicInteger();
  private Entry[] heap = new Entry[16];
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
    entry.sequence = nextSequence++;
    entry.inHeap = true;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    siftUp(size++, entry);
    int cancelled = cancelledInHeap.get();
    if (cancelled >= COMPACT_MIN_CANCELLED && cancelled > size / 2) {
      compact();
    }
  }

  /** Live (not cancelled) entries plus cancelled ones not yet dropped. */
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
   * Removes and returns the earliest live entry whose deadline is at or before {@code nowNanos}
   * and that was added before {@code sequenceLimit}; {@code null} if there is none. The caller
   * still has to {@link Entry#tryFire()} it: a concurrent cancel may win.
   */
  Entry pollDue(long nowNanos, long sequenceLimit) {
    dropCancelledTop();
    if (size == 0) {
      return null;
    }
    Entry top = heap[0];
    if (top.deadlineNanos - nowNanos > 0 || top.sequence - sequenceLimit >= 0) {
      return null;
    }
    removeTop();
    return top;
  }

  /** Cancels everything still pending; used when the loop stops. */
  void cancelAll() {
    for (int i = 0; i < size; i++) {
      heap[i].cancel();
      heap[i].inHeap = false;
      heap[i] = null;
    }
    size = 0;
    cancelledInHeap.set(0);
  }

  private void dropCancelledTop() {
    while (size > 0 && heap[0].isCancelled()) {
      removeTop();
      cancelledInHeap.decrementAndGet();
    }
  }

  private void removeTop() {
    Entry top = heap[0];
    top.inHeap = false;
    Entry last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      siftDown(0, last);
    }
  }

  private void compact() {
    int live = 0;
    int dropped = 0;
    for (int i = 0; i < size; i++) {
      Entry e = heap[i];
      if (e.isCancelled()) {
        e.inHeap = false;
        dropped++;
      } else {
        heap[live++] = e;
      }
    }
    Arrays.fill(heap, live, size, null);
    size = live;
    for (int i = (size >>> 1) - 1; i >= 0; i--) {
      siftDown(i, heap[i]);
    }
    cancelledInHeap.addAndGet(-dropped);
  }

  private void siftUp(int index, Entry entry) {
    while (index > 0) {
      int parent = (index - 1) >>> 1;
      Entry p = heap[parent];
      if (!entry.before(p)) {
        break;
      }
      heap[index] = p;
      index = parent;
    }
    heap[index] = entry;
  }

  private void siftDown(int index, Entry entry) {
    int half = size >>> 1;
    while (index < half) {
      int child = 2 * index + 1;
      Entry c = heap[child];
      int right = child + 1;
      if (right < size && heap[right].before(c)) {
        child = right;
        c = heap[child];
      }
      if (!c.before(entry)) {
        break;
      }
      heap[index] = c;
      index = child;
    }
    heap[index] = entry;
  }

  private void onCancelled(Entry entry) {
    if (entry.inHeap) {
      cancelledInHeap.incrementAndGet();
    }
  }

  /** One scheduled task: the {@link Timer} handed to callers. */
  static final class Entry implements Timer {

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
    private final long deadlineNanos;
    /** Insertion order, set by {@link TimerQueue#add} on the owning thread. */
    private long sequence;
    final Runnable task;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;
    /** Owned by the loop thread; read racily by cancel() only to keep a compaction hint. */
    private volatile boolean inHeap;

    private Entry(TimerQueue queue, long deadlineNanos, Runnable task) {
      this.queue = queue;
      this.deadlineNanos = deadlineNanos;
      this.task = task;
    }

    boolean before(Entry other) {
      long d = deadlineNanos - other.deadlineNanos;
      return d < 0 || (d == 0 && sequence - other.sequence < 0);
    }

    /** Claims the right to run the task; {@code false} if it was cancelled first. */
    boolean tryFire() {
      return STATE.compareAndSet(this, PENDING, FIRED);
    }

    @Override
    public boolean cancel() {
      if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
        queue.onCancelled(this);
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
      return deadlineNanos;
    }

    @Override
    public String toString() {
      int s = (int) STATE.getVolatile(this);
      return "Timer[deadline=" + deadlineNanos + "ns, "
          + (s == PENDING ? "pending" : s == FIRED ? "fired" : "cancelled") + "]";
    }
  }
}
