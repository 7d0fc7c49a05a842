package org.rtc4j.sctp.dcep;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.rtc4j.sctp.CloseReason;

/** What a {@link DataChannelEndpoint} reports through {@link DataChannelEndpoint#pollEvent()}. */
public sealed interface DataChannelEvent
    permits DataChannelEvent.TransportConnected,
        DataChannelEvent.ChannelAnnounced,
        DataChannelEvent.Open,
        DataChannelEvent.Message,
        DataChannelEvent.BufferedAmountLow,
        DataChannelEvent.Closing,
        DataChannelEvent.Closed,
        DataChannelEvent.Error,
        DataChannelEvent.TransportClosed {

  /** The SCTP association is up (W3C {@code RTCSctpTransport} state "connected"). */
  record TransportConnected(int maxChannels) implements DataChannelEvent {}

  /** The peer opened a channel with DATA_CHANNEL_OPEN: W3C {@code datachannel} event. */
  record ChannelAnnounced(DataChannel channel) implements DataChannelEvent {
    public ChannelAnnounced {
      Objects.requireNonNull(channel, "channel");
    }
  }

  /** A channel became open: W3C {@code open}. */
  record Open(DataChannel channel) implements DataChannelEvent {
    public Open {
      Objects.requireNonNull(channel, "channel");
    }
  }

  /**
   * A message: W3C {@code message}. <b>Reused</b>: valid until the next
   * {@link DataChannelEndpoint#pollEvent()}; {@link #data()} is a fresh array that belongs to the
   * receiver (shared and empty for empty messages).
   */
  final class Message implements DataChannelEvent {
    DataChannel channel;
    byte[] data;
    boolean binary;

    Message() {}

    /** The channel. */
    public DataChannel channel() {
      return channel;
    }

    /** The message bytes (UTF-8 for text). */
    public byte[] data() {
      return data;
    }

    /** True for binary (PPID 53 or 57), false for text (51 or 56). */
    public boolean binary() {
      return binary;
    }

    /** The text of a string message. */
    public String text() {
      return new String(data, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "Message[" + channel.label() + ", " + (binary ? "binary" : "text") + ", " + data.length + " bytes]";
    }
  }

  /** The channel's buffered amount fell to its threshold: W3C {@code bufferedamountlow}. */
  record BufferedAmountLow(DataChannel channel) implements DataChannelEvent {}

  /** The channel began closing: W3C {@code closing}. */
  record Closing(DataChannel channel) implements DataChannelEvent {}

  /** The channel closed: W3C {@code close}. */
  record Closed(DataChannel channel) implements DataChannelEvent {}

  /** Something failed on a channel: W3C {@code error} (an OperationError). */
  record Error(DataChannel channel, String message) implements DataChannelEvent {}

  /** The association ended; every channel is closed. */
  record TransportClosed(CloseReason reason, String detail) implements DataChannelEvent {}
}
