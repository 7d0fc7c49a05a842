package org.rtc4j.peer;

import java.util.Objects;
import java.util.UUID;

/**
 * A local track as {@link PeerConnection#addTrack} takes it: its kind and id. rtc4j does not
 * capture or encode; the application feeds encoded frames to the track's {@link RtpSender}.
 *
 * @param kind audio or video
 * @param id the track id, signalled in {@code a=msid} (RFC 8830)
 */
public record MediaStreamTrack(MediaKind kind, String id) {

  public MediaStreamTrack {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(id, "id");
    if (id.isEmpty() || id.chars().anyMatch(c -> c <= ' ' || c > '~')) {
      throw new IllegalArgumentException("a track id must be 1 or more visible ASCII characters: '" + id + "'");
    }
  }

  public static MediaStreamTrack audio(String id) {
    return new MediaStreamTrack(MediaKind.AUDIO, id);
  }

  public static MediaStreamTrack video(String id) {
    return new MediaStreamTrack(MediaKind.VIDEO, id);
  }

  /** A track of that kind with a random UUID id. */
  public static MediaStreamTrack random(MediaKind kind) {
    return new MediaStreamTrack(kind, UUID.randomUUID().toString());
  }
}
