package org.rtc4j.net;

/**
 * Receives what happens on one {@link TcpConnection}, on its loop's thread. Must not block.
 * An exception thrown here is caught and counted by the loop, which carries on.
 */
public interface TcpHandler {
  /** The connection is established (for TLS: the handshake finished and the peer is verified). */
  void onConnected(TcpConnection connection);

  /**
   * Bytes arrived (plaintext for TLS). {@code buf} is borrowed for the call: a stream has no
   * message boundaries, so frame with {@link org.rtc4j.ice.StreamFramer} or the like.
   */
  void onData(TcpConnection connection, byte[] buf, int off, int len);

  /**
   * The connection is closed: by either side, or failed ({@code cause} non-null: refused,
   * reset, TLS handshake or certificate failure). Called once, never after {@link
   * TcpConnection#close()} was called by the owner itself... except that it is, once, with a
   * null cause, so that owners can release state in one place.
   */
  void onClosed(TcpConnection connection, Throwable cause);
}
