package org.rtc4j.media.h264;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Scans an H.264 Annex B byte stream (ITU-T H.264 Annex B) for NAL units without allocating.
 *
 * <p>A NAL unit starts after a three-byte start code {@code 00 00 01} (a four-byte start code is a
 * {@code zero_byte} plus the three-byte one) and ends before the next start code, with trailing
 * zero bytes ({@code trailing_zero_8bits}) removed.
 *
 * <pre>{@code
 * NalUnits nals = new NalUnits();
 * nals.reset(buf, off, len);
 * while (nals.next()) { use(buf, nals.start(), nals.end()); }
 * }</pre>
 */
public final class NalUnits {

    /** NAL unit types (H.264 Table 7-1) used by the packetizer and readers. */
    public static final int SLICE = 1;
    public static final int IDR = 5;
    public static final int SEI = 6;
    public static final int SPS = 7;
    public static final int PPS = 8;
    public static final int AUD = 9;
    public static final int FILLER = 12;
    public static final int STAP_A = 24;
    public static final int FU_A = 28;

    private byte[] buf;
    private int limit;
    private int nextStartCode;
    private int start;
    private int end;
    private int startCodeOffset;

    /** Creates a scanner; point it at a buffer with {@link #reset}. */
    public NalUnits() {}

    /** Points the scanner at {@code buf[off, off + len)}. */
    public void reset(byte[] buf, int off, int len) {
        this.buf = buf;
        this.limit = off + len;
        this.nextStartCode = findStartCode(buf, off, limit);
        this.start = this.end = off;
    }

    /** Whether the range given to {@link #reset} begins with a start code (possibly after zero bytes). */
    public boolean foundStartCode() {
        return nextStartCode >= 0;
    }

    /** Advances to the next NAL unit; false at the end of the range. */
    public boolean next() {
        while (nextStartCode >= 0) {
            int sc = nextStartCode;
            int s = sc + 3;
            int following = findStartCode(buf, s, limit);
            int e = following >= 0 ? following : limit;
            while (e > s && buf[e - 1] == 0) {
                e--;
            }
            nextStartCode = following;
            if (e > s) {
                startCodeOffset = sc > 0 && buf[sc - 1] == 0 ? sc - 1 : sc;
                start = s;
                end = e;
                return true;
            }
        }
        return false;
    }

    /** First byte (the NAL header) of the current NAL unit. */
    public int start() {
        return start;
    }

    /** One past the last byte of the current NAL unit. */
    public int end() {
        return end;
    }

    /** Where the current NAL's start code begins (including a leading {@code zero_byte}). */
    public int startCodeOffset() {
        return startCodeOffset;
    }

    /** The current NAL unit's type (nal_unit_type, 5 bits). */
    public int type() {
        return buf[start] & 0x1F;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGHS = 0x8080_8080_8080_8080L;

    /**
     * Index of the first {@code 00 00 01} at or after {@code from} that ends before {@code limit},
     * or -1. Skips eight bytes at a time while they hold no zero byte (no start code can begin in
     * such a word), which is nearly all of a slice's data.
     */
    public static int findStartCode(byte[] b, int from, int limit) {
        int i = from;
        while (i + 2 < limit) {
            if (i + 8 <= limit) {
                long w = (long) LONGS.get(b, i);
                if (((w - ONES) & ~w & HIGHS) == 0) {
                    i += 8;
                    continue;
                }
            }
            byte b2 = b[i + 2];
            if (b2 > 1 || b2 < 0) {
                i += 3; // b[i + 2] is neither 0 nor 1: no start code can begin at i, i+1 or i+2
            } else if (b2 == 1 && b[i + 1] == 0 && b[i] == 0) {
                return i;
            } else {
                i++;
            }
        }
        return -1;
    }
}
