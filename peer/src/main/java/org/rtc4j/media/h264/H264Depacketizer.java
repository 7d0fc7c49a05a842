package org.rtc4j.media.h264;

import org.rtc4j.media.Codec;
import org.rtc4j.media.Depacketizer;
import org.rtc4j.media.FrameBuffer;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * H.264 depacketizer, RFC 6184 packetization-mode 1: single NAL unit packets (§5.6), STAP-A (§5.7.1)
 * and FU-A (§5.8). The frame comes out as an Annex B access unit with four-byte start codes; it is a
 * keyframe when it holds an IDR slice (nal_unit_type 5).
 *
 * <pre>
 *  NAL header / STAP-A / FU indicator:     FU header:
 *  +---------------+                       +---------------+
 *  |0|1|2|3|4|5|6|7|                       |0|1|2|3|4|5|6|7|
 *  +-+-+-+-+-+-+-+-+                       +-+-+-+-+-+-+-+-+
 *  |F|NRI|  Type   |                       |S|E|R|  Type   |
 *  +---------------+                       +---------------+
 *
 *  STAP-A: | STAP-A hdr | NALU 1 size (16) | NALU 1 | NALU 2 size | NALU 2 | ...
 * </pre>
 */
public final class H264Depacketizer implements Depacketizer {

    private boolean fuOpen;

    /** Creates a depacketizer with no fragment pending. */
    public H264Depacketizer() {}

    @Override
    public Codec codec() {
        return Codec.H264;
    }

    @Override
    public int inspect(byte[] p, int off, int len, boolean marker) throws MediaFormatException {
        if (len < 1) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "H.264 payload is empty");
        }
        int header = p[off] & 0xFF;
        if ((header & 0x80) != 0) {
            throw new MediaFormatException(Reason.FORBIDDEN_BIT, "H.264 forbidden_zero_bit set");
        }
        int type = header & 0x1F;
        int flags;
        if (type >= 1 && type <= 23) {
            flags = START | (isCertainStart(type) ? CERTAIN_START : 0);
        } else if (type == NalUnits.STAP_A) {
            int first = checkStapA(p, off, len);
            flags = START | (isCertainStart(first) ? CERTAIN_START : 0);
        } else if (type == NalUnits.FU_A) {
            if (len <= 2) {
                throw new MediaFormatException(Reason.FU_A_TRUNCATED, "FU-A of " + len + " bytes");
            }
            int fu = p[off + 1] & 0xFF;
            boolean s = (fu & 0x80) != 0;
            if (s && (fu & 0x40) != 0) {
                throw new MediaFormatException(Reason.FU_A_START_AND_END, "FU-A with both S and E set");
            }
            int inner = fu & 0x1F;
            if (inner < 1 || inner > 23) {
                throw new MediaFormatException(Reason.UNSUPPORTED_NAL_TYPE, "FU-A carries NAL type " + inner);
            }
            flags = s ? START : 0;
        } else {
            throw new MediaFormatException(Reason.UNSUPPORTED_NAL_TYPE,
                    "NAL type " + type + " is not allowed in packetization-mode 1");
        }
        return marker ? flags | END : flags;
    }

    /** An SPS or access unit delimiter only ever opens an access unit (H.264 §7.4.1.2.3). */
    private static boolean isCertainStart(int type) {
        return type == NalUnits.SPS || type == NalUnits.AUD;
    }

    /** Validates an STAP-A; returns the type of its first NAL unit. */
    private static int checkStapA(byte[] p, int off, int len) throws MediaFormatException {
        int end = off + len;
        int i = off + 1;
        int first = -1;
        if (i >= end) {
            throw new MediaFormatException(Reason.BAD_AGGREGATION_UNIT, "STAP-A without aggregation units");
        }
        while (i < end) {
            if (i + 2 > end) {
                throw new MediaFormatException(Reason.BAD_AGGREGATION_UNIT, "STAP-A unit size truncated");
            }
            int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
            i += 2;
            if (size == 0 || i + size > end) {
                throw new MediaFormatException(Reason.BAD_AGGREGATION_UNIT,
                        "STAP-A unit of " + size + " bytes with " + (end - i) + " left");
            }
            int h = p[i] & 0xFF;
            if ((h & 0x80) != 0) {
                throw new MediaFormatException(Reason.FORBIDDEN_BIT, "STAP-A unit with forbidden_zero_bit set");
            }
            int t = h & 0x1F;
            if (t < 1 || t > 23) {
                throw new MediaFormatException(Reason.UNSUPPORTED_NAL_TYPE, "STAP-A carries NAL type " + t);
            }
            if (first < 0) {
                first = t;
            }
            i += size;
        }
        return first;
    }

    @Override
    public void append(FrameBuffer frame, byte[] p, int off, int len) throws MediaFormatException {
        if (frame.packets() == 0) {
            fuOpen = false;
        }
        inspect(p, off, len, false);
        int type = p[off] & 0x1F;
        if (type == NalUnits.FU_A) {
            int fu = p[off + 1] & 0xFF;
            boolean s = (fu & 0x80) != 0;
            boolean e = (fu & 0x40) != 0;
            if (s == fuOpen) {
                throw new MediaFormatException(Reason.FU_A_OUT_OF_ORDER,
                        s ? "FU-A start while a fragmented NAL is open" : "FU-A fragment without a start");
            }
            if (s) {
                startCode(frame);
                if ((fu & 0x1F) == NalUnits.IDR) {
                    frame.markKeyframe();
                }
                frame.write((byte) ((p[off] & 0xE0) | (fu & 0x1F)));
            }
            frame.write(p, off + 2, len - 2);
            fuOpen = !e;
            return;
        }
        if (fuOpen) {
            throw new MediaFormatException(Reason.FU_A_OUT_OF_ORDER, "FU-A not ended before the next NAL unit");
        }
        if (type == NalUnits.STAP_A) {
            int end = off + len;
            int i = off + 1;
            while (i < end) {
                int size = ((p[i] & 0xFF) << 8) | (p[i + 1] & 0xFF);
                i += 2;
                nal(frame, p, i, size);
                i += size;
            }
        } else {
            nal(frame, p, off, len);
        }
    }

    private static void nal(FrameBuffer frame, byte[] p, int off, int len) {
        if ((p[off] & 0x1F) == NalUnits.IDR) {
            frame.markKeyframe();
        }
        startCode(frame);
        frame.write(p, off, len);
    }

    private static void startCode(FrameBuffer frame) {
        frame.write((byte) 0);
        frame.write((byte) 0);
        frame.write((byte) 0);
        frame.write((byte) 1);
    }

    @Override
    public void finish(FrameBuffer frame) throws MediaFormatException {
        if (fuOpen) {
            fuOpen = false;
            throw new MediaFormatException(Reason.FU_A_OUT_OF_ORDER, "FU-A never ended");
        }
    }
}
