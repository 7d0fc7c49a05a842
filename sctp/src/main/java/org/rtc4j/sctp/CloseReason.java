package org.rtc4j.sctp;

/** Why an association ended ({@link SctpEvent.Closed}). */
public enum CloseReason {
  /** The graceful SHUTDOWN sequence completed (RFC 9260 §9.2). */
  SHUTDOWN,
  /** {@link SctpAssociation#abort} was called; an ABORT was sent. */
  ABORTED_LOCALLY,
  /** The peer sent ABORT. */
  ABORTED_BY_PEER,
  /** Association.Max.Retrans consecutive retransmission or heartbeat timeouts (RFC 9260 §8.1). */
  PEER_UNREACHABLE,
  /** INIT or COOKIE ECHO was retransmitted Max.Init.Retransmits times without an answer. */
  HANDSHAKE_FAILED,
  /** The peer broke the protocol (e.g. acknowledged a TSN never sent); an ABORT was sent. */
  PROTOCOL_VIOLATION
}
