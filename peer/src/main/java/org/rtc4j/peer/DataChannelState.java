package org.rtc4j.peer;

/** W3C {@code RTCDataChannelState}. */
public enum DataChannelState {
  /** Created, not yet open (the association or the peer's DCEP ACK is pending). */
  CONNECTING,
  /** Messages flow. */
  OPEN,
  /** Closing: the stream is being reset. */
  CLOSING,
  /** Closed for good. */
  CLOSED;

  /** The W3C name, e.g. {@code "open"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
