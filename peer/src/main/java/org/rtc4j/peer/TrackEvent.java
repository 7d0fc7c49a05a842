package org.rtc4j.peer;

import java.util.List;

/**
 * W3C {@code RTCTrackEvent}: the peer started sending a track on a transceiver.
 *
 * @param receiver where its frames arrive ({@link RtpReceiver#onFrame})
 * @param transceiver the transceiver it belongs to
 * @param trackId the remote track id from {@code a=msid}, or a generated one
 * @param kind audio or video
 * @param streamIds the remote stream ids from {@code a=msid} (may be empty)
 */
public record TrackEvent(RtpReceiver receiver, RtpTransceiver transceiver, String trackId, MediaKind kind,
    List<String> streamIds) {
  public TrackEvent {
    streamIds = List.copyOf(streamIds);
  }
}
