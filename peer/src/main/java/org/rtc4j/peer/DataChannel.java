package org.rtc4j.peer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.rtc4j.peer.internal.PeerCore;
import org.rtc4j.sctp.SendException;

/**
 * A data channel, shaped after the W3C {@code RTCDataChannel} (RFC 8831): messages of text or
 * bytes over the connection's SCTP association, reliable and ordered unless its
 * {@link DataChannelInit} says otherwise. Made by {@link PeerConnection#createDataChannel} or
 * announced by the peer through {@link PeerConnection#onDataChannel}.
 *
 * <p>Every method may be called from any thread; listeners run on the connection's loop and must
 * not block. {@link #send} copies the message and queues it in order; it throws, as the W3C
 * method does, when the channel is not open ({@code InvalidStateError}), when the message exceeds
 * the peer's {@code max-message-size} ({@code TypeError}) or when the send buffer (16 MiB per
 * connection) is full ({@code OperationError}: wait for {@link #onBufferedAmountLow}).
 */
public final class DataChannel {
  /** The bytes callers may queue per connection before {@link #send} refuses. */
  public static final long SEND_BUFFER_BYTES = PeerCore.DATA_CHANNEL_SEND_BUFFER;

  private final PeerConnection pc;
  private final String label;
  private final DataChannelInit init;
  /** The loop's channel; set on the loop once created there, read only there. */
  private org.rtc4j.sctp.dcep.DataChannel channel;
  private volatile int id;
  private volatile DataChannelState state = DataChannelState.CONNECTING;
  /** Bytes handed to {@link #send} whose task has not run on the loop yet. */
  private final AtomicLong posted = new AtomicLong();
  /** The channel's queued bytes on the loop, as of its last send or event. */
  private volatile long queued;
  private volatile long threshold;

  private volatile Runnable openListener;
  private volatile Consumer<DataChannelMessage> messageListener;
  private volatile Runnable bufferedAmountLowListener;
  private volatile Runnable closingListener;
  private volatile Runnable closeListener;
  private volatile Consumer<String> errorListener;

  DataChannel(PeerConnection pc, String label, DataChannelInit init) {
    this.pc = pc;
    this.label = label;
    this.init = init;
    this.id = init.negotiated() ? init.id() : -1;
  }

  /** The facade of a channel the peer announced (DCEP DATA_CHANNEL_OPEN), on the loop. */
  static DataChannel announced(PeerConnection pc, org.rtc4j.sctp.dcep.DataChannel c) {
    DataChannelInit init = new DataChannelInit(c.ordered(), c.maxPacketLifeTime(), c.maxRetransmits(), c.protocol(),
        false, null);
    DataChannel d = new DataChannel(pc, c.label(), init);
    d.bind(c);
    return d;
  }

  /** On the loop: creates the channel in the core, or fails this one (an id in use, say). */
  void create(PeerCore core, long nowNanos, org.rtc4j.sctp.dcep.DataChannelInit sctpInit) {
    try {
      bind(core.createDataChannel(nowNanos, label, sctpInit));
      if (threshold > 0) {
        channel.setBufferedAmountLowThreshold(threshold);
      }
    } catch (RuntimeException e) {
      state = DataChannelState.CLOSED;
      fire(errorListener, e.getMessage(), "onError");
      fire(closeListener, "onClose");
    }
  }

  private void bind(org.rtc4j.sctp.dcep.DataChannel c) {
    channel = c;
    c.attach(this);
    refresh();
  }

  // ------------------------------------------------------------------ W3C attributes

  public String label() {
    return label;
  }

  /** The SCTP stream id, or null until assigned (after the DTLS role is known). */
  public Integer id() {
    int i = id;
    return i < 0 ? null : i;
  }

  public boolean ordered() {
    return init.ordered();
  }

  /** Null unless partially reliable by retransmissions. */
  public Integer maxRetransmits() {
    return init.maxRetransmits();
  }

  /** Null unless partially reliable by lifetime (milliseconds). */
  public Integer maxPacketLifeTime() {
    return init.maxPacketLifeTime();
  }

  public String protocol() {
    return init.protocol();
  }

  public boolean negotiated() {
    return init.negotiated();
  }

  public DataChannelState readyState() {
    return state;
  }

  /**
   * Bytes sent and not yet handed to the network. On the loop thread this is exact; elsewhere it is
   * refreshed after each send and channel event (bufferedamountlow among them).
   */
  public long bufferedAmount() {
    if (channel != null && pc.eventLoop().inEventLoop()) {
      return posted.get() + channel.bufferedAmount();
    }
    return posted.get() + Math.min(queued, pc.core().dataChannelQueuedBytes());
  }

  public long bufferedAmountLowThreshold() {
    return threshold;
  }

