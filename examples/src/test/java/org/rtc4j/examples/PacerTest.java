package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.media.EncodedFrame;

class PacerTest {

    @Test
    @Timeout(20)
    void keepsThePaceAndAnswersAKeyframeRequestWithTheNextKeyframe() throws Exception {
        MediaClip v = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        List<EncodedFrame> sent = new CopyOnWriteArrayList<>();
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        try (Pacer p = new Pacer(v, true, s, sent::add, null, 0)) { // every request skips
            long start = System.nanoTime();
            p.start();
            while (sent.size() < 10) {
                Thread.sleep(5);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds >= 9 / 30.0 - 0.01, "10 frames take at least 9 frame intervals: " + seconds);
            p.requestKeyframe();
            int before = sent.size();
            while (sent.size() < before + 3) {
                Thread.sleep(5);
            }
        } finally {
            s.shutdownNow();
        }
        int firstKey = -1;
        for (int i = 1; i < sent.size(); i++) {
            assertEquals(3000, (sent.get(i).rtpTimestamp() - sent.get(i - 1).rtpTimestamp()) & 0xFFFF_FFFFL,
                    "RTP timestamps advance one frame at a time, even across the skip");
            if (firstKey < 0 && sent.get(i).keyframe()) {
                firstKey = i;
            }
        }
        assertTrue(firstKey > 0, "a keyframe follows the request");
        assertArrayEquals(v.frames().get(60).data(), sent.get(firstKey).data(), "the clip's next keyframe (frame 60)");
        assertArrayEquals(v.frames().get(61).data(), sent.get(firstKey + 1).data(), "then the frames after it");
    }

    @Test
    @Timeout(20)
    void aRequestRightAfterAKeyframeDoesNotSkip() throws Exception {
        MediaClip v = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        List<EncodedFrame> sent = new CopyOnWriteArrayList<>();
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        try (Pacer p = new Pacer(v, true, s, sent::add, null)) {
            p.start();
            while (sent.size() < 5) {
                Thread.sleep(5);
            }
            p.requestKeyframe(); // well within a second of frame 0, a keyframe
            while (sent.size() < 10) {
                Thread.sleep(5);
            }
            assertEquals(0, p.keyframeSkips());
            assertEquals(1, p.keyframeRequestsIgnored());
        } finally {
            s.shutdownNow();
        }
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(v.frames().get(i).data(), sent.get(i).data(), "frame " + i + " in clip order");
        }
    }
}
