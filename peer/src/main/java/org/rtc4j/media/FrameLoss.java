package org.rtc4j.media;

/**
 * Packets the {@link FrameAssembler} gave up on: the frames they belonged to will never be
 * delivered. For video, the application should ask for a keyframe (RTCP PLI, RFC 4585 §6.3.1).
 *
 * @param firstSequence RTP sequence number of the first packet given up (16 bits)
 * @param lastSequence RTP sequence number of the last packet given up (16 bits; may wrap below first)
 * @param reason why
 */
public record FrameLoss(int firstSequence, int lastSequence, Reason reason) {

    public enum Reason {
        /** Packets were still missing when the frame's playout deadline passed. */
        INCOMPLETE,
        /** A packet arrived so far ahead that the reorder window had to move past unfinished frames. */
        WINDOW_OVERFLOW,
        /** All packets were there but the depacketizer rejected their contents. */
        MALFORMED
    }

    /** Number of sequence numbers covered, wrap-aware. */
    public int packetCount() {
        return ((lastSequence - firstSequence) & 0xFFFF) + 1;
    }

    /** Whether {@code sequence} lies in this range (wrap-aware). */
    public boolean covers(int sequence) {
        return ((sequence - firstSequence) & 0xFFFF) < packetCount();
    }
}
