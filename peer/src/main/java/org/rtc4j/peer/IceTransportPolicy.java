package org.rtc4j.peer;

/** W3C {@code RTCIceTransportPolicy}: which candidates may be used. {@code RELAY} is kept for when TURN lands; today it leaves no candidates. */
public enum IceTransportPolicy {
  ALL,
  RELAY;

  /** The W3C spelling, e.g. {@code "have-local-offer"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
