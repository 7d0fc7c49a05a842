package org.rtc4j.sctp.internal;

import java.util.function.IntConsumer;
import org.rtc4j.sctp.SctpBufferPool;
import org.rtc4j.sctp.chunk.Bytes;
import org.rtc4j.sctp.chunk.DataChunk;
import org.rtc4j.sctp.chunk.ForwardTsnChunk;
import org.rtc4j.sctp.chunk.IDataChunk;

/**
 * The sending half of the data path: queued messages ({@link SendQueue}), chunks in flight
 * ({@link RetransmissionQueue}), the peer's receive window and the rules that decide what goes
 * into the next packet: retransmissions first, then new chunks cut lazily to fill the packet
 * (RFC 9260 §6.1 A-D, §6.9), and partial reliability (RFC 3758 §3.5).
 *
 * <p>Message bytes are copied once, into a pooled array, when queued; chunks refer into that array
 * and are written straight into the caller's packet buffer. Nothing is allocated per message or
 * per packet in steady state.
 */
public final class DataSender {
  private final SctpBufferPool pool;
  private final SendQueue queue;
  private final CongestionController cc;
  private final boolean lostRetransmissionDetection;
  private RetransmissionQueue rtx;
  private boolean interleaving;
  private int nextTsn;
  private long peerRwnd;
  private OutboundMessage freeMessages;
  private int freeMessageCount;
  /** The next packet may carry fast retransmissions regardless of cwnd (RFC 9260 §7.2.4 3). */
  private boolean fastRetransmitBypass;
  private int lastForwardTsnPoint;
  private long lastForwardTsnNanos;
  private boolean forwardTsnDue;
  private final ForwardTsnSkips skips = new ForwardTsnSkips();

  // Counters.
  public long dataChunksSent;
  public long dataChunksRetransmitted;
  public long messagesSent;
  public long bytesSent;
  public long messagesAbandoned;
  public long fastRetransmits;
  public long forwardTsnsSent;

  public DataSender(SctpBufferPool pool, CongestionController cc, boolean lostRetransmissionDetection, IntConsumer bufferedAmountLow) {
    this.pool = pool;
    this.cc = cc;
    this.lostRetransmissionDetection = lostRetransmissionDetection;
    this.queue = new SendQueue(bufferedAmountLow);
  }

  /** The association is established: TSNs start at {@code initialTsn}. */
  public void start(int initialTsn, boolean interleaving, long peerRwnd) {
    if (rtx != null) {
      return;
    }
    this.nextTsn = initialTsn;
    this.interleaving = interleaving;
    this.peerRwnd = peerRwnd;
    this.lastForwardTsnPoint = initialTsn - 1;
    this.rtx = new RetransmissionQueue(initialTsn, lostRetransmissionDetection, this::reclaim);
  }

  public boolean started() {
    return rtx != null;
  }

  public SendQueue queue() {
    return queue;
  }

  public RetransmissionQueue retransmissionQueue() {
    return rtx;
  }

  public long peerRwnd() {
    return peerRwnd;
  }

  public int nextTsn() {
    return nextTsn;
  }

  public boolean interleaving() {
    return interleaving;
  }

  public long flightBytes() {
    return rtx == null ? 0 : rtx.flightBytes();
  }

  public long outstandingPayload() {
    return rtx == null ? 0 : rtx.outstandingPayload();
  }

  /** Nothing queued and nothing waiting for acknowledgement. */
  public boolean idle() {
    return queue.isEmpty() && (rtx == null || rtx.isEmpty());
  }

  /** Queues a copy of {@code b[off, off+len)}. */
  public void enqueue(long nowNanos, int streamId, int ppid, boolean unordered, int maxRetransmits, long lifetimeMillis,
      byte[] b, int off, int len) {
    OutboundMessage m = freeMessages;
    if (m != null) {
      freeMessages = m.next;
      freeMessageCount--;
      m.next = null;
    } else {
      m = new OutboundMessage();
    }
    m.streamId = streamId;
    m.ppid = ppid;
    m.unordered = unordered;
    m.maxRetransmits = maxRetransmits;
    m.expiryNanos = lifetimeMillis < 0 ? Long.MAX_VALUE : nowNanos + lifetimeMillis * 1_000_000L;
    m.data = pool.acquire(len);
    System.arraycopy(b, off, m.data, 0, len);
    m.length = len;
    m.assigned = 0;
    m.abandoned = false;
    m.chunksOutstanding = 0;
    m.nextFsn = 0;
    queue.add(m);
    messagesSent++;
  }

  /** True if a packet built now would carry DATA. */
  public boolean wantsToSend(long nowNanos) {
    if (rtx == null) {
      return false;
    }
    boolean cwndOpen = rtx.flightBytes() < cc.cwnd();
    if (rtx.toRetransmit() > 0 && (cwndOpen || fastRetransmitBypass)) {
      return true;
    }
    return !queue.isEmpty() && cwndOpen && (peerRwnd > 0 || rtx.outstandingPayload() == 0);
  }

