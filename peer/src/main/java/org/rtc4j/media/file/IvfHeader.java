package org.rtc4j.media.file;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.rtc4j.media.Codec;

/**
 * The 32-byte IVF file header (the libvpx container; little-endian).
 *
 * <pre>
 *  0  "DKIF"          4  version (u16) = 0   6  header length (u16) = 32
 *  8  FourCC          12 width (u16)         14 height (u16)
 *  16 time base denominator (u32, the frame rate)
 *  20 time base numerator (u32)              24 frame count (u32)   28 unused (u32)
 * </pre>
 *
 * @param fourcc "VP80", "VP90" or "AV01"
 * @param timebaseDenominator frames' pts are in units of numerator / denominator seconds
 * @param unused bytes 28-31, kept so files round-trip exactly
 */
public record IvfHeader(String fourcc, int width, int height, int timebaseDenominator, int timebaseNumerator,
        int frameCount, int unused) {

    public static final int LENGTH = 32;

    public IvfHeader {
        if (fourcc.length() != 4 || !fourcc.chars().allMatch(c -> c < 0x80)) {
            throw new IllegalArgumentException("FourCC must be four ASCII characters: " + fourcc);
        }
        if (timebaseDenominator <= 0 || timebaseNumerator <= 0) {
            throw new IllegalArgumentException("time base " + timebaseNumerator + "/" + timebaseDenominator);
        }
    }

    /** A header for {@code codec} at {@code fps} frames per second, pts counted in frames. */
    public static IvfHeader of(Codec codec, int width, int height, int fps, int frameCount) {
        return new IvfHeader(fourccOf(codec), width, height, fps, 1, frameCount, 0);
    }

    /** The FourCC IVF uses for a codec. */
    public static String fourccOf(Codec codec) {
        switch (codec) {
            case VP8:
                return "VP80";
            case VP9:
                return "VP90";
            case AV1:
                return "AV01";
            default:
                throw new IllegalArgumentException("IVF does not carry " + codec);
        }
    }

    /** The codec of this file, or null for a FourCC rtc4j does not know. */
    public Codec codec() {
        switch (fourcc) {
            case "VP80":
                return Codec.VP8;
            case "VP90":
                return Codec.VP9;
            case "AV01":
                return Codec.AV1;
            default:
                return null;
        }
    }

    /**
     * Converts a frame's pts (in time-base units) to an RTP timestamp at {@code clockRate}
     * (90 kHz for video), truncated to 32 bits.
     */
    public long rtpTimestamp(long pts, int clockRate) {
        BigInteger ticks = BigInteger.valueOf(pts)
                .multiply(BigInteger.valueOf((long) clockRate * timebaseNumerator))
                .divide(BigInteger.valueOf(timebaseDenominator));
        return ticks.longValue() & 0xFFFF_FFFFL;
    }

    public IvfHeader withFrameCount(int count) {
        return new IvfHeader(fourcc, width, height, timebaseDenominator, timebaseNumerator, count, unused);
    }
}
