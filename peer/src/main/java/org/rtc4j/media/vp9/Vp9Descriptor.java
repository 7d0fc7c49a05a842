package org.rtc4j.media.vp9;

import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * The VP9 payload descriptor, RFC 9628 §4.2, in flexible (F = 1) and non-flexible (F = 0) mode. A
 * reusable view filled by {@link #parse} without allocating.
 *
 * <pre>
 *        0 1 2 3 4 5 6 7
 *       +-+-+-+-+-+-+-+-+
 *       |I|P|L|F|B|E|V|Z| (REQUIRED)
 *       +-+-+-+-+-+-+-+-+
 *  I:   |M| PICTURE ID  | (RECOMMENDED)
 *       +-+-+-+-+-+-+-+-+
 *  M:   | EXTENDED PID  | (RECOMMENDED)
 *       +-+-+-+-+-+-+-+-+
 *  L:   | TID |U| SID |D| (Conditionally RECOMMENDED)
 *       +-+-+-+-+-+-+-+-+
 *       |   TL0PICIDX   | (Conditionally REQUIRED: L = 1 and F = 0)
 *       +-+-+-+-+-+-+-+-+                             -\
 *  P,F: | P_DIFF      |N| (Conditionally REQUIRED)    - up to 3 times
 *       +-+-+-+-+-+-+-+-+                             -/
 *  V:   | SS            |
 *       | ..            |
 *       +-+-+-+-+-+-+-+-+
 *
 *  SS:  | N_S |Y|G|-|-|-|  then (N_S + 1) x WIDTH (16) HEIGHT (16) when Y,
 *                          then N_G and N_G x (| TID |U| R |-|-| + R x P_DIFF) when G
 * </pre>
 */
public final class Vp9Descriptor {

    public static final int ABSENT = -1;

    boolean interPicturePredicted;
    boolean flexible;
    boolean beginning;
    boolean end;
    boolean scalabilityStructure;
    boolean notReferenceForUpperSpatial;
    int pictureId = ABSENT;
    int temporalId = ABSENT;
    int spatialId = ABSENT;
    int tl0PicIdx = ABSENT;
    int width = ABSENT;
    int height = ABSENT;
    int length;

    /** Creates an empty descriptor; fill it with {@link #parse}. */
    public Vp9Descriptor() {}

    /** Parses the descriptor at {@code payload[off]}; returns its length. */
    public int parse(byte[] payload, int off, int len) throws MediaFormatException {
        if (len < 1) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "VP9 payload is empty");
        }
        int end = off + len;
        int p = off;
        int b0 = payload[p++] & 0xFF;
        boolean i = (b0 & 0x80) != 0;
        interPicturePredicted = (b0 & 0x40) != 0;
        boolean l = (b0 & 0x20) != 0;
        flexible = (b0 & 0x10) != 0;
        beginning = (b0 & 0x08) != 0;
        this.end = (b0 & 0x04) != 0;
        scalabilityStructure = (b0 & 0x02) != 0;
        notReferenceForUpperSpatial = (b0 & 0x01) != 0;
        pictureId = temporalId = spatialId = tl0PicIdx = width = height = ABSENT;
        if (i) {
            p = need(p, 1, end, "PictureID");
            int m = payload[p - 1] & 0xFF;
            if ((m & 0x80) != 0) {
                p = need(p, 1, end, "extended PictureID");
                pictureId = ((m & 0x7F) << 8) | (payload[p - 1] & 0xFF);
            } else {
                pictureId = m;
            }
        }
        if (l) {
            p = need(p, 1, end, "layer indices");
            int li = payload[p - 1] & 0xFF;
            temporalId = li >>> 5;
            spatialId = (li >>> 1) & 0x07;
            if (!flexible) {
                p = need(p, 1, end, "TL0PICIDX");
                tl0PicIdx = payload[p - 1] & 0xFF;
            }
        }
        if (flexible && interPicturePredicted) {
            int n = 0;
            boolean more = true;
            while (more) {
                if (++n > 3) {
                    throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP9 more than 3 P_DIFF");
                }
                p = need(p, 1, end, "P_DIFF");
                more = (payload[p - 1] & 0x01) != 0;
            }
        }
        if (scalabilityStructure) {
            p = need(p, 1, end, "SS");
            int ss = payload[p - 1] & 0xFF;
            int layers = (ss >>> 5) + 1;
            boolean y = (ss & 0x10) != 0;
            boolean g = (ss & 0x08) != 0;
            if (y) {
                p = need(p, 4 * layers, end, "SS resolutions");
                int r = p - 4 * layers;
                width = ((payload[r] & 0xFF) << 8) | (payload[r + 1] & 0xFF);
                height = ((payload[r + 2] & 0xFF) << 8) | (payload[r + 3] & 0xFF);
            }
            if (g) {
                p = need(p, 1, end, "N_G");
                int groups = payload[p - 1] & 0xFF;
                for (int k = 0; k < groups; k++) {
                    p = need(p, 1, end, "SS picture group");
                    int refs = (payload[p - 1] >>> 2) & 0x03;
                    p = need(p, refs, end, "SS P_DIFF");
                }
            }
        }
        if (p >= end) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "VP9 payload has a descriptor but no data");
        }
        length = p - off;
        return length;
    }

    private static int need(int p, int n, int end, String what) throws MediaFormatException {
        if (p + n > end) {
            throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP9 descriptor truncated in " + what);
        }
        return p + n;
    }

    /** P: the picture is predicted from an earlier one. */
    public boolean interPicturePredicted() {
        return interPicturePredicted;
    }

    /** F: flexible mode. */
    public boolean flexible() {
        return flexible;
    }

    /** B: first payload of a layer frame. */
    public boolean beginning() {
        return beginning;
    }

    /** E: last payload of a layer frame. */
    public boolean end() {
        return end;
    }

    /** V: a scalability structure is present. */
    public boolean scalabilityStructure() {
        return scalabilityStructure;
    }

    /** Z: not used for inter-layer prediction of higher spatial layers. */
    public boolean notReferenceForUpperSpatial() {
        return notReferenceForUpperSpatial;
    }

    public int pictureId() {
        return pictureId;
    }

    public int temporalId() {
        return temporalId;
    }

    public int spatialId() {
        return spatialId;
    }

    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** Width of spatial layer 0 from the SS, or {@link #ABSENT}. */
    public int width() {
        return width;
    }

    /** Height of spatial layer 0 from the SS, or {@link #ABSENT}. */
    public int height() {
        return height;
    }

    public int length() {
        return length;
    }
}
