package org.rtc4j.examples;

/**
 * When a file sender should answer a keyframe request (PLI or FIR) by skipping to the clip's next
 * keyframe. A file cannot make a keyframe, so every answer skips content and sends a keyframe
 * several times the size of a delta frame, itself exposed to loss. Receivers repeat their request
 * (Chromium about every 200-300 ms) until a keyframe arrives, so answering each one would skip
 * through the clip, keyframe after keyframe, while the first of them is still being repaired by
 * retransmission. Hence: a request within {@code holdNanos} of the last keyframe sent is ignored
 * (that keyframe is on its way; if it does not arrive the receiver will ask again), and so is one
 * the clip's next keyframe will answer within the same time anyway.
 *
 * <p>Pure: the caller passes the time.
 */
final class KeyframeRequests {
    /** One second: several round trips of retransmission for the keyframe just sent. */
    static final long DEFAULT_HOLD_NANOS = 1_000_000_000L;

    private final long holdNanos;
    private long lastKeyframeNanos = Long.MIN_VALUE;
    private long honored;
    private long ignored;

    KeyframeRequests(long holdNanos) {
        this.holdNanos = holdNanos;
    }

    /** A keyframe left at {@code nowNanos} (one of the clip's own, or one skipped to). */
    void keyframeSent(long nowNanos) {
        lastKeyframeNanos = nowNanos;
    }

    /**
     * Whether to skip to the next keyframe now, for a request that came in, with the clip's next
     * keyframe {@code nanosToNextKeyframe} ahead (or {@code Long.MAX_VALUE} if there is none).
     */
    boolean shouldSkip(long nowNanos, long nanosToNextKeyframe) {
        boolean recent = lastKeyframeNanos != Long.MIN_VALUE && nowNanos - lastKeyframeNanos < holdNanos;
        if (recent || nanosToNextKeyframe <= holdNanos) {
            ignored++;
            return false;
        }
        honored++;
        return true;
    }

    long honored() {
        return honored;
    }

    long ignored() {
        return ignored;
    }
}
