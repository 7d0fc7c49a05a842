package org.rtc4j.media.av1;

import java.util.Arrays;
import org.rtc4j.media.Codec;
import org.rtc4j.media.Depacketizer;
import org.rtc4j.media.FrameBuffer;
import org.rtc4j.media.Leb128;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * AV1 depacketizer per the AOM "RTP Payload Format For AV1" (§4.4, §4.5, §5). Rebuilds a temporal unit
 * in the low-overhead bitstream format: a temporal delimiter OBU, then every received OBU with
 * {@code obu_has_size_field = 1} and a minimal LEB128 {@code obu_size}. Fragments (Z / Y) are
 * joined; temporal delimiters received on the wire are ignored (§5). A temporal unit whose first
 * payload has N = 1 is a keyframe (start of a coded video sequence).
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |Z|Y| W |N|-|-|-|   aggregation header, then OBU elements:
 * +-+-+-+-+-+-+-+-+   [LEB128 length] OBU element ... (the last without length when W &gt; 0)
 * </pre>
 */
public final class Av1Depacketizer implements Depacketizer {

    private byte[] fragment = new byte[1024];
    private int fragmentLength;
    private boolean fragmentOpen;

    /** Creates a depacketizer with no fragment pending. */
    public Av1Depacketizer() {}

    @Override
    public Codec codec() {
        return Codec.AV1;
    }

    @Override
    public int inspect(byte[] p, int off, int len, boolean marker) throws MediaFormatException {
        if (len < 2) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "AV1 payload of " + len + " bytes");
        }
        int agg = p[off] & 0xFF;
        boolean z = (agg & 0x80) != 0;
        boolean y = (agg & 0x40) != 0;
        int w = (agg >>> 4) & 0x03;
        boolean n = (agg & 0x08) != 0;
        if (n && z) {
            throw new MediaFormatException(Reason.BAD_AGGREGATION_HEADER, "AV1 N = 1 on a continuation (Z = 1)");
        }
        if (y && marker) {
            throw new MediaFormatException(Reason.BAD_AGGREGATION_HEADER, "AV1 Y = 1 on the last packet of a temporal unit");
        }
        int end = off + len;
        int i = off + 1;
        int elements = 0;
        while (i < end) {
            elements++;
            long element = element(p, i, end, w == 0 || elements < w);
            i = (int) (element >>> 32);
            int size = (int) element;
            if (size == 0) {
                throw new MediaFormatException(Reason.BAD_AGGREGATION_HEADER, "AV1 empty OBU element");
            }
            i += size;
        }
        if (w != 0 && elements != w) {
            throw new MediaFormatException(Reason.BAD_AGGREGATION_HEADER, "AV1 W = " + w + " but " + elements + " elements");
        }
        int flags = z ? 0 : START | (n ? CERTAIN_START : 0);
        return marker ? flags | END : flags;
    }

    @Override
    public void append(FrameBuffer frame, byte[] p, int off, int len) throws MediaFormatException {
        inspect(p, off, len, false);
        int agg = p[off] & 0xFF;
        boolean z = (agg & 0x80) != 0;
        boolean y = (agg & 0x40) != 0;
        int w = (agg >>> 4) & 0x03;
        if (frame.packets() == 0) {
            fragmentOpen = false;
            fragmentLength = 0;
            frame.write((byte) (Obu.TEMPORAL_DELIMITER << 3 | Obu.HAS_SIZE_FIELD));
            frame.write((byte) 0);
            if ((agg & 0x08) != 0) {
                frame.markKeyframe();
            }
        }
        int end = off + len;
        int i = off + 1;
        int elements = 0;
        while (i < end) {
            elements++;
            long element = element(p, i, end, w == 0 || elements < w);
            i = (int) (element >>> 32);
            int size = (int) element;
            boolean first = elements == 1;
            boolean last = i + size == end;
            if (first && z) {
                if (!fragmentOpen) {
                    throw new MediaFormatException(Reason.OBU_FRAGMENT_MISMATCH, "AV1 continuation without a first fragment");
                }
                keep(p, i, size);
            } else {
                if (fragmentOpen) {
                    throw new MediaFormatException(Reason.OBU_FRAGMENT_MISMATCH, "AV1 OBU fragment never completed");
                }
                if (last && y) {
                    fragmentLength = 0;
                    keep(p, i, size);
                }
            }
            if (last && y) {
                fragmentOpen = true;
            } else if (first && z) {
                fragmentOpen = false;
                writeObu(frame, fragment, 0, fragmentLength);
            } else {
                writeObu(frame, p, i, size);
            }
            i += size;
        }
    }

    /**
     * Locates the OBU element at {@code i}: behind its LEB128 length when {@code lengthPresent},
     * else running to {@code end} (the last element when W &gt; 0, §4.4). Returns the start of the
     * element's bytes in the high 32 bits and its size in the low 32 (packed: nothing allocated).
     */
    private static long element(byte[] p, int i, int end, boolean lengthPresent) throws MediaFormatException {
        if (!lengthPresent) {
            return (long) i << 32 | (end - i);
        }
        long packed = Leb128.read(p, i, end);
        int start = i + Leb128.length(packed);
        long v = Leb128.value(packed);
        if (v > end - start) {
            throw new MediaFormatException(Reason.TRUNCATED, "AV1 OBU element of " + v + " bytes, " + (end - start) + " left");
        }
        return (long) start << 32 | v;
    }

    private void keep(byte[] p, int off, int len) {
        if (fragmentLength + len > fragment.length) {
            fragment = Arrays.copyOf(fragment, Math.max(fragment.length * 2, fragmentLength + len));
        }
        System.arraycopy(p, off, fragment, fragmentLength, len);
        fragmentLength += len;
    }

    private static void writeObu(FrameBuffer frame, byte[] b, int off, int len) throws MediaFormatException {
        int h = b[off] & 0xFF;
        if ((h & Obu.FORBIDDEN_BIT) != 0) {
            throw new MediaFormatException(Reason.FORBIDDEN_BIT, "AV1 OBU with obu_forbidden_bit set");
        }
        int hl = Obu.headerLength(h);
        if (len < hl) {
            throw new MediaFormatException(Reason.TRUNCATED, "AV1 OBU header truncated");
        }
        int end = off + len;
        int q = off + hl;
        int size = end - q;
        if ((h & Obu.HAS_SIZE_FIELD) != 0) {
            long packed = Leb128.read(b, q, end);
            q += Leb128.length(packed);
            long v = Leb128.value(packed);
            if (v > end - q) {
                throw new MediaFormatException(Reason.TRUNCATED, "AV1 obu_size runs past its element");
            }
            size = (int) v;
        }
        if (Obu.type(h) == Obu.TEMPORAL_DELIMITER) {
            return;
        }
        frame.write((byte) (h | Obu.HAS_SIZE_FIELD));
        if (hl == 2) {
            frame.write(b[off + 1]);
        }
        frame.writeLeb128(size);
        frame.write(b, q, size);
    }

    @Override
    public void finish(FrameBuffer frame) throws MediaFormatException {
        if (fragmentOpen) {
            fragmentOpen = false;
            throw new MediaFormatException(Reason.OBU_FRAGMENT_MISMATCH, "AV1 temporal unit ends inside an OBU fragment");
        }
    }
}
