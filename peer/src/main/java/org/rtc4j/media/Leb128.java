package org.rtc4j.media;

/**
 * Unsigned LEB128 as AV1 uses it (AV1 bitstream spec §4.10.5): seven bits per byte, least
 * significant group first, high bit set on every byte but the last, at most eight bytes.
 */
public final class Leb128 {

    private Leb128() {}

    /** Bytes needed to write {@code value}. */
    public static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    /** Writes {@code value} at {@code off}; returns the offset after it. */
    public static int write(long value, byte[] dst, int off) {
        while (true) {
            int b = (int) (value & 0x7F);
            value >>>= 7;
            if (value == 0) {
                dst[off++] = (byte) b;
                return off;
            }
            dst[off++] = (byte) (b | 0x80);
        }
    }

    /**
     * Reads a value starting at {@code off}, not reading at or past {@code end}. Returns the value in
     * the low 56 bits and the number of bytes read in the top byte; use {@link #value} and
     * {@link #length} to take it apart (no allocation on the packet path).
     */
    public static long read(byte[] src, int off, int end) throws MediaFormatException {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            if (off + i >= end) {
                throw new MediaFormatException(MediaFormatException.Reason.BAD_LEB128, "LEB128 runs past the end");
            }
            int b = src[off + i] & 0xFF;
            value |= (long) (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                return value | ((long) (i + 1) << 56);
            }
        }
        throw new MediaFormatException(MediaFormatException.Reason.BAD_LEB128, "LEB128 longer than 8 bytes");
    }

    public static long value(long packed) {
        return packed & 0x00FF_FFFF_FFFF_FFFFL;
    }

    public static int length(long packed) {
        return (int) (packed >>> 56);
    }
}
