package org.rtc4j.peer;

/** W3C {@code RTCSignalingState}: where the offer/answer exchange stands (JSEP, RFC 8829 §3.2). */
public enum SignalingState {
  STABLE,
  HAVE_LOCAL_OFFER,
  HAVE_REMOTE_OFFER,
  HAVE_LOCAL_PRANSWER,
  HAVE_REMOTE_PRANSWER,
  CLOSED;

  /** The W3C spelling, e.g. {@code "have-local-offer"}. */
  public String w3cName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
