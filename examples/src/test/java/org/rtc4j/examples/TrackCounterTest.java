package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rtc4j.media.Codec;

/** The live line: senders show their target bitrate (issue 16), receivers their losses. */
class TrackCounterTest {

    @Test
    void aSendLineShowsTheTargetOnceThereIsOne() {
        TrackCounter c = new TrackCounter("video", TrackCounter.Direction.SEND, Codec.VP8);
        assertTrue(c.liveLine().endsWith("target - kbit/s"), c.liveLine());
        c.target(1_830_400);
        assertTrue(c.liveLine().endsWith("target 1830 kbit/s"), c.liveLine());
    }

    @Test
    void aReceiveLineShowsTheLosses() {
        TrackCounter c = new TrackCounter("remote-video", TrackCounter.Direction.RECV, Codec.VP8);
        c.rtp(300, 90_000, 7);
        assertTrue(c.liveLine().endsWith("lost 7"), c.liveLine());
        assertTrue(!c.liveLine().contains("target"), c.liveLine());
    }
}
