package org.rtc4j.peer;

import java.util.function.Consumer;
import org.rtc4j.peer.internal.Transceiver;
import org.rtc4j.media.EncodedFrame;

/**
 * W3C {@code RTCRtpReceiver}: receives one remote track on its transceiver. Packets are
 * unprotected, reordered, completed by NACK/RTX where negotiated and reassembled into encoded
 * frames, which are delivered to {@link #onFrame} byte-identical to what the peer sent, or not at
 * all (a frame given up triggers a keyframe request for video).
 *
 * <p>Threads: the frame callback runs on the connection's event loop and must not block; each
 * frame's array is a fresh copy that the application owns.
 */
public final class RtpReceiver {
  final RtpTransceiver transceiver;
  private final Transceiver state;
  volatile Consumer<EncodedFrame> frameListener;

  RtpReceiver(RtpTransceiver transceiver, Transceiver state) {
    this.transceiver = transceiver;
    this.state = state;
  }

  public RtpTransceiver transceiver() {
    return transceiver;
  }

  public MediaKind kind() {
    return transceiver.kind();
  }

  /** The remote track id (from {@code a=msid}), or null before a remote description names one. */
  public String trackId() {
    return state.receive.trackId();
  }

  /** Delivers every assembled frame to {@code listener}, on the event loop. */
  public void onFrame(Consumer<EncodedFrame> listener) {
    this.frameListener = listener;
  }

  /** Asks the peer for a keyframe (RTCP PLI, RFC 4585 §6.3.1). May be called from any thread. */
  public void requestKeyFrame() {
    transceiver.pc.requestKeyFrame(this);
  }
}
