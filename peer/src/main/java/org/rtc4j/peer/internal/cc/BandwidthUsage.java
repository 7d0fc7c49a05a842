package org.rtc4j.peer.internal.cc;

/** The over-use detector's signal (draft-ietf-rmcat-gcc-02 §5.4). */
enum BandwidthUsage {
  /** Delay neither grows nor shrinks beyond the threshold. */
  NORMAL,
  /** Queues are building: the sender is above the path's capacity. */
  OVERUSING,
  /** Queues are draining. */
  UNDERUSING
}
