package org.rtc4j.peer;

import java.util.List;
import java.util.Objects;
import org.rtc4j.peer.internal.CodecParams;

/**
 * W3C {@code RTCRtpTransceiver}: one media section (m-line) of the session, pairing a
 * {@link RtpSender} and a {@link RtpReceiver} under one MID (RFC 8843).
 *
 * <p>Getters may be called from any thread and return the latest value the event loop published.
 */
public final class RtpTransceiver {
  final PeerConnection pc;
  final MediaKind kind;
  final RtpSender sender;
  final RtpReceiver receiver;
  volatile String mid;
  volatile Direction direction;
  volatile Direction currentDirection;
  volatile boolean stopped;
  volatile List<RtpCodec> codecPreferences = List.of();
  /** Index of its m-line once it has one, else -1 (loop thread only). */
  int mLineIndex = -1;
  /** Whether it was created by {@link PeerConnection#addTrack} (may be re-used for a remote offer). */
  boolean fromAddTrack;
  /** Whether the track event was fired for the current remote sender. */
  boolean trackFired;
  /** Whether it was created by a remote offer (removed again if that offer is rolled back). */
  boolean createdByRemoteOffer;
  /** Whether it ever had a sending direction negotiated (W3C [[FiredDirection]] simplified). */
  boolean sentBefore;
  /** The negotiated codecs, in the answer's order (loop thread only). */
  List<CodecParams> negotiated = List.of();
  private byte[] midBytes;
  private String midBytesOf;

  RtpTransceiver(PeerConnection pc, MediaKind kind, Direction direction, MediaStreamTrack track,
      List<String> streamIds) {
    this.pc = pc;
    this.kind = Objects.requireNonNull(kind, "kind");
    this.direction = Objects.requireNonNull(direction, "direction");
    this.sender = new RtpSender(this, track, streamIds, new SendStream(pc.random()));
    this.receiver = new RtpReceiver(this, new ReceiveStream(kind));
  }

  /** The MID, or null until the transceiver is part of a description. */
  public String mid() {
    return mid;
  }

  public MediaKind kind() {
    return kind;
  }

  public RtpSender sender() {
    return sender;
  }

  public RtpReceiver receiver() {
    return receiver;
  }

  /** The preferred direction, as the application set it. */
  public Direction direction() {
    return direction;
  }

  /**
   * The negotiated direction, or null before negotiation. {@link Direction#STOPPED} once stopped.
   */
  public Direction currentDirection() {
    return currentDirection;
  }

  public boolean isStopped() {
    return stopped;
  }

  /**
   * Changes the preferred direction; takes effect after the next offer/answer exchange (fires
   * negotiation-needed). May be called from any thread.
   */
  public void setDirection(Direction direction) {
    if (Objects.requireNonNull(direction, "direction") == Direction.STOPPED) {
      throw new IllegalArgumentException("TypeError: use stop() to stop a transceiver");
    }
    pc.setDirection(this, direction);
  }

  /**
   * Stops the transceiver: it neither sends nor receives, and its m-line is rejected (port 0) in
   * the next negotiation. May be called from any thread.
   */
  public void stop() {
    pc.stopTransceiver(this);
  }

  /**
   * Orders (and restricts) the codecs this transceiver offers or accepts, as W3C
   * {@code setCodecPreferences}; an empty list restores the defaults. Codecs rtc4j does not support
   * are refused with {@link IllegalArgumentException} ("InvalidModificationError").
   */
  public void setCodecPreferences(List<RtpCodec> codecs) {
    pc.checkCodecPreferences(kind, codecs);
    this.codecPreferences = List.copyOf(codecs);
  }

  byte[] midBytes() {
    String m = mid;
    if (midBytes == null || midBytesOf != m) {
      midBytes = m == null ? new byte[0] : m.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      midBytesOf = m;
    }
    return midBytes;
  }

  @Override
  public String toString() {
    return "RtpTransceiver[mid=" + mid + ", " + kind + ", " + direction + "]";
  }
}
