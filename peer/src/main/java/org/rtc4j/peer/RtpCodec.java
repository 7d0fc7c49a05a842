package org.rtc4j.peer;

import java.util.Objects;

/**
 * A codec as W3C {@code RTCRtpCodec} describes it, for {@link RtpTransceiver#setCodecPreferences}
 * and {@link PeerConnection#getSenderCapabilities}.
 *
 * @param mimeType e.g. {@code "video/VP8"}, {@code "audio/opus"}
 * @param clockRate RTP clock rate in Hz
 * @param channels audio channels (0 for video)
 * @param sdpFmtpLine the {@code a=fmtp} parameters, or empty
 */
public record RtpCodec(String mimeType, int clockRate, int channels, String sdpFmtpLine) {
  public RtpCodec {
    Objects.requireNonNull(mimeType, "mimeType");
    sdpFmtpLine = sdpFmtpLine == null ? "" : sdpFmtpLine;
  }

  /** The part of {@link #mimeType} after the slash: the SDP encoding name. */
  public String encodingName() {
    int slash = mimeType.indexOf('/');
    return slash < 0 ? mimeType : mimeType.substring(slash + 1);
  }
}
