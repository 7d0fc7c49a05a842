package org.rtc4j.sctp.internal;

/** Per outgoing stream: its message queue, sequence counters and buffered amount. */
final class OutboundStream {
  final int id;
  OutboundMessage head;
  OutboundMessage tail;
  /** Next SSN for ordered DATA (16 bits). */
  int nextSsn;
  /** Next MID for ordered and unordered I-DATA (RFC 8260 §2.1 keeps separate counters). */
  int nextOrderedMid;
  int nextUnorderedMid;
  long bufferedBytes;
  long lowThresholdBytes;
  /** A reset was asked for: no new messages; the request goes out once the queue is empty. */
  boolean resetRequested;
  // Round-robin ring of streams with queued messages.
  OutboundStream prev;
  OutboundStream next;
  boolean active;

  OutboundStream(int id) {
    this.id = id;
  }

  boolean idle() {
    return head == null && bufferedBytes == 0 && nextSsn == 0 && nextOrderedMid == 0 && nextUnorderedMid == 0
        && lowThresholdBytes == 0 && !resetRequested;
  }
}
