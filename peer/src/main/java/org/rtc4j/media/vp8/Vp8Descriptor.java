package org.rtc4j.media.vp8;

import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * The VP8 payload descriptor, RFC 7741 §4.2. A reusable, mutable view: {@link #parse} fills it
 * from a payload without allocating.
 *
 * <pre>
 *       0 1 2 3 4 5 6 7
 *      +-+-+-+-+-+-+-+-+
 *      |X|R|N|S|R| PID | (REQUIRED)
 *      +-+-+-+-+-+-+-+-+
 * X:   |I|L|T|K| RSV   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * I:   |M| PictureID   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 *      |   PictureID   | (second byte when M = 1: 15-bit PictureID)
 *      +-+-+-+-+-+-+-+-+
 * L:   |   TL0PICIDX   | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * T/K: |TID|Y| KEYIDX  | (OPTIONAL)
 *      +-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class Vp8Descriptor {

    /** No PictureID / TL0PICIDX / TID / KEYIDX present. */
    public static final int ABSENT = -1;

    boolean nonReference;
    boolean partitionStart;
    int partitionId;
    int pictureId = ABSENT;
    boolean longPictureId;
    int tl0PicIdx = ABSENT;
    int temporalId = ABSENT;
    boolean layerSync;
    int keyIdx = ABSENT;
    int length;

    /** Creates an empty descriptor; fill it with {@link #parse}. */
    public Vp8Descriptor() {}

    /**
     * Parses the descriptor at {@code payload[off]}; returns its length. Requires at least one byte
     * of VP8 payload after it.
     */
    public int parse(byte[] payload, int off, int len) throws MediaFormatException {
        if (len < 1) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "VP8 payload is empty");
        }
        int end = off + len;
        int p = off;
        int b0 = payload[p++] & 0xFF;
        nonReference = (b0 & 0x20) != 0;
        partitionStart = (b0 & 0x10) != 0;
        partitionId = b0 & 0x0F;
        pictureId = ABSENT;
        longPictureId = false;
        tl0PicIdx = ABSENT;
        temporalId = ABSENT;
        layerSync = false;
        keyIdx = ABSENT;
        if (partitionId > 8) {
            throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP8 partition index " + partitionId + " > 8");
        }
        if ((b0 & 0x80) != 0) {
            if (p >= end) {
                throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP8 descriptor truncated after X");
            }
            int x = payload[p++] & 0xFF;
            boolean i = (x & 0x80) != 0;
            boolean l = (x & 0x40) != 0;
            boolean t = (x & 0x20) != 0;
            boolean k = (x & 0x10) != 0;
            if (i) {
                if (p >= end) {
                    throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP8 PictureID truncated");
                }
                int m = payload[p++] & 0xFF;
                if ((m & 0x80) != 0) {
                    if (p >= end) {
                        throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP8 15-bit PictureID truncated");
                    }
                    pictureId = ((m & 0x7F) << 8) | (payload[p++] & 0xFF);
                    longPictureId = true;
                } else {
                    pictureId = m & 0x7F;
                }
            }
            if (l) {
                if (p >= end) {
                    throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP8 TL0PICIDX truncated");
                }
                tl0PicIdx = payload[p++] & 0xFF;
            }
            if (t || k) {
                if (p >= end) {
                    throw new MediaFormatException(Reason.BAD_DESCRIPTOR, "VP8 TID/KEYIDX truncated");
                }
                int tk = payload[p++] & 0xFF;
                if (t) {
                    temporalId = tk >>> 6;
                    layerSync = (tk & 0x20) != 0;
                }
                if (k) {
                    keyIdx = tk & 0x1F;
                }
            }
        }
        if (p >= end) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "VP8 payload has a descriptor but no data");
        }
        length = p - off;
        return length;
    }

    /** N: the frame can be discarded without affecting others. */
    public boolean nonReference() {
        return nonReference;
    }

    /** S: the payload starts a VP8 partition. */
    public boolean partitionStart() {
        return partitionStart;
    }

    /** PID: the partition index. */
    public int partitionId() {
        return partitionId;
    }

    /** The 7- or 15-bit PictureID, or {@link #ABSENT}. */
    public int pictureId() {
        return pictureId;
    }

    /** Whether the PictureID was sent in the 15-bit form (M = 1). */
    public boolean longPictureId() {
        return longPictureId;
    }

    /** TL0PICIDX, or {@link #ABSENT}. */
    public int tl0PicIdx() {
        return tl0PicIdx;
    }

    /** TID, or {@link #ABSENT}. */
    public int temporalId() {
        return temporalId;
    }

    /** Y: layer sync (meaningful when {@link #temporalId()} is present). */
    public boolean layerSync() {
        return layerSync;
    }

    /** KEYIDX, or {@link #ABSENT}. */
    public int keyIdx() {
        return keyIdx;
    }

    /** The descriptor's length in bytes after {@link #parse}. */
    public int length() {
        return length;
    }

    /** Whether this payload is the start of a frame: S = 1 and PID = 0 (RFC 7741 §4.4). */
    public boolean frameStart() {
        return partitionStart && partitionId == 0;
    }
}
