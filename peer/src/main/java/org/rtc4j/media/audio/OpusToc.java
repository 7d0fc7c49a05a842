package org.rtc4j.media.audio;

import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * The Opus TOC byte and frame count (RFC 6716 §3.1, §3.2.5): how many 48 kHz samples one Opus packet
 * holds. The Ogg writer needs it for granule positions (RFC 7845 §4).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * | config  |s| c |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class OpusToc {

    private static final int[] SILK_SAMPLES = {480, 960, 1920, 2880};

    private OpusToc() {}

    /** Samples per frame at 48 kHz for TOC configuration {@code config} (RFC 6716 Table 2). */
    public static int frameSamples48k(int config) {
        if (config < 12) {                      // SILK: 10, 20, 40, 60 ms
            return SILK_SAMPLES[config & 3];
        } else if (config < 16) {               // Hybrid: 10, 20 ms
            return (config & 1) == 0 ? 480 : 960;
        } else {                                // CELT: 2.5, 5, 10, 20 ms
            return 120 << (config & 3);
        }
    }

    /** Total samples at 48 kHz in the Opus packet. */
    public static int packetSamples48k(byte[] packet, int off, int len) throws MediaFormatException {
        if (len < 1) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "Opus packet without a TOC byte");
        }
        int toc = packet[off] & 0xFF;
        int frames;
        switch (toc & 0x03) {
            case 0:
                frames = 1;
                break;
            case 1:
            case 2:
                frames = 2;
                break;
            default:
                if (len < 2) {
                    throw new MediaFormatException(Reason.TRUNCATED, "Opus code 3 packet without a frame count");
                }
                frames = packet[off + 1] & 0x3F;
                if (frames == 0) {
                    throw new MediaFormatException(Reason.BAD_STREAM, "Opus code 3 packet with zero frames");
                }
        }
        int samples = frames * frameSamples48k(toc >>> 3);
        if (samples > 5760) {
            throw new MediaFormatException(Reason.BAD_STREAM, "Opus packet longer than 120 ms");
        }
        return samples;
    }
}
