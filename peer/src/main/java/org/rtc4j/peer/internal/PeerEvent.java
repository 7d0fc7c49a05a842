package org.rtc4j.peer.internal;

import java.util.List;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.IceConnectionState;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.SignalingState;

/** What {@link PeerCore#pollEvent()} reports; the facade turns each into a listener call. */
public sealed interface PeerEvent {

  /** Local sockets are needed: bind them and report each with {@link PeerCore#addHostCandidate}. */
  record GatherRequested() implements PeerEvent {}

  /** ICE has a new local ufrag (gathering, or a restart): a shared socket must route its checks here. */
  record LocalUfrag(String ufrag) implements PeerEvent {}

  /**
   * ICE needs a stream connection (TURN over TCP or TLS, an active ICE-TCP candidate): open it and
   * report it with {@link PeerCore#handleConnected} or {@link PeerCore#handleDisconnected}, its
   * frames with {@link PeerCore#handleFrame}.
   */
  record OpenConnection(org.rtc4j.ice.IceEvent.OpenConnection request) implements PeerEvent {}

  /** ICE is done with a stream connection: close it. */
  record CloseConnection(long connection) implements PeerEvent {}

  /**
   * A remote candidate hides its address behind an mDNS name ({@code <uuid>.local}): resolve it
   * and hand it back with {@link PeerCore#addResolvedRemoteCandidate} (as it was if unresolved).
   */
  record ResolveMdns(org.rtc4j.ice.Candidate candidate) implements PeerEvent {}

  /** A STUN or TURN server gave no candidate. */
  record IceCandidateError(org.rtc4j.peer.IceCandidateError error) implements PeerEvent {}

  /** A local candidate to trickle; {@code candidate} null means gathering is complete. */
  record LocalCandidate(IceCandidate candidate) implements PeerEvent {}

  record GatheringStateChanged(IceGatheringState state) implements PeerEvent {}

  record IceConnectionStateChanged(IceConnectionState state) implements PeerEvent {}

  record ConnectionStateChanged(PeerConnectionState state) implements PeerEvent {}

  record SignalingStateChanged(SignalingState state) implements PeerEvent {}

  /** A change needs an offer/answer exchange; the facade fires it if still stable when it runs. */
  record NegotiationNeeded() implements PeerEvent {}

  /** The peer started sending on {@code transceiver}. */
  record Track(Transceiver transceiver, String trackId, List<String> streamIds) implements PeerEvent {}

  /** A frame assembled on {@code transceiver}; the array belongs to the application. */
  record Frame(Transceiver transceiver, EncodedFrame frame) implements PeerEvent {}

  /** The peer asked {@code transceiver}'s sender for a keyframe (PLI or FIR). */
  record KeyFrameRequested(Transceiver transceiver) implements PeerEvent {}

  /** The congestion controller's target for {@code transceiver}'s sender changed (bits per second). */
  record TargetBitrate(Transceiver transceiver, long bitrateBps) implements PeerEvent {}

  /** A data channel event other than a message (open, closing, closed, announced, error...). */
  record Channel(org.rtc4j.sctp.dcep.DataChannelEvent event) implements PeerEvent {}

  /**
   * A data channel message. <b>Reused</b>: valid until the next {@link PeerCore#pollEvent()};
   * {@link #data()} is a fresh array that belongs to the application.
   */
  final class ChannelMessage implements PeerEvent {
    org.rtc4j.sctp.dcep.DataChannel channel;
    byte[] data;
    boolean binary;

    public org.rtc4j.sctp.dcep.DataChannel channel() {
      return channel;
    }

    public byte[] data() {
      return data;
    }

    public boolean binary() {
      return binary;
    }
  }

  /** The core released its last resources after a close: the owner may close its sockets. */
  record Closed() implements PeerEvent {}
}
