package org.rtc4j.peer;

import java.util.List;
import java.util.Objects;
import org.rtc4j.peer.internal.Transceiver;

/**
 * W3C {@code RTCRtpTransceiver}: one media section (m-line) of the session, pairing a
 * {@link RtpSender} and a {@link RtpReceiver} under one MID (RFC 8843).
 *
 * <p>Getters may be called from any thread and return the latest value the event loop published.
 */
public final class RtpTransceiver {
  final PeerConnection pc;
  final Transceiver state;
  private final RtpSender sender;
  private final RtpReceiver receiver;

  RtpTransceiver(PeerConnection pc, Transceiver state) {
    this.pc = pc;
    this.state = state;
    this.sender = new RtpSender(this, state);
    this.receiver = new RtpReceiver(this, state);
  }

  /** The MID, or null until the transceiver is part of a description. */
  public String mid() {
    return state.mid;
  }

  public MediaKind kind() {
    return state.kind;
  }

  public RtpSender sender() {
    return sender;
  }

  public RtpReceiver receiver() {
    return receiver;
  }

  /** The preferred direction, as the application set it. */
  public Direction direction() {
    return state.direction;
  }

  /**
   * The negotiated direction, or null before negotiation. {@link Direction#STOPPED} once stopped.
   */
  public Direction currentDirection() {
    return state.currentDirection;
  }

  public boolean isStopped() {
    return state.stopped;
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
    PeerConnection.checkCodecPreferences(state.kind, codecs);
    state.codecPreferences = List.copyOf(codecs);
  }

  @Override
  public String toString() {
    return "RtpTransceiver[mid=" + state.mid + ", " + state.kind + ", " + state.direction + "]";
  }
}
