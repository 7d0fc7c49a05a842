package org.rtc4j.ice.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** What a {@link TurnClient} reports through {@link TurnClient#pollEvent()}. */
public sealed interface TurnEvent {
  /** The allocation exists: the relayed address (a relay candidate) and our server-reflexive address. */
  record Allocated(InetSocketAddress relayed, InetSocketAddress mapped, long lifetimeSeconds) implements TurnEvent {}

  /** A permission for this peer IP was installed or refreshed (RFC 8656 §9). */
  record PermissionCreated(InetAddress peer) implements TurnEvent {}

  /** A channel is bound to this peer: data to and from it now travels as ChannelData (RFC 8656 §11). */
  record ChannelBound(InetSocketAddress peer, int channel) implements TurnEvent {}

  /**
   * The allocation failed or is gone; the client is in state FAILED and sends nothing more.
   *
   * @param error the reason, typed
   * @param code the STUN error code when the server sent one, else 0
   * @param message a human-readable explanation (no secrets)
   */
  record Failed(TurnError error, int code, String message) implements TurnEvent {}

  /** {@link TurnClient#close} completed (the Refresh with lifetime 0 was sent). */
  record Closed() implements TurnEvent {}
}
