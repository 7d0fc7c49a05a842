package org.rtc4j.ice.turn;

/** How a TURN client reaches its server (RFC 8656 §3.1, RFC 7065 URIs). */
public enum TurnTransport {
  /** {@code turn:host?transport=udp} (the default for {@code turn:}). */
  UDP,
  /** {@code turn:host?transport=tcp}. */
  TCP,
  /** {@code turns:host} (TLS over TCP, the default and only transport for {@code turns:}). */
  TLS;

  /** Whether messages travel over a byte stream (framed by their own lengths, RFC 8656 §12.5). */
  public boolean isStream() {
    return this != UDP;
  }
}
