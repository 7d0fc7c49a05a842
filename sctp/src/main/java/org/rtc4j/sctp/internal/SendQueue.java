package org.rtc4j.sctp.internal;

import java.util.function.IntConsumer;

/**
 * Messages waiting to be cut into chunks, per stream, served round-robin. With DATA a started
 * message is finished before another begins (its fragments need consecutive TSNs, RFC 9260
 * §6.9); with I-DATA the round-robin moves on after every fragment (RFC 8260 §3), so one large
 * message does not hold back the other streams.
 *
 * <p>Buffered amount (W3C {@code bufferedAmount}) counts the bytes not yet cut into chunks; when a
 * stream's amount falls from above its threshold to at most the threshold the listener is told.
 */
public final class SendQueue {
  private final IntMap<OutboundStream> streams = new IntMap<>();
  private final IntConsumer bufferedAmountLow;
  private OutboundStream cursor;
  private OutboundMessage current;
  private long totalBufferedBytes;
  private int queuedMessages;

  public SendQueue(IntConsumer bufferedAmountLow) {
    this.bufferedAmountLow = bufferedAmountLow;
  }

  public long totalBufferedBytes() {
    return totalBufferedBytes;
  }

  public int queuedMessages() {
    return queuedMessages;
  }

  public boolean isEmpty() {
    return queuedMessages == 0;
  }

  public long bufferedBytes(int streamId) {
    OutboundStream s = streams.get(streamId);
    return s == null ? 0 : s.bufferedBytes;
  }

  public void setLowThreshold(int streamId, long bytes) {
    stream(streamId).lowThresholdBytes = bytes;
  }

  public long lowThreshold(int streamId) {
    OutboundStream s = streams.get(streamId);
    return s == null ? 0 : s.lowThresholdBytes;
  }

  /** True if the stream has messages not yet fully cut into chunks. */
  public boolean hasQueued(int streamId) {
    OutboundStream s = streams.get(streamId);
    return s != null && s.head != null;
  }

  public boolean resetRequested(int streamId) {
    OutboundStream s = streams.get(streamId);
    return s != null && s.resetRequested;
  }

  public void setResetRequested(int streamId, boolean on) {
    stream(streamId).resetRequested = on;
    if (!on) {
      forgetIfIdle(streamId);
    }
  }

  /** RFC 6525 §5.2.2: after a performed reset the stream's sequence numbers restart at 0. */
  public void resetSequenceNumbers(int streamId) {
    OutboundStream s = streams.get(streamId);
    if (s != null) {
      s.nextSsn = 0;
      s.nextOrderedMid = 0;
      s.nextUnorderedMid = 0;
      forgetIfIdle(streamId);
    }
  }

  public void add(OutboundMessage m) {
    OutboundStream s = stream(m.streamId);
    if (s.tail == null) {
      s.head = s.tail = m;
    } else {
      s.tail.next = m;
      s.tail = m;
    }
    m.next = null;
    s.bufferedBytes += m.length;
    totalBufferedBytes += m.length;
    queuedMessages++;
    if (!s.active) {
      activate(s);
    }
  }

  /**
   * The message the next fragment comes from, or null. With DATA a started message is returned
   * until it is fully cut.
   */
  public OutboundMessage peek(boolean interleaving) {
    if (!interleaving && current != null) {
      return current;
    }
    return cursor == null ? null : cursor.head;
  }

  /** {@code bytes} of {@code m} (the message {@link #peek} returned) were cut into one chunk. */
  public void consumed(OutboundMessage m, int bytes, boolean interleaving) {
    OutboundStream s = streams.get(m.streamId);
    m.assigned += bytes;
    reduceBuffered(s, bytes);
    if (m.fullyAssigned()) {
      pop(s, m);
      current = null;
      advance(s);
    } else if (interleaving) {
      advance(s);
    } else {
      current = m;
    }
  }

