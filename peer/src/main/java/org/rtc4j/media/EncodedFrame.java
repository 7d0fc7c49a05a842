package org.rtc4j.media;

import java.util.Arrays;
import java.util.Objects;

/**
 * One encoded media frame: an access unit for H.264 (Annex B, four-byte start codes), a temporal
 * unit for AV1 (low-overhead bitstream format, OBUs with sizes), a VP8/VP9 frame, or one Opus or
 * G.711 packet.
 *
 * <p>The application owns {@code data}: a frame handed out by a {@link FrameAssembler} is a fresh
 * copy, and the stack never reads or writes the array after handing it over.
 *
 * @param data the encoded bytes (owned by the holder of this record)
 * @param rtpTimestamp the RTP timestamp, an unsigned 32-bit value
 * @param keyframe whether the frame can be decoded without earlier frames (always true for audio)
 * @param codec the payload format
 */
public record EncodedFrame(byte[] data, long rtpTimestamp, boolean keyframe, Codec codec) {

    public EncodedFrame {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(codec, "codec");
        if (rtpTimestamp < 0 || rtpTimestamp > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("rtpTimestamp is not an unsigned 32-bit value: " + rtpTimestamp);
        }
    }

    /** The frame's size in bytes. */
    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedFrame f
                && rtpTimestamp == f.rtpTimestamp
                && keyframe == f.keyframe
                && codec == f.codec
                && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(data), rtpTimestamp, keyframe, codec);
    }

    @Override
    public String toString() {
        return "EncodedFrame[" + codec + " ts=" + rtpTimestamp + (keyframe ? " key" : "") + " " + data.length + " B]";
    }
}
