package org.rtc4j.peer.internal.cc;

/**
 * Groups packets into bursts and measures the delay variation between consecutive groups
 * (draft-ietf-rmcat-gcc-02 §5.2, §5.3): packets sent within {@value #BURST_NANOS} ns of a
 * group's first packet belong to it, and so does a packet that arrives within the same interval
 * of the group's last one with a negative delay variation (a burst a queue released at once).
 * When a packet opens a new group, the group before it is complete and its send and arrival
 * deltas to the group before that are ready ({@link #sendDeltaNanos()}, {@link
 * #arrivalDeltaNanos()}).
 *
 * <p>Packets come in arrival order. A packet sent before the current group began (reordered on
 * the path) is ignored; an arrival gap of more than {@value #RESET_NANOS} ns restarts the
 * grouping.
 */
final class InterArrival {
  static final long BURST_NANOS = 5_000_000L;
  static final long MAX_BURST_DURATION_NANOS = 100_000_000L;
  static final long RESET_NANOS = 3_000_000_000L;
  private static final long NONE = Long.MIN_VALUE;

  private long groupFirstSend = NONE;
  private long groupLastSend;
  private long groupFirstArrival;
  private long groupLastArrival;
  private long groupBytes;

  private long prevLastSend = NONE;
  private long prevLastArrival;
  private long prevBytes;

  private long sendDelta;
  private long arrivalDelta;
  private long sizeDelta;

  /**
   * One packet. Returns true if it completed a group and a delta to the previous group is ready.
   */
  boolean handlePacket(long sendNanos, long arrivalNanos, int sizeBytes) {
    if (groupFirstSend == NONE) {
      startGroup(sendNanos, arrivalNanos, sizeBytes);
      return false;
    }
    if (sendNanos < groupFirstSend) {
      return false; // reordered: belongs to a group already closed
    }
    if (arrivalNanos - groupLastArrival > RESET_NANOS) {
      prevLastSend = NONE;
      startGroup(sendNanos, arrivalNanos, sizeBytes);
      return false;
    }
    if (inGroup(sendNanos, arrivalNanos)) {
      groupLastSend = Math.max(groupLastSend, sendNanos);
      groupLastArrival = Math.max(groupLastArrival, arrivalNanos);
      groupBytes += sizeBytes;
      return false;
    }
    boolean ready = false;
    if (prevLastSend != NONE) {
      sendDelta = groupLastSend - prevLastSend;
      arrivalDelta = groupLastArrival - prevLastArrival;
      sizeDelta = groupBytes - prevBytes;
      ready = arrivalDelta >= 0;
    }
    prevLastSend = groupLastSend;
    prevLastArrival = groupLastArrival;
    prevBytes = groupBytes;
    startGroup(sendNanos, arrivalNanos, sizeBytes);
    return ready;
  }

  private boolean inGroup(long sendNanos, long arrivalNanos) {
    if (sendNanos - groupFirstSend <= BURST_NANOS) {
      return true;
    }
    long arrival = arrivalNanos - groupLastArrival;
    long variation = arrival - (sendNanos - groupLastSend);
    return variation < 0 && arrival <= BURST_NANOS
        && arrivalNanos - groupFirstArrival < MAX_BURST_DURATION_NANOS;
  }

  private void startGroup(long sendNanos, long arrivalNanos, int sizeBytes) {
    groupFirstSend = sendNanos;
    groupLastSend = sendNanos;
    groupFirstArrival = arrivalNanos;
    groupLastArrival = arrivalNanos;
    groupBytes = sizeBytes;
  }

  /** Send time of the last group's last packet minus that of the group before. */
  long sendDeltaNanos() {
    return sendDelta;
  }

  /** Arrival time of the last group's last packet minus that of the group before. */
  long arrivalDeltaNanos() {
    return arrivalDelta;
  }

  /** Bytes of the last complete group minus those of the group before. */
  long sizeDeltaBytes() {
    return sizeDelta;
  }

  void reset() {
    groupFirstSend = NONE;
    prevLastSend = NONE;
  }
}
