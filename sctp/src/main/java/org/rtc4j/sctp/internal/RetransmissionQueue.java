package org.rtc4j.sctp.internal;

import org.rtc4j.sctp.chunk.SackChunk;

/**
 * Sent chunks from the cumulative TSN ack point up to the highest TSN sent, in a ring indexed by
 * TSN (RFC 9260 §6.2.1 SACK processing, §7.2.4 fast retransmit with HTNA miss indications,
 * §6.3.3 marking on T3 expiry; RFC 3758 §3.5 abandoning and the Advanced.Peer.Ack.Point).
 * Tracks flight size (bytes in flight, for cwnd) and outstanding payload (for the peer's rwnd).
 */
public final class RetransmissionQueue {
  /** What one SACK did. Reused. */
  public static final class SackResult {
    public boolean ignored;
    public boolean violation;
    public boolean cumAdvanced;
    public long newlyAckedBytes;
    public long newlyAckedPayload;
    public long lostBytes;
    public boolean fastRetransmit;
    /** RTT sample from the timed chunk (one per round trip, RFC 9260 §6.3.1 C4), or -1. */
    public long rttNanos;
    /** Smallest RTT of the newly acknowledged chunks that were sent once, or -1. */
    public long minDelayNanos;
    public long flightBeforeBytes;
    /** The SACK advertised a zero receive window. */
    public boolean zeroWindow;
  }

  private final boolean lostRetransmissionDetection;
  private final SackResult result = new SackResult();
  private final Reclaimer reclaimer;
  private TxChunk[] ring = new TxChunk[16];
  private int mask = 15;
  private int count;
  private int cumTsnAck;
  private long flightBytes;
  private long outstandingPayload;
  private int toRetransmit;
  private int retransmitScanFrom;
  private TxChunk free;
  private int freeCount;
  // RTT timing (one chunk per round trip, RFC 9260 §6.3.1 C4, never a retransmitted one, C5).
  private int timedTsn;
  private boolean timing;

  /** Called when a message has no chunk left in the queue and nothing left to cut. */
  public interface Reclaimer {
    void reclaim(OutboundMessage m);
  }

  public RetransmissionQueue(int initialTsn, boolean lostRetransmissionDetection, Reclaimer reclaimer) {
    this.cumTsnAck = initialTsn - 1;
    this.lostRetransmissionDetection = lostRetransmissionDetection;
    this.reclaimer = reclaimer;
  }

  public int cumTsnAck() {
    return cumTsnAck;
  }

  /** Highest TSN handed out. */
  public int highestTsn() {
    return cumTsnAck + count;
  }

  public int size() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  public long flightBytes() {
    return flightBytes;
  }

  public long outstandingPayload() {
    return outstandingPayload;
  }

  public int toRetransmit() {
    return toRetransmit;
  }

  public int capacity() {
    return ring.length;
  }

  TxChunk at(int tsn) {
    int d = tsn - cumTsnAck - 1;
    return d >= 0 && d < count ? ring[tsn & mask] : null;
  }

  /** A fresh chunk object for the next TSN. */
  TxChunk newChunk() {
    TxChunk c = free;
    if (c != null) {
      free = c.nextFree;
      c.nextFree = null;
      freeCount--;
      return c;
    }
    return new TxChunk();
  }

  /** Adds a chunk just sent for the first time; its TSN must be {@link #highestTsn()} + 1. */
  void add(TxChunk c, long nowNanos) {
    if (count == ring.length) {
      grow();
    }
    ring[c.tsn & mask] = c;
    count++;
    c.state = TxChunk.IN_FLIGHT;
    c.inFlight = true;
    c.transmissions = 1;
    c.sentNanos = nowNanos;
    flightBytes += c.size;
    outstandingPayload += c.payloadLength;
    c.msg.chunksOutstanding++;
    if (!timing) {
      timing = true;
      timedTsn = c.tsn;
    }
  }

  /** A chunk marked for retransmission was sent again. */
  void retransmitted(TxChunk c, long nowNanos) {
    c.state = TxChunk.IN_FLIGHT;
    c.inFlight = true;
    c.transmissions++;
    c.sentNanos = nowNanos;
    c.missIndications = 0;
    c.retransmitMarkTsn = highestTsn();
    flightBytes += c.size;
    toRetransmit--;
    if (timing && timedTsn == c.tsn) {
      timing = false; // Karn: no sample from a retransmitted chunk
    }
  }

  /** The lowest chunk marked for retransmission at or after the scan hint, or null. */
  TxChunk nextToRetransmit() {
    if (toRetransmit == 0) {
      return null;
    }
    int start = Serial.lt(retransmitScanFrom, cumTsnAck + 1) ? cumTsnAck + 1 : retransmitScanFrom;
    for (int t = start, end = highestTsn(); Serial.le(t, end); t++) {
      TxChunk c = ring[t & mask];
      if (c.state == TxChunk.TO_RETRANSMIT) {
        retransmitScanFrom = t;
        return c;
      }
    }
    // Counts and states disagree only through a bug; resynchronise rather than spin.
    toRetransmit = 0;
    return null;
  }

