package org.rtc4j.peer;

/** W3C {@code RTCIceGatheringState}. */
public enum IceGatheringState {
  NEW,
  GATHERING,
  COMPLETE;

  /** The W3C spelling, e.g. {@code "have-local-offer"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
