package org.rtc4j.peer.internal.cc;

/**
 * A burst of packets sent at a chosen rate to measure the path (libwebrtc's probe cluster): the
 * {@link Pacer} sends at least {@code minPackets} packets and {@code minBytes} bytes at
 * {@code bitrateBps}, media when it has some, padding otherwise, each tagged with {@code id} so
 * that the feedback on them can be told apart.
 */
public record ProbeCluster(int id, long bitrateBps, int minBytes, int minPackets) {
  /** At least 5 packets; {@value #MIN_DURATION_NANOS} ns worth of bytes at the probe rate. */
  static final long MIN_DURATION_NANOS = 15_000_000L;
  static final int MIN_PACKETS = 5;

  static ProbeCluster of(int id, long bitrateBps) {
    int bytes = (int) Math.max(1, bitrateBps * MIN_DURATION_NANOS / 8_000_000_000L);
    return new ProbeCluster(id, bitrateBps, bytes, MIN_PACKETS);
  }
}
