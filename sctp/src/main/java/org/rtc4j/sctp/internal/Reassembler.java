package org.rtc4j.sctp.internal;

import org.rtc4j.sctp.SctpBufferPool;

/**
 * Reassembly and ordered delivery (RFC 9260 §6.5, §6.6, §6.9; RFC 8260 §2.1; RFC 3758 §3.6).
 *
 * <p>DATA: fragments of one message carry consecutive TSNs from B to E, so they are held in a
 * ring indexed by TSN and a message is complete when a B..E run has no hole. I-DATA: fragments are
 * grouped per stream by (U, MID) and ordered by FSN. A complete ordered message is delivered when
 * its SSN/MID is the stream's next; earlier arrivals wait, sorted. Unordered messages are
 * delivered on completion. A message of one chunk (B and E set) goes straight from the packet into
 * the array handed to the application.
 *
 * <p>Fragment payloads live in pooled arrays; {@link #heldBytes()} (payload plus a per-fragment
 * overhead) is what the association subtracts from its advertised receive window.
 */
public final class Reassembler {
  /** Receives complete messages; {@code data} belongs to the receiver. */
  public interface Sink {
    void deliver(int streamId, int ppid, boolean unordered, byte[] data);
  }

  /** Bookkeeping charged per held fragment or message, so tiny fragments cannot hide memory. */
  static final int OVERHEAD = 64;
  private static final int MAX_RING = 1 << 20;

  private final SctpBufferPool pool;
  private final Sink sink;
  private final boolean interleaved;
  private final int maxMessageBytes;
  private final IntMap<InboundStream> streams = new IntMap<>();
  private Fragment[] ring = new Fragment[16];
  private int mask = 15;
  private int lowTsn;
  private int highTsn;
  private int stored;
  private long heldBytes;
  private long oversizeDropped;
  private Fragment freeFragments;
  private int freeCount;

  public Reassembler(SctpBufferPool pool, Sink sink, boolean interleaved, int maxMessageBytes) {
    this.pool = pool;
    this.sink = sink;
    this.interleaved = interleaved;
    this.maxMessageBytes = maxMessageBytes;
  }

  /** Payload plus overhead of everything held (fragments and early ordered messages). */
  public long heldBytes() {
    return heldBytes;
  }

  /** Messages dropped for exceeding the local max message size. */
  public long oversizeDropped() {
    return oversizeDropped;
  }

  /** False if holding a DATA fragment with this TSN would stretch the ring past its cap. */
  public boolean canHold(int tsn) {
    if (interleaved || stored == 0) {
      return true;
    }
    int lo = Serial.lt(tsn, lowTsn) ? tsn : lowTsn;
    int hi = Serial.lt(highTsn, tsn) ? tsn : highTsn;
    return hi - lo < MAX_RING;
  }

  /** A DATA chunk's payload {@code b[off, off+len)}. */
  public void addData(int tsn, int streamId, int ssn, int ppid, int flags, byte[] b, int off, int len) {
    if ((flags & 3) == 3) {
      whole(streamId, ssn, ppid, flags, b, off, len);
      return;
    }
    Fragment f = fragment(tsn, streamId, ssn, 0, ppid, flags, b, off, len);
    store(f);
    tryCompleteRun(tsn);
  }

