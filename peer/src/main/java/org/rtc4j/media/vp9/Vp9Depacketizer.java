package org.rtc4j.media.vp9;

import org.rtc4j.media.Codec;
import org.rtc4j.media.Depacketizer;
import org.rtc4j.media.FrameBuffer;
import org.rtc4j.media.MediaFormatException;

/**
 * VP9 depacketizer, RFC 9628, for non-scalable streams: a frame runs from the payload with B = 1
 * to the one with E = 1 (§4.2), with no sequence number missing between them; the E bit alone ends
 * a frame (in a non-scalable stream the marker bit is set on that same payload, §4.1), so a
 * timestamp change before it is a loss, not an end ({@link #marksFrameEnd()}). A frame is a
 * keyframe when its first payload has P = 0 (and, if layer indices are present, spatial layer 0).
 */
public final class Vp9Depacketizer implements Depacketizer {

    private final Vp9Descriptor descriptor = new Vp9Descriptor();

    /** Creates a depacketizer. */
    public Vp9Depacketizer() {}

    @Override
    public Codec codec() {
        return Codec.VP9;
    }

    public Vp9Descriptor descriptor() {
        return descriptor;
    }

    @Override
    public int inspect(byte[] payload, int off, int len, boolean marker) throws MediaFormatException {
        descriptor.parse(payload, off, len);
        int flags = descriptor.beginning() ? START | CERTAIN_START : 0;
        return descriptor.end() ? flags | END : flags;
    }

    /** The E bit marks every frame's last payload. */
    @Override
    public boolean marksFrameEnd() {
        return true;
    }

    @Override
    public void append(FrameBuffer frame, byte[] payload, int off, int len) throws MediaFormatException {
        int d = descriptor.parse(payload, off, len);
        if (frame.packets() == 0 && descriptor.beginning() && !descriptor.interPicturePredicted()
                && descriptor.spatialId() <= 0) {
            frame.markKeyframe();
        }
        frame.write(payload, off + d, len - d);
    }
}
