package org.rtc4j.media.vp8;

import java.util.NoSuchElementException;
import org.rtc4j.media.Codec;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;
import org.rtc4j.media.Packetizer;

/**
 * VP8 packetizer, RFC 7741. Every payload carries the descriptor with X = 1, I = 1 and a 15-bit
 * PictureID (incremented per frame, wrapping at 2^15), plus TL0PICIDX / TID / Y when the caller
 * sets a temporal layer. The frame is split into payloads of near-equal size; the first has
 * S = 1, PID = 0; the last carries the marker bit.
 */
public final class Vp8Packetizer implements Packetizer {

    private final int maxPayloadSize;
    private int pictureId;

    private int temporalId = -1;
    private int tl0PicIdx;
    private boolean layerSync;

    private byte[] frame;
    private int pos;
    private int end;
    private int packetsLeft;
    private long timestamp;
    private boolean first;
    private boolean marker;
    private boolean started;

    /**
     * @param maxPayloadSize the largest RTP payload to produce (MTU minus IP/UDP/RTP/SRTP overhead)
     * @param initialPictureId the first PictureID (15 bits; WebRTC senders start at a random value)
     */
    public Vp8Packetizer(int maxPayloadSize, int initialPictureId) {
        if (maxPayloadSize < 8) {
            throw new IllegalArgumentException("maxPayloadSize too small for VP8: " + maxPayloadSize);
        }
        this.maxPayloadSize = maxPayloadSize;
        this.pictureId = (initialPictureId & 0x7FFF) - 1;
    }

    /**
     * Sends TL0PICIDX, TID and Y with the following frames (RFC 7741 §4.2); {@code temporalId < 0}
     * stops sending them.
     */
    public void setTemporalLayer(int temporalId, int tl0PicIdx, boolean layerSync) {
        this.temporalId = temporalId;
        this.tl0PicIdx = tl0PicIdx & 0xFF;
        this.layerSync = layerSync;
    }

    @Override
    public Codec codec() {
        return Codec.VP8;
    }

    @Override
    public int maxPayloadSize() {
        return maxPayloadSize;
    }

    /** The PictureID of the current (last started) frame. */
    public int pictureId() {
        return pictureId;
    }

    private int descriptorSize() {
        return temporalId >= 0 ? 6 : 4;
    }

    @Override
    public void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException {
        if (len <= 0) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "VP8 frame is empty");
        }
        this.frame = frame;
        this.pos = off;
        this.end = off + len;
        this.timestamp = rtpTimestamp & 0xFFFF_FFFFL;
        int capacity = maxPayloadSize - descriptorSize();
        this.packetsLeft = (len + capacity - 1) / capacity;
        this.first = true;
        this.pictureId = (pictureId + 1) & 0x7FFF;
        this.started = true;
    }

    @Override
    public boolean hasNext() {
        return started && packetsLeft > 0;
    }

    @Override
    public int next(byte[] dst, int off) {
        if (!hasNext()) {
            throw new NoSuchElementException("no VP8 payload left");
        }
        // Near-equal split: the remaining bytes over the remaining packets, rounded up.
        int remaining = end - pos;
        int chunk = (remaining + packetsLeft - 1) / packetsLeft;
        int p = off;
        dst[p++] = (byte) (0x80 | (first ? 0x10 : 0));
        boolean t = temporalId >= 0;
        dst[p++] = (byte) (0x80 | (t ? 0x60 : 0));
        dst[p++] = (byte) (0x80 | (pictureId >>> 8));
        dst[p++] = (byte) pictureId;
        if (t) {
            dst[p++] = (byte) tl0PicIdx;
            dst[p++] = (byte) ((temporalId << 6) | (layerSync ? 0x20 : 0));
        }
        System.arraycopy(frame, pos, dst, p, chunk);
        pos += chunk;
        packetsLeft--;
        first = false;
        marker = packetsLeft == 0;
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
