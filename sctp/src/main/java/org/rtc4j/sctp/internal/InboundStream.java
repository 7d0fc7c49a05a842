package org.rtc4j.sctp.internal;

/**
 * Per incoming stream: the next SSN or MID to deliver in order, complete ordered messages that
 * arrived early, and (I-DATA) partial messages.
 */
final class InboundStream {
  final int id;
  /** Next ordered SSN (16 bits, DATA) or MID (32 bits, I-DATA) to deliver. */
  int expected;
  /** Complete ordered messages waiting for earlier ones, sorted by id. */
  Pending pending;
  /** I-DATA messages still missing fragments. */
  Partial partials;

  InboundStream(int id) {
    this.id = id;
  }

  /** A complete ordered message waiting for its turn. */
  static final class Pending {
    int messageId;
    int ppid;
    byte[] data;
    Pending next;
  }

  /** An I-DATA message still missing fragments (fragments sorted by FSN). */
  static final class Partial {
    boolean unordered;
    int messageId;
    int ppid;
    boolean hasBeginning;
    boolean hasEnd;
    int endFsn;
    int count;
    int bytes;
    Fragment fragments;
    Partial next;
  }
}
