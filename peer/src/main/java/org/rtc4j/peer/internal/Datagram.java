package org.rtc4j.peer.internal;

import java.net.InetSocketAddress;

/**
 * One datagram for the owner to send: {@code buffer[offset, offset + length)} from the local
 * address {@code source} to {@code destination}; or, when {@link #connection()} is not 0, bytes
 * already framed for that stream connection (TURN over TCP or TLS, ICE-TCP). A view the core
 * reuses: valid until the next {@link PeerCore#pollTransmit()}.
 */
public final class Datagram {
  byte[] buffer;
  int offset;
  int length;
  InetSocketAddress source;
  InetSocketAddress destination;
  boolean pooled;
  long connection;

  public byte[] buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** The local address to send from (the socket bound to it). */
  public InetSocketAddress source() {
    return source;
  }

  public InetSocketAddress destination() {
    return destination;
  }

  /** The stream connection to write on (its bytes are framed), or 0 for a UDP datagram. */
  public long connection() {
    return connection;
  }

  @Override
  public String toString() {
    return "Datagram[" + length + " bytes " + source + " -> " + destination
        + (connection != 0 ? " on connection " + connection : "") + "]";
  }
}
