package org.rtc4j.peer.internal;

import java.util.Arrays;
import org.rtc4j.media.FrameAssembler;

/**
 * When to ask for which lost packets again (RFC 4585 §6.2.1 generic NACK) on one receive stream,
 * as deadlines rather than a polling tick: a gap is NACKed as soon as it is seen, each packet
 * again after a retry interval (a little more than a round trip), at most {@link #MAX_NACKS} times,
 * until the jitter buffer has it or gives up on its frame.
 *
 * <p>{@link #collect} fills the caller's array with the sequence numbers due now and returns the
 * next deadline through {@link #deadlineNanos()}; nothing is allocated after construction.
 */
final class NackScheduler {
  static final int MAX_NACKS = 10;
  private static final int SLOTS = 1024;

  private final int[] slotSeq = new int[SLOTS];
  private final long[] lastNackAt = new long[SLOTS];
  private final long[] firstNackAt = new long[SLOTS];
  private final byte[] nacks = new byte[SLOTS];
  private final int[] missing = new int[512];
  private long deadlineNanos = Long.MAX_VALUE;

  NackScheduler() {
    Arrays.fill(slotSeq, -1);
  }

  /**
   * Writes into {@code due} the sequence numbers the assembler still misses whose NACK is due at
   * {@code nowNanos} (new gaps, and old ones whose retry interval has passed), marks them as
   * NACKed now and recomputes the next deadline.
   *
   * @return how many were written (at most {@code due.length})
   */
  int collect(long nowNanos, FrameAssembler assembler, long retryNanos, int[] due) {
    int n = assembler.missingSequenceNumbers(missing);
    int k = 0;
    long next = Long.MAX_VALUE;
    for (int i = 0; i < n; i++) {
      int seq = missing[i];
      int slot = seq & (SLOTS - 1);
      if (slotSeq[slot] != seq) {
        slotSeq[slot] = seq;
        nacks[slot] = 0;
        lastNackAt[slot] = Long.MIN_VALUE / 2;
        firstNackAt[slot] = Long.MIN_VALUE;
      }
      if (nacks[slot] >= MAX_NACKS) {
        continue;
      }
      long dueAt = lastNackAt[slot] + retryNanos;
      if (nowNanos - dueAt >= 0 && k < due.length) {
        if (nacks[slot]++ == 0) {
          firstNackAt[slot] = nowNanos;
        }
        lastNackAt[slot] = nowNanos;
        due[k++] = seq;
        dueAt = nowNanos + retryNanos;
        if (nacks[slot] >= MAX_NACKS) {
          continue;
        }
      }
      next = Math.min(next, dueAt);
    }
    deadlineNanos = next;
    return k;
  }

  /**
   * When {@code seq} was first NACKed, or {@link Long#MIN_VALUE} if it never was (or its slot went
   * to a later packet): a retransmission of it that arrives now took at least a round trip since.
   */
  long firstNackNanos(int seq) {
    int slot = seq & (SLOTS - 1);
    return slotSeq[slot] == seq && nacks[slot] > 0 ? firstNackAt[slot] : Long.MIN_VALUE;
  }

  /** When {@link #collect} next has something to NACK, or {@link Long#MAX_VALUE}. */
  long deadlineNanos() {
    return deadlineNanos;
  }
}
