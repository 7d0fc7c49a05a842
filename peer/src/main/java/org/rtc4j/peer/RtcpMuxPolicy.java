package org.rtc4j.peer;

/** W3C {@code RTCRtcpMuxPolicy}: RTP and RTCP share one port (RFC 5761); the only value the current spec keeps. */
public enum RtcpMuxPolicy {
  REQUIRE;

  /** The W3C spelling, e.g. {@code "have-local-offer"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
