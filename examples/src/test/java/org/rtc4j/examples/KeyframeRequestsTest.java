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
        KeyframeRequests k = new KeyframeRequests(KeyframeRequests.DEFAULT_HOLD_NANOS);
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
        KeyframeRequests k = new KeyframeRequests(KeyframeRequests.DEFAULT_HOLD_NANOS);
        assertFalse(k.shouldSkip(0, 900 * MS), "the clip's keyframe in 0.9 s: no skip");
        assertTrue(k.shouldSkip(0, 1_100 * MS));
        KeyframeRequests none = new KeyframeRequests(KeyframeRequests.DEFAULT_HOLD_NANOS);
        assertTrue(none.shouldSkip(0, Long.MAX_VALUE), "no keyframe ahead (a clip played once): skipping finds none");
    }

    @Test
    void aNaturalKeyframeCountsAsSent() {
        KeyframeRequests k = new KeyframeRequests(KeyframeRequests.DEFAULT_HOLD_NANOS);
        k.keyframeSent(10_000 * MS); // the clip's own
        assertFalse(k.shouldSkip(10_400 * MS, 1_600 * MS));
        assertTrue(k.shouldSkip(11_000 * MS, 1_000 * MS + 1));
        KeyframeRequests always = new KeyframeRequests(0);
        always.keyframeSent(0);
        assertTrue(always.shouldSkip(0, 1), "hold 0: the old behaviour, every request skips");
    }
}