  /** An I-DATA chunk's payload. */
  public void addIData(int tsn, int streamId, int mid, int ppidOrFsn, int flags, byte[] b, int off, int len) {
    boolean unordered = (flags & 4) != 0;
    boolean begin = (flags & 2) != 0;
    if ((flags & 3) == 3) {
      whole(streamId, mid, ppidOrFsn, flags, b, off, len);
      return;
    }
    InboundStream s = stream(streamId);
    if (!unordered && Serial.lt(mid, s.expected)) {
      return; // already delivered or skipped
    }
    InboundStream.Partial p = findPartial(s, unordered, mid, true);
    int fsn = begin ? 0 : ppidOrFsn;
    if (p.hasEnd && Integer.compareUnsigned(fsn, p.endFsn) > 0
        || (flags & 1) != 0 && p.fragments != null && Integer.compareUnsigned(lastFsn(p), fsn) > 0) {
      dropPartial(s, p); // inconsistent fragments: give up on the message
      return;
    }
    Fragment f = fragment(tsn, streamId, mid, fsn, begin ? ppidOrFsn : 0, flags, b, off, len);
    if (!insertByFsn(p, f)) {
      freeFragment(f);
      return;
    }
    if (begin) {
      p.hasBeginning = true;
      p.ppid = ppidOrFsn;
    }
    if ((flags & 1) != 0) {
      p.hasEnd = true;
      p.endFsn = fsn;
    }
    p.count++;
    p.bytes += len;
    if (p.bytes > maxMessageBytes) {
      oversizeDropped++;
      dropPartial(s, p);
      return;
    }
    if (p.hasBeginning && p.hasEnd && p.count == p.endFsn + 1) {
      byte[] data = new byte[p.bytes];
      int at = 0;
      for (Fragment x = p.fragments; x != null; ) {
        System.arraycopy(x.buf, 0, data, at, x.length);
        at += x.length;
        Fragment n = x.next;
        freeFragment(x);
        x = n;
      }
      p.fragments = null;
      removePartial(s, p);
      complete(streamId, mid, p.ppid, unordered, data);
    }
  }

  /** A message in one chunk (B and E): straight from the packet into the receiver's array. */
  private void whole(int streamId, int messageId, int ppid, int flags, byte[] b, int off, int len) {
    if (len > maxMessageBytes) {
      oversizeDropped++;
      return;
    }
    byte[] data = new byte[len];
    System.arraycopy(b, off, data, 0, len);
    complete(streamId, messageId, ppid, (flags & 4) != 0, data);
  }

  private static int lastFsn(InboundStream.Partial p) {
    int last = -1;
    for (Fragment x = p.fragments; x != null; x = x.next) {
      last = x.fsn;
    }
    return last;
  }

  /** RFC 3758 §3.6: DATA fragments with TSN up to {@code newCum} will never complete. */
  public void forwardTsn(int newCum) {
    if (interleaved || stored == 0) {
      return;
    }
    while (stored > 0 && Serial.le(lowTsn, newCum)) {
      Fragment f = ring[lowTsn & mask];
      if (f != null && f.tsn == lowTsn) {
        remove(lowTsn);
        freeFragment(f);
      } else {
        lowTsn++;
      }
    }
  }

  /**
   * RFC 3758 §3.6 / RFC 8260 §2.3.2: the sender skipped ordered messages of {@code streamId} up to
   * {@code messageId}: deliver the complete ones waiting, drop partial ones, move on.
   */
  public void skipOrdered(int streamId, int messageId) {
    InboundStream s = stream(streamId);
    if (interleaved) {
      dropPartialsUpTo(s, false, messageId);
    }
    while (s.pending != null && !before(messageId, s.pending.messageId)) {
      InboundStream.Pending p = s.pending;
      s.pending = p.next;
      heldBytes -= p.data.length + OVERHEAD;
      sink.deliver(streamId, p.ppid, false, p.data);
    }
    if (!before(messageId, s.expected)) {
      s.expected = next(messageId);
    }
    drain(s);
  }

  /** RFC 8260 §2.3.2: unordered I-DATA messages of {@code streamId} up to {@code mid} were skipped. */
  public void skipUnordered(int streamId, int mid) {
    InboundStream s = streams.get(streamId);
    if (s != null) {
      dropPartialsUpTo(s, true, mid);
    }
  }

  /** RFC 6525 §5.2.2: the peer reset its outgoing stream; sequence numbers restart at 0. */
  public void resetStream(int streamId) {
    InboundStream s = streams.remove(streamId);
    if (s == null) {
      return;
    }
    for (InboundStream.Pending p = s.pending; p != null; p = p.next) {
      heldBytes -= p.data.length + OVERHEAD;
    }
    for (InboundStream.Partial p = s.partials; p != null; p = p.next) {
      for (Fragment x = p.fragments; x != null; ) {
        Fragment n = x.next;
        freeFragment(x);
        x = n;
      }
    }
  }

  /** Drops pooled objects kept for reuse (idle trimming). */
  public void trim() {
    freeFragments = null;
    freeCount = 0;
    if (stored == 0 && ring.length > 16) {
      ring = new Fragment[16];
      mask = 15;
    }
  }

