package org.rtc4j.ice;

/**
 * Why an {@link IceTransport} dropped a received datagram before any protocol engine took it.
 * Each drop is counted ({@link IceTransport#droppedCount(IceDropReason)}) and logged at DEBUG,
 * never above: anyone who can send UDP could otherwise flood the log.
 *
 * <p>STUN messages the agent takes but rejects (malformed, unauthenticated, unmatched responses)
 * are counted by the agent itself, in {@link IceStats}.
 */
public enum IceDropReason {
  /** An empty datagram. */
  EMPTY,
  /** The first byte is 0..3, the STUN range of RFC 7983 §7, but the header is not STUN's (RFC 8489 §5). */
  NOT_STUN,
  /** The first byte is in no range RFC 7983 §7 assigns to STUN, DTLS or RTP/RTCP (e.g. ZRTP, TURN channels). */
  UNKNOWN_PROTOCOL,
  /** DTLS or RTP/RTCP arrived before the layer above set its handler ({@code onDtls}, {@code onRtp}). */
  NO_HANDLER,
  /** DTLS or RTP/RTCP from an address that is no remote candidate, signalled or peer-reflexive. */
  UNKNOWN_SOURCE,
  /** The transport was closed. */
  CLOSED
}
