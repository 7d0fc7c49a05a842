package org.rtc4j.ice;

import java.net.InetSocketAddress;

/**
 * Bytes the agent wants sent; the agent hands over ownership of {@code data}.
 *
 * <ul>
 *   <li>{@code connection == 0}: a UDP datagram from the socket bound to {@code source} (a host
 *       candidate's base) to {@code destination} (a peer, a STUN server or a TURN server).
 *   <li>{@code connection > 0}: bytes to write on that stream connection (opened after an
 *       {@link IceEvent.OpenConnection} or accepted and announced with
 *       {@link IceAgent#handleAccepted}); they are already framed (RFC 4571 for ICE-TCP, STUN or
 *       padded ChannelData for TURN over TCP/TLS). {@code source} and {@code destination} are the
 *       connection's ends, for logging.
 * </ul>
 */
public record Transmit(InetSocketAddress source, InetSocketAddress destination, byte[] data, long connection) {
  /** A UDP datagram. */
  public Transmit(InetSocketAddress source, InetSocketAddress destination, byte[] data) {
    this(source, destination, data, 0);
  }

  /** Whether this goes over a stream connection rather than as a UDP datagram. */
  public boolean isStream() {
    return connection != 0;
  }
}
