package org.rtc4j.peer;

/** W3C {@code RTCIceConnectionState}. */
public enum IceConnectionState {
  NEW,
  CHECKING,
  CONNECTED,
  COMPLETED,
  DISCONNECTED,
  FAILED,
  CLOSED;

  /** The W3C spelling, e.g. {@code "have-local-offer"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
