package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;

/** The README's embedding example compiles, runs, and is the code the README shows. */
class HelloRtc4jTest {

    @Test
    @Timeout(60)
    void bobReceivesAlicesKeyframeByteForByteAndHerMessage() throws Exception {
        HelloRtc4j.Received r = HelloRtc4j.exchange();
        assertEquals("hello bob", r.message());
        EncodedFrame frame = r.frame();
        assertEquals(Codec.VP8, frame.codec());
        assertTrue(frame.keyframe());
        assertArrayEquals(MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false).frames().get(0).data(), frame.data());
    }

    @Test
    void theReadmeShowsThisExample() throws Exception {
        Path readme = Path.of("..", "README.md");
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        String source = Files.readString(Path.of("src/main/java/org/rtc4j/examples/HelloRtc4j.java"), StandardCharsets.UTF_8);
        String body = source.substring(source.indexOf("    static Received exchange()"), source.lastIndexOf("    }\n}") + 6);
        assertTrue(text.contains(body), "README.md shows HelloRtc4j.exchange exactly as it is in the source");
    }
}
