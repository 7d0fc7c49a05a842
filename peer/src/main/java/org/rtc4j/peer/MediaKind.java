package org.rtc4j.peer;

/** The kind of a track or media section. */
public enum MediaKind {
  AUDIO,
  VIDEO;

  /** The SDP media type: {@code "audio"} or {@code "video"}. */
  public String sdpName() {
    return this == AUDIO ? "audio" : "video";
  }
}
