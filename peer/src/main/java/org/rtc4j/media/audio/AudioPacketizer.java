package org.rtc4j.media.audio;

import org.rtc4j.media.AbstractPacketizer;
import org.rtc4j.media.Codec;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * Packetizer for the audio formats: Opus (RFC 7587 §4.2: one Opus packet per RTP payload, never
 * fragmented) and G.711 PCMU/PCMA (RFC 3551 §4.5.14: one byte per sample at 8 kHz, so a frame
 * larger than the payload limit is cut on sample boundaries and the RTP timestamp advances by the
 * samples already sent).
 *
 * <p>The marker bit follows RFC 3551 §4.1: it marks the first packet of a talkspurt, for senders that
 * stop sending during silence (Opus DTX, RFC 7587 §3.1.3). Such a sender calls
 * {@link #startTalkspurt()} before the first frame after a silence; a sender without silence
 * suppression never does, and its marker bit stays zero as §4.1 requires.
 */
public final class AudioPacketizer extends AbstractPacketizer {

    private boolean talkspurt;

    private byte[] frame;
    private int frameStart;
    private int pos;
    private int end;
    private long frameTimestamp;

    public AudioPacketizer(Codec codec, int maxPayloadSize) {
        super(codec, codec.toString(), maxPayloadSize, 1);
        if (!codec.isAudio()) {
            throw new IllegalArgumentException(codec + " is not an audio format");
        }
    }

    /** The next packet begins a talkspurt and gets the marker bit. */
    public void startTalkspurt() {
        talkspurt = true;
    }

    @Override
    public void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException {
        if (len <= 0) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, codec() + " frame is empty");
        }
        if (codec() == Codec.OPUS && len > maxPayloadSize()) {
            throw new MediaFormatException(Reason.FRAME_TOO_LARGE,
                    "Opus packet of " + len + " bytes exceeds the payload limit of " + maxPayloadSize());
        }
        this.frame = frame;
        this.frameStart = off;
        this.pos = off;
        this.end = off + len;
        this.frameTimestamp = rtpTimestamp & 0xFFFF_FFFFL;
    }

    @Override
    public boolean hasNext() {
        return frame != null && pos < end;
    }

    @Override
    protected int write(byte[] dst, int off) {
        int chunk = Math.min(maxPayloadSize(), end - pos);
        System.arraycopy(frame, pos, dst, off, chunk);
        // G.711: one sample per byte, so the timestamp of a later piece is offset by its position.
        timestamp(frameTimestamp + (codec() == Codec.OPUS ? 0 : pos - frameStart));
        pos += chunk;
        marker(talkspurt);
        talkspurt = false;
        return chunk;
    }
}
