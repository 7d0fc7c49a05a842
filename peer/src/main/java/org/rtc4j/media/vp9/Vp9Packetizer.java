package org.rtc4j.media.vp9;

import org.rtc4j.media.AbstractPacketizer;
import org.rtc4j.media.Codec;
import org.rtc4j.media.FragmentPlan;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * VP9 packetizer, RFC 9628, for non-scalable streams in non-flexible mode (one spatial and one
 * temporal layer). Each payload carries I = 1 with a 15-bit PictureID, P (predicted: set unless the
 * frame header says keyframe), B on the first payload and E on the last. The first payload of a
 * keyframe also carries a scalability structure (V = 1, §4.2.1) with the resolution, so a receiver
 * learns it without parsing the bitstream. A superframe (several frames sharing one timestamp) is
 * sent as one picture.
 */
public final class Vp9Packetizer extends AbstractPacketizer {

    private static final int DESCRIPTOR = 3;
    private static final int SS_WITH_RESOLUTION = 5;

    private final Vp9FrameHeader header = new Vp9FrameHeader();
    private int pictureId;

    private final FragmentPlan plan = new FragmentPlan();
    private byte[] frame;
    private boolean keyframe;
    private int width;
    private int height;

    public Vp9Packetizer(int maxPayloadSize, int initialPictureId) {
        super(Codec.VP9, "VP9", maxPayloadSize, DESCRIPTOR + SS_WITH_RESOLUTION + 1);
        this.pictureId = (initialPictureId & 0x7FFF) - 1;
    }

    @Override
    public void packetize(byte[] frame, int off, int len, long rtpTimestamp) throws MediaFormatException {
        if (len <= 0) {
            throw new MediaFormatException(Reason.EMPTY_PAYLOAD, "VP9 frame is empty");
        }
        this.frame = frame;
        timestamp(rtpTimestamp);
        header.parse(frame, off, len);
        this.keyframe = header.keyframe;
        this.width = header.width;
        this.height = header.height;
        plan.start(off, len, keyframe ? SS_WITH_RESOLUTION : 0, maxPayloadSize() - DESCRIPTOR);
        this.pictureId = (pictureId + 1) & 0x7FFF;
    }

    @Override
    public boolean hasNext() {
        return frame != null && plan.hasNext();
    }

    @Override
    protected int write(byte[] dst, int off) {
        boolean first = plan.first();
        boolean ss = first && keyframe;
        int chunk = plan.nextSize(maxPayloadSize() - DESCRIPTOR - (ss ? SS_WITH_RESOLUTION : 0));
        boolean last = chunk == plan.remaining();
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
        System.arraycopy(frame, plan.position(), dst, p, chunk);
        plan.take(chunk);
        marker(last);
        return p + chunk - off;
    }
}
