package org.rtc4j.media.audio;

/**
 * ITU-T G.711 companding: 16-bit linear PCM to and from 8-bit mu-law (PCMU) and A-law (PCMA), the
 * encodings of RTP payload types 0 and 8 (RFC 3551 §4.5.14). Decoding uses 256-entry tables.
 */
public final class G711 {

    private static final short[] ULAW_TO_LINEAR = new short[256];
    private static final short[] ALAW_TO_LINEAR = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ULAW_TO_LINEAR[i] = (short) ulawDecodeSlow(i);
            ALAW_TO_LINEAR[i] = (short) alawDecodeSlow(i);
        }
    }

    private G711() {}

    /** mu-law: bias 132, eight segments, bits inverted on the wire (G.711 Table 2a). */
    public static byte linearToUlaw(int pcm) {
        int sign = 0;
        if (pcm < 0) {
            sign = 0x80;
            pcm = -pcm;
        }
        pcm = Math.min(pcm, 32635) + 0x84;
        int exponent = 7;
        for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
            exponent--;
        }
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | (exponent << 4) | mantissa);
    }

    public static short ulawToLinear(byte ulaw) {
        return ULAW_TO_LINEAR[ulaw & 0xFF];
    }

    private static int ulawDecodeSlow(int u) {
        u = ~u & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int sample = ((((u & 0x0F) << 3) + 0x84) << exponent) - 0x84;
        return (u & 0x80) != 0 ? -sample : sample;
    }

    /** A-law: 13-bit magnitude, eight segments, even bits inverted on the wire (G.711 Table 1a). */
    public static byte linearToAlaw(int pcm) {
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        pcm = Math.min(pcm, 32767) >> 3;
        int segment = 0;
        for (int bound = 0x1F; pcm > bound && segment < 8; bound = (bound << 1) | 1) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int value = segment << 4;
        value |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte) (value ^ mask);
    }

    public static short alawToLinear(byte alaw) {
        return ALAW_TO_LINEAR[alaw & 0xFF];
    }

    private static int alawDecodeSlow(int a) {
        a ^= 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t += 0x108;
            if (segment > 1) {
                t <<= segment - 1;
            }
        }
        return (a & 0x80) != 0 ? t : -t;
    }

    /** Encodes {@code n} samples from {@code pcm[pcmOff]} into {@code out[outOff]}. */
    public static void encodeUlaw(short[] pcm, int pcmOff, byte[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = linearToUlaw(pcm[pcmOff + i]);
        }
    }

    public static void encodeAlaw(short[] pcm, int pcmOff, byte[] out, int outOff, int n) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = linearToAlaw(pcm[pcmOff + i]);
        }
    }

    public static void decodeUlaw(byte[] in, int inOff, short[] pcm, int pcmOff, int n) {
        for (int i = 0; i < n; i++) {
            pcm[pcmOff + i] = ULAW_TO_LINEAR[in[inOff + i] & 0xFF];
        }
    }

    public static void decodeAlaw(byte[] in, int inOff, short[] pcm, int pcmOff, int n) {
        for (int i = 0; i < n; i++) {
            pcm[pcmOff + i] = ALAW_TO_LINEAR[in[inOff + i] & 0xFF];
        }
    }
}
