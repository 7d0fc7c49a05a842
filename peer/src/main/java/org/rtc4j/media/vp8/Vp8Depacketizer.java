package org.rtc4j.media.vp8;

import org.rtc4j.media.Codec;
import org.rtc4j.media.Depacketizer;
import org.rtc4j.media.FrameBuffer;
import org.rtc4j.media.MediaFormatException;

/**
 * VP8 depacketizer, RFC 7741. A frame starts at S = 1, PID = 0 and ends at the marker bit
 * (§4.4). Keyframes are recognised from the VP8 payload header (§4.3): on the payload that starts
 * partition 0, the P bit (lowest bit of the first byte of the frame tag) is 0.
 */
public final class Vp8Depacketizer implements Depacketizer {

    private final Vp8Descriptor descriptor = new Vp8Descriptor();

    /** Creates a depacketizer. */
    public Vp8Depacketizer() {}

    @Override
    public Codec codec() {
        return Codec.VP8;
    }

    /** The descriptor of the payload last inspected or appended. */
    public Vp8Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public int inspect(byte[] payload, int off, int len, boolean marker) throws MediaFormatException {
        descriptor.parse(payload, off, len);
        int flags = descriptor.frameStart() ? START | CERTAIN_START : 0;
        return marker ? flags | END : flags;
    }

    @Override
    public void append(FrameBuffer frame, byte[] payload, int off, int len) throws MediaFormatException {
        int d = descriptor.parse(payload, off, len);
        if (frame.packets() == 0 && descriptor.frameStart() && (payload[off + d] & 0x01) == 0) {
            frame.markKeyframe();
        }
        frame.write(payload, off + d, len - d);
    }

    /** Whether a complete VP8 frame (RFC 6386 §9.1 frame tag) is a keyframe. */
    public static boolean isKeyframe(byte[] frame, int off, int len) {
        return len >= 3 && (frame[off] & 0x01) == 0;
    }
}
