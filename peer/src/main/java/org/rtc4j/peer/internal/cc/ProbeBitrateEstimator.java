package org.rtc4j.peer.internal.cc;

/**
 * Turns the feedback on a probe cluster's packets into a capacity estimate: the send rate
 * (bytes but the last over the send interval) and the receive rate (bytes but the first over the
 * arrival interval); their minimum, or 95% of the receive rate when it is clearly below the send
 * rate (the path saturated). A cluster counts once {@value #MIN_RECEIVED_FRACTION} of its planned
 * packets and bytes arrived, and only if both intervals are positive and under a second. Keeps the
 * last {@value #SLOTS} clusters; allocation-free.
 */
final class ProbeBitrateEstimator {
  static final int SLOTS = 8;
  static final double MIN_RECEIVED_FRACTION = 0.8;
  static final double SATURATED_RATIO = 0.9;
  static final double SATURATED_SHARE = 0.95;
  static final long MAX_INTERVAL_NANOS = 1_000_000_000L;

  private final int[] ids = new int[SLOTS];
  private final int[] minPackets = new int[SLOTS];
  private final int[] minBytes = new int[SLOTS];
  private final int[] packets = new int[SLOTS];
  private final long[] bytes = new long[SLOTS];
  private final long[] firstSend = new long[SLOTS];
  private final long[] lastSend = new long[SLOTS];
  private final int[] lastSendSize = new int[SLOTS];
  private final long[] firstArrival = new long[SLOTS];
  private final long[] lastArrival = new long[SLOTS];
  private final int[] firstArrivalSize = new int[SLOTS];
  private int next;
  private long result = -1;

  ProbeBitrateEstimator() {
    java.util.Arrays.fill(ids, -1);
  }

  /** Registers a cluster before it is sent (its planned size decides when it is complete). */
  void handleCluster(int id, int clusterMinBytes, int clusterMinPackets) {
    int s = next;
    next = (next + 1) % SLOTS;
    ids[s] = id;
    minPackets[s] = clusterMinPackets;
    minBytes[s] = clusterMinBytes;
    packets[s] = 0;
    bytes[s] = 0;
  }

  /** One received packet that was sent in cluster {@code id}. */
  void handlePacket(int id, long sendNanos, long arrivalNanos, int size) {
    int s = -1;
    for (int i = 0; i < SLOTS; i++) {
      if (ids[i] == id) {
        s = i;
      }
    }
    if (s < 0) {
      return;
    }
    if (packets[s] == 0) {
      firstSend[s] = sendNanos;
      lastSend[s] = sendNanos;
      lastSendSize[s] = size;
      firstArrival[s] = arrivalNanos;
      lastArrival[s] = arrivalNanos;
      firstArrivalSize[s] = size;
    } else {
      if (sendNanos < firstSend[s]) {
        firstSend[s] = sendNanos;
      }
      if (sendNanos >= lastSend[s]) {
        lastSend[s] = sendNanos;
        lastSendSize[s] = size;
      }
      if (arrivalNanos < firstArrival[s]) {
        firstArrival[s] = arrivalNanos;
        firstArrivalSize[s] = size;
      }
      lastArrival[s] = Math.max(lastArrival[s], arrivalNanos);
    }
    packets[s]++;
    bytes[s] += size;
    if (packets[s] < MIN_RECEIVED_FRACTION * minPackets[s] || bytes[s] < MIN_RECEIVED_FRACTION * minBytes[s]) {
      return;
    }
    long sendInterval = lastSend[s] - firstSend[s];
    long recvInterval = lastArrival[s] - firstArrival[s];
    if (sendInterval <= 0 || recvInterval <= 0 || sendInterval > MAX_INTERVAL_NANOS
        || recvInterval > MAX_INTERVAL_NANOS) {
      return;
    }
    double sendBps = (bytes[s] - lastSendSize[s]) * 8e9 / sendInterval;
    double recvBps = (bytes[s] - firstArrivalSize[s]) * 8e9 / recvInterval;
    double r = Math.min(sendBps, recvBps);
    if (recvBps < SATURATED_RATIO * sendBps) {
      r = SATURATED_SHARE * recvBps;
    }
    result = (long) r;
  }

  /** The latest probe estimate since the last call, or -1; clears it. */
  long pollResult() {
    long r = result;
    result = -1;
    return r;
  }
}