  /**
   * Processes the SACK chunk at {@code off} (already checked by {@link SackChunk#check}).
   *
   * @param inFastRecovery the congestion controller is in fast recovery (miss indications then
   *     count for every reported gap once the cumulative ack advances, §7.2.4)
   */
  public SackResult handleSack(byte[] b, int off, long nowNanos, boolean inFastRecovery) {
    SackResult r = result;
    r.ignored = false;
    r.violation = false;
    r.cumAdvanced = false;
    r.newlyAckedBytes = 0;
    r.newlyAckedPayload = 0;
    r.lostBytes = 0;
    r.fastRetransmit = false;
    r.rttNanos = -1;
    r.minDelayNanos = -1;
    r.flightBeforeBytes = flightBytes;
    r.zeroWindow = SackChunk.aRwnd(b, off) == 0;
    int cum = SackChunk.cumulativeTsnAck(b, off);
    if (Serial.lt(cum, cumTsnAck)) {
      r.ignored = true; // §6.2.1 D i): an old SACK
      return r;
    }
    if (Serial.lt(highestTsn(), cum)) {
      r.violation = true; // acknowledges a TSN never sent
      return r;
    }
    int htna = cumTsnAck;
    boolean anyNew = false;
    while (cumTsnAck != cum) {
      int t = cumTsnAck + 1;
      TxChunk c = ring[t & mask];
      if (c.state != TxChunk.ACKED && c.state != TxChunk.ABANDONED) {
        acked(c, nowNanos, r);
        htna = t;
        anyNew = true;
      }
      ring[t & mask] = null;
      count--;
      cumTsnAck = t;
      release(c);
      r.cumAdvanced = true;
    }
    int gaps = SackChunk.gapCount(b, off);
    int prevEnd = 0;
    int highestReported = cum;
    for (int i = 0; i < gaps; i++) {
      int s = SackChunk.gapStart(b, off, i);
      int e = SackChunk.gapEnd(b, off, i);
      if (s == 0 || e < s || s <= prevEnd) {
        continue; // malformed or out of order: ignore the block
      }
      prevEnd = e;
      int from = cum + s;
      int to = cum + e;
      if (Serial.lt(highestTsn(), to)) {
        to = highestTsn();
      }
      for (int t = from; Serial.le(t, to); t++) {
        TxChunk c = ring[t & mask];
        if (c.state != TxChunk.ACKED && c.state != TxChunk.ABANDONED) {
          acked(c, nowNanos, r);
          c.state = TxChunk.ACKED;
          if (Serial.lt(htna, t)) {
            htna = t;
          }
          anyNew = true;
        }
      }
      if (Serial.lt(highestReported, to)) {
        highestReported = to;
      }
    }
    if (gaps > 0 && (anyNew || inFastRecovery)) {
      // Miss indications for the holes below the highest newly acked TSN (HTNA), or below the
      // highest reported TSN in fast recovery when the cumulative ack moved.
      int limit = inFastRecovery && r.cumAdvanced ? highestReported : htna;
      prevEnd = 0;
      for (int i = 0; i < gaps; i++) {
        int s = SackChunk.gapStart(b, off, i);
        int e = SackChunk.gapEnd(b, off, i);
        if (s == 0 || e < s || s <= prevEnd) {
          continue;
        }
        for (int t = cum + prevEnd + 1; t != cum + s && Serial.lt(t, limit); t++) {
          indicateMissing(ring[t & mask], htna, r);
        }
        prevEnd = e;
      }
    }
    return r;
  }

  /** The chunk is acknowledged or abandoned: it leaves the flight and the outstanding data. */
  private void settle(TxChunk c) {
    if (c.inFlight) {
      flightBytes -= c.size;
      c.inFlight = false;
    }
    if (c.state == TxChunk.TO_RETRANSMIT) {
      toRetransmit--;
    }
    outstandingPayload -= c.payloadLength;
  }

  private void acked(TxChunk c, long nowNanos, SackResult r) {
    settle(c);
    r.newlyAckedBytes += c.size;
    r.newlyAckedPayload += c.payloadLength;
    if (c.transmissions == 1) {
      long d = nowNanos - c.sentNanos;
      if (r.minDelayNanos < 0 || d < r.minDelayNanos) {
        r.minDelayNanos = d;
      }
    }
    if (timing && c.tsn == timedTsn) {
      timing = false;
      if (c.transmissions == 1) {
        r.rttNanos = nowNanos - c.sentNanos;
      }
    }
  }

