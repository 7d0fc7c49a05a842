package org.rtc4j.media.file;

import java.io.IOException;
import java.io.InputStream;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/** Little-endian helpers and exact reads for the file formats. */
final class Bytes {

    private Bytes() {}

    static int u16le(byte[] b, int off) {
        return (b[off] & 0xFF) | (b[off + 1] & 0xFF) << 8;
    }

    static long u32le(byte[] b, int off) {
        return u16le(b, off) | (long) u16le(b, off + 2) << 16;
    }

    static long u64le(byte[] b, int off) {
        return u32le(b, off) | u32le(b, off + 4) << 32;
    }

    static void put16le(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
    }

    static void put32le(byte[] b, int off, long v) {
        put16le(b, off, (int) v);
        put16le(b, off + 2, (int) (v >>> 16));
    }

    static void put64le(byte[] b, int off, long v) {
        put32le(b, off, v);
        put32le(b, off + 4, v >>> 32);
    }

    /**
     * Reads exactly {@code len} bytes. Returns false if the stream ended before the first byte
     * (a clean end); throws {@link Reason#TRUNCATED} if it ended in the middle.
     */
    static boolean readFully(InputStream in, byte[] b, int off, int len, String what) throws IOException {
        int n = 0;
        while (n < len) {
            int r = in.read(b, off + n, len - n);
            if (r < 0) {
                if (n == 0) {
                    return false;
                }
                throw new MediaFormatException(Reason.TRUNCATED, what + " truncated: " + n + " of " + len + " bytes");
            }
            n += r;
        }
        return true;
    }

    static void readRequired(InputStream in, byte[] b, int off, int len, String what) throws IOException {
        if (len > 0 && !readFully(in, b, off, len, what)) {
            throw new MediaFormatException(Reason.TRUNCATED, what + " missing");
        }
    }
}
