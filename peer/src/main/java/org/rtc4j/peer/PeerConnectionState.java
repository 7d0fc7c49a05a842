package org.rtc4j.peer;

/** W3C {@code RTCPeerConnectionState}: ICE and DTLS together. {@code CONNECTED} means media can flow (ICE connected and the DTLS handshake done). */
public enum PeerConnectionState {
  NEW,
  CONNECTING,
  CONNECTED,
  DISCONNECTED,
  FAILED,
  CLOSED;

  /** The W3C spelling, e.g. {@code "have-local-offer"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
