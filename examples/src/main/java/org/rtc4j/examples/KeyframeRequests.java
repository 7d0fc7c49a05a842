package org.rtc4j.examples;

/**
 * When a file sender should answer a keyframe request (PLI or FIR) by skipping to the clip's next
 * keyframe. A file cannot make a keyframe, so every answer skips content and sends a keyframe
 * several times the size of a delta frame, itself exposed to loss. Receivers repeat their request
 * (Chromium about every 200-300 ms) until a keyframe arrives, so answering each one would skip
 * through the clip, keyframe after keyframe, while the first of them is still being repaired by
 * retransmission. Hence: a request within the hold time of the last keyframe sent is ignored (that
 * keyframe is on its way; if it does not arrive the receiver will ask again), and so is one the
 * clip's next keyframe will answer within the same time anyway.
 *
 * <p>The hold is the time a keyframe takes to be repaired if it can be: NACK and RTX take about a
 * round trip each, and a receiver that does not know the round trip time (Chromium receiving only)
 * repeats a NACK every 100 ms; so {@value #MIN_HOLD_MILLIS} ms plus three round trips, at most a
 * second, a round trip of 100 ms assumed until the connection has measured one. A longer hold only
 * delays the recovery from a keyframe that cannot be repaired (its first packet lost before the
 * receiver ever heard of the stream): the clip then freezes until its next keyframe, up to two
 * seconds with the bundled one.
 *
 * <p>Pure: the caller passes the time.
 */
final class KeyframeRequests {
    /** The hold without round trips: a few of a receiver's NACK retries. */
    static final long MIN_HOLD_MILLIS = 250;
    /** The longest hold: one second (the fixed hold before the round trip time counted). */
    static final long MAX_HOLD_NANOS = 1_000_000_000L;
    /** Round trip time assumed until one is known (libwebrtc's default). */
    static final long DEFAULT_RTT_NANOS = 100_000_000L;

    private final long fixedHoldNanos;
    private volatile long rttNanos = DEFAULT_RTT_NANOS; // set from the stats thread
    private long lastKeyframeNanos = Long.MIN_VALUE;
    private long honored;
    private long ignored;

    /** A hold that follows the round trip time ({@link #roundTripTime}). */
    KeyframeRequests() {
        this(-1);
    }

    /** A fixed hold of {@code holdNanos} (0: every request skips), whatever the round trip time. */
    KeyframeRequests(long holdNanos) {
        this.fixedHoldNanos = holdNanos;
    }

    /** The connection's latest round trip time. */
    void roundTripTime(long nanos) {
        if (nanos >= 0) {
            rttNanos = nanos;
        }
    }

    /** How long a keyframe sent is given to arrive before a request skips again. */
    long holdNanos() {
        if (fixedHoldNanos >= 0) {
            return fixedHoldNanos;
        }
        return Math.min(MAX_HOLD_NANOS, MIN_HOLD_MILLIS * 1_000_000L + 3 * rttNanos);
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
        long hold = holdNanos();
        boolean recent = lastKeyframeNanos != Long.MIN_VALUE && nowNanos - lastKeyframeNanos < hold;
        if (recent || nanosToNextKeyframe <= hold) {
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
