package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtc4j.media.file.AnnexBWriter;
import org.rtc4j.media.file.IvfHeader;
import org.rtc4j.media.file.IvfWriter;
import org.rtc4j.media.file.OggOpusReader;
import org.rtc4j.media.file.OggOpusWriter;
import org.rtc4j.media.file.OpusHead;
import org.rtc4j.media.file.OpusPacket;
import org.rtc4j.media.file.OpusTags;

/**
 * Files written by rtc4j, from frames that went through packetizer and assembler, are accepted by
 * ffprobe with the right codec and frame count. Skipped only when ffprobe is not installed.
 */
class FfprobeTest {

    private static boolean ffprobe;

    @TempDir
    Path dir;

    @BeforeAll
    static void findFfprobe() {
        try {
            Process p = new ProcessBuilder("ffprobe", "-version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            ffprobe = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            ffprobe = false;
        }
    }

    /** Runs ffprobe counting frames; returns "codec_name|nb_read_frames". */
    private static String probe(Path file) throws Exception {
        assumeTrue(ffprobe, "ffprobe is not installed (apt-get install ffmpeg)");
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-count_frames", "-select_streams", "0",
                "-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0:s=|", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffprobe timed out");
        assertEquals(0, p.exitValue(), "ffprobe rejected " + file + ": " + out);
        return out;
    }

    /** The fixture's frames after packetizer (MTU 1200) and assembler on a clean link. */
    private static List<EncodedFrame> throughRtp(Codec codec) throws Exception {
        Packetizer tx = Codecs.packetizer(codec, 1200);
        FrameAssembler rx = new FrameAssembler(Codecs.depacketizer(codec), new FrameAssembler.Config(1024, 0));
        List<EncodedFrame> out = new ArrayList<>();
        byte[] packet = new byte[1200];
        int seq = 0;
        long now = 0;
        for (Fixtures.Sample s : Fixtures.load(codec)) {
            tx.packetize(s.input(), 0, s.input().length, s.expected().rtpTimestamp());
            while (tx.hasNext()) {
                int len = tx.next(packet, 0);
                rx.handlePacket(now, seq++, tx.timestamp(), tx.marker(), packet, 0, len);
            }
            now += 33_000_000L;
            for (EncodedFrame f; (f = rx.pollFrame(now)) != null; ) {
                out.add(f);
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Codec.class, names = {"VP8", "VP9", "AV1"})
    void ivfWrittenByRtc4jIsAccepted(Codec codec) throws Exception {
        List<EncodedFrame> frames = throughRtp(codec);
        Path file = dir.resolve(codec + ".ivf");
        try (OutputStream os = Files.newOutputStream(file);
                IvfWriter w = new IvfWriter(os, IvfHeader.of(codec, 320, 240, 30, frames.size()))) {
            long pts = 0;
            for (EncodedFrame f : frames) {
                w.writeFrame(pts++, f.data(), 0, f.size());
            }
        }
        String name = codec == Codec.VP8 ? "vp8" : codec == Codec.VP9 ? "vp9" : "av1";
        assertEquals(name + "|" + frames.size(), probe(file));
        assertEquals(Fixtures.load(codec).size(), frames.size());
    }

    @Test
    void annexBWrittenByRtc4jIsAccepted() throws Exception {
        List<EncodedFrame> frames = throughRtp(Codec.H264);
        Path file = dir.resolve("out.h264");
        try (AnnexBWriter w = new AnnexBWriter(Files.newOutputStream(file))) {
            for (EncodedFrame f : frames) {
                w.writeAccessUnit(f.data(), 0, f.size());
            }
        }
        assertEquals(120, frames.size());
        assertEquals("h264|120", probe(file));
    }

    @Test
    void oggOpusWrittenByRtc4jIsAccepted() throws Exception {
        List<EncodedFrame> frames = throughRtp(Codec.OPUS);
        Path file = dir.resolve("out.ogg");
        OpusHead head;
        long finalGranule = -1;
        try (OggOpusReader r = new OggOpusReader(Fixtures.stream("opus.ogg"))) {
            head = r.head();
            for (OpusPacket p; (p = r.next()) != null; ) {
                finalGranule = p.granulePosition() >= 0 ? p.granulePosition() : finalGranule;
            }
        }
        try (OggOpusWriter w = new OggOpusWriter(Files.newOutputStream(file), head,
                new OpusTags("rtc4j", List.of("TITLE=two tones")), 42)) {
            for (EncodedFrame f : frames) {
                w.writePacket(f.data(), 0, f.size());
            }
            w.setFinalGranulePosition(finalGranule);
        }
        assertEquals(251, frames.size());
        assertEquals("opus|251", probe(file));
    }
}
