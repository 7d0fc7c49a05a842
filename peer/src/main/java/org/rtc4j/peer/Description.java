package org.rtc4j.peer;

import java.util.Objects;

/**
 * A session description as JSEP (RFC 8829) and the W3C {@code RTCSessionDescriptionInit} carry it:
 * its type and the SDP text. {@link Type#ROLLBACK} carries no SDP.
 *
 * @param type what the description is in the offer/answer exchange
 * @param sdp the SDP text (CRLF line ends); empty for a rollback
 */
public record Description(Type type, String sdp) {

  /** {@code RTCSdpType}. */
  public enum Type {
    OFFER,
    PRANSWER,
    ANSWER,
    ROLLBACK;

    /** The W3C spelling: {@code "offer"}, {@code "pranswer"}, {@code "answer"}, {@code "rollback"}. */
    public String w3cName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses the W3C spelling, ignoring case. */
    public static Type fromW3cName(String name) {
      return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }

  public Description {
    Objects.requireNonNull(type, "type");
    sdp = sdp == null ? "" : sdp;
  }

  public static Description offer(String sdp) {
    return new Description(Type.OFFER, Objects.requireNonNull(sdp, "sdp"));
  }

  public static Description answer(String sdp) {
    return new Description(Type.ANSWER, Objects.requireNonNull(sdp, "sdp"));
  }

  public static Description pranswer(String sdp) {
    return new Description(Type.PRANSWER, Objects.requireNonNull(sdp, "sdp"));
  }

  public static Description rollback() {
    return new Description(Type.ROLLBACK, "");
  }
}