  private void complete(int streamId, int messageId, int ppid, boolean unordered, byte[] data) {
    if (unordered) {
      sink.deliver(streamId, ppid, true, data);
      return;
    }
    InboundStream s = stream(streamId);
    if (messageId == s.expected) {
      s.expected = next(messageId);
      sink.deliver(streamId, ppid, false, data);
      drain(s);
    } else if (before(messageId, s.expected)) {
      return; // skipped by FORWARD TSN or a stale duplicate
    } else {
      InboundStream.Pending p = new InboundStream.Pending();
      p.messageId = messageId;
      p.ppid = ppid;
      p.data = data;
      heldBytes += data.length + OVERHEAD;
      InboundStream.Pending prev = null;
      InboundStream.Pending cur = s.pending;
      while (cur != null && before(cur.messageId, messageId)) {
        prev = cur;
        cur = cur.next;
      }
      if (cur != null && cur.messageId == messageId) {
        heldBytes -= data.length + OVERHEAD;
        return; // duplicate
      }
      p.next = cur;
      if (prev == null) {
        s.pending = p;
      } else {
        prev.next = p;
      }
    }
  }

  private void drain(InboundStream s) {
    while (s.pending != null && s.pending.messageId == s.expected) {
      InboundStream.Pending p = s.pending;
      s.pending = p.next;
      heldBytes -= p.data.length + OVERHEAD;
      s.expected = next(s.expected);
      sink.deliver(s.id, p.ppid, false, p.data);
    }
  }

  private boolean before(int a, int b) {
    return interleaved ? Serial.lt(a, b) : Serial.ssnLt(a, b);
  }

  private int next(int id) {
    return interleaved ? id + 1 : (id + 1) & 0xFFFF;
  }

  private InboundStream stream(int id) {
    InboundStream s = streams.get(id);
    if (s == null) {
      s = new InboundStream(id);
      streams.put(id, s);
    }
    return s;
  }

  // ---- DATA: ring of fragments by TSN ----

  private void tryCompleteRun(int tsn) {
    Fragment f = get(tsn);
    int e = tsn;
    Fragment cur = f;
    while (!cur.ending()) {
      Fragment n = get(e + 1);
      if (n == null || n.beginning() || !sameMessage(cur, n)) {
        return;
      }
      e++;
      cur = n;
    }
    int b = tsn;
    cur = f;
    while (!cur.beginning()) {
      Fragment p = get(b - 1);
      if (p == null || p.ending() || !sameMessage(p, cur)) {
        return;
      }
      b--;
      cur = p;
    }
    long total = 0;
    for (int t = b; Serial.le(t, e); t++) {
      total += get(t).length;
    }
    Fragment first = get(b);
    int streamId = first.streamId;
    int ssn = first.messageId;
    int ppid = first.ppid;
    boolean unordered = first.unordered();
    byte[] data = total > maxMessageBytes ? null : new byte[(int) total];
    int at = 0;
    for (int t = b; Serial.le(t, e); t++) {
      Fragment x = get(t);
      if (data != null) {
        System.arraycopy(x.buf, 0, data, at, x.length);
        at += x.length;
      }
      remove(t);
      freeFragment(x);
    }
    if (data == null) {
      oversizeDropped++;
      return;
    }
    complete(streamId, ssn, ppid, unordered, data);
  }

  private static boolean sameMessage(Fragment a, Fragment b) {
    return a.streamId == b.streamId && a.unordered() == b.unordered() && (a.unordered() || a.messageId == b.messageId);
  }

  private Fragment get(int tsn) {
    if (stored == 0 || Serial.lt(tsn, lowTsn) || Serial.lt(highTsn, tsn)) {
      return null;
    }
    Fragment f = ring[tsn & mask];
    return f != null && f.tsn == tsn ? f : null;
  }

  private void store(Fragment f) {
    int t = f.tsn;
    if (stored == 0) {
      lowTsn = highTsn = t;
    } else {
      int lo = Serial.lt(t, lowTsn) ? t : lowTsn;
      int hi = Serial.lt(highTsn, t) ? t : highTsn;
      if (hi - lo + 1 > ring.length) {
        grow(lo, hi);
      }
      lowTsn = lo;
      highTsn = hi;
    }
    if (ring[t & mask] != null && ring[t & mask].tsn == t) {
      freeFragment(f); // duplicate TSN (the tracker should have caught it)
      return;
    }
    ring[t & mask] = f;
    stored++;
  }