  /**
   * Writes retransmissions and then new chunks into {@code dst[p, end)}; returns the new write
   * position. {@code packetHasChunks} says whether control chunks already precede.
   */
  public int writeData(long nowNanos, byte[] dst, int p, int end, boolean packetHasChunks, int maxPacketPayload) {
    if (rtx == null) {
      return p;
    }
    int start = p;
    boolean bypass = fastRetransmitBypass;
    fastRetransmitBypass = false;
    TxChunk c;
    while ((c = rtx.nextToRetransmit()) != null) {
      if (shouldAbandon(c.msg, c.transmissions, nowNanos)) {
        abandon(c.msg);
        continue;
      }
      int size = header() + c.payloadLength;
      if (size > end - p) {
        break;
      }
      if (!bypass && rtx.flightBytes() >= cc.cwnd()) {
        break;
      }
      writeChunk(dst, p, c);
      p += Bytes.pad4(size);
      rtx.retransmitted(c, nowNanos);
      dataChunksRetransmitted++;
    }
    if (rtx.toRetransmit() > 0 && p > start) {
      return p; // retransmissions still waiting: no new data yet
    }
    if (rtx.flightBytes() >= cc.cwnd()) {
      return p;
    }
    int hdr = header();
    OutboundMessage m;
    while ((m = queue.peek(interleaving)) != null) {
      if (m.expiryNanos <= nowNanos) {
        if (m.started()) {
          abandon(m);
        } else {
          queue.discard(m);
          messagesAbandoned++;
          reclaim(m);
        }
        continue;
      }
      int room = end - p - hdr;
      int remaining = m.length - m.assigned;
      boolean hasChunks = packetHasChunks || p > start;
      if (remaining > room) {
        // Do not cut a message that would fit whole in the next packet, nor make tiny fragments.
        if (hasChunks && (remaining <= maxPacketPayload - hdr || room < 256)) {
          break;
        }
        if (room <= 0) {
          break;
        }
      }
      int size = Math.min(remaining, room);
      // Zero window probe (RFC 9260 §6.1 A): one chunk while nothing is outstanding.
      boolean probe = size > peerRwnd;
      if (probe && rtx.outstandingPayload() > 0) {
        break;
      }
      int tsn = nextTsn++;
      boolean first = !m.started();
      if (first) {
        m.messageId = queue.takeMessageId(m.streamId, m.unordered, interleaving);
        m.firstTsn = tsn;
      }
      m.lastTsn = tsn;
      TxChunk t = rtx.newChunk();
      t.tsn = tsn;
      t.msg = m;
      t.dataOffset = m.assigned;
      t.payloadLength = size;
      t.flags = (m.unordered ? DataChunk.FLAG_UNORDERED : 0) | (first ? DataChunk.FLAG_BEGINNING : 0)
          | (m.assigned + size == m.length ? DataChunk.FLAG_END : 0);
      t.messageId = m.messageId;
      t.fsn = m.nextFsn++;
      t.size = hdr + size;
      writeChunk(dst, p, t);
      p += Bytes.pad4(hdr + size);
      rtx.add(t, nowNanos);
      queue.consumed(m, size, interleaving);
      peerRwnd = Math.max(0, peerRwnd - size);
      dataChunksSent++;
      bytesSent += size;
      if (probe) {
        break;
      }
    }
    return p;
  }

  private int header() {
    return interleaving ? IDataChunk.HEADER_LENGTH : DataChunk.HEADER_LENGTH;
  }

  private void writeChunk(byte[] dst, int p, TxChunk c) {
    OutboundMessage m = c.msg;
    if (interleaving) {
      boolean b = (c.flags & DataChunk.FLAG_BEGINNING) != 0;
      IDataChunk.writeHeader(dst, p, c.flags, c.payloadLength, c.tsn, m.streamId, c.messageId, b ? m.ppid : c.fsn);
      System.arraycopy(m.data, c.dataOffset, dst, p + IDataChunk.HEADER_LENGTH, c.payloadLength);
      zeroPad(dst, p + IDataChunk.HEADER_LENGTH + c.payloadLength);
    } else {
      DataChunk.writeHeader(dst, p, c.flags, c.payloadLength, c.tsn, m.streamId, c.messageId, m.ppid);
      System.arraycopy(m.data, c.dataOffset, dst, p + DataChunk.HEADER_LENGTH, c.payloadLength);
      zeroPad(dst, p + DataChunk.HEADER_LENGTH + c.payloadLength);
    }
  }

  private static void zeroPad(byte[] dst, int at) {
    for (int i = at, e = Bytes.pad4(at); i < e; i++) {
      dst[i] = 0;
    }
  }

