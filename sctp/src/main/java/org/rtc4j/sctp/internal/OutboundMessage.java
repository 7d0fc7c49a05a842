package org.rtc4j.sctp.internal;

/**
 * A user message queued for sending: its bytes (a pooled array), stream, PPID, ordering and
 * partial-reliability policy, and how far it has been cut into chunks. Pooled and reused.
 */
public final class OutboundMessage {
  int streamId;
  int ppid;
  boolean unordered;
  /** Retransmissions allowed (RFC 3758 "rtx" policy), or -1. */
  int maxRetransmits;
  /** Deadline of the "timed" policy, or Long.MAX_VALUE. */
  long expiryNanos;
  byte[] data;
  int length;
  /** Bytes already cut into chunks (and given TSNs). */
  int assigned;
  /** SSN (DATA) or MID (I-DATA), valid once the first chunk is cut. */
  int messageId;
  /** Next fragment sequence number (I-DATA). */
  int nextFsn;
  int firstTsn;
  int lastTsn;
  /** Chunks of this message in the retransmission queue. */
  int chunksOutstanding;
  boolean abandoned;
  OutboundMessage next;

  boolean started() {
    return assigned > 0;
  }

  boolean fullyAssigned() {
    return assigned == length;
  }

  void clear() {
    data = null;
    next = null;
    abandoned = false;
    assigned = 0;
    chunksOutstanding = 0;
    nextFsn = 0;
  }
}
