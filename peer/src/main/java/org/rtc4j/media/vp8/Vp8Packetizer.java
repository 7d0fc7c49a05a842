package org.rtc4j.media.vp8;

import org.rtc4j.media.AbstractPacketizer;
import org.rtc4j.media.Codec;
import org.rtc4j.media.FragmentPlan;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * VP8 packetizer, RFC 7741. Every payload carries the descriptor with X = 1, I = 1 and a 15-bit
 * PictureID (incremented per frame, wrapping at 2^15), plus TL0PICIDX / TID / Y when the caller
 * sets a temporal layer. The frame is split into payloads of near-equal size; the first has
 * S = 1, PID = 0; the last carries the marker bit.
 */
public final class Vp8Packetizer extends AbstractPacketizer {

    private int pictureId;

    private int temporalId = -1;
    private int tl0PicIdx;
    private boolean layerSync;

    private final FragmentPlan plan = new FragmentPlan();
    private byte[] frame;

    /**
     * @param maxPayloadSize the largest RTP payload to produce (MTU minus IP/UDP/RTP/SRTP overhead)
     * @param initialPictureId the first PictureID (15 bits; WebRTC senders start at a random value)
     */
    public Vp8Packetizer(int maxPayloadSize, int initialPictureId) {
        super(Codec.VP8, "VP8", maxPayloadSize, 8);
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
        timestamp(rtpTimestamp);
        plan.start(off, len, 0, maxPayloadSize() - descriptorSize());
        this.pictureId = (pictureId + 1) & 0x7FFF;
    }

    @Override
    public boolean hasNext() {
        return plan.hasNext();
    }

    @Override
    protected int write(byte[] dst, int off) {
        int chunk = plan.nextSize(Integer.MAX_VALUE);
        int p = off;
        dst[p++] = (byte) (0x80 | (plan.first() ? 0x10 : 0));
        boolean t = temporalId >= 0;
        dst[p++] = (byte) (0x80 | (t ? 0x60 : 0));
        dst[p++] = (byte) (0x80 | (pictureId >>> 8));
        dst[p++] = (byte) pictureId;
        if (t) {
            dst[p++] = (byte) tl0PicIdx;
            dst[p++] = (byte) ((temporalId << 6) | (layerSync ? 0x20 : 0));
        }
        System.arraycopy(frame, plan.position(), dst, p, chunk);
        marker(plan.take(chunk));
        return p + chunk - off;
    }
}
