package org.rtc4j.sctp.dcep;

import java.nio.charset.StandardCharsets;
import org.rtc4j.sctp.Reliability;

/**
 * One data channel's state in a {@link DataChannelEndpoint}: what the W3C
 * {@code RTCDataChannel} facade exposes (label, id, ordered, maxRetransmits, maxPacketLifeTime,
 * protocol, negotiated, readyState, bufferedAmount, bufferedAmountLowThreshold, stats) and its
 * send and close operations. Like the endpoint, it is confined to the owning event loop's thread;
 * every method that changes something takes the current time.
 */
public final class DataChannel {
  final DataChannelEndpoint endpoint;
  private final String label;
  private final String protocol;
  private final boolean ordered;
  private final Integer maxRetransmits;
  private final Integer maxPacketLifeTime;
  private final boolean negotiated;
  private final int priority;
  private final boolean locallyCreated;
  final Reliability reliability;
  int id = -1;
  DataChannelState state = DataChannelState.CONNECTING;
  boolean openSent;
  boolean ackReceived;
  boolean outgoingResetDone;
  boolean incomingResetDone;
  boolean closeRequested;
  long messagesSent;
  long bytesSent;
  long messagesReceived;
  long bytesReceived;
  private long pendingThreshold;
  private DataChannelEvent.BufferedAmountLow lowEvent;
  private Object attachment;

  DataChannel(DataChannelEndpoint endpoint, String label, DataChannelInit init, boolean locallyCreated) {
    this.endpoint = endpoint;
    this.label = label;
    this.protocol = init.protocol();
    this.ordered = init.ordered();
    this.maxRetransmits = init.maxRetransmits();
    this.maxPacketLifeTime = init.maxPacketLifeTime();
    this.negotiated = init.negotiated();
    this.priority = init.priority();
    this.locallyCreated = locallyCreated;
    this.reliability = maxRetransmits != null ? Reliability.maxRetransmits(maxRetransmits)
        : maxPacketLifeTime != null ? Reliability.maxLifetimeMillis(maxPacketLifeTime) : Reliability.RELIABLE;
  }

  public String label() {
    return label;
  }

  public String protocol() {
    return protocol;
  }

  /** The SCTP stream id, or -1 while unassigned (W3C {@code id} is null then). */
  public int id() {
    return id;
  }

  public boolean ordered() {
    return ordered;
  }

  /** Null unless partially reliable by retransmissions. */
  public Integer maxRetransmits() {
    return maxRetransmits;
  }

  /** Null unless partially reliable by lifetime (milliseconds). */
  public Integer maxPacketLifeTime() {
    return maxPacketLifeTime;
  }

  public boolean negotiated() {
    return negotiated;
  }

  /** DCEP priority (128 very-low, 256 low, 512 medium, 1024 high). */
  public int priority() {
    return priority;
  }

  /** True if created by this side (createDataChannel), false if announced by the peer. */
  public boolean locallyCreated() {
    return locallyCreated;
  }

  /** W3C {@code readyState}. */
  public DataChannelState state() {
    return state;
  }

  /** Bytes queued by {@link #send} and not yet handed to the network (W3C {@code bufferedAmount}). */
  public long bufferedAmount() {
    return id < 0 ? 0 : endpoint.association().bufferedAmount(id);
  }

  public long bufferedAmountLowThreshold() {
    return id < 0 ? pendingThreshold : endpoint.association().bufferedAmountLowThreshold(id);
  }

  /** W3C {@code bufferedAmountLowThreshold}. */
  public void setBufferedAmountLowThreshold(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("threshold " + bytes);
    }
    pendingThreshold = bytes;
    if (id >= 0) {
      endpoint.association().setBufferedAmountLowThreshold(id, bytes);
    }
  }

  long pendingThreshold() {
    return pendingThreshold;
  }

  /** The channel's one buffered-amount-low event (immutable, so reused: no allocation per event). */
  DataChannelEvent.BufferedAmountLow bufferedAmountLowEvent() {
    if (lowEvent == null) {
      lowEvent = new DataChannelEvent.BufferedAmountLow(this);
    }
    return lowEvent;
  }

  /** Sends a text message (PPID 51, or 56 when empty). */
  public void send(long nowNanos, String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    endpoint.send(nowNanos, this, b, 0, b.length, false);
  }

  /** Sends a binary message (PPID 53, or 57 when empty); the bytes are copied. */
  public void send(long nowNanos, byte[] data) {
    endpoint.send(nowNanos, this, data, 0, data.length, true);
  }

  /** Sends {@code data[off, off+len)} as a binary or text message; the bytes are copied. */
  public void send(long nowNanos, byte[] data, int off, int len, boolean binary) {
    endpoint.send(nowNanos, this, data, off, len, binary);
  }

  /** W3C {@code close()}: resets the stream both ways (RFC 8831 §6.7). */
  public void close(long nowNanos) {
    endpoint.close(nowNanos, this);
  }

  /** The owner's object for this channel (the W3C facade's), or null. */
  public Object attachment() {
    return attachment;
  }

  /** Attaches the owner's object for this channel. */
  public void attach(Object value) {
    this.attachment = value;
  }

  /** W3C {@code RTCDataChannelStats}. */
  public DataChannelStats stats() {
    return new DataChannelStats(label, protocol, id, state, messagesSent, bytesSent, messagesReceived, bytesReceived);
  }

  @Override
  public String toString() {
    return "DataChannel[" + label + ", id " + id + ", " + state + "]";
  }
}
