package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The file sender's answer to keyframe requests, on a manual clock. */
class KeyframeRequestsTest {
    static final long MS = 1_000_000L;

    @Test
    void repeatedRequestsSkipOnceWhileTheKeyframeSentIsOnItsWay() {
        KeyframeRequests k = new KeyframeRequests(KeyframeRequests.MAX_HOLD_NANOS);
        long far = 1_800 * MS; // the clip's next keyframe
        assertTrue(k.shouldSkip(5_000 * MS, far), "the first request skips");
        k.keyframeSent(5_000 * MS);
        // Chromium repeats its PLI every 200-300 ms until the keyframe decodes.
        for (long t = 5_250; t < 6_000; t += 250) {
            assertFalse(k.shouldSkip(t * MS, far - (t - 5_000) * MS), "at " + t + " ms");
        }
        assertTrue(k.shouldSkip(6_000 * MS, far), "a second later the receiver still asks: skip again");
        assertEquals(2, k.honored());
        assertEquals(3, k.ignored());
    }

    @Test
    void aKeyframeDueSoonAnswersTheRequestByItself() {
        KeyframeRequests k = new KeyframeRequests(KeyframeRequests.MAX_HOLD_NANOS);
        assertFalse(k.shouldSkip(0, 900 * MS), "the clip's keyframe in 0.9 s: no skip");
        assertTrue(k.shouldSkip(0, 1_100 * MS));
        KeyframeRequests none = new KeyframeRequests(KeyframeRequests.MAX_HOLD_NANOS);
        assertTrue(none.shouldSkip(0, Long.MAX_VALUE), "no keyframe ahead (a clip played once): skipping finds none");
    }

    @Test
    void aNaturalKeyframeCountsAsSent() {
        KeyframeRequests k = new KeyframeRequests(KeyframeRequests.MAX_HOLD_NANOS);
        k.keyframeSent(10_000 * MS); // the clip's own
        assertFalse(k.shouldSkip(10_400 * MS, 1_600 * MS));
        assertTrue(k.shouldSkip(11_000 * MS, 1_000 * MS + 1));
        KeyframeRequests always = new KeyframeRequests(0);
        always.keyframeSent(0);
        assertTrue(always.shouldSkip(0, 1), "hold 0: the old behaviour, every request skips");
    }

    @Test
    void theHoldFollowsTheRoundTripTime() {
        KeyframeRequests k = new KeyframeRequests();
        assertEquals(550 * MS, k.holdNanos(), "250 ms + 3 x the assumed 100 ms before a round trip is measured");
        k.roundTripTime(1 * MS);
        assertEquals(253 * MS, k.holdNanos(), "loopback: a few NACK retries of a receiver that does not know the RTT");
        k.roundTripTime(400 * MS);
        assertEquals(KeyframeRequests.MAX_HOLD_NANOS, k.holdNanos(), "at most a second");
        k.roundTripTime(-1);
        assertEquals(KeyframeRequests.MAX_HOLD_NANOS, k.holdNanos(), "an unknown round trip time changes nothing");
    }

    @Test
    void aKeyframeThatNeverArrivedIsReplacedWithinTheHoldNotAtTheClipsNextOne() {
        // The first keyframe's first packet was lost before the receiver knew of the stream: no NACK
        // can repair it, and Chromium asks again every 200-300 ms. On loopback the clip skips ahead
        // 250 ms after it, not 2 s later when the bundled clip's next keyframe is due.
        KeyframeRequests k = new KeyframeRequests();
        k.roundTripTime(1 * MS);
        k.keyframeSent(0);
        long nextKeyframe = 2_000 * MS;
        assertFalse(k.shouldSkip(100 * MS, nextKeyframe - 100 * MS));
        assertTrue(k.shouldSkip(300 * MS, nextKeyframe - 300 * MS));
    }
}
