package org.rtc4j.peer;

/**
 * A trickled ICE candidate (W3C {@code RTCIceCandidateInit}, RFC 8838).
 *
 * @param candidate the {@code candidate:...} attribute value (with or without {@code a=}); empty
 *     for end-of-candidates
 * @param sdpMid the media section's MID, or null
 * @param sdpMLineIndex the media section's index, or null
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) {

  public IceCandidate {
    candidate = candidate == null ? "" : candidate.trim();
  }

  /** The end-of-candidates indication (RFC 8838 §4): an empty candidate string. */
  public static IceCandidate endOfCandidates(String sdpMid, Integer sdpMLineIndex) {
    return new IceCandidate("", sdpMid, sdpMLineIndex);
  }

  /** Whether this is the end-of-candidates indication. */
  public boolean isEndOfCandidates() {
    return candidate.isEmpty();
  }
}