  /**
   * Processes a SACK chunk (already checked) and the loss, window and PR consequences.
   */
  public RetransmissionQueue.SackResult handleSack(long nowNanos, byte[] b, int off) {
    RetransmissionQueue.SackResult r = rtx.handleSack(b, off, nowNanos, cc.inFastRecovery());
    if (r.ignored || r.violation) {
      return r;
    }
    if (r.minDelayNanos >= 0) {
      cc.onDelaySample(r.minDelayNanos, nowNanos);
    }
    if (r.fastRetransmit) {
      fastRetransmits++;
      cc.onLossDetected(r.lostBytes, rtx.highestTsn());
      fastRetransmitBypass = true;
      abandonMarked(nowNanos);
    }
    cc.onSack(rtx.cumTsnAck(), r.cumAdvanced, r.newlyAckedBytes, r.flightBeforeBytes, rtx.flightBytes(), rtx.highestTsn());
    int aRwnd = org.rtc4j.sctp.chunk.SackChunk.aRwnd(b, off);
    peerRwnd = Math.max(0, (aRwnd & 0xFFFFFFFFL) - rtx.outstandingPayload());
    updateForwardTsn(nowNanos, false);
    return r;
  }

  /** A SHUTDOWN's cumulative TSN ack, processed as a SACK without gap blocks (RFC 9260 §9.2). */
  public void handleCumulativeAck(long nowNanos, int cumTsnAck) {
    byte[] fake = new byte[16];
    Bytes.put32(fake, 4, cumTsnAck);
    Bytes.put32(fake, 8, (int) Math.min(Integer.MAX_VALUE, peerRwnd + rtx.outstandingPayload()));
    handleSack(nowNanos, fake, 0);
  }

  /** §6.3.3: the T3-rtx timer expired. Returns false if there was nothing outstanding. */
  public boolean onRetransmissionTimeout(long nowNanos) {
    if (rtx == null || rtx.isEmpty()) {
      return false;
    }
    cc.onRetransmissionTimeout();
    rtx.markAllForRetransmit();
    abandonMarked(nowNanos);
    updateForwardTsn(nowNanos, true);
    return true;
  }

  private void abandonMarked(long nowNanos) {
    if (rtx.toRetransmit() == 0) {
      return;
    }
    rtx.forEach(c -> {
      if (c.state == TxChunk.TO_RETRANSMIT && !c.msg.abandoned && shouldAbandon(c.msg, c.transmissions, nowNanos)) {
        abandon(c.msg);
      }
    });
  }

  private static boolean shouldAbandon(OutboundMessage m, int transmissions, long nowNanos) {
    return m.abandoned || (m.maxRetransmits >= 0 && transmissions > m.maxRetransmits) || m.expiryNanos <= nowNanos;
  }

  /** Abandons a started message: its chunks leave the flight and its unsent rest is dropped. */
  private void abandon(OutboundMessage m) {
    boolean already = m.abandoned;
    rtx.abandon(m);
    if (!m.fullyAssigned()) {
      queue.discard(m);
    }
    if (!already) {
      messagesAbandoned++;
    }
    forwardTsnDue = true;
    if (m.chunksOutstanding == 0) {
      reclaim(m);
    }
  }

  private void updateForwardTsn(long nowNanos, boolean timerExpired) {
    int point = rtx.advancedPeerAckPoint();
    if (point == rtx.cumTsnAck()) {
      forwardTsnDue = false;
      return;
    }
    if (point != lastForwardTsnPoint || timerExpired || nowNanos - lastForwardTsnNanos > 200_000_000L) {
      forwardTsnDue = true;
    }
  }

  /** True if a FORWARD TSN should go in the next packet. */
  public boolean forwardTsnDue() {
    return forwardTsnDue && rtx != null && rtx.advancedPeerAckPoint() != rtx.cumTsnAck();
  }

  /** Builds the FORWARD TSN or I-FORWARD-TSN for the current Advanced.Peer.Ack.Point. */
  public ForwardTsnChunk forwardTsnChunk(long nowNanos) {
    int point = rtx.advancedPeerAckPoint();
    skips.clear();
    rtx.forEachAbandoned(point, skips::add);
    forwardTsnDue = false;
    lastForwardTsnPoint = point;
    lastForwardTsnNanos = nowNanos;
    forwardTsnsSent++;
    return new ForwardTsnChunk(interleaving, point, skips.toList(interleaving));
  }

  private void reclaim(OutboundMessage m) {
    pool.release(m.data);
    m.clear();
    if (freeMessageCount < 1024) {
      m.next = freeMessages;
      freeMessages = m;
      freeMessageCount++;
    }
  }

  /** Drops pooled objects (idle trimming). */
  public void trim() {
    freeMessages = null;
    freeMessageCount = 0;
    if (rtx != null) {
      rtx.trim();
    }
  }
}
