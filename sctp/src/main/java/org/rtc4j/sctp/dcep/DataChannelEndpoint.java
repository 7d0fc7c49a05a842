package org.rtc4j.sctp.dcep;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.rtc4j.sctp.Reliability;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SctpState;
import org.rtc4j.sctp.SctpStats;
import org.rtc4j.sctp.SctpTransmit;
import org.rtc4j.sctp.SendException;
import org.rtc4j.sctp.internal.IntMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebRTC data channels (RFC 8831) over one {@link SctpAssociation}, with the Data Channel
 * Establishment Protocol (RFC 8832). Sans-IO like the association it owns, with the same driving
 * contract: feed {@link #handlePacket}/{@link #handleTimeout}, then drain {@link #pollTransmit()}
 * and {@link #pollEvent()} and re-arm the timer at {@link #pollTimeout()}.
 *
 * <ul>
 *   <li>Stream ids follow the DTLS role (RFC 8832 §6): the DTLS client takes even ids, the server
 *       odd ones. Until {@link #setDtlsRole} is called, in-band channels wait without an id.
 *   <li>In-band channels send DATA_CHANNEL_OPEN and are open at once (user messages may follow
 *       before the ACK, RFC 8832 §6, and are sent ordered until the ACK arrives); the peer answers
 *       with DATA_CHANNEL_ACK. Negotiated channels skip DCEP and open with the association.
 *   <li>PPIDs per RFC 8831 §8: string 51, binary 53; an empty message goes as one byte with PPID
 *       56 (string) or 57 (binary).
 *   <li>A send larger than the peer's max-message-size (SDP {@code a=max-message-size}, RFC 8841
 *       §6; 65,536 when absent, set by the peer layer with {@link #setRemoteMaxMessageSize}) fails
 *       with {@link SendException.Reason#MESSAGE_TOO_LARGE}.
 *   <li>Closing resets the stream both ways (RFC 8831 §6.7): the closer resets its outgoing
 *       stream; the peer answers by resetting its own; then the id is free again.
 * </ul>
 */
public final class DataChannelEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(DataChannelEndpoint.class);
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ONE_ZERO_BYTE = new byte[1];
  /** RFC 8841 §6.1: the peer's limit when its SDP carries no max-message-size. */
  public static final long DEFAULT_REMOTE_MAX_MESSAGE_SIZE = 65_536;

  private final SctpAssociation sctp;
  private final IntMap<DataChannel> channels = new IntMap<>();
  private final List<DataChannel> unassigned = new ArrayList<>();
  private final List<DataChannel> all = new ArrayList<>();
  private final ArrayDeque<DataChannelEvent> events = new ArrayDeque<>();
  private final DataChannelEvent.Message message = new DataChannelEvent.Message();
  private Boolean dtlsClient;
  private long remoteMaxMessageSize = DEFAULT_REMOTE_MAX_MESSAGE_SIZE;
  private long now;
  private long messagesDropped;
  private long dcepErrors;

  /** An endpoint over a new association with {@code config}. */
  public DataChannelEndpoint(SctpConfig config) {
    this.sctp = new SctpAssociation(config);
  }

  /** The association (for stats, its state and direct stream access in tests). */
  public SctpAssociation association() {
    return sctp;
  }

  /**
   * The DTLS role, known once the DTLS handshake (or SDP {@code a=setup}) settles it: the client
   * uses even stream ids, the server odd ones (RFC 8832 §6). Channels created earlier get their
   * ids now.
   */
  public void setDtlsRole(long nowNanos, boolean client) {
    this.now = nowNanos;
    if (dtlsClient != null && dtlsClient != client) {
      throw new IllegalStateException("DTLS role already set");
    }
    dtlsClient = client;
    for (DataChannel c : new ArrayList<>(unassigned)) {
      assignId(c);
    }
    unassigned.clear();
    if (sctp.state() == SctpState.ESTABLISHED) {
      openWaitingChannels();
    }
  }

  /** Sets the peer's max-message-size from its SDP (0: no limit, RFC 8841 §6). */
  public void setRemoteMaxMessageSize(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("max-message-size " + bytes);
    }
    this.remoteMaxMessageSize = bytes;
  }

  /** The largest message {@link DataChannel#send} accepts (the peer's limit), or Long.MAX_VALUE. */
  public long maxMessageSize() {
    return remoteMaxMessageSize == 0 ? Long.MAX_VALUE : remoteMaxMessageSize;
  }

  /** Our max-message-size, for the local SDP (the largest message accepted). */
  public long localMaxMessageSize() {
    return sctp.config().maxReceiveMessageBytes();
  }

  /** Starts the association as initiator (both WebRTC peers may; see {@link SctpAssociation#connect}). */
  public void connect(long nowNanos) {
    this.now = nowNanos;
    sctp.connect(nowNanos);
  }

  /**
   * W3C {@code createDataChannel}: a new channel, in-band (DCEP) or negotiated.
   *
   * @throws IllegalArgumentException "TypeError" for an invalid init
   * @throws IllegalStateException "OperationError" if the id is taken or no id is left, or
   *     "InvalidStateError" if the association is over
   */
  public DataChannel createChannel(long nowNanos, String label, DataChannelInit init) {
    this.now = nowNanos;
    init.validate(label);
    if (sctp.state() == SctpState.TERMINATED) {
      throw new IllegalStateException("InvalidStateError: the SCTP association is closed");
    }
    DataChannel c = new DataChannel(this, label, init, true);
    if (init.negotiated()) {
      int id = init.id();
      if (channels.get(id) != null) {
        throw new IllegalStateException("OperationError: stream id " + id + " is in use");
      }
      if (id >= maxChannels()) {
        throw new IllegalArgumentException("TypeError: id " + id + " is not below maxChannels " + maxChannels());
      }
      c.id = id;
      channels.put(id, c);
    } else if (dtlsClient == null) {
      unassigned.add(c);
    } else {
      assignId(c);
    }
    all.add(c);
    if (sctp.state() == SctpState.ESTABLISHED && c.id >= 0) {
      openChannel(c);
    }
    return c;
  }

  /** The channel on stream {@code id}, or null. */
  public DataChannel channel(int id) {
    return channels.get(id);
  }

  /** Every channel not yet closed, in creation order. */
  public Collection<DataChannel> channels() {
    List<DataChannel> out = new ArrayList<>();
    for (DataChannel c : all) {
      if (c.state != DataChannelState.CLOSED) {
        out.add(c);
      }
    }
    return out;
  }

  /** W3C {@code RTCSctpTransport.maxChannels}: streams usable both ways. */
  public int maxChannels() {
    int out = sctp.outboundStreams();
    int in = sctp.inboundStreams() > 0 ? sctp.inboundStreams() : sctp.config().inboundStreams();
    return Math.min(out, in);
  }

  /** Messages dropped: no channel on the stream, channel not open, unknown PPID. */
  public long messagesDropped() {
    return messagesDropped;
  }

  /** DCEP messages that could not be parsed or did not fit the channel's state. */
  public long dcepErrors() {
    return dcepErrors;
  }

  /** The association's figures (W3C {@code RTCSctpTransportStats} and more). */
  public SctpStats stats() {
    return sctp.stats();
  }

  // ------------------------------------------------------------------ driving

  /** One SCTP packet (one DTLS record's payload). */
  public void handlePacket(long nowNanos, byte[] buf, int off, int len) {
    this.now = nowNanos;
    sctp.handlePacket(nowNanos, buf, off, len);
  }

  /** Runs due timers. */
  public void handleTimeout(long nowNanos) {
    this.now = nowNanos;
    sctp.handleTimeout(nowNanos);
  }

  /** The next packet, as {@link SctpAssociation#pollTransmit()}. */
  public SctpTransmit pollTransmit() {
    return sctp.pollTransmit();
  }

  /** The next packet written into {@code dst}, as {@link SctpAssociation#pollTransmit(byte[], int)}. */
  public int pollTransmit(byte[] dst, int off) {
    return sctp.pollTransmit(dst, off);
  }

  /** The next deadline. */
  public long pollTimeout() {
    return sctp.pollTimeout();
  }

  /** Graceful SCTP shutdown. */
  public void shutdown(long nowNanos) {
    this.now = nowNanos;
    sctp.shutdown(nowNanos);
  }

  /** Aborts the association. */
  public void abort(long nowNanos, String reason) {
    this.now = nowNanos;
    sctp.abort(nowNanos, reason);
  }

  /**
   * The next event, or null. A returned {@link DataChannelEvent.Message} is reused by the next
   * call. Sending from inside event handling is allowed.
   */
  public DataChannelEvent pollEvent() {
    while (true) {
      DataChannelEvent e = events.poll();
      if (e != null) {
        return e;
      }
      SctpEvent s = sctp.pollEvent();
      if (s == null) {
        return null;
      }
      DataChannelEvent direct = translate(s);
      if (direct != null) {
        return direct;
      }
    }
  }

  // ------------------------------------------------------------------ sending and closing

  void send(long nowNanos, DataChannel c, byte[] b, int off, int len, boolean binary) {
    this.now = nowNanos;
    if (c.state != DataChannelState.OPEN) {
      throw new SendException(SendException.Reason.INVALID_STATE, len, -1,
          "InvalidStateError: channel " + c.label() + " is " + c.state.name().toLowerCase(java.util.Locale.ROOT));
    }
    if (len > maxMessageSize()) {
      throw new SendException(SendException.Reason.MESSAGE_TOO_LARGE, len, maxMessageSize(),
          "TypeError: message of " + len + " bytes exceeds the peer's max-message-size " + maxMessageSize());
    }
    // RFC 8832 §6: until the ACK arrives the opener sends ordered, so no message overtakes the OPEN.
    boolean ordered = c.ordered() || (c.locallyCreated() && !c.negotiated() && !c.ackReceived);
    if (len == 0) {
      sctp.send(nowNanos, c.id, binary ? Ppid.BINARY_EMPTY : Ppid.STRING_EMPTY, ordered, c.reliability, ONE_ZERO_BYTE, 0, 1);
    } else {
      sctp.send(nowNanos, c.id, binary ? Ppid.BINARY : Ppid.STRING, ordered, c.reliability, b, off, len);
    }
    c.messagesSent++;
    c.bytesSent += len;
  }

  void close(long nowNanos, DataChannel c) {
    this.now = nowNanos;
    if (c.state == DataChannelState.CLOSING || c.state == DataChannelState.CLOSED) {
      return;
    }
    c.closeRequested = true;
    if (c.id < 0 || sctp.state() != SctpState.ESTABLISHED) {
      finish(c); // nothing can be in flight on the stream
      return;
    }
    c.state = DataChannelState.CLOSING;
    requestOutgoingReset(c);
  }

  private void requestOutgoingReset(DataChannel c) {
    if (!c.outgoingResetDone) {
      try {
        sctp.resetStreams(now, c.id);
      } catch (IllegalStateException e) {
        finish(c);
      }
    }
  }

  private void finish(DataChannel c) {
    if (c.state == DataChannelState.CLOSED) {
      return;
    }
    c.state = DataChannelState.CLOSED;
    unassigned.remove(c);
    if (c.id >= 0 && channels.get(c.id) == c) {
      channels.remove(c.id);
    }
    all.remove(c);
    events.add(new DataChannelEvent.Closed(c));
  }

  // ------------------------------------------------------------------ ids and opening

  private void assignId(DataChannel c) {
    int max = maxChannels();
    for (int id = dtlsClient ? 0 : 1; id < max; id += 2) {
      if (channels.get(id) == null) {
        c.id = id;
        channels.put(id, c);
        if (c.pendingThreshold() > 0) {
          sctp.setBufferedAmountLowThreshold(id, c.pendingThreshold());
        }
        return;
      }
    }
    throw new IllegalStateException("OperationError: no free stream id below " + max);
  }

  private void openWaitingChannels() {
    for (DataChannel c : new ArrayList<>(all)) {
      if (c.state == DataChannelState.CONNECTING && c.id >= 0) {
        openChannel(c);
      }
    }
  }

  private void openChannel(DataChannel c) {
    if (c.closeRequested) {
      return;
    }
    if (!c.negotiated() && c.locallyCreated() && !c.openSent) {
      DcepMessage.Open open = new DcepMessage.Open(ChannelType.of(c.ordered(), c.maxRetransmits(), c.maxPacketLifeTime()),
          c.priority(), c.maxRetransmits() != null ? c.maxRetransmits() : c.maxPacketLifeTime() != null ? c.maxPacketLifeTime() : 0,
          c.label(), c.protocol());
      byte[] b = open.encode();
      try {
        sctp.send(now, c.id, Ppid.DCEP, true, Reliability.RELIABLE, b, 0, b.length);
      } catch (SendException e) {
        events.add(new DataChannelEvent.Error(c, "OperationError: DATA_CHANNEL_OPEN not sent: " + e.getMessage()));
        finish(c);
        return;
      }
      c.openSent = true;
    }
    c.state = DataChannelState.OPEN;
    events.add(new DataChannelEvent.Open(c));
  }

  // ------------------------------------------------------------------ SCTP events

  private DataChannelEvent translate(SctpEvent s) {
    if (s instanceof SctpEvent.Message m) {
      return onMessage(m);
    }
    if (s instanceof SctpEvent.Connected) {
      events.add(new DataChannelEvent.TransportConnected(maxChannels()));
      openWaitingChannels();
    } else if (s instanceof SctpEvent.StreamsReset r) {
      for (int id : r.streamIds()) {
        DataChannel c = channels.get(id);
        if (c == null) {
          continue;
        }
        if (!r.incoming()) {
          c.outgoingResetDone = true;
        } else {
          c.incomingResetDone = true;
          if (c.state == DataChannelState.OPEN || c.state == DataChannelState.CONNECTING) {
            c.state = DataChannelState.CLOSING;
            events.add(new DataChannelEvent.Closing(c));
          }
          requestOutgoingReset(c);
        }
        maybeClosed(c);
      }
    } else if (s instanceof SctpEvent.StreamResetFailed f) {
      for (int id : f.streamIds()) {
        DataChannel c = channels.get(id);
        if (c != null) {
          events.add(new DataChannelEvent.Error(c, "OperationError: closing failed: " + f.reason()));
          finish(c);
        }
      }
    } else if (s instanceof SctpEvent.BufferedAmountLow b) {
      DataChannel c = channels.get(b.streamId());
      if (c != null && c.state == DataChannelState.OPEN) {
        events.add(c.bufferedAmountLowEvent());
      }
    } else if (s instanceof SctpEvent.Closed closed) {
      for (DataChannel c : new ArrayList<>(all)) {
        finish(c);
      }
      events.add(new DataChannelEvent.TransportClosed(closed.reason(), closed.detail()));
    }
    return null;
  }

  private void maybeClosed(DataChannel c) {
    if (c.outgoingResetDone && c.incomingResetDone) {
      finish(c);
    }
  }

  private DataChannelEvent onMessage(SctpEvent.Message m) {
    int ppid = m.ppid();
    DataChannel c = channels.get(m.streamId());
    if (ppid == Ppid.DCEP) {
      onDcep(m.streamId(), c, m.data());
      return null;
    }
    boolean binary;
    byte[] data;
    switch (ppid) {
      case Ppid.STRING: binary = false; data = m.data(); break;
      case Ppid.BINARY: binary = true; data = m.data(); break;
      case Ppid.STRING_EMPTY: binary = false; data = EMPTY; break;
      case Ppid.BINARY_EMPTY: binary = true; data = EMPTY; break;
      default:
        messagesDropped++;
        LOG.debug("data channel message with PPID {} on stream {} dropped", ppid, m.streamId());
        return null;
    }
    if (c == null || c.state != DataChannelState.OPEN) {
      messagesDropped++; // W3C: data for a channel that is not open is discarded
      return null;
    }
    c.messagesReceived++;
    c.bytesReceived += data.length;
    message.channel = c;
    message.data = data;
    message.binary = binary;
    return message;
  }

  private void onDcep(int streamId, DataChannel c, byte[] data) {
    DcepMessage msg;
    try {
      msg = DcepMessage.parse(data, 0, data.length);
    } catch (DcepParseException e) {
      dcepErrors++;
      LOG.debug("DCEP message on stream {} dropped: {}", streamId, e.getMessage());
      return;
    }
    if (msg instanceof DcepMessage.Ack) {
      if (c != null && c.locallyCreated() && !c.negotiated()) {
        c.ackReceived = true;
      } else {
        dcepErrors++;
      }
      return;
    }
    DcepMessage.Open open = (DcepMessage.Open) msg;
    if (c != null) {
      dcepErrors++; // RFC 8832 §6: the stream is in use; keep the existing channel
      LOG.debug("DATA_CHANNEL_OPEN for stream {} already in use", streamId);
      return;
    }
    int base = open.channelType() & 0x7F;
    // The 32-bit parameter is unsigned; beyond int range it means "practically unlimited".
    Integer parameter = open.reliabilityParameter() < 0 ? Integer.MAX_VALUE : open.reliabilityParameter();
    DataChannelInit init = DataChannelInit.defaults().withOrdered(!open.unordered()).withProtocol(open.protocol())
        .withPriority(open.priority())
        .withMaxRetransmits(base == ChannelType.PARTIAL_RELIABLE_REXMIT ? parameter : null)
        .withMaxPacketLifeTime(base == ChannelType.PARTIAL_RELIABLE_TIMED ? parameter : null);
    DataChannel ch = new DataChannel(this, open.label(), init, false);
    ch.id = streamId;
    ch.state = DataChannelState.OPEN;
    channels.put(streamId, ch);
    all.add(ch);
    byte[] ack = new DcepMessage.Ack().encode();
    try {
      sctp.send(now, streamId, Ppid.DCEP, true, Reliability.RELIABLE, ack, 0, ack.length);
    } catch (SendException e) {
      dcepErrors++; // the opener keeps sending ordered; nothing else depends on the ACK
    }
    events.add(new DataChannelEvent.ChannelAnnounced(ch));
    events.add(new DataChannelEvent.Open(ch));
  }
}
