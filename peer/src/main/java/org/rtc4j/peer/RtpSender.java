package org.rtc4j.peer;

import java.util.List;
import java.util.function.LongConsumer;
import org.rtc4j.peer.internal.Transceiver;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.rtp.RtpExtensions;

/**
 * W3C {@code RTCRtpSender}: sends one track's encoded frames on its transceiver. rtc4j does not
 * encode: the application hands over encoded frames and the sender packetizes them with the
 * negotiated codec's payload format, protects them with SRTP and sends them; it keeps a send
 * history to answer NACKs (by RTX, RFC 4588, when negotiated) and reports PLI/FIR requests.
 *
 * <p>Threads: {@link #sendFrame} may be called from any thread; the callback set with
 * {@link #onKeyFrameRequest} runs on the connection's event loop and must not block.
 */
public final class RtpSender {
  final RtpTransceiver transceiver;
  private final Transceiver state;
  volatile Runnable keyFrameRequestListener;
  volatile LongConsumer targetBitrateListener;

  RtpSender(RtpTransceiver transceiver, Transceiver state) {
    this.transceiver = transceiver;
    this.state = state;
  }

  /** The track, or null (after {@link PeerConnection#removeTrack}, or for a receive-only transceiver). */
  public MediaStreamTrack track() {
    return state.track;
  }

  /** The stream ids signalled in {@code a=msid}. */
  public List<String> streamIds() {
    return state.streamIds;
  }

  public RtpTransceiver transceiver() {
    return transceiver;
  }

  /** The SSRC of the media stream (RFC 3550). */
  public long ssrc() {
    return state.send.ssrc();
  }

  /** The SSRC of the retransmission stream (RFC 4588). */
  public long rtxSsrc() {
    return state.send.rtxSsrc();
  }

  /**
   * Sends one encoded frame: packetized with the negotiated payload format of {@code frame.codec()},
   * with {@code frame.rtpTimestamp()} as the RTP timestamp. May be called from any thread; the
   * frame's bytes are read later on the event loop, so do not modify them after the call. Frames
   * are dropped (and counted in {@link #framesDropped()}) while the connection is not connected,
   * the transceiver does not send, or the codec was not negotiated.
   */
  public void sendFrame(EncodedFrame frame) {
    transceiver.pc.sendFrame(this, frame, -1);
  }

  /**
   * Sends one encoded audio frame as {@link #sendFrame(EncodedFrame)} does, with its audio level
   * (RFC 6464, client-to-mixer): each of its packets carries the level in the
   * {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level} header extension when the peer negotiated
   * it (browsers do), for mixers, SFUs choosing the active speaker, and the peer's stats
   * ({@code inbound-rtp.audioLevel}, {@code RTCRtpSynchronizationSource.audioLevel}). rtc4j does
   * not decode audio, so the application that encoded the frame says how loud it was. Frames sent
   * without a level carry none.
   *
   * @param audioLevelDbov the level relative to the overload point, in -dBov: 0 (0 dBov, the
   *     loudest) to 127 (-127 dBov, silence), RFC 6464 §3
   * @param voiceActivity whether the frame holds speech (the V flag; the encoder's voice activity
   *     detection, or true when there is none)
   * @throws IllegalArgumentException if the level is outside 0-127 or the frame is not audio
   */
  public void sendFrame(EncodedFrame frame, int audioLevelDbov, boolean voiceActivity) {
    if (audioLevelDbov < 0 || audioLevelDbov > 127) {
      throw new IllegalArgumentException("audio level must be 0-127 (-dBov), got " + audioLevelDbov);
    }
    if (!frame.codec().isAudio()) {
      throw new IllegalArgumentException("an audio level goes with audio frames, not " + frame.codec());
    }
    transceiver.pc.sendFrame(this, frame, RtpExtensions.audioLevel(voiceActivity, audioLevelDbov) & 0xFF);
  }

  /**
   * Runs {@code listener} on the event loop when the peer asks for a keyframe (RTCP PLI, RFC 4585
   * §6.3.1, or FIR, RFC 5104 §4.3.1). It must not block.
   */
  public void onKeyFrameRequest(Runnable listener) {
    this.keyFrameRequestListener = listener;
  }

  /**
   * Runs {@code listener} on the event loop with this sender's share of the congestion controller's
   * target (bits per second) whenever it changes: what the encoder should produce. The connection
   * estimates the path from the peer's transport-wide congestion control feedback or REMB (GCC,
   * draft-ietf-rmcat-gcc-02) and divides the estimate among its senders: each audio sender 40
   * kbit/s, the video senders the rest in equal parts, each within its {@link #setMaxBitrate}. (The
   * W3C API has no such event; an encoder attached to a browser sender learns it internally.) It
   * must not block.
   */
  public void onTargetBitrate(LongConsumer listener) {
    this.targetBitrateListener = listener;
  }

  /** The last target given to {@link #onTargetBitrate}, or -1 before the first estimate. */
  public long targetBitrate() {
    return state.send.targetBitrateBps();
  }

  /**
   * The most this sender should use (bits per second, W3C {@code RTCRtpEncodingParameters.maxBitrate});
   * 0 removes the limit. Its target never exceeds it, and when every video sender has one the
   * estimate is capped at their sum.
   */
  public void setMaxBitrate(long bitsPerSecond) {
    if (bitsPerSecond < 0) {
      throw new IllegalArgumentException("RangeError: maxBitrate " + bitsPerSecond);
    }
    state.send.setMaxBitrateBps(bitsPerSecond);
    transceiver.pc.maxBitrateChanged();
  }

  /** The maximum set with {@link #setMaxBitrate}, or 0. */
  public long maxBitrate() {
    return state.send.maxBitrateBps();
  }

  /** Frames given to {@link #sendFrame} and not sent. */
  public long framesDropped() {
    return state.send.framesDropped();
  }
}
