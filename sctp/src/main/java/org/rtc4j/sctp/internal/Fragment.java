package org.rtc4j.sctp.internal;

/** A received DATA or I-DATA fragment held until its message is complete. Pooled. */
final class Fragment {
  int tsn;
  int streamId;
  /** SSN (DATA) or MID (I-DATA). */
  int messageId;
  /** FSN (I-DATA; 0 for the first fragment). */
  int fsn;
  int ppid;
  int flags;
  byte[] buf;
  int length;
  /** Next fragment of the same I-DATA message (by FSN) or the free list. */
  Fragment next;

  boolean beginning() {
    return (flags & 2) != 0;
  }

  boolean ending() {
    return (flags & 1) != 0;
  }

  boolean unordered() {
    return (flags & 4) != 0;
  }
}
