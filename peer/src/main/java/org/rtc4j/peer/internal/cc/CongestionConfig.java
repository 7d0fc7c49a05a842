package org.rtc4j.peer.internal.cc;

/**
 * Bitrate bounds and start value of the send-side estimator.
 *
 * @param minBitrateBps the estimate never goes below this (bits per second)
 * @param startBitrateBps where the estimate starts, before any feedback
 * @param maxBitrateBps the estimate never goes above this (the sum of the senders' maximums)
 */
public record CongestionConfig(long minBitrateBps, long startBitrateBps, long maxBitrateBps) {
  /** 30 kbit/s minimum, 300 kbit/s start, 10 Mbit/s maximum. */
  public static final CongestionConfig DEFAULT = new CongestionConfig(30_000, 300_000, 10_000_000);

  /** Checks {@code 0 < min <= start <= max}. */
  public CongestionConfig {
    if (minBitrateBps <= 0 || startBitrateBps < minBitrateBps || maxBitrateBps < startBitrateBps) {
      throw new IllegalArgumentException("need 0 < min <= start <= max bitrate, got " + minBitrateBps
          + ", " + startBitrateBps + ", " + maxBitrateBps);
    }
  }

  /** The same with another maximum (the start is lowered to it if needed). */
  public CongestionConfig withMaxBitrateBps(long max) {
    return new CongestionConfig(Math.min(minBitrateBps, max), Math.min(startBitrateBps, max), max);
  }

  /** The same with another start bitrate. */
  public CongestionConfig withStartBitrateBps(long start) {
    return new CongestionConfig(minBitrateBps, start, maxBitrateBps);
  }

  long clamp(long bps) {
    return Math.max(minBitrateBps, Math.min(maxBitrateBps, bps));
  }
}
