package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;

class MediaClipTest {

    @TempDir
    Path dir;

    @Test
    void bundledVideoIsFiveSecondsOfVp8At30Fps() {
        MediaClip v = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        assertEquals(Codec.VP8, v.codec());
        assertEquals(150, v.frames().size());
        assertEquals(5 * 90_000, v.durationTicks());
        assertEquals(3000, v.frames().get(1).offsetTicks());
        assertTrue(v.frames().get(0).keyframe(), "a clip starts with a keyframe");
        assertTrue(v.frames().get(60).keyframe(), "keyframe every 2 s (make-fixtures.sh: -g 60)");
        assertFalse(v.frames().get(1).keyframe());
    }

    @Test
    void bundledAudioIsFiveSecondsOfOpusIn20msPackets() {
        MediaClip a = MediaClip.load(null, MediaClip.BUNDLED_AUDIO, true);
        assertEquals(Codec.OPUS, a.codec());
        assertEquals(960, a.frames().get(1).offsetTicks(), "20 ms at 48 kHz");
        assertTrue(Math.abs(a.durationTicks() - 5 * 48_000) <= 960, "about 5 s: " + a.durationTicks());
    }

    @Test
    void timestampsContinueAcrossLoops() {
        MediaClip v = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        EncodedFrame first = v.encoded(0, 0, 1000);
        EncodedFrame again = v.encoded(0, 1, 1000);
        assertEquals(1000 + v.durationTicks(), again.rtpTimestamp());
        assertEquals(first.rtpTimestamp() + v.durationTicks(), again.rtpTimestamp());
        assertEquals(0, v.encoded(0, 0, 0xFFFF_FFFFL - 10).rtpTimestamp() - 0xFFFF_FFFFL + 10, "wraps at 2^32");
    }

    @Test
    void missingFileIsOneClearSentence() {
        Failure f = assertThrows(Failure.class, () -> MediaClip.load(dir.resolve("nope.ivf")));
        assertTrue(f.getMessage().endsWith("nope.ivf does not exist."), f.getMessage());
    }

    @Test
    void wrongFormatIsNamed() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.ivf"), "hello, not a video", StandardCharsets.UTF_8);
        Failure f = assertThrows(Failure.class, () -> MediaClip.load(text));
        assertTrue(f.getMessage().contains("is not an IVF (VP8/VP9/AV1), Ogg Opus or H.264 Annex B file"), f.getMessage());
    }

    @Test
    void truncatedIvfIsInvalid() throws Exception {
        byte[] ivf;
        try (var in = MediaClip.class.getResourceAsStream("media/vp8.ivf")) {
            ivf = in.readAllBytes();
        }
        Path cut = Files.write(dir.resolve("cut.ivf"), java.util.Arrays.copyOf(ivf, 5000));
        Failure f = assertThrows(Failure.class, () -> MediaClip.load(cut));
        assertTrue(f.getMessage().startsWith(cut + " is not a valid media file"), f.getMessage());
    }

    @Test
    void audioWhereVideoIsExpectedIsRefused() throws Exception {
        Path ogg = dir.resolve("a.ogg");
        try (var in = MediaClip.class.getResourceAsStream("media/opus.ogg")) {
            Files.copy(in, ogg);
        }
        Failure f = assertThrows(Failure.class, () -> MediaClip.load(ogg, MediaClip.BUNDLED_VIDEO, false));
        assertTrue(f.getMessage().contains("holds audio (opus), but video was expected"), f.getMessage());
    }

    @Test
    void recordingRoundTripsAndPassesTheFrameCheck() throws Exception {
        MediaClip v = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        MediaClip a = MediaClip.load(null, MediaClip.BUNDLED_AUDIO, true);
        try (Recorder rv = Recorder.open(dir, "video", Codec.VP8); Recorder ra = Recorder.open(dir, "audio", Codec.OPUS)) {
            // a late start, one lost frame, and a second loop: all fine
            for (int i = 10; i < v.frames().size(); i++) {
                if (i != 42) {
                    rv.write(v.encoded(i, 0, 77));
                }
            }
            for (int i = 0; i < 20; i++) {
                rv.write(v.encoded(i, 1, 77));
            }
            for (int i = 0; i < a.frames().size(); i++) {
                ra.write(a.encoded(i, 0, 5));
            }
        }
        FrameCheck video = FrameCheck.of(v, dir.resolve("video.ivf"));
        assertTrue(video.passed(), video.describe("video"));
        assertEquals(v.frames().size() - 10 - 1 + 20, video.frames());
        FrameCheck audio = FrameCheck.of(a, dir.resolve("audio.ogg"));
        assertTrue(audio.passed(), audio.describe("audio"));
        assertEquals(a.frames().size(), audio.frames());
        MediaClip recorded = MediaClip.load(dir.resolve("video.ivf"));
        assertEquals(v.frames().get(11).offsetTicks() - v.frames().get(10).offsetTicks(),
                recorded.frames().get(1).offsetTicks(), "IVF pts are RTP ticks since the first frame");
    }

    @Test
    void frameCheckCatchesReorderingAndForeignFrames() {
        MediaClip v = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        List<MediaClip.Frame> frames = new ArrayList<>(v.frames().subList(0, 40));
        assertTrue(FrameCheck.of(v, frames).passed());
        Collections.swap(frames, 20, 21);
        FrameCheck swapped = FrameCheck.of(v, frames);
        assertFalse(swapped.passed());
        assertEquals(21, swapped.firstMismatch());
        List<MediaClip.Frame> changed = new ArrayList<>(v.frames().subList(0, 40));
        byte[] data = changed.get(5).data().clone();
        data[data.length - 1] ^= 1;
        changed.set(5, new MediaClip.Frame(data, 0, false));
        assertEquals(5, FrameCheck.of(v, changed).firstMismatch());
        assertFalse(FrameCheck.of(v, List.of()).passed(), "an empty recording fails");
    }

    @Test
    void h264RecordingsCompareByNalUnits() {
        byte[] sent = {0, 0, 0, 1, 0x09, 0x10, 0, 0, 1, 0x67, 0x42, 0x01, 0, 0, 0, 1, 0x65, 0x11, 0x22};
        byte[] received = {0, 0, 0, 1, 0x67, 0x42, 0x01, 0, 0, 0, 1, 0x65, 0x11, 0x22};
        byte[] other = {0, 0, 0, 1, 0x67, 0x42, 0x01, 0, 0, 0, 1, 0x65, 0x11, 0x23};
        MediaClip clip = new MediaClip("t", Codec.H264, List.of(new MediaClip.Frame(sent, 0, true)), 3000);
        assertTrue(FrameCheck.of(clip, List.of(new MediaClip.Frame(received, 0, true))).passed(),
                "an access unit delimiter and the start code length are not picture data");
        assertFalse(FrameCheck.of(clip, List.of(new MediaClip.Frame(other, 0, true))).passed());
    }
}
