package org.rtc4j.bench.scale;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.EventLoop;
import org.rtc4j.peer.RtpSender;

/**
 * Sends an Opus frame every 20 ms (50 packets/s) on every sender it was given: the clip's packets
 * in a loop, RTP timestamps 960 apart (48 kHz), one {@link EncodedFrame} per tick shared by all
 * senders (the stack only reads it).
 *
 * <p>A tick is one task per event loop, which hands the frame to that loop's senders. A loop that
 * has not finished the previous tick's frames skips this tick (counted in {@link #framesSkipped}):
 * {@code sendFrame} queues a task per frame without a bound, so a client slower than 50 packets/s
 * per session would otherwise pile up a backlog that grows without end and delays everything
 * else on its loops. A run with skipped frames did not offer the server the full load.
 */
final class AudioTicker implements AutoCloseable {
  static final long PERIOD_MILLIS = 20;
  private static final long TICKS_PER_FRAME = 960;

  /** The senders of one loop, and whether the loop is still busy with the previous tick. */
  private record Lane(List<RtpSender> senders, AtomicBoolean busy) {}

  private final List<byte[]> packets;
  private final Map<EventLoop, Lane> lanes = new ConcurrentHashMap<>();
  private final AtomicLong framesGiven = new AtomicLong();
  private final AtomicLong framesSkipped = new AtomicLong();
  private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "whipload-audio");
    t.setDaemon(true);
    return t;
  });
  private long tick;

  AudioTicker(List<byte[]> packets) {
    this.packets = List.copyOf(packets);
    thread.scheduleAtFixedRate(this::tick, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** Starts sending on {@code sender}, whose connection runs on {@code loop}, from the next tick. */
  void add(EventLoop loop, RtpSender sender) {
    lanes.computeIfAbsent(loop, l -> new Lane(new CopyOnWriteArrayList<>(), new AtomicBoolean())).senders().add(sender);
  }

  /** Frames handed to {@code sendFrame}, over all senders. */
  long framesGiven() {
    return framesGiven.get();
  }

  /** Frames not sent because their loop was still busy with the previous tick. */
  long framesSkipped() {
    return framesSkipped.get();
  }

  private void tick() {
    EncodedFrame frame = new EncodedFrame(packets.get((int) (tick % packets.size())), tick * TICKS_PER_FRAME, true, Codec.OPUS);
    tick++;
    lanes.forEach((loop, lane) -> {
      if (!lane.busy().compareAndSet(false, true)) {
        framesSkipped.addAndGet(lane.senders().size());
        return;
      }
      loop.execute(() -> {
        for (RtpSender s : lane.senders()) {
          s.sendFrame(frame); // queues one task per frame on this loop
        }
        framesGiven.addAndGet(lane.senders().size());
        loop.execute(() -> lane.busy().set(false)); // runs after those frames
      });
    });
  }

  /** Stops sending; returns once the last tick is over. */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
