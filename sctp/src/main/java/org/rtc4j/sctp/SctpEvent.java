package org.rtc4j.sctp;

import java.util.Arrays;
import java.util.Objects;

/** What an {@link SctpAssociation} reports through {@link SctpAssociation#pollEvent()}. */
public sealed interface SctpEvent
    permits SctpEvent.Connected,
        SctpEvent.Message,
        SctpEvent.StreamsReset,
        SctpEvent.StreamResetFailed,
        SctpEvent.BufferedAmountLow,
        SctpEvent.Closed {

  /**
   * The association is up (COOKIE ACK received, or a valid COOKIE ECHO accepted).
   *
   * @param outboundStreams streams we may send on: min(our OS, peer's MIS)
   * @param inboundStreams streams the peer may send on: min(peer's OS, our MIS)
   * @param partialReliability both sides support FORWARD TSN (RFC 3758)
   * @param interleaving both sides use I-DATA (RFC 8260)
   */
  record Connected(int outboundStreams, int inboundStreams, boolean partialReliability, boolean interleaving)
      implements SctpEvent {}

  /**
   * A complete message. <b>The instance is reused</b>: it is valid until the next
   * {@link SctpAssociation#pollEvent()} call; copy the fields you keep. {@link #data()} itself is a
   * fresh array that belongs to the receiver.
   */
  final class Message implements SctpEvent {
    int streamId;
    int ppid;
    boolean unordered;
    byte[] data;
    Message next;

    Message() {}

    /** Stream identifier. */
    public int streamId() {
      return streamId;
    }

    /** Payload protocol identifier (RFC 9260 §3.3.1; RFC 8831 §8 for data channels). */
    public int ppid() {
      return ppid;
    }

    /** True if sent unordered (U bit). */
    public boolean unordered() {
      return unordered;
    }

    /** The message bytes; the array is the receiver's to keep. */
    public byte[] data() {
      return data;
    }

    @Override
    public String toString() {
      return "Message[stream=" + streamId + ", ppid=" + ppid + ", unordered=" + unordered + ", " + data.length + " bytes]";
    }
  }

  /**
   * Streams were reset (RFC 6525), and their sequence numbers restart at 0.
   *
   * @param incoming true: the peer reset its outgoing streams, our incoming ones (§5.2.2; for a
   *     data channel, the peer closing it, RFC 8831 §6.7); false: the peer performed our request
   *     to reset our outgoing streams (§5.2.7)
   */
  record StreamsReset(boolean incoming, int[] streamIds) implements SctpEvent {
    public StreamsReset {
      streamIds = streamIds.clone();
    }

    @Override
    public int[] streamIds() {
      return streamIds.clone();
    }

    @Override
    public String toString() {
      return "StreamsReset[" + (incoming ? "incoming " : "outgoing ") + Arrays.toString(streamIds) + "]";
    }
  }

  /** The peer refused to reset these outgoing streams (Denied or an error result). */
  record StreamResetFailed(int[] streamIds, String reason) implements SctpEvent {
    public StreamResetFailed {
      streamIds = streamIds.clone();
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public int[] streamIds() {
      return streamIds.clone();
    }

    @Override
    public String toString() {
      return "StreamResetFailed" + Arrays.toString(streamIds) + ": " + reason;
    }
  }

  /**
   * The stream's buffered amount fell from above its threshold to at most the threshold
   * ({@link SctpAssociation#setBufferedAmountLowThreshold}), as W3C {@code bufferedamountlow}.
   */
  record BufferedAmountLow(int streamId) implements SctpEvent {}

  /** The association is over ({@link SctpState#TERMINATED}). */
  record Closed(CloseReason reason, String detail) implements SctpEvent {
    public Closed {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
