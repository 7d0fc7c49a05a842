package org.rtc4j.ice;

import java.net.InetSocketAddress;

/**
 * What the agent made of one received datagram or stream frame ({@link IceAgent#handleReceive},
 * {@link IceAgent#handleFrame}). A reusable view owned by the agent, valid until its next input:
 * nothing is allocated per packet.
 *
 * <ul>
 *   <li>{@link #isApplication()}: application data (DTLS, SRTP, ...) for the next layer, at
 *       {@code buffer()[offset(), offset()+length())}, unwrapped from TURN (ChannelData or a Data
 *       indication) or RFC 4571 framing when it came that way; {@link #from()} is the peer's
 *       transport address (not the TURN server), {@link #to()} the local candidate's base (the
 *       relayed address for relayed traffic). Hand it on by its first byte (RFC 7983).
 *   <li>otherwise the agent consumed it (STUN, TURN control) or dropped it (counted).
 * </ul>
 */
public final class Received {
  byte[] buffer;
  int offset;
  int length;
  InetSocketAddress from;
  InetSocketAddress to;
  boolean application;

  Received() {}

  Received consumed() {
    application = false;
    buffer = null;
    return this;
  }

  Received application(byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
    this.application = true;
    this.buffer = buf;
    this.offset = off;
    this.length = len;
    this.from = from;
    this.to = to;
    return this;
  }

  /** Whether the payload is application data for the next layer (else the agent kept it). */
  public boolean isApplication() {
    return application;
  }

  public byte[] buffer() {
    return buffer;
  }

  public int offset() {
    return offset;
  }

  public int length() {
    return length;
  }

  /** The peer's transport address. */
  public InetSocketAddress from() {
    return from;
  }

  /** The local candidate's base it arrived on (a relayed address for relayed data). */
  public InetSocketAddress to() {
    return to;
  }
}
