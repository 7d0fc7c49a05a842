package org.rtc4j.sctp;

/** Association states of RFC 9260 §4, plus the terminal state of a finished association. */
public enum SctpState {
  /** No association yet: {@link SctpAssociation#connect} not called; an incoming INIT is answered. */
  CLOSED,
  /** INIT sent, waiting for INIT ACK. */
  COOKIE_WAIT,
  /** COOKIE ECHO sent, waiting for COOKIE ACK. */
  COOKIE_ECHOED,
  /** Up: data flows both ways. */
  ESTABLISHED,
  /** {@link SctpAssociation#shutdown} called; outstanding data is still being delivered. */
  SHUTDOWN_PENDING,
  /** SHUTDOWN sent. */
  SHUTDOWN_SENT,
  /** SHUTDOWN received; our outstanding data is still being delivered. */
  SHUTDOWN_RECEIVED,
  /** SHUTDOWN ACK sent. */
  SHUTDOWN_ACK_SENT,
  /**
   * Over: shut down, aborted or failed ({@link SctpEvent.Closed} says which). Nothing is sent or
   * accepted any more; a WebRTC association is never restarted on the same DTLS association.
   */
  TERMINATED
}
