package org.rtc4j.bench.scale;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.RtpSender;

/**
 * One thread that sends an Opus frame every 20 ms (50 packets/s) on every sender it was given:
 * the clip's packets in a loop, RTP timestamps 960 apart (48 kHz), one {@link EncodedFrame} per
 * tick shared by all senders (the stack only reads it).
 */
final class AudioTicker implements AutoCloseable {
  static final long PERIOD_MILLIS = 20;
  private static final long TICKS_PER_FRAME = 960;

  private final List<byte[]> packets;
  private final List<RtpSender> senders = new CopyOnWriteArrayList<>();
  private final AtomicLong framesGiven = new AtomicLong();
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

  /** Starts sending on {@code sender} from the next tick. */
  void add(RtpSender sender) {
    senders.add(sender);
  }

  /** Frames handed to {@code sendFrame}, over all senders. */
  long framesGiven() {
    return framesGiven.get();
  }

  private void tick() {
    EncodedFrame frame = new EncodedFrame(packets.get((int) (tick % packets.size())), tick * TICKS_PER_FRAME, true, Codec.OPUS);
    tick++;
    for (RtpSender s : senders) {
      s.sendFrame(frame);
    }
    framesGiven.addAndGet(senders.size());
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
