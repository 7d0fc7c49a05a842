package org.rtc4j.ice;

/** Candidate gathering state (W3C {@code RTCIceGatheringState}). */
public enum GatheringState {
  NEW,
  GATHERING,
  COMPLETE
}
