package org.rtc4j.sctp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rtc4j.sctp.chunk.AbortChunk;
import org.rtc4j.sctp.chunk.Bytes;
import org.rtc4j.sctp.chunk.Chunk;
import org.rtc4j.sctp.chunk.ChunkType;
import org.rtc4j.sctp.chunk.CookieEchoChunk;
import org.rtc4j.sctp.chunk.DataChunk;
import org.rtc4j.sctp.chunk.ErrorCause;
import org.rtc4j.sctp.chunk.ErrorChunk;
import org.rtc4j.sctp.chunk.ForwardTsnChunk;
import org.rtc4j.sctp.chunk.HeartbeatChunk;
import org.rtc4j.sctp.chunk.IDataChunk;
import org.rtc4j.sctp.chunk.InitChunk;
import org.rtc4j.sctp.chunk.Parameter;
import org.rtc4j.sctp.chunk.ReConfigChunk;
import org.rtc4j.sctp.chunk.ReConfigParameter;
import org.rtc4j.sctp.chunk.SackChunk;
import org.rtc4j.sctp.chunk.SctpChecksum;
import org.rtc4j.sctp.chunk.SctpPacket;
import org.rtc4j.sctp.chunk.SctpParseException;
import org.rtc4j.sctp.chunk.ShutdownChunk;
import org.rtc4j.sctp.chunk.SimpleChunk;
import org.rtc4j.sctp.internal.CongestionController;
import org.rtc4j.sctp.internal.DataSender;
import org.rtc4j.sctp.internal.DataTracker;
import org.rtc4j.sctp.internal.Reassembler;
import org.rtc4j.sctp.internal.RetransmissionQueue;
import org.rtc4j.sctp.internal.RtoEstimator;
import org.rtc4j.sctp.internal.Serial;
import org.rtc4j.sctp.internal.StateCookie;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association carried over DTLS (RFC 8261): every SCTP packet is the payload of one DTLS
 * application_data record; there is no IP or UDP header and no multihoming. Sans-IO: a plain
 * object fed with {@code handle*(nowNanos, ...)} that produces packets through
 * {@link #pollTransmit()}, events through {@link #pollEvent()} and its next deadline through
 * {@link #pollTimeout()}. No threads, no clock, no locks: the event loop that owns it is the lock.
 *
 * <h2>Driving contract</h2>
 *
 * After every input ({@link #handlePacket}, {@link #handleTimeout}, {@link #connect},
 * {@link #send}, {@link #resetStreams}, {@link #shutdown}, {@link #abort}): send every
 * {@code pollTransmit()} until it returns null, handle every {@code pollEvent()} until null, and
 * call {@link #handleTimeout} at {@code pollTimeout()}. The packet returned by
 * {@code pollTransmit()} is a view valid until the next call on this object.
 *
 * <pre>{@code
 * SctpAssociation sctp = new SctpAssociation(SctpConfig.defaults());
 * sctp.connect(now);                                    // both WebRTC peers may do this
 * // DTLS record in:  sctp.handlePacket(now, rec, 0, rec.length);
 * for (SctpTransmit t; (t = sctp.pollTransmit()) != null; ) {
 *   dtls.sendApplicationData(t.buffer(), t.offset(), t.length());
 * }
 * for (SctpEvent e; (e = sctp.pollEvent()) != null; ) {
 *   if (e instanceof SctpEvent.Message m) consume(m.streamId(), m.ppid(), m.data());
 * }
 * timer.rearm(sctp.pollTimeout());
 * }</pre>
 *
 * <h2>What is implemented</h2>
 *
 * RFC 9260: four-way handshake with an HMAC-signed state cookie and lifetime (§5.1), INIT
 * collision and duplicate COOKIE ECHO handling (§5.2), verification tags (§8.5), DATA and SACK
 * with gap blocks and duplicate TSNs (§6.2), delayed SACK (every second packet, at most 200 ms,
 * at once on gaps or duplicates), RTO rules (§6.3), fast retransmit and congestion control (§7),
 * fragmentation and reassembly (§6.9), HEARTBEAT (§8.3), ABORT, SHUTDOWN (§9), ERROR reports for
 * unknown chunks (§3.2), CRC32c (§6.8). RFC 3758 FORWARD TSN; RFC 6525 outgoing stream reset;
 * RFC 8260 I-DATA and I-FORWARD-TSN when both sides offer them. Not implemented: multihoming
 * (meaningless over DTLS), association restart (§5.2.4 action A: such a COOKIE ECHO is dropped),
 * ECN, AUTH and ASCONF.
 *
 * <p>Bad input never throws: it is counted ({@link #stats()}) and dropped, or answered with ABORT
 * where the RFC says so.
 */
public final class SctpAssociation {
  private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);
  private static final long MS = 1_000_000L;
  private static final long IDLE_TRIM_NANOS = 1_000 * MS;
  private static final int MAX_TSN_SPAN = 1 << 17;

  private final SctpConfig config;
  private final int maxPacket;
  private final SctpBufferPool pool;
  private final boolean privatePool;
  private final SctpChecksum checksum = new SctpChecksum();
  private final RtoEstimator rto;
  private final CongestionController cc;
  private final DataSender sender;
  private final ArrayDeque<byte[]> controlPackets = new ArrayDeque<>(2);
  private final List<Chunk> controlChunks = new ArrayList<>(2);
  private final ArrayDeque<SctpEvent> events = new ArrayDeque<>();
  private final SctpTransmit transmit = new SctpTransmit();
  private final org.rtc4j.sctp.internal.IntMap<SctpEvent.BufferedAmountLow> lowEvents = new org.rtc4j.sctp.internal.IntMap<>(4);
  private byte[] cookieKey;
  private byte[] txBuffer;

  private SctpState state = SctpState.CLOSED;
  private long now;
  private int localTag;
  private int peerTag;
  private int localInitialTsn;
  private int outboundStreams;
  private int inboundStreams;
  private boolean partialReliability;
  private boolean reconfig;
  private boolean interleaving;
  private InitChunk sentInit;
  private byte[] cookieToEcho;
  private int initRetransmits;
  private long initSentNanos;

  // Receive side.
  private DataTracker tracker;
  private Reassembler reassembler;
  private boolean sackNeeded;
  private boolean sackNow;
  private int dataPacketsSinceSack;
  private long pendingEventBytes;
  private int receiveWindow;
  private long receivedPayloadTotal;
  private long rateIntervalStartNanos;
  private long rateIntervalStartBytes;

  // Timers (absolute deadlines; Long.MAX_VALUE = not running).
  private long t1Deadline = Long.MAX_VALUE;
  private long t2Deadline = Long.MAX_VALUE;
  private long t3Deadline = Long.MAX_VALUE;
  private long ackDeadline = Long.MAX_VALUE;
  private long heartbeatDeadline = Long.MAX_VALUE;
  private long heartbeatAckDeadline = Long.MAX_VALUE;
  private long reconfigDeadline = Long.MAX_VALUE;
  private long idleDeadline = Long.MAX_VALUE;
  private int errorCount;
  private int shutdownRetransmits;
  private long heartbeatNonce;
  private long lastDataActivityNanos;

  // Stream reset (RFC 6525).
  private int nextRequestSeq;
  private int peerNextRequestSeq;
  private int lastIncomingResult;
  private final List<Integer> pendingResets = new ArrayList<>();
  private int[] resetInFlight;
  private ReConfigChunk resetRequestChunk;
  private int deferredResetSeq;
  private int deferredResetLastTsn;
  private int[] deferredResetStreams;

  // Events.
  private SctpEvent.Message freeMessages;
  private SctpEvent.Message lastMessage;

  // Counters.
  private long packetsSent;
  private long packetsReceived;
  private long messagesReceived;
  private long bytesReceived;
  private long duplicateTsns;
  private long checksumErrors;
  private long malformedPackets;
  private long droppedPackets;
  private long retransmissionTimeouts;
  private long rwndDrops;
  private int lastAdvertisedRwnd;

  /** A new association in {@link SctpState#CLOSED}: it answers an INIT, or {@link #connect}s. */
  public SctpAssociation(SctpConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.maxPacket = config.mtu() & ~3;
    this.privatePool = config.bufferPool() == null;
    this.pool = privatePool ? new SctpBufferPool(4L << 20) : config.bufferPool();
    this.rto = new RtoEstimator(config.rtoInitialMillis() * MS, config.rtoMinMillis() * MS, config.rtoMaxMillis() * MS,
        config.minRttVarianceMillis() * MS);
    this.cc = new CongestionController(maxPacket, config.initialCwndBytes(), config.congestionControl());
    this.sender = new DataSender(pool, cc, config.congestionControl() == SctpConfig.CongestionControl.LOSS_TOLERANT,
        this::bufferedAmountLow);
    this.receiveWindow = config.initialReceiveWindowBytes();
    this.lastAdvertisedRwnd = receiveWindow; // INIT and INIT ACK advertise the whole window
  }

  /** Buffered-amount-low events are immutable: one per stream, reused (no allocation per event). */
  private void bufferedAmountLow(int streamId) {
    SctpEvent.BufferedAmountLow e = lowEvents.get(streamId);
    if (e == null) {
      e = new SctpEvent.BufferedAmountLow(streamId);
      lowEvents.put(streamId, e);
    }
    events.add(e);
  }

  // ------------------------------------------------------------------ public API

  /** The current state. */
  public SctpState state() {
    return state;
  }

  /** The configuration. */
  public SctpConfig config() {
    return config;
  }

  /** Streams we may send on (known once connected; the configured OS before). */
  public int outboundStreams() {
    return outboundStreams > 0 ? outboundStreams : config.outboundStreams();
  }

  /** Streams the peer may send on (known once connected). */
  public int inboundStreams() {
    return inboundStreams;
  }

  /** True once both sides offered FORWARD TSN. */
  public boolean partialReliability() {
    return partialReliability;
  }

  /** True once both sides offered I-DATA. */
  public boolean interleaving() {
    return interleaving;
  }

  /**
   * Starts the handshake as the initiator: sends INIT (RFC 9260 §5.1 A). In WebRTC both peers
   * usually do this; the INIT collision is resolved by §5.2 into one association.
   */
  public void connect(long nowNanos) {
    this.now = nowNanos;
    if (state != SctpState.CLOSED) {
      throw new IllegalStateException("InvalidStateError: connect in state " + state);
    }
    ensureLocalIdentity();
    sentInit = new InitChunk(false, localTag, receiveWindow, config.outboundStreams(), config.inboundStreams(),
        localInitialTsn, localParameters());
    state = SctpState.COOKIE_WAIT;
    initRetransmits = 0;
    controlPackets.add(SctpPacket.encode(config.localPort(), config.remotePort(), 0, List.of(sentInit)));
    initSentNanos = nowNanos;
    t1Deadline = nowNanos + rto.rtoNanos();
    LOG.debug("SCTP INIT sent");
  }

  /**
   * Seeds the RTT estimator with a measurement from below (e.g. the ICE round trip), so the first
   * RTO fits the path instead of RTO.Initial.
   */
  public void seedRtt(long rttNanos) {
    if (rto.srttNanos() < 0 && rttNanos > 0) {
      rto.measure(rttNanos);
    }
  }

  /**
   * Queues a message. Its bytes are copied; the array may be reused on return. Messages may be
   * queued before the association is up; they go out once it is.
   *
   * @param streamId stream identifier (below {@link #outboundStreams()})
   * @param ppid payload protocol identifier
   * @param ordered in-order delivery on its stream, else the U bit is set
   * @param reliability full or partial reliability (RFC 3758)
   * @throws SendException if the message is empty, too large, the buffer is full, the stream is
   *     invalid or being reset, or the association is shutting down or over
   */
  public void send(long nowNanos, int streamId, int ppid, boolean ordered, Reliability reliability, byte[] buf, int off,
      int len) {
    this.now = nowNanos;
    Objects.requireNonNull(reliability, "reliability");
    Objects.checkFromIndexSize(off, len, buf.length);
    if (state.compareTo(SctpState.ESTABLISHED) > 0) {
      throw new SendException(SendException.Reason.INVALID_STATE, len, -1, "association is " + state);
    }
    if (streamId < 0 || streamId >= outboundStreams()) {
      throw new SendException(SendException.Reason.INVALID_STREAM, len, outboundStreams(),
          "stream " + streamId + " outside the " + outboundStreams() + " outbound streams");
    }
    if (len == 0) {
      throw new SendException(SendException.Reason.MESSAGE_TOO_LARGE, 0, -1,
          "SCTP cannot carry an empty message (RFC 9260 §3.3.1); data channels send one byte with an empty PPID");
    }
    if (sender.queue().resetRequested(streamId)) {
      throw new SendException(SendException.Reason.INVALID_STATE, len, -1, "stream " + streamId + " is being reset");
    }
    long free = config.maxSendBufferBytes() - sender.queue().totalBufferedBytes();
    if (len > free) {
      throw new SendException(SendException.Reason.BUFFER_FULL, len, free,
          "send buffer full: " + len + " bytes do not fit in the " + free + " free of " + config.maxSendBufferBytes());
    }
    if (sender.idle() && state == SctpState.ESTABLISHED && nowNanos - lastDataActivityNanos > rto.rtoNanos()) {
      cc.onIdle();
    }
    boolean pr = partialReliability || state != SctpState.ESTABLISHED;
    sender.enqueue(nowNanos, streamId, ppid, !ordered, pr ? reliability.maxRetransmits() : -1,
        pr ? reliability.maxLifetimeMillis() : -1, buf, off, len);
    lastDataActivityNanos = nowNanos;
    idleDeadline = Long.MAX_VALUE;
  }

  /** Bytes queued on {@code streamId} and not yet sent (W3C {@code bufferedAmount}). */
  public long bufferedAmount(int streamId) {
    return sender.queue().bufferedBytes(streamId);
  }

  /** Bytes queued on all streams and not yet sent. */
  public long bufferedAmount() {
    return sender.queue().totalBufferedBytes();
  }

  /** Sets the threshold under which {@link SctpEvent.BufferedAmountLow} fires for a stream. */
  public void setBufferedAmountLowThreshold(int streamId, long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("threshold " + bytes);
    }
    sender.queue().setLowThreshold(streamId, bytes);
  }

  /** The threshold of {@link #setBufferedAmountLowThreshold}. */
  public long bufferedAmountLowThreshold(int streamId) {
    return sender.queue().lowThreshold(streamId);
  }

  /**
   * Resets outgoing streams (RFC 6525 Outgoing SSN Reset Request): no new message is accepted on
   * them; once their queued messages are sent the request goes out, and
   * {@link SctpEvent.StreamsReset} reports it performed (sequence numbers restart at 0).
   */
  public void resetStreams(long nowNanos, int... streamIds) {
    this.now = nowNanos;
    if (state.compareTo(SctpState.ESTABLISHED) > 0) {
      throw new IllegalStateException("InvalidStateError: resetStreams in state " + state);
    }
    for (int id : streamIds) {
      if (id < 0 || id > 0xFFFF) {
        throw new IllegalArgumentException("stream " + id);
      }
      if (!pendingResets.contains(id) && !(resetInFlight != null && contains(resetInFlight, id))) {
        pendingResets.add(id);
        sender.queue().setResetRequested(id, true);
      }
    }
    maybeSendResetRequest();
  }

  /**
   * Graceful close (RFC 9260 §9.2): no new messages; once everything sent is acknowledged,
   * SHUTDOWN, SHUTDOWN ACK and SHUTDOWN COMPLETE end the association.
   */
  public void shutdown(long nowNanos) {
    this.now = nowNanos;
    switch (state) {
      case CLOSED:
      case COOKIE_WAIT:
      case COOKIE_ECHOED:
        terminate(CloseReason.SHUTDOWN, "shut down before the association was up");
        return;
      case ESTABLISHED:
        state = SctpState.SHUTDOWN_PENDING;
        maybeProgressShutdown();
        return;
      default:
        return;
    }
  }

  /** Ends the association at once with ABORT (User-Initiated Abort, RFC 9260 §9.1). */
  public void abort(long nowNanos, String reason) {
    this.now = nowNanos;
    if (state == SctpState.TERMINATED) {
      return;
    }
    sendAbort(ErrorCause.withText(ErrorCause.USER_INITIATED_ABORT, reason == null ? "" : reason));
    terminate(CloseReason.ABORTED_LOCALLY, reason == null ? "" : reason);
  }

  // ------------------------------------------------------------------ output

  /**
   * The next packet to send (the payload of one DTLS record), as a view into a buffer this
   * association reuses: valid until the next call on it. Null when there is nothing to send.
   */
  public SctpTransmit pollTransmit() {
    if (txBuffer == null) {
      txBuffer = new byte[Math.max(config.mtu(), 1500)];
    }
    byte[] pkt = controlPackets.poll();
    if (pkt != null) {
      packetsSent++;
      return transmit.set(pkt, 0, pkt.length);
    }
    int n = buildPacket(txBuffer, 0);
    return n == 0 ? null : transmit.set(txBuffer, 0, n);
  }

  /**
   * Writes the next packet into {@code dst} at {@code off} (at least {@link SctpConfig#mtu()}
   * bytes of room, or the length of a pending control packet) and returns its length, or 0 when
   * there is nothing to send.
   */
  public int pollTransmit(byte[] dst, int off) {
    byte[] pkt = controlPackets.peek();
    if (pkt != null) {
      if (dst.length - off < pkt.length) {
        throw new IllegalArgumentException("need " + pkt.length + " bytes of room");
      }
      controlPackets.poll();
      System.arraycopy(pkt, 0, dst, off, pkt.length);
      packetsSent++;
      return pkt.length;
    }
    if (dst.length - off < maxPacket) {
      throw new IllegalArgumentException("need " + maxPacket + " bytes of room");
    }
    return buildPacket(dst, off);
  }

  /**
   * The next event, or null. A returned {@link SctpEvent.Message} is reused by the next call.
   */
  public SctpEvent pollEvent() {
    if (lastMessage != null) {
      SctpEvent.Message m = lastMessage;
      lastMessage = null;
      m.data = null;
      m.next = freeMessages;
      freeMessages = m;
    }
    SctpEvent e = events.poll();
    if (e instanceof SctpEvent.Message m) {
      pendingEventBytes -= m.data.length;
      lastMessage = m;
      maybeSendWindowUpdate();
    }
    return e;
  }

  /**
   * The earliest deadline at which {@link #handleTimeout} must run, or {@link Long#MAX_VALUE}. It
   * is the time of the last input when output became due without one (a window update after the
   * application polled messages), so a driver that re-arms its timer after polling events sends it.
   */
  public long pollTimeout() {
    if (state == SctpState.TERMINATED) {
      return controlPackets.isEmpty() ? Long.MAX_VALUE : now;
    }
    if (sackNow && sackNeeded && tracker != null || !controlChunks.isEmpty() || !controlPackets.isEmpty()) {
      return now;
    }
    long t = Math.min(t1Deadline, t2Deadline);
    t = Math.min(t, t3Deadline);
    if (sackNeeded) {
      t = Math.min(t, ackDeadline);
    }
    t = Math.min(t, heartbeatDeadline);
    t = Math.min(t, heartbeatAckDeadline);
    t = Math.min(t, reconfigDeadline);
    return Math.min(t, idleDeadline);
  }

  /** Runs the timers due at {@code nowNanos}. */
  public void handleTimeout(long nowNanos) {
    this.now = nowNanos;
    if (state == SctpState.TERMINATED) {
      return;
    }
    if (t1Deadline <= nowNanos) {
      onT1();
    }
    if (t2Deadline <= nowNanos && state != SctpState.TERMINATED) {
      onT2();
    }
    if (t3Deadline <= nowNanos && state != SctpState.TERMINATED) {
      onT3();
    }
    if (ackDeadline <= nowNanos) {
      ackDeadline = Long.MAX_VALUE;
      if (sackNeeded) {
        sackNow = true;
      }
    }
    if (heartbeatAckDeadline <= nowNanos && state != SctpState.TERMINATED) {
      heartbeatAckDeadline = Long.MAX_VALUE;
      rto.backoff();
      if (!countError("heartbeat not acknowledged")) {
        return;
      }
    }
    if (heartbeatDeadline <= nowNanos && state != SctpState.TERMINATED) {
      onHeartbeatTimer();
    }
    if (reconfigDeadline <= nowNanos && state != SctpState.TERMINATED) {
      onReconfigTimer();
    }
    if (idleDeadline <= nowNanos) {
      idleDeadline = Long.MAX_VALUE;
      trimIfIdle();
    }
  }

  /** A snapshot of the association's figures. */
  public SctpStats stats() {
    return new SctpStats(state, rto.srttNanos() < 0 ? 0 : rto.srttNanos() / 1e6, rto.rtoNanos() / 1e6, cc.cwnd(),
        cc.ssthresh() == Long.MAX_VALUE ? -1 : cc.ssthresh(), sender.peerRwnd(), advertisedRwnd(), config.mtu(),
        sender.flightBytes(), sender.outstandingPayload(), sender.queue().totalBufferedBytes(), packetsSent, packetsReceived,
        sender.dataChunksSent, sender.dataChunksRetransmitted, sender.fastRetransmits, retransmissionTimeouts,
        sender.messagesSent, sender.bytesSent, messagesReceived, bytesReceived, sender.messagesAbandoned, duplicateTsns,
        sender.forwardTsnsSent, checksumErrors, malformedPackets, droppedPackets + rwndDrops,
        reassembler == null ? 0 : reassembler.oversizeDropped(), cc.reductions());
  }

  // ------------------------------------------------------------------ input

  /**
   * One SCTP packet (one DTLS application_data record). The bytes are read during the call only.
   * Never throws for bad input: it is counted and dropped.
   */
  public void handlePacket(long nowNanos, byte[] buf, int off, int len) {
    this.now = nowNanos;
    packetsReceived++;
    if (state == SctpState.TERMINATED) {
      droppedPackets++;
      return;
    }
    if (buf == null || off < 0 || len < SctpPacket.COMMON_HEADER_LENGTH + 4 || off > buf.length - len) {
      malformedPackets++;
      return;
    }
    if (!checksum.verify(buf, off, len)) {
      checksumErrors++;
      LOG.debug("SCTP packet dropped: bad checksum");
      return;
    }
    if (Bytes.u16(buf, off) != config.remotePort() || Bytes.u16(buf, off + 2) != config.localPort()) {
      droppedPackets++;
      LOG.debug("SCTP packet dropped: ports {} -> {}", Bytes.u16(buf, off), Bytes.u16(buf, off + 2));
      return;
    }
    int end = off + len;
    int first = off + SctpPacket.COMMON_HEADER_LENGTH;
    // Validate the chunk layout before acting on any chunk.
    int chunks = 0;
    for (int p = first; p < end; ) {
      int l = SctpPacket.chunkLength(buf, p, end);
      if (l < 0) {
        malformedPackets++;
        LOG.debug("SCTP packet dropped: chunk length at {} runs past the packet", p - off);
        return;
      }
      chunks++;
      p += Math.min(Bytes.pad4(l), end - p);
    }
    int vtag = Bytes.i32(buf, off + 4);
    int firstType = Bytes.u8(buf, first);
    if (!acceptTag(buf, first, end, vtag, firstType, chunks)) {
      droppedPackets++;
      LOG.debug("SCTP packet dropped: verification tag {} for {}", Integer.toHexString(vtag), ChunkType.name(firstType));
      return;
    }
    boolean hadGaps = tracker != null && tracker.hasGaps();
    boolean data = false;
    boolean immediate = false;
    try {
      for (int p = first; p < end && state != SctpState.TERMINATED; ) {
        int l = SctpPacket.chunkLength(buf, p, end);
        int type = Bytes.u8(buf, p);
        switch (type) {
          case ChunkType.DATA:
          case ChunkType.I_DATA:
            int r = handleData(buf, p, l, type == ChunkType.I_DATA);
            if (r < 0) {
              return;
            }
            data |= r > 0;
            immediate |= r == 2;
            break;
          case ChunkType.SACK:
            handleSack(buf, p, l);
            break;
          case ChunkType.INIT:
            handleInit((InitChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          case ChunkType.INIT_ACK:
            handleInitAck((InitChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          case ChunkType.COOKIE_ECHO:
            handleCookieEcho(vtag, (CookieEchoChunk) SctpPacket.parseChunk(buf, p, l));
            if (localTag == 0 || vtag != localTag) {
              return; // the cookie did not vouch for this packet's tag: nothing bundled is trusted
            }
            break;
          case ChunkType.COOKIE_ACK:
            handleCookieAck();
            break;
          case ChunkType.HEARTBEAT:
            handleHeartbeat((HeartbeatChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          case ChunkType.HEARTBEAT_ACK:
            handleHeartbeatAck((HeartbeatChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          case ChunkType.ABORT:
            handleAbort((AbortChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          case ChunkType.ERROR:
            handleError((ErrorChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          case ChunkType.SHUTDOWN:
            handleShutdown((ShutdownChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          case ChunkType.SHUTDOWN_ACK:
            handleShutdownAck(vtag);
            break;
          case ChunkType.SHUTDOWN_COMPLETE:
            handleShutdownComplete();
            break;
          case ChunkType.FORWARD_TSN:
          case ChunkType.I_FORWARD_TSN:
            handleForwardTsn((ForwardTsnChunk) SctpPacket.parseChunk(buf, p, l));
            data = true;
            break;
          case ChunkType.RE_CONFIG:
            handleReConfig((ReConfigChunk) SctpPacket.parseChunk(buf, p, l));
            break;
          default:
            if (ChunkType.reportedWhenUnknown(type) && peerTag != 0) {
              byte[] raw = java.util.Arrays.copyOfRange(buf, p, p + l);
              controlChunks.add(new ErrorChunk(List.of(new ErrorCause(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, raw))));
            }
            if (ChunkType.stopsProcessingWhenUnknown(type)) {
              LOG.debug("SCTP unknown chunk type {}: rest of packet dropped", type);
              return;
            }
            break;
        }
        p += Math.min(Bytes.pad4(l), end - p);
      }
    } catch (SctpParseException e) {
      malformedPackets++;
      LOG.debug("SCTP malformed chunk, rest of packet dropped: {}", e.getMessage());
    } finally {
      if (data && state != SctpState.TERMINATED) {
        scheduleSack(hadGaps, immediate);
        armIdleTrim(); // a side that only receives goes idle here
      }
    }
  }

  // ------------------------------------------------------------------ verification tags

  /** RFC 9260 §8.5 and §8.5.1. */
  private boolean acceptTag(byte[] buf, int first, int end, int vtag, int firstType, int chunks) {
    switch (firstType) {
      case ChunkType.INIT:
        return vtag == 0 && chunks == 1; // §8.5.1 A: an INIT travels alone with tag 0
      case ChunkType.ABORT:
      case ChunkType.SHUTDOWN_COMPLETE: {
        boolean t = (Bytes.u8(buf, first + 1) & 1) != 0;
        return localTag != 0 && (t ? vtag == peerTag && peerTag != 0 : vtag == localTag);
      }
      case ChunkType.COOKIE_ECHO:
        return true; // checked against the cookie's own tag (§8.5.1 D)
      default:
        return localTag != 0 && vtag == localTag && state != SctpState.CLOSED;
    }
  }

  // ------------------------------------------------------------------ handshake

  private void ensureLocalIdentity() {
    if (localTag == 0) {
      localTag = nonZeroRandom();
      localInitialTsn = config.random().nextInt();
    }
  }

  private int nonZeroRandom() {
    int v;
    do {
      v = config.random().nextInt();
    } while (v == 0);
    return v;
  }

  private List<Parameter> localParameters() {
    List<Parameter> params = new ArrayList<>(3);
    byte[] ext = config.interleaving()
        ? (config.partialReliability()
            ? new byte[] {(byte) ChunkType.RE_CONFIG, (byte) ChunkType.FORWARD_TSN, (byte) ChunkType.I_DATA, (byte) ChunkType.I_FORWARD_TSN}
            : new byte[] {(byte) ChunkType.RE_CONFIG, (byte) ChunkType.I_DATA})
        : (config.partialReliability()
            ? new byte[] {(byte) ChunkType.RE_CONFIG, (byte) ChunkType.FORWARD_TSN}
            : new byte[] {(byte) ChunkType.RE_CONFIG});
    params.add(new Parameter(Parameter.SUPPORTED_EXTENSIONS, ext));
    if (config.partialReliability()) {
      params.add(new Parameter(Parameter.FORWARD_TSN_SUPPORTED, new byte[0]));
    }
    return params;
  }

  private int peerFeatures(InitChunk init) {
    int f = 0;
    if (init.supportsExtension(ChunkType.FORWARD_TSN) || init.parameter(Parameter.FORWARD_TSN_SUPPORTED) != null) {
      f |= StateCookie.FEATURE_FORWARD_TSN;
    }
    if (init.supportsExtension(ChunkType.RE_CONFIG)) {
      f |= StateCookie.FEATURE_RE_CONFIG;
    }
    if (init.supportsExtension(ChunkType.I_DATA)) {
      f |= StateCookie.FEATURE_I_DATA;
    }
    return f;
  }

  private byte[] cookieKey() {
    if (cookieKey == null) {
      cookieKey = new byte[32];
      config.random().nextBytes(cookieKey);
    }
    return cookieKey;
  }

  /** RFC 9260 §5.1 B, §5.2.1, §5.2.2: answer an INIT with an INIT ACK carrying a state cookie. */
  private void handleInit(InitChunk init) {
    if (init.initiateTag() == 0 || init.outboundStreams() == 0 || init.inboundStreams() == 0) {
      malformedPackets++;
      return; // §3.3.2: silently discard
    }
    int tag;
    int tsn;
    int localTie = 0;
    int peerTie = 0;
    switch (state) {
      case CLOSED:
        tag = nonZeroRandom(); // stateless: the cookie remembers it
        tsn = config.random().nextInt();
        break;
      case COOKIE_WAIT:
      case COOKIE_ECHOED:
        tag = localTag; // §5.2.1: the parameters of our own INIT, unchanged
        tsn = localInitialTsn;
        break;
      case ESTABLISHED:
        tag = nonZeroRandom(); // §5.2.2: new tag, tie-tags = current tags
        tsn = config.random().nextInt();
        localTie = localTag;
        peerTie = peerTag;
        break;
      default:
        return; // shutting down: ignore
    }
    StateCookie cookie = new StateCookie(now, config.cookieLifetimeMillis() * MS, tag, init.initiateTag(), tsn,
        init.initialTsn(), init.aRwnd(), init.outboundStreams(), init.inboundStreams(), peerFeatures(init), localTie, peerTie);
    List<Parameter> params = new ArrayList<>(localParameters());
    params.add(new Parameter(Parameter.STATE_COOKIE, cookie.encode(cookieKey())));
    List<Parameter> unrecognized = unrecognizedParameters(init);
    for (Parameter u : unrecognized) {
      byte[] tlv = new byte[Bytes.pad4(u.encodedLength())];
      u.writeTo(tlv, 0);
      params.add(new Parameter(Parameter.UNRECOGNIZED_PARAMETER, java.util.Arrays.copyOf(tlv, u.encodedLength())));
    }
    InitChunk ack = new InitChunk(true, tag, receiveWindow, config.outboundStreams(), config.inboundStreams(), tsn, params);
    controlPackets.add(SctpPacket.encode(config.localPort(), config.remotePort(), init.initiateTag(), List.of(ack)));
  }

  /** RFC 9260 §3.2.1: unknown parameters whose type asks to be reported (bit 0x4000). */
  private static List<Parameter> unrecognizedParameters(InitChunk init) {
    List<Parameter> out = new ArrayList<>(0);
    for (Parameter p : init.parameters()) {
      switch (p.type()) {
        case Parameter.STATE_COOKIE:
        case Parameter.UNRECOGNIZED_PARAMETER:
        case Parameter.COOKIE_PRESERVATIVE:
        case Parameter.ECN_CAPABLE:
        case Parameter.ZERO_CHECKSUM_ACCEPTABLE:
        case Parameter.SUPPORTED_EXTENSIONS:
        case Parameter.FORWARD_TSN_SUPPORTED:
        case 0x8002: // Random (AUTH)
        case 0x8003: // Chunk List (AUTH)
        case 0x8004: // Requested HMAC Algorithm (AUTH)
        case 5: // IPv4 address
        case 6: // IPv6 address
        case 11: // Host Name
        case 12: // Supported Address Types
          continue;
        default:
          if (Parameter.reportedWhenUnknown(p.type())) {
            out.add(p);
          }
          if (Parameter.stopsProcessingWhenUnknown(p.type())) {
            return out;
          }
      }
    }
    return out;
  }

  /** RFC 9260 §5.1 C: INIT ACK in COOKIE-WAIT; anywhere else it is discarded (§5.2.3). */
  private void handleInitAck(InitChunk ack) {
    if (state != SctpState.COOKIE_WAIT) {
      return;
    }
    Parameter cookie = ack.parameter(Parameter.STATE_COOKIE);
    if (ack.initiateTag() == 0 || ack.outboundStreams() == 0 || ack.inboundStreams() == 0 || cookie == null) {
      malformedPackets++;
      return;
    }
    if (initRetransmits == 0) {
      measureRtt(now - initSentNanos); // Karn: only an INIT sent once
    }
    peerTag = ack.initiateTag();
    negotiate(ack.outboundStreams(), ack.inboundStreams(), peerFeatures(ack));
    prepareData(ack.initialTsn(), ack.aRwnd());
    cookieToEcho = cookie.value();
    state = SctpState.COOKIE_ECHOED;
    controlChunks.add(new CookieEchoChunk(cookieToEcho));
    initRetransmits = 0;
    t1Deadline = now + rto.rtoNanos();
  }

  /** RFC 9260 §5.1 D and the §5.2.4 table. */
  private void handleCookieEcho(int vtag, CookieEchoChunk echo) {
    StateCookie c = StateCookie.decode(cookieKey(), echo.cookie());
    if (c == null || vtag != c.localTag) {
      droppedPackets++;
      LOG.debug("SCTP COOKIE ECHO dropped: bad MAC or tag");
      return;
    }
    long stale = c.stalenessNanos(now);
    if (stale > 0) {
      byte[] us = new byte[4];
      Bytes.put32(us, 0, (int) Math.min(Integer.MAX_VALUE, stale / 1000));
      sendPacketWithTag(c.peerTag, new ErrorChunk(List.of(new ErrorCause(ErrorCause.STALE_COOKIE, us))));
      return;
    }
    switch (state) {
      case CLOSED:
        localTag = c.localTag;
        localInitialTsn = c.localInitialTsn;
        measureRtt(now - c.createdNanos); // INIT ACK out, COOKIE ECHO back: one round trip
        establishFromCookie(c);
        return;
      case COOKIE_WAIT:
      case COOKIE_ECHOED:
      case ESTABLISHED: {
        boolean localMatch = c.localTag == localTag;
        boolean peerMatch = peerTag != 0 && c.peerTag == peerTag;
        if (localMatch && (state != SctpState.ESTABLISHED || peerMatch)) {
          // Action B (collision: both sent INIT) or D (duplicate): enter or stay ESTABLISHED.
          if (state != SctpState.ESTABLISHED) {
            establishFromCookie(c);
          } else {
            controlChunks.add(SimpleChunk.cookieAck());
          }
          return;
        }
        // Action A (peer restart) is not supported; action C (late INIT) is discarded.
        droppedPackets++;
        LOG.debug("SCTP COOKIE ECHO dropped: tags local {} peer {} (restart or late INIT)", localMatch, peerMatch);
        return;
      }
      default:
        // §9.2: a COOKIE ECHO while shutting down gets an ERROR.
        sendPacketWithTag(c.peerTag, new ErrorChunk(List.of(new ErrorCause(ErrorCause.COOKIE_WHILE_SHUTTING_DOWN, new byte[0]))));
    }
  }

  private void establishFromCookie(StateCookie c) {
    peerTag = c.peerTag;
    if (tracker == null) {
      negotiate(c.peerOutboundStreams, c.peerInboundStreams, c.peerFeatures);
      prepareData(c.peerInitialTsn, c.peerARwnd);
    }
    controlChunks.removeIf(x -> x instanceof CookieEchoChunk);
    controlChunks.add(0, SimpleChunk.cookieAck());
    established();
  }

  private void negotiate(int peerOs, int peerMis, int features) {
    outboundStreams = Math.min(config.outboundStreams(), peerMis);
    inboundStreams = Math.min(config.inboundStreams(), peerOs);
    partialReliability = config.partialReliability() && (features & StateCookie.FEATURE_FORWARD_TSN) != 0;
    reconfig = (features & StateCookie.FEATURE_RE_CONFIG) != 0;
    interleaving = config.interleaving() && (features & StateCookie.FEATURE_I_DATA) != 0;
  }

  private void prepareData(int peerInitialTsn, int peerARwnd) {
    long rwnd = peerARwnd & 0xFFFFFFFFL;
    tracker = new DataTracker(peerInitialTsn, MAX_TSN_SPAN);
    reassembler = new Reassembler(pool, this::deliver, interleaving, config.maxReceiveMessageBytes());
    sender.start(localInitialTsn, interleaving, rwnd);
    cc.setInitialSsthresh(rwnd);
    nextRequestSeq = localInitialTsn;
    peerNextRequestSeq = peerInitialTsn;
    lastIncomingResult = ReConfigParameter.Response.SUCCESS_NOTHING_TO_DO;
  }

  private void handleCookieAck() {
    if (state == SctpState.COOKIE_ECHOED) {
      established();
    }
  }

  private void established() {
    state = SctpState.ESTABLISHED;
    t1Deadline = Long.MAX_VALUE;
    cookieToEcho = null;
    sentInit = null;
    errorCount = 0;
    lastDataActivityNanos = now;
    scheduleHeartbeat();
    LOG.debug("SCTP association established: streams {}/{}, PR {}, I-DATA {}", outboundStreams, inboundStreams,
        partialReliability, interleaving);
    events.add(new SctpEvent.Connected(outboundStreams, inboundStreams, partialReliability, interleaving));
    maybeSendResetRequest();
  }

  private void onT1() {
    t1Deadline = Long.MAX_VALUE;
    if (state != SctpState.COOKIE_WAIT && state != SctpState.COOKIE_ECHOED) {
      return;
    }
    if (++initRetransmits > config.maxInitRetransmits()) {
      terminate(CloseReason.HANDSHAKE_FAILED, (state == SctpState.COOKIE_WAIT ? "INIT" : "COOKIE ECHO") + " not answered after "
          + config.maxInitRetransmits() + " retransmissions");
      return;
    }
    rto.backoff();
    if (state == SctpState.COOKIE_WAIT) {
      controlPackets.add(SctpPacket.encode(config.localPort(), config.remotePort(), 0, List.of(sentInit)));
    } else {
      controlChunks.removeIf(x -> x instanceof CookieEchoChunk);
      controlChunks.add(0, new CookieEchoChunk(cookieToEcho));
    }
    t1Deadline = now + rto.rtoNanos();
  }

  // ------------------------------------------------------------------ data in

  /** Returns -1 to stop processing, 0 if nothing new, 1 new data, 2 new data asking for an immediate SACK. */
  private int handleData(byte[] b, int p, int l, boolean idata) {
    if (state == SctpState.COOKIE_ECHOED) {
      established(); // the peer has the association: its DATA is an implicit COOKIE ACK
    }
    if (state != SctpState.ESTABLISHED && state != SctpState.SHUTDOWN_PENDING && state != SctpState.SHUTDOWN_SENT) {
      droppedPackets++;
      return 0;
    }
    int hdr = idata ? IDataChunk.HEADER_LENGTH : DataChunk.HEADER_LENGTH;
    if (l < hdr) {
      malformedPackets++;
      return -1;
    }
    if (idata != interleaving) {
      // RFC 8260 §2.1: DATA and I-DATA must not be mixed on one association.
      protocolViolation(idata ? "I-DATA without negotiating it" : "DATA after negotiating I-DATA");
      return -1;
    }
    int tsn = DataChunk.tsn(b, p);
    int len = l - hdr;
    if (len == 0) {
      byte[] t = new byte[4];
      Bytes.put32(t, 0, tsn);
      sendAbort(new ErrorCause(ErrorCause.NO_USER_DATA, t));
      terminate(CloseReason.PROTOCOL_VIOLATION, "DATA chunk without user data");
      return -1;
    }
    int flags = Bytes.u8(b, p + 1);
    int streamId = DataChunk.streamId(b, p);
    if (streamId >= inboundStreams) {
      if (tracker.observe(tsn) == DataTracker.NEW) {
        byte[] info = new byte[4];
        Bytes.put16(info, 0, streamId);
        controlChunks.add(new ErrorChunk(List.of(new ErrorCause(ErrorCause.INVALID_STREAM_IDENTIFIER, info))));
        checkDeferredReset();
      }
      return 1;
    }
    if (deferredResetStreams != null && Serial.lt(deferredResetLastTsn, tsn) && contains(deferredResetStreams, streamId)) {
      droppedPackets++; // RFC 6525 §5.2.2: held back until the reset is done; the peer retransmits
      return 0;
    }
    // RFC 9260 §6.2: with the buffer full, new data beyond the highest TSN received is dropped
    // (not acknowledged; the SACK tells the sender the window); data filling a hole is taken,
    // since it is what lets held fragments go.
    long limit = receiveWindow + (receiveWindow >> 3);
    if (Serial.lt(tracker.highestTsn(), tsn)
        && (reassembler.heldBytes() + pendingEventBytes + len > limit || !reassembler.canHold(tsn))) {
      rwndDrops++;
      sackNeeded = true;
      sackNow = true;
      return 0;
    }
    int seen = tracker.observe(tsn);
    if (seen == DataTracker.DUPLICATE) {
      duplicateTsns++;
      sackNow = true; // §6.2: duplicates are reported at once
      return 1;
    }
    if (seen == DataTracker.TOO_FAR) {
      droppedPackets++;
      return 0;
    }
    receivedPayloadTotal += len;
    if (idata) {
      reassembler.addIData(tsn, streamId, IDataChunk.mid(b, p), IDataChunk.ppidOrFsn(b, p), flags, b, p + hdr, len);
    } else {
      reassembler.addData(tsn, streamId, DataChunk.ssn(b, p), DataChunk.ppid(b, p), flags, b, p + hdr, len);
    }
    maybeGrowReceiveWindow();
    checkDeferredReset();
    return (flags & DataChunk.FLAG_IMMEDIATE) != 0 ? 2 : 1;
  }

  private void deliver(int streamId, int ppid, boolean unordered, byte[] data) {
    SctpEvent.Message m = freeMessages;
    if (m != null) {
      freeMessages = m.next;
      m.next = null;
    } else {
      m = new SctpEvent.Message();
    }
    m.streamId = streamId;
    m.ppid = ppid;
    m.unordered = unordered;
    m.data = data;
    events.add(m);
    pendingEventBytes += data.length;
    messagesReceived++;
    bytesReceived += data.length;
  }

  /** RFC 9260 §6.2: SACK every second packet with DATA, within the delayed-ack time, at once on gaps. */
  private void scheduleSack(boolean hadGaps, boolean immediate) {
    sackNeeded = true;
    dataPacketsSinceSack++;
    if (state == SctpState.SHUTDOWN_SENT) {
      // §9.2: in SHUTDOWN-SENT every packet with DATA is answered at once with a SHUTDOWN.
      controlChunks.removeIf(x -> x instanceof ShutdownChunk);
      controlChunks.add(new ShutdownChunk(tracker.cumTsn()));
      t2Deadline = now + rto.rtoNanos();
    }
    if (immediate || dataPacketsSinceSack >= 2 || tracker.hasGaps() || hadGaps || tracker.hasDuplicates()
        || state == SctpState.SHUTDOWN_SENT) {
      sackNow = true;
    } else if (ackDeadline == Long.MAX_VALUE) {
      ackDeadline = now + Math.min(config.delayedAckMillis() * MS, rto.rtoNanos() / 2);
    }
  }

  private int advertisedRwnd() {
    if (reassembler == null) {
      return receiveWindow;
    }
    long free = receiveWindow - reassembler.heldBytes() - pendingEventBytes;
    return (int) Math.max(0, free);
  }

  /**
   * Receive-window autotuning, in the spirit of Linux's dynamic right-sizing: once per smoothed
   * RTT, if the peer's new data in that time plus what we hold (out of order, or not yet polled)
   * exceeds half the window, the window may be what limits the peer, so it doubles, up to the
   * configured maximum. Memory is spent only on data actually held, never for the advertisement.
   */
  private void maybeGrowReceiveWindow() {
    long interval = rto.srttNanos() > 0 ? rto.srttNanos() : 100 * MS;
    if (now - rateIntervalStartNanos < interval) {
      return;
    }
    long bytes = receivedPayloadTotal - rateIntervalStartBytes + reassembler.heldBytes() + pendingEventBytes;
    rateIntervalStartNanos = now;
    rateIntervalStartBytes = receivedPayloadTotal;
    if (bytes * 2 > receiveWindow && receiveWindow < config.maxReceiveWindowBytes()) {
      receiveWindow = (int) Math.min(config.maxReceiveWindowBytes(), 2L * receiveWindow);
      sackNow = true; // tell the sender now
    }
  }

  /**
   * RFC 9260 §6.2: after the application consumed enough to reopen a window that had nearly
   * closed, a SACK tells the sender (receiver-side silly window syndrome avoidance: only when a
   * quarter of the window came free).
   */
  private void maybeSendWindowUpdate() {
    if (tracker == null || state == SctpState.TERMINATED || lastAdvertisedRwnd >= receiveWindow / 2) {
      return;
    }
    if (advertisedRwnd() >= lastAdvertisedRwnd + receiveWindow / 4) {
      sackNeeded = true;
      sackNow = true;
    }
  }

  private void handleForwardTsn(ForwardTsnChunk f) {
    if (tracker == null || state.compareTo(SctpState.ESTABLISHED) < 0) {
      return;
    }
    if (f.interleaved() != interleaving || !partialReliability) {
      protocolViolation("unexpected " + ChunkType.name(f.type()));
      return;
    }
    int newCum = f.newCumulativeTsn();
    if (Serial.lt(tracker.highestTsn() + MAX_TSN_SPAN, newCum)) {
      malformedPackets++;
      return;
    }
    if (!tracker.forwardTo(newCum)) {
      sackNow = true; // an old FORWARD TSN: the SACK tells the sender where we are
      return;
    }
    reassembler.forwardTsn(newCum);
    for (ForwardTsnChunk.Skip s : f.skips()) {
      if (s.streamId() >= inboundStreams) {
        continue;
      }
      if (s.unordered()) {
        reassembler.skipUnordered(s.streamId(), s.messageId());
      } else {
        reassembler.skipOrdered(s.streamId(), s.messageId());
      }
    }
    sackNow = true;
    checkDeferredReset();
  }

  // ------------------------------------------------------------------ SACK in

  private void handleSack(byte[] b, int p, int l) {
    String bad = SackChunk.check(b, p, l);
    if (bad != null) {
      malformedPackets++;
      return;
    }
    if (!sender.started() || state.compareTo(SctpState.ESTABLISHED) < 0 && state != SctpState.COOKIE_ECHOED) {
      return;
    }
    if (state == SctpState.COOKIE_ECHOED) {
      established();
    }
    RetransmissionQueue.SackResult r = sender.handleSack(now, b, p);
    afterAck(r);
  }

  private void afterAck(RetransmissionQueue.SackResult r) {
    if (r.ignored) {
      return;
    }
    if (r.violation) {
      protocolViolation("SACK acknowledges a TSN that was never sent");
      return;
    }
    if (r.rttNanos >= 0) {
      measureRtt(r.rttNanos);
    }
    if (r.cumAdvanced || r.newlyAckedBytes > 0 || r.zeroWindow) {
      // §6.1: unanswered zero window probes do not count as errors while SACKs keep coming.
      errorCount = 0;
      lastDataActivityNanos = now;
    }
    RetransmissionQueue q = sender.retransmissionQueue();
    if (q.isEmpty()) {
      t3Deadline = Long.MAX_VALUE;
    } else if (r.cumAdvanced || t3Deadline == Long.MAX_VALUE) {
      t3Deadline = now + rto.rtoNanos(); // §6.3.2 R3
    }
    maybeProgressShutdown();
    maybeSendResetRequest();
    armIdleTrim();
  }

  private void onT3() {
    t3Deadline = Long.MAX_VALUE;
    if (!sender.onRetransmissionTimeout(now)) {
      return;
    }
    retransmissionTimeouts++;
    rto.backoff(); // §6.3.3 E2
    if (!countError("T3-rtx expired")) {
      return;
    }
    t3Deadline = now + rto.rtoNanos();
    LOG.debug("SCTP T3-rtx expired, RTO now {} ms", rto.rtoNanos() / MS);
  }

  private void measureRtt(long rttNanos) {
    rto.measure(rttNanos);
  }

  /** §8.1: counts one error; returns false if the association failed. */
  private boolean countError(String what) {
    if (++errorCount > config.maxRetransmissions()) {
      LOG.debug("SCTP peer unreachable: {} {} times", what, errorCount);
      sendAbort(ErrorCause.withText(ErrorCause.USER_INITIATED_ABORT, "peer unreachable"));
      terminate(CloseReason.PEER_UNREACHABLE, what + " " + errorCount + " times in a row (Association.Max.Retrans "
          + config.maxRetransmissions() + ")");
      return false;
    }
    return true;
  }

  // ------------------------------------------------------------------ heartbeat

  private void scheduleHeartbeat() {
    if (config.heartbeatIntervalMillis() > 0 && state == SctpState.ESTABLISHED) {
      heartbeatDeadline = now + config.heartbeatIntervalMillis() * MS + rto.rtoNanos();
    }
  }

  private void onHeartbeatTimer() {
    heartbeatDeadline = Long.MAX_VALUE;
    if (state != SctpState.ESTABLISHED) {
      return;
    }
    scheduleHeartbeat();
    if (!sender.retransmissionQueue().isEmpty() || heartbeatAckDeadline != Long.MAX_VALUE) {
      return; // data in flight probes the path already (§8.3 heartbeats only idle paths)
    }
    heartbeatNonce = config.random().nextLong();
    byte[] info = new byte[16];
    Bytes.put32(info, 0, (int) (now >>> 32));
    Bytes.put32(info, 4, (int) now);
    Bytes.put32(info, 8, (int) (heartbeatNonce >>> 32));
    Bytes.put32(info, 12, (int) heartbeatNonce);
    controlChunks.add(new HeartbeatChunk(false, info));
    heartbeatAckDeadline = now + rto.rtoNanos();
  }

  private void handleHeartbeat(HeartbeatChunk hb) {
    if (state.compareTo(SctpState.COOKIE_ECHOED) >= 0) {
      controlChunks.add(new HeartbeatChunk(true, hb.info()));
    }
  }

  private void handleHeartbeatAck(HeartbeatChunk ack) {
    byte[] info = ack.info();
    if (info.length != 16 || heartbeatAckDeadline == Long.MAX_VALUE) {
      return;
    }
    long sent = ((long) Bytes.i32(info, 0) << 32) | (Bytes.i32(info, 4) & 0xFFFFFFFFL);
    long nonce = ((long) Bytes.i32(info, 8) << 32) | (Bytes.i32(info, 12) & 0xFFFFFFFFL);
    if (nonce != heartbeatNonce) {
      return;
    }
    heartbeatAckDeadline = Long.MAX_VALUE;
    measureRtt(now - sent);
    errorCount = 0;
  }

  // ------------------------------------------------------------------ abort, error, shutdown

  private void handleAbort(AbortChunk a) {
    LOG.debug("SCTP ABORT received: {}", a.describe());
    terminate(CloseReason.ABORTED_BY_PEER, a.describe());
  }

  private void handleError(ErrorChunk e) {
    for (ErrorCause c : e.causes()) {
      LOG.debug("SCTP ERROR received: {}", c.describe());
      if (c.code() == ErrorCause.STALE_COOKIE && state == SctpState.COOKIE_ECHOED) {
        // §5.2.6: start over with a fresh INIT.
        controlChunks.removeIf(x -> x instanceof CookieEchoChunk);
        state = SctpState.COOKIE_WAIT;
        tracker = null;
        peerTag = 0;
        controlPackets.add(SctpPacket.encode(config.localPort(), config.remotePort(), 0, List.of(sentInit)));
        t1Deadline = now + rto.rtoNanos();
      }
    }
  }

  private void protocolViolation(String what) {
    LOG.debug("SCTP protocol violation: {}", what);
    sendAbort(ErrorCause.withText(ErrorCause.PROTOCOL_VIOLATION, what));
    terminate(CloseReason.PROTOCOL_VIOLATION, what);
  }

  private void handleShutdown(ShutdownChunk s) {
    switch (state) {
      case ESTABLISHED:
      case SHUTDOWN_PENDING:
        sender.handleCumulativeAck(now, s.cumulativeTsnAck());
        state = SctpState.SHUTDOWN_RECEIVED;
        afterShutdownAck();
        maybeProgressShutdown();
        return;
      case SHUTDOWN_RECEIVED:
        sender.handleCumulativeAck(now, s.cumulativeTsnAck());
        afterShutdownAck();
        maybeProgressShutdown();
        return;
      case SHUTDOWN_SENT:
        // §9.2: both sides shut down at once.
        state = SctpState.SHUTDOWN_ACK_SENT;
        controlChunks.add(SimpleChunk.shutdownAck());
        shutdownRetransmits = 0;
        t2Deadline = now + rto.rtoNanos();
        return;
      default:
    }
  }

  private void afterShutdownAck() {
    RetransmissionQueue q = sender.retransmissionQueue();
    if (q != null && q.isEmpty()) {
      t3Deadline = Long.MAX_VALUE;
    }
  }

  private void handleShutdownAck(int vtag) {
    if (state == SctpState.SHUTDOWN_SENT || state == SctpState.SHUTDOWN_ACK_SENT) {
      sendPacketWithTag(peerTag, SimpleChunk.shutdownComplete(false));
      terminate(CloseReason.SHUTDOWN, "shutdown complete");
    } else if (state == SctpState.COOKIE_WAIT || state == SctpState.COOKIE_ECHOED) {
      // §8.4 5: answer as out of the blue.
      sendPacketWithTag(vtag, SimpleChunk.shutdownComplete(true));
    }
  }

  private void handleShutdownComplete() {
    if (state == SctpState.SHUTDOWN_ACK_SENT) {
      terminate(CloseReason.SHUTDOWN, "shutdown complete");
    }
  }

  /** Sends SHUTDOWN or SHUTDOWN ACK once everything we sent is acknowledged (§9.2). */
  private void maybeProgressShutdown() {
    if (state != SctpState.SHUTDOWN_PENDING && state != SctpState.SHUTDOWN_RECEIVED) {
      return;
    }
    if (!sender.idle()) {
      return;
    }
    shutdownRetransmits = 0;
    t3Deadline = Long.MAX_VALUE;
    if (state == SctpState.SHUTDOWN_PENDING) {
      state = SctpState.SHUTDOWN_SENT;
      controlChunks.add(new ShutdownChunk(tracker.cumTsn()));
    } else {
      state = SctpState.SHUTDOWN_ACK_SENT;
      controlChunks.add(SimpleChunk.shutdownAck());
    }
    t2Deadline = now + rto.rtoNanos();
  }

  private void onT2() {
    t2Deadline = Long.MAX_VALUE;
    if (++shutdownRetransmits > config.maxRetransmissions()) {
      sendAbort(ErrorCause.withText(ErrorCause.USER_INITIATED_ABORT, "shutdown not acknowledged"));
      terminate(CloseReason.PEER_UNREACHABLE, "shutdown not acknowledged");
      return;
    }
    rto.backoff();
    if (state == SctpState.SHUTDOWN_SENT) {
      controlChunks.add(new ShutdownChunk(tracker.cumTsn()));
    } else if (state == SctpState.SHUTDOWN_ACK_SENT) {
      controlChunks.add(SimpleChunk.shutdownAck());
    } else {
      return;
    }
    t2Deadline = now + rto.rtoNanos();
  }

  private void sendAbort(ErrorCause cause) {
    if (peerTag == 0) {
      return; // the peer has no association with us to abort
    }
    controlPackets.add(SctpPacket.encode(config.localPort(), config.remotePort(), peerTag,
        List.of(new AbortChunk(false, List.of(cause)))));
  }

  private void sendPacketWithTag(int tag, Chunk chunk) {
    controlPackets.add(SctpPacket.encode(config.localPort(), config.remotePort(), tag, List.of(chunk)));
  }

  private void terminate(CloseReason reason, String detail) {
    if (state == SctpState.TERMINATED) {
      return;
    }
    state = SctpState.TERMINATED;
    t1Deadline = t2Deadline = t3Deadline = ackDeadline = Long.MAX_VALUE;
    heartbeatDeadline = heartbeatAckDeadline = reconfigDeadline = idleDeadline = Long.MAX_VALUE;
    controlChunks.clear();
    sackNeeded = false;
    events.add(new SctpEvent.Closed(reason, detail));
    LOG.debug("SCTP association closed: {} ({})", reason, detail);
  }

  // ------------------------------------------------------------------ stream reset (RFC 6525)

  private void maybeSendResetRequest() {
    if (state != SctpState.ESTABLISHED && state != SctpState.SHUTDOWN_PENDING || resetInFlight != null
        || pendingResets.isEmpty()) {
      return;
    }
    if (!reconfig) {
      int[] ids = toArray(pendingResets);
      pendingResets.clear();
      for (int id : ids) {
        sender.queue().setResetRequested(id, false);
      }
      events.add(new SctpEvent.StreamResetFailed(ids, "the peer does not support RE-CONFIG (RFC 6525)"));
      return;
    }
    List<Integer> ready = new ArrayList<>();
    for (int id : pendingResets) {
      if (!sender.queue().hasQueued(id)) {
        ready.add(id);
      }
    }
    if (ready.isEmpty()) {
      return;
    }
    pendingResets.removeAll(ready);
    resetInFlight = toArray(ready);
    ReConfigParameter.OutgoingResetRequest req = new ReConfigParameter.OutgoingResetRequest(nextRequestSeq++,
        peerNextRequestSeq - 1, sender.nextTsn() - 1, ready);
    resetRequestChunk = new ReConfigChunk(List.of(req));
    controlChunks.add(resetRequestChunk);
    reconfigDeadline = now + rto.rtoNanos();
  }

  private void onReconfigTimer() {
    reconfigDeadline = Long.MAX_VALUE;
    if (resetInFlight == null) {
      return;
    }
    rto.backoff();
    if (!countError("RE-CONFIG not answered")) {
      return;
    }
    if (!controlChunks.contains(resetRequestChunk)) {
      controlChunks.add(resetRequestChunk);
    }
    reconfigDeadline = now + rto.rtoNanos();
  }

  private void handleReConfig(ReConfigChunk chunk) {
    if (state.compareTo(SctpState.ESTABLISHED) < 0 || tracker == null) {
      return;
    }
    for (ReConfigParameter p : chunk.parameters()) {
      if (p instanceof ReConfigParameter.OutgoingResetRequest req) {
        handleIncomingReset(req);
      } else if (p instanceof ReConfigParameter.Response resp) {
        handleResetResponse(resp);
      } else if (p instanceof ReConfigParameter.IncomingResetRequest req) {
        respondToOtherRequest(req.requestSeq());
      } else if (p instanceof ReConfigParameter.Other o && o.value().length >= 4
          && o.type() != ReConfigParameter.RECONFIGURATION_RESPONSE) {
        respondToOtherRequest(Bytes.i32(o.value(), 0));
      }
    }
  }

  private void respondToOtherRequest(int seq) {
    int result;
    if (seq == peerNextRequestSeq) {
      peerNextRequestSeq++;
      lastIncomingResult = ReConfigParameter.Response.DENIED;
      result = ReConfigParameter.Response.DENIED;
    } else if (seq == peerNextRequestSeq - 1) {
      result = lastIncomingResult;
    } else {
      result = ReConfigParameter.Response.ERROR_BAD_SEQUENCE_NUMBER;
    }
    controlChunks.add(new ReConfigChunk(List.of(ReConfigParameter.Response.of(seq, result))));
  }

  /** RFC 6525 §5.2.2. */
  private void handleIncomingReset(ReConfigParameter.OutgoingResetRequest req) {
    int seq = req.requestSeq();
    int result;
    if (seq == peerNextRequestSeq) {
      peerNextRequestSeq++;
      int[] ids = toArray(req.streams());
      if (Serial.le(req.lastTsn(), tracker.cumTsn())) {
        performIncomingReset(ids);
        result = ReConfigParameter.Response.SUCCESS_PERFORMED;
      } else {
        deferredResetSeq = seq;
        deferredResetLastTsn = req.lastTsn();
        deferredResetStreams = ids;
        result = ReConfigParameter.Response.IN_PROGRESS;
      }
      lastIncomingResult = result;
    } else if (seq == peerNextRequestSeq - 1) {
      result = lastIncomingResult;
    } else {
      result = ReConfigParameter.Response.ERROR_BAD_SEQUENCE_NUMBER;
    }
    controlChunks.add(new ReConfigChunk(List.of(ReConfigParameter.Response.of(seq, result))));
  }

  private void checkDeferredReset() {
    if (deferredResetStreams != null && Serial.le(deferredResetLastTsn, tracker.cumTsn())) {
      int[] ids = deferredResetStreams;
      deferredResetStreams = null;
      performIncomingReset(ids);
      lastIncomingResult = ReConfigParameter.Response.SUCCESS_PERFORMED;
      controlChunks.add(new ReConfigChunk(List.of(ReConfigParameter.Response.of(deferredResetSeq,
          ReConfigParameter.Response.SUCCESS_PERFORMED))));
    }
  }

  private void performIncomingReset(int[] ids) {
    int[] streams = ids;
    if (ids.length == 0) {
      streams = new int[inboundStreams];
      for (int i = 0; i < streams.length; i++) {
        streams[i] = i;
      }
    }
    for (int id : streams) {
      reassembler.resetStream(id);
    }
    events.add(new SctpEvent.StreamsReset(true, ids));
  }

  private void handleResetResponse(ReConfigParameter.Response resp) {
    if (resetInFlight == null || resp.responseSeq() != nextRequestSeq - 1) {
      return;
    }
    int result = resp.result();
    if (result == ReConfigParameter.Response.IN_PROGRESS) {
      reconfigDeadline = now + rto.rtoNanos();
      return;
    }
    int[] ids = resetInFlight;
    resetInFlight = null;
    resetRequestChunk = null;
    reconfigDeadline = Long.MAX_VALUE;
    errorCount = 0;
    for (int id : ids) {
      sender.queue().setResetRequested(id, false);
    }
    if (result == ReConfigParameter.Response.SUCCESS_PERFORMED || result == ReConfigParameter.Response.SUCCESS_NOTHING_TO_DO) {
      for (int id : ids) {
        sender.queue().resetSequenceNumbers(id);
      }
      events.add(new SctpEvent.StreamsReset(false, ids));
    } else {
      events.add(new SctpEvent.StreamResetFailed(ids, "RE-CONFIG result " + result));
    }
    maybeSendResetRequest();
  }

  private static int[] toArray(List<Integer> list) {
    int[] a = new int[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }

  private static boolean contains(int[] a, int v) {
    for (int x : a) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------ packet assembly

  private int buildPacket(byte[] dst, int off) {
    if (state == SctpState.TERMINATED || peerTag == 0) {
      return 0;
    }
    int end = off + maxPacket;
    int p = off + SctpPacket.writeHeader(dst, off, config.localPort(), config.remotePort(), peerTag);
    int body = p;
    while (!controlChunks.isEmpty()) {
      Chunk c = controlChunks.get(0);
      int need = Bytes.pad4(c.encodedLength());
      if (need > end - p) {
        if (p == body) {
          controlChunks.remove(0); // cannot ever fit: drop rather than stall
          LOG.debug("SCTP {} of {} bytes dropped: larger than the MTU", ChunkType.name(c.type()), need);
          continue;
        }
        break;
      }
      p += c.writeTo(dst, p);
      controlChunks.remove(0);
    }
    boolean dataState = state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
        || state == SctpState.SHUTDOWN_RECEIVED;
    boolean wantsData = dataState && sender.wantsToSend(now);
    if (sackNeeded && tracker != null && (sackNow || wantsData || p > body || now >= ackDeadline)) {
      int room = end - p;
      if (room >= 16) {
        int rwnd = advertisedRwnd();
        p += tracker.writeSack(dst, p, rwnd, Math.min(room, 16 + 4 * 64 + 4 * 32));
        lastAdvertisedRwnd = rwnd;
        sackNeeded = false;
        sackNow = false;
        dataPacketsSinceSack = 0;
        ackDeadline = Long.MAX_VALUE;
      }
    }
    if (dataState && sender.started() && sender.forwardTsnDue()) {
      ForwardTsnChunk f = sender.forwardTsnChunk(now);
      if (Bytes.pad4(f.encodedLength()) <= end - p) {
        p += f.writeTo(dst, p);
      }
    }
    if (wantsData) {
      int before = p;
      p = sender.writeData(now, dst, p, end, p > body, maxPacket - SctpPacket.COMMON_HEADER_LENGTH);
      if (p > before) {
        lastDataActivityNanos = now;
        idleDeadline = Long.MAX_VALUE;
        if (t3Deadline == Long.MAX_VALUE) {
          t3Deadline = now + rto.rtoNanos(); // §6.3.2 R1
        }
        if (!pendingResets.isEmpty()) {
          maybeSendResetRequest();
        }
      }
    }
    if (p == body) {
      return 0;
    }
    int len = p - off;
    checksum.seal(dst, off, len);
    packetsSent++;
    return len;
  }

  // ------------------------------------------------------------------ memory

  private void armIdleTrim() {
    if (idleDeadline == Long.MAX_VALUE && sender.idle() && (reassembler == null || reassembler.heldBytes() == 0)) {
      idleDeadline = now + IDLE_TRIM_NANOS;
    }
  }

  private void trimIfIdle() {
    if (!sender.idle() || reassembler != null && reassembler.heldBytes() > 0) {
      return;
    }
    sender.trim();
    if (reassembler != null) {
      reassembler.trim();
    }
    if (tracker != null) {
      tracker.trim();
    }
    if (privatePool) {
      pool.trim();
    }
    freeMessages = null;
    if (events.isEmpty()) {
      txBuffer = null;
    }
  }
}