  /**
   * Drops {@code m}'s bytes not yet cut (it expired or was abandoned) and removes it from its
   * stream's queue if it is still there.
   */
  public void discard(OutboundMessage m) {
    OutboundStream s = streams.get(m.streamId);
    if (s == null) {
      return;
    }
    int rest = m.length - m.assigned;
    m.assigned = m.length;
    if (current == m) {
      current = null;
    }
    boolean queued = false;
    for (OutboundMessage x = s.head; x != null; x = x.next) {
      if (x == m) {
        queued = true;
        break;
      }
    }
    if (queued) {
      pop(s, m);
      reduceBuffered(s, rest);
      if (s.head == null || cursor == s) {
        advance(s);
      }
    }
  }

  /** Stream ids whose outgoing queue is empty among {@code ids}. */
  public boolean allDrained(int[] ids) {
    for (int id : ids) {
      if (hasQueued(id)) {
        return false;
      }
    }
    return true;
  }

  private void pop(OutboundStream s, OutboundMessage m) {
    OutboundMessage prev = null;
    for (OutboundMessage x = s.head; x != null; prev = x, x = x.next) {
      if (x == m) {
        if (prev == null) {
          s.head = x.next;
        } else {
          prev.next = x.next;
        }
        if (s.tail == x) {
          s.tail = prev;
        }
        x.next = null;
        queuedMessages--;
        return;
      }
    }
  }

  private void reduceBuffered(OutboundStream s, int bytes) {
    long before = s.bufferedBytes;
    s.bufferedBytes -= bytes;
    totalBufferedBytes -= bytes;
    if (before > s.lowThresholdBytes && s.bufferedBytes <= s.lowThresholdBytes) {
      bufferedAmountLow.accept(s.id);
    }
  }

  /** Moves the round-robin cursor past {@code s}, taking {@code s} out of the ring if it is empty. */
  private void advance(OutboundStream s) {
    if (s.head == null) {
      deactivate(s);
    } else if (cursor == s) {
      cursor = s.next;
    }
  }

  private void activate(OutboundStream s) {
    s.active = true;
    if (cursor == null) {
      s.prev = s.next = s;
      cursor = s;
    } else {
      // Insert just before the cursor: the new stream is served after all the waiting ones.
      OutboundStream p = cursor.prev;
      p.next = s;
      s.prev = p;
      s.next = cursor;
      cursor.prev = s;
    }
  }

  private void deactivate(OutboundStream s) {
    if (!s.active) {
      return;
    }
    s.active = false;
    if (s.next == s) {
      cursor = null;
    } else {
      s.prev.next = s.next;
      s.next.prev = s.prev;
      if (cursor == s) {
        cursor = s.next;
      }
    }
    s.prev = s.next = null;
    forgetIfIdle(s.id);
  }

  OutboundStream stream(int id) {
    OutboundStream s = streams.get(id);
    if (s == null) {
      s = new OutboundStream(id);
      streams.put(id, s);
    }
    return s;
  }

  /** The next SSN or MID for a new message on {@code streamId}; advances the counter. */
  public int takeMessageId(int streamId, boolean unordered, boolean interleaving) {
    OutboundStream s = stream(streamId);
    if (interleaving) {
      return unordered ? s.nextUnorderedMid++ : s.nextOrderedMid++;
    }
    if (unordered) {
      return 0; // RFC 9260 §3.3.1: the SSN of unordered DATA is ignored.
    }
    int ssn = s.nextSsn;
    s.nextSsn = (ssn + 1) & 0xFFFF;
    return ssn;
  }

  /** Streams in the map (for memory tests). */
  public int streamCount() {
    return streams.size();
  }

  /** Frees per-stream state that holds nothing but defaults. */
  private void forgetIfIdle(int id) {
    OutboundStream s = streams.get(id);
    if (s != null && !s.active && s.idle()) {
      streams.remove(id);
    }
  }
}
