package org.rtc4j.media.vp9;

import java.util.NoSuchElementException;
import org.rtc4j.media.Codec;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;
import org.rtc4j.media.Packetizer;

/**
 * VP9 packetizer, RFC 9628, for non-scalable streams in non-flexible mode (one spatial and one
 * temporal layer). Each payload carries I = 1 with a 15-bit PictureID, P (predicted: set unless the
 * frame header says keyframe), B on the first payload and E on the last. The first payload of a
 * keyframe also carries a scalability structure (V = 1, §4.2.1) with the resolution, so a receiver
 * learns it without parsing the bitstream. A superframe (several frames sharing one timestamp) is
 * sent as one picture.
 */
public final class Vp9Packetizer implements Packetizer {

    private static final int DESCRIPTOR = 3;
    private static final int SS_WITH_RESOLUTION = 5;

    private final int maxPayloadSize;
    private final Vp9FrameHeader header = new Vp9FrameHeader();
    private int pictureId;

    private byte[] frame;
    private int pos;
    private int end;
    private int packetsLeft;
    private boolean first;
    private boolean keyframe;
    private int width;
    private int height;
    private long timestamp;
    private boolean marker;

    public Vp9Packetizer(int maxPayloadSize, int initialPictureId) {
        if (maxPayloadSize < DESCRIPTOR + SS_WITH_RESOLUTION + 1) {
            throw new IllegalArgumentException("maxPayloadSize too small for VP9: " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
        this.pictureId = (initialPictureId & 0x7FFF) - 1;
    }

    @Override
    public Codec codec() {
        return Codec.VP9;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    @Override
    public void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException {
        if (len <= 0) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "VP9 frame is empty");
        }
        this.frame = frame;
        this.pos = off;
        this.end = off + len;
        this.timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        header.parse(frame, off, len);
        this.keyframe = header.keyframe;
        this.width = header.width;
        this.height = header.height;
        int capacity = maxPayloadSize - DESCRIPTOR;
        int extra = keyframe ? SS_WITH_RESOLUTION : 0;
        this.packetsLeft = (len + extra + capacity - 1) / capacity;
        this.first = true;
        this.pictureId = (pictureId + 1) & 0x7FFF;
    }

    @Override
    public boolean hasNext() {
        return frame != null && packetsLeft > 0;
    }

    @Override
    public int next(byte[] dst, int off) {
        if (!hasNext()) {
            throw new NoSuchElementException("no VP9 payload left");
        }
        boolean ss = first && keyframe;
        int capacity = maxPayloadSize - DESCRIPTOR - (ss ? SS_WITH_RESOLUTION : 0);
        int remaining = end - pos;
        int chunk = Math.min(capacity, (remaining + packetsLeft - 1) / packetsLeft);
        boolean last = chunk == remaining;
        int p = off;
        dst[p++] = (byte) (0x80 | (keyframe ? 0 : 0x40) | (first ? 0x08 : 0) | (last ? 0x04 : 0) | (ss ? 0x02 : 0));
        dst[p++] = (byte) (0x80 | (pictureId >>> 8));
        dst[p++] = (byte) pictureId;
        if (ss) {
            dst[p++] = (byte) 0x10;           // N_S = 0 (one spatial layer), Y = 1, G = 0
            dst[p++] = (byte) (width >>> 8);
            dst[p++] = (byte) width;
            dst[p++] = (byte) (height >>> 8);
            dst[p++] = (byte) height;
        }
        System.arraycopy(frame, pos, dst, p, chunk);
        pos += chunk;
        packetsLeft = last ? 0 : packetsLeft - 1;
        first = false;
        marker = last;
        return p + chunk - off;
    }

    @Override
    public boolean marker() {
        return marker;
    }

    @Override
    public long timestamp() {
        return timestamp;
    }
}
