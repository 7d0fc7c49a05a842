package org.rtc4j.sctp.dcep;

/** W3C {@code RTCDataChannelState}. */
public enum DataChannelState {
  /** Waiting for the association (or for an id, before the DTLS role is known). */
  CONNECTING,
  /** Messages flow. */
  OPEN,
  /** Closing: the stream resets are under way (RFC 8831 §6.7). */
  CLOSING,
  /** Closed; the stream id is free again. */
  CLOSED
}