  private void indicateMissing(TxChunk c, int htna, SackResult r) {
    if (c == null || c.state != TxChunk.IN_FLIGHT) {
      return;
    }
    if (c.fastRetransmitted) {
      // RFC 9260 §7.2.4: fast retransmit at most once. LOSS_TOLERANT: a retransmission is lost
      // again when TSNs sent after it are acknowledged while it is still missing.
      if (!lostRetransmissionDetection || Serial.le(htna, c.retransmitMarkTsn)) {
        return;
      }
    }
    if (++c.missIndications >= 3) {
      c.missIndications = 0;
      c.fastRetransmitted = true;
      markForRetransmit(c);
      r.lostBytes += c.size;
      r.fastRetransmit = true;
    }
  }

  private void markForRetransmit(TxChunk c) {
    if (c.inFlight) {
      flightBytes -= c.size;
      c.inFlight = false;
    }
    if (c.state != TxChunk.TO_RETRANSMIT) {
      c.state = TxChunk.TO_RETRANSMIT;
      toRetransmit++;
      if (Serial.lt(c.tsn, retransmitScanFrom) || toRetransmit == 1) {
        retransmitScanFrom = c.tsn;
      }
    }
  }

  /** §6.3.3 E3: every chunk in flight is marked for retransmission. Returns how many. */
  public int markAllForRetransmit() {
    int n = 0;
    for (int t = cumTsnAck + 1, end = highestTsn(); Serial.le(t, end); t++) {
      TxChunk c = ring[t & mask];
      if (c.state == TxChunk.IN_FLIGHT) {
        markForRetransmit(c);
        n++;
      }
    }
    timing = false;
    return n;
  }

  /**
   * Abandons every chunk of {@code m} not yet acknowledged (RFC 3758 §3.5 A1-A3): they leave the
   * flight and will be skipped with FORWARD TSN.
   */
  public void abandon(OutboundMessage m) {
    m.abandoned = true;
    if (m.chunksOutstanding == 0) {
      return;
    }
    int from = Serial.lt(m.firstTsn, cumTsnAck + 1) ? cumTsnAck + 1 : m.firstTsn;
    for (int t = from; Serial.le(t, m.lastTsn) && Serial.le(t, highestTsn()); t++) {
      TxChunk c = ring[t & mask];
      if (c.msg != m || c.state == TxChunk.ACKED || c.state == TxChunk.ABANDONED) {
        continue;
      }
      settle(c);
      c.state = TxChunk.ABANDONED;
      if (timing && c.tsn == timedTsn) {
        timing = false;
      }
    }
  }

  /** RFC 3758 §3.5 C1: the cumulative ack point moved over the abandoned chunks that follow it. */
  public int advancedPeerAckPoint() {
    int p = cumTsnAck;
    for (int i = 0; i < count; i++) {
      TxChunk c = ring[(p + 1) & mask];
      if (c.state != TxChunk.ABANDONED) {
        break;
      }
      p++;
    }
    return p;
  }

  /**
   * Visits the abandoned chunks up to {@code point} so the caller can list, per stream, the
   * last skipped SSN or MID (RFC 3758 §3.2, RFC 8260 §2.3.1).
   */
  public void forEachAbandoned(int point, AbandonedVisitor v) {
    for (int t = cumTsnAck + 1; Serial.le(t, point); t++) {
      TxChunk c = ring[t & mask];
      v.visit(c.msg.streamId, c.msg.unordered, c.messageId);
    }
  }

  /** Receives abandoned chunks' stream, ordering and SSN/MID. */
  public interface AbandonedVisitor {
    void visit(int streamId, boolean unordered, int messageId);
  }

  /** Walks every chunk in the queue (tests, T3 policy checks). */
  void forEach(java.util.function.Consumer<TxChunk> action) {
    for (int t = cumTsnAck + 1, end = highestTsn(); Serial.le(t, end); t++) {
      action.accept(ring[t & mask]);
    }
  }

  private void release(TxChunk c) {
    if (timing && c.tsn == timedTsn) {
      timing = false;
    }
    OutboundMessage m = c.msg;
    if (--m.chunksOutstanding == 0 && (m.fullyAssigned() || m.abandoned)) {
      reclaimer.reclaim(m);
    }
    c.clear();
    if (freeCount < 4096) {
      c.nextFree = free;
      free = c;
      freeCount++;
    }
  }

  /** Drops the free list (idle trimming). */
  public void trim() {
    free = null;
    freeCount = 0;
    if (count == 0 && ring.length > 16) {
      ring = new TxChunk[16];
      mask = 15;
    }
  }

  private void grow() {
    TxChunk[] bigger = new TxChunk[ring.length * 2];
    int m = bigger.length - 1;
    for (int t = cumTsnAck + 1, i = 0; i < count; i++, t++) {
      bigger[t & m] = ring[t & mask];
    }
    ring = bigger;
    mask = m;
  }
}
