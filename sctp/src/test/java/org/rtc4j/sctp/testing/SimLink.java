package org.rtc4j.sctp.testing;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One direction of an in-memory network path on simulated time: a bottleneck of
 * {@code bandwidthBitsPerSecond} with a drop-tail queue of {@code queueLimitBytes}, a one-way
 * {@code delayNanos}, and seeded random loss, duplication and reordering (a reordered packet is held
 * back by up to {@code reorderDelayNanos}). Deterministic for a given seed and input sequence.
 */
public final class SimLink {
  /** Link parameters; zero bandwidth means unlimited. */
  public static final class Config {
    long delayNanos;
    long bandwidthBitsPerSecond;
    long queueLimitBytes = Long.MAX_VALUE;
    double lossRate;
    double duplicateRate;
    double reorderRate;
    long reorderDelayNanos;
    long seed = 1;

    public Config delayMillis(double ms) {
      this.delayNanos = (long) (ms * 1e6);
      return this;
    }

    public Config bandwidthBitsPerSecond(long bps) {
      this.bandwidthBitsPerSecond = bps;
      return this;
    }

    public Config queueLimitBytes(long bytes) {
      this.queueLimitBytes = bytes;
      return this;
    }

    public Config lossRate(double p) {
      this.lossRate = p;
      return this;
    }

    public Config duplicateRate(double p) {
      this.duplicateRate = p;
      return this;
    }

    /** A share {@code p} of packets is delayed by a random extra of up to {@code maxExtraMillis}. */
    public Config reorder(double p, double maxExtraMillis) {
      this.reorderRate = p;
      this.reorderDelayNanos = (long) (maxExtraMillis * 1e6);
      return this;
    }

    public Config seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Config copy() {
      Config c = new Config();
      c.delayNanos = delayNanos;
      c.bandwidthBitsPerSecond = bandwidthBitsPerSecond;
      c.queueLimitBytes = queueLimitBytes;
      c.lossRate = lossRate;
      c.duplicateRate = duplicateRate;
      c.reorderRate = reorderRate;
      c.reorderDelayNanos = reorderDelayNanos;
      c.seed = seed;
      return c;
    }
  }

  private record InFlight(long atNanos, long seq, byte[] data) implements Comparable<InFlight> {
    @Override
    public int compareTo(InFlight o) {
      int c = Long.compare(atNanos, o.atNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final Config config;
  private final SplittableRandom random;
  private final PriorityQueue<InFlight> inFlight = new PriorityQueue<>();
  private long serializerFreeNanos;
  private long seq;
  private boolean blackhole;

  public long packetsSent;
  public long packetsLost;
  public long packetsQueueDropped;
  public long packetsDelivered;
  public long bytesDelivered;

  public SimLink(Config config) {
    this.config = config.copy();
    this.random = new SplittableRandom(config.seed);
  }

  /** Drops everything from now on (a peer that vanishes). */
  public void blackhole(boolean on) {
    this.blackhole = on;
  }

  /** Offers a packet at {@code nowNanos}; the bytes are copied. */
  public void send(long nowNanos, byte[] buf, int off, int len) {
    packetsSent++;
    if (blackhole || config.lossRate > 0 && random.nextDouble() < config.lossRate) {
      packetsLost++;
      return;
    }
    long departure = nowNanos;
    if (config.bandwidthBitsPerSecond > 0) {
      long start = Math.max(nowNanos, serializerFreeNanos);
      long backlogBytes = (start - nowNanos) * config.bandwidthBitsPerSecond / 8 / 1_000_000_000L;
      if (backlogBytes + len > config.queueLimitBytes) {
        packetsQueueDropped++;
        return;
      }
      serializerFreeNanos = start + len * 8L * 1_000_000_000L / config.bandwidthBitsPerSecond;
      departure = serializerFreeNanos;
    }
    long at = departure + config.delayNanos;
    if (config.reorderRate > 0 && random.nextDouble() < config.reorderRate) {
      at += (long) (random.nextDouble() * config.reorderDelayNanos);
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    inFlight.add(new InFlight(at, seq++, copy));
    if (config.duplicateRate > 0 && random.nextDouble() < config.duplicateRate) {
      inFlight.add(new InFlight(at + 1 + (long) (random.nextDouble() * Math.max(1, config.reorderDelayNanos)), seq++, copy.clone()));
    }
  }

  /** When the next packet arrives, or Long.MAX_VALUE. */
  public long nextDeliveryNanos() {
    InFlight f = inFlight.peek();
    return f == null ? Long.MAX_VALUE : f.atNanos;
  }

  /** The next packet due at {@code nowNanos}, or null. */
  public byte[] poll(long nowNanos) {
    InFlight f = inFlight.peek();
    if (f == null || f.atNanos > nowNanos) {
      return null;
    }
    inFlight.poll();
    packetsDelivered++;
    bytesDelivered += f.data.length;
    return f.data;
  }

  /** Packets still travelling. */
  public int inFlightCount() {
    return inFlight.size();
  }
}
