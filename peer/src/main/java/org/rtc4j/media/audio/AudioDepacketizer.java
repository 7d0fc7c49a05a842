package org.rtc4j.media.audio;

import org.rtc4j.media.Codec;
import org.rtc4j.media.Depacketizer;
import org.rtc4j.media.FrameBuffer;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * Depacketizer for Opus (RFC 7587) and G.711 (RFC 3551): every RTP payload is one whole frame.
 * An Opus payload must hold at least the TOC byte (RFC 6716 §3.1).
 */
public final class AudioDepacketizer implements Depacketizer {

    private final Codec codec;

    public AudioDepacketizer(Codec codec) {
        if (!codec.isAudio()) {
            throw new IllegalArgumentException(codec + " is not an audio format");
        }
        this.codec = codec;
    }

    @Override
    public Codec codec() {
        return codec;
    }

    @Override
    public int inspect(byte[] payload, int off, int len, boolean marker) throws MediaFormatException {
        if (len < 1) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, codec + " payload is empty");
        }
        return START | CERTAIN_START | END;
    }

    @Override
    public void append(FrameBuffer frame, byte[] payload, int off, int len) throws MediaFormatException {
        inspect(payload, off, len, true);
        frame.markKeyframe();
        frame.write(payload, off, len);
    }
}
