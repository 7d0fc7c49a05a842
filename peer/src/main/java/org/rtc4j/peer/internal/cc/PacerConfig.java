package org.rtc4j.peer.internal.cc;

/**
 * How the {@link Pacer} spreads packets.
 *
 * @param pacingFactor the pacing rate as a multiple of the target bitrate (2.5: a frame's packets
 *     leave in well under a frame interval, and the queue drains after a key frame)
 * @param burstNanos how far ahead of the pacing rate packets may leave in one burst: the bucket
 *     holds {@code rate * burstNanos} bytes
 * @param maxQueueDelayNanos the pacing rate is raised so that what is queued leaves within this
 *     time (a key frame larger than the target allows must not wait seconds)
 * @param maxQueuedPackets enqueue refuses packets beyond this many (the core counts and drops them)
 * @param maxPaddingBytes the largest padding (or RTX probe) the pacer asks for at once
 */
public record PacerConfig(double pacingFactor, long burstNanos, long maxQueueDelayNanos, int maxQueuedPackets,
    int maxPaddingBytes) {
  /** 2.5x, 5 ms bursts, 2 s maximum queue delay, 4096 packets, 1200-byte padding. */
  public static final PacerConfig DEFAULT = new PacerConfig(2.5, 5_000_000L, 2_000_000_000L, 4096, 1200);

  /** Checks the values. */
  public PacerConfig {
    if (!(pacingFactor >= 1) || burstNanos < 0 || maxQueueDelayNanos <= 0 || maxQueuedPackets < 1
        || maxPaddingBytes < 1) {
      throw new IllegalArgumentException("bad pacer config");
    }
  }

  /** The same with another pacing factor. */
  public PacerConfig withPacingFactor(double factor) {
    return new PacerConfig(factor, burstNanos, maxQueueDelayNanos, maxQueuedPackets, maxPaddingBytes);
  }

  /** The same with another burst interval. */
  public PacerConfig withBurstNanos(long nanos) {
    return new PacerConfig(pacingFactor, nanos, maxQueueDelayNanos, maxQueuedPackets, maxPaddingBytes);
  }
}