  /** W3C {@code bufferedAmountLowThreshold}: {@link #onBufferedAmountLow} fires on falling to it. */
  public void setBufferedAmountLowThreshold(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("TypeError: threshold " + bytes);
    }
    threshold = bytes;
    pc.onLoop(() -> {
      if (channel != null) {
        channel.setBufferedAmountLowThreshold(bytes);
      }
    });
  }

  // ------------------------------------------------------------------ events

  public void onOpen(Runnable listener) {
    openListener = listener;
  }

  /** A message arrived; the {@link DataChannelMessage}'s bytes belong to the listener. */
  public void onMessage(Consumer<DataChannelMessage> listener) {
    messageListener = listener;
  }

  public void onBufferedAmountLow(Runnable listener) {
    bufferedAmountLowListener = listener;
  }

  public void onClosing(Runnable listener) {
    closingListener = listener;
  }

  public void onClose(Runnable listener) {
    closeListener = listener;
  }

  /** Something failed on the channel (W3C {@code error}, an OperationError); the text says what. */
  public void onError(Consumer<String> listener) {
    errorListener = listener;
  }

  // ------------------------------------------------------------------ operations

  /** Sends a text message (UTF-8). */
  public void send(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    enqueue(b, false);
  }

  /** Sends a binary message; the bytes are copied. */
  public void send(byte[] data) {
    enqueue(data.clone(), true);
  }

  /** Sends the buffer's remaining bytes as a binary message; the buffer's position moves to its limit. */
  public void send(ByteBuffer data) {
    byte[] b = new byte[data.remaining()];
    data.get(b);
    enqueue(b, true);
  }

  private void enqueue(byte[] b, boolean binary) {
    if (state != DataChannelState.OPEN) {
      throw new IllegalStateException("InvalidStateError: channel " + label + " is " + state.w3cName());
    }
    long max = pc.core().dataChannelMaxMessageSize();
    if (b.length > max) {
      throw new IllegalArgumentException("TypeError: a message of " + b.length
          + " bytes exceeds the peer's max-message-size " + max);
    }
    long inFlight = posted.addAndGet(b.length);
    if (inFlight + pc.core().dataChannelQueuedBytes() > SEND_BUFFER_BYTES) {
      posted.addAndGet(-b.length);
      throw new IllegalStateException("OperationError: the send buffer is full ("
          + SEND_BUFFER_BYTES + " bytes); wait for bufferedamountlow");
    }
    pc.execute(() -> sendOnLoop(b, binary));
  }

  private void sendOnLoop(byte[] b, boolean binary) {
    posted.addAndGet(-b.length);
    if (channel == null || channel.state() != org.rtc4j.sctp.dcep.DataChannelState.OPEN) {
      return; // closed meanwhile: W3C drops what was queued
    }
    try {
      channel.send(pc.nowNanos(), b, 0, b.length, binary);
    } catch (SendException e) {
      fire(errorListener, "OperationError: " + e.getMessage(), "onError");
    }
    pc.core().flushDataChannels(pc.nowNanos());
    refresh();
    pc.drain();
  }

  /** W3C {@code close()}: closes the stream both ways; queued messages are still sent first. */
  public void close() {
    if (state == DataChannelState.CLOSING || state == DataChannelState.CLOSED) {
      return;
    }
    pc.execute(() -> {
      if (channel != null) {
        channel.close(pc.nowNanos());
        pc.core().flushDataChannels(pc.nowNanos());
        pc.drain();
      }
    });
  }

  // ------------------------------------------------------------------ the loop's events

  /** Copies the loop channel's state for other threads. */
  private void refresh() {
    org.rtc4j.sctp.dcep.DataChannel c = channel;
    id = c.id();
    queued = c.bufferedAmount();
    state = switch (c.state()) {
      case CONNECTING -> DataChannelState.CONNECTING;
      case OPEN -> DataChannelState.OPEN;
      case CLOSING -> DataChannelState.CLOSING;
      case CLOSED -> DataChannelState.CLOSED;
    };
  }

  void opened() {
    refresh();
    fire(openListener, "onOpen");
  }

  void message(byte[] data, boolean binary) {
    Consumer<DataChannelMessage> l = messageListener;
    if (l != null) {
      Listeners.safely(() -> l.accept(new DataChannelMessage(data, binary)), "onMessage");
    }
  }

  void bufferedAmountLow() {
    refresh();
    fire(bufferedAmountLowListener, "onBufferedAmountLow");
  }

  void closing() {
    refresh();
    fire(closingListener, "onClosing");
  }

  void closed() {
    refresh();
    fire(closeListener, "onClose");
  }

  void error(String message) {
    refresh();
    fire(errorListener, message, "onError");
  }

  private static void fire(Runnable l, String what) {
    if (l != null) {
      Listeners.safely(l, what);
    }
  }

  private static void fire(Consumer<String> l, String value, String what) {
    if (l != null) {
      Listeners.safely(() -> l.accept(value), what);
    }
  }

  @Override
  public String toString() {
    return "DataChannel[" + label + ", id " + id() + ", " + state.w3cName() + "]";
  }
}