  private void remove(int tsn) {
    ring[tsn & mask] = null;
    if (--stored == 0) {
      return;
    }
    if (tsn == lowTsn) {
      do {
        lowTsn++;
      } while (ring[lowTsn & mask] == null || ring[lowTsn & mask].tsn != lowTsn);
    }
    if (tsn == highTsn) {
      do {
        highTsn--;
      } while (ring[highTsn & mask] == null || ring[highTsn & mask].tsn != highTsn);
    }
  }

  private void grow(int lo, int hi) {
    int cap = ring.length;
    while (cap < hi - lo + 1) {
      cap <<= 1;
    }
    Fragment[] bigger = new Fragment[cap];
    int m = cap - 1;
    if (stored > 0) {
      for (int t = lowTsn; Serial.le(t, highTsn); t++) {
        Fragment f = ring[t & mask];
        if (f != null && f.tsn == t) {
          bigger[t & m] = f;
        }
      }
    }
    ring = bigger;
    mask = m;
  }

  // ---- I-DATA partial messages ----

  private InboundStream.Partial findPartial(InboundStream s, boolean unordered, int mid, boolean create) {
    for (InboundStream.Partial p = s.partials; p != null; p = p.next) {
      if (p.unordered == unordered && p.messageId == mid) {
        return p;
      }
    }
    if (!create) {
      return null;
    }
    InboundStream.Partial p = new InboundStream.Partial();
    p.unordered = unordered;
    p.messageId = mid;
    p.next = s.partials;
    s.partials = p;
    return p;
  }

  private static boolean insertByFsn(InboundStream.Partial p, Fragment f) {
    Fragment prev = null;
    Fragment cur = p.fragments;
    while (cur != null && Integer.compareUnsigned(cur.fsn, f.fsn) < 0) {
      prev = cur;
      cur = cur.next;
    }
    if (cur != null && cur.fsn == f.fsn) {
      return false;
    }
    f.next = cur;
    if (prev == null) {
      p.fragments = f;
    } else {
      prev.next = f;
    }
    return true;
  }

  private void dropPartialsUpTo(InboundStream s, boolean unordered, int mid) {
    InboundStream.Partial p = s.partials;
    while (p != null) {
      InboundStream.Partial n = p.next;
      if (p.unordered == unordered && Serial.le(p.messageId, mid)) {
        dropPartial(s, p);
      }
      p = n;
    }
  }

  private void dropPartial(InboundStream s, InboundStream.Partial p) {
    for (Fragment x = p.fragments; x != null; ) {
      Fragment n = x.next;
      freeFragment(x);
      x = n;
    }
    p.fragments = null;
    removePartial(s, p);
  }

  private static void removePartial(InboundStream s, InboundStream.Partial p) {
    InboundStream.Partial prev = null;
    for (InboundStream.Partial x = s.partials; x != null; prev = x, x = x.next) {
      if (x == p) {
        if (prev == null) {
          s.partials = x.next;
        } else {
          prev.next = x.next;
        }
        return;
      }
    }
  }

  // ---- fragment pool ----

  private Fragment fragment(int tsn, int streamId, int messageId, int fsn, int ppid, int flags, byte[] b, int off, int len) {
    Fragment f = freeFragments;
    if (f != null) {
      freeFragments = f.next;
      freeCount--;
    } else {
      f = new Fragment();
    }
    f.next = null;
    f.tsn = tsn;
    f.streamId = streamId;
    f.messageId = messageId;
    f.fsn = fsn;
    f.ppid = ppid;
    f.flags = flags;
    f.length = len;
    f.buf = pool.acquire(len);
    System.arraycopy(b, off, f.buf, 0, len);
    heldBytes += len + OVERHEAD;
    return f;
  }

  private void freeFragment(Fragment f) {
    heldBytes -= f.length + OVERHEAD;
    pool.release(f.buf);
    f.buf = null;
    if (freeCount < 4096) {
      f.next = freeFragments;
      freeFragments = f;
      freeCount++;
    }
  }
}
