package org.rtc4j.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed set of {@link EventLoop}s handed out round-robin.
 *
 * <p>Whatever is bound to a loop (an endpoint, a peer connection) stays on that loop for life:
 * callers take a loop with {@link #next()} once and keep it. The group only owns the loops'
 * lifecycle.
 */
public final class EventLoopGroup implements AutoCloseable {

  private final List<EventLoop> loops;
  private final AtomicInteger nextIndex = new AtomicInteger();

  /** One loop per available processor, on the real clock, named {@code rtc4j-loop-<i>}. */
  public EventLoopGroup() {
    this(Runtime.getRuntime().availableProcessors());
  }

  /** {@code size} loops on the real clock, named {@code rtc4j-loop-<i>}. */
  public EventLoopGroup(int size) {
    this("rtc4j-loop", size, Clock.system());
  }

  /** {@code size} loops on {@code clock}, named {@code <namePrefix>-<i>}. */
  public EventLoopGroup(String namePrefix, int size, Clock clock) {
    Objects.requireNonNull(namePrefix, "namePrefix");
    Objects.requireNonNull(clock, "clock");
    if (size < 1) {
      throw new IllegalArgumentException("an event loop group needs at least one loop: " + size);
    }
    List<EventLoop> started = new ArrayList<>(size);
    try {
      for (int i = 0; i < size; i++) {
        started.add(new EventLoop(namePrefix + "-" + i, clock));
      }
    } catch (RuntimeException | Error e) {
      started.forEach(EventLoop::shutdownGracefully);
      throw e;
    }
    this.loops = List.copyOf(started);
  }

  /** The next loop, round-robin. */
  public EventLoop next() {
    return loops.get(Math.floorMod(nextIndex.getAndIncrement(), loops.size()));
  }

  /** All loops, in a fixed order. */
  public List<EventLoop> loops() {
    return loops;
  }

  /** Number of loops. */
  public int size() {
    return loops.size();
  }

  /** Shuts every loop down; the future completes when all have terminated. */
  public CompletableFuture<Void> shutdownGracefully() {
    CompletableFuture<?>[] all = new CompletableFuture<?>[loops.size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = loops.get(i).shutdownGracefully();
    }
    return CompletableFuture.allOf(all);
  }

  /** Shuts every loop down and waits for them (unless called from one of them). */
  @Override
  public void close() {
    shutdownGracefully();
    for (EventLoop loop : loops) {
      loop.close();
    }
  }
}
