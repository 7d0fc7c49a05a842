package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.media.file.AnnexBReader;
import org.rtc4j.media.file.IvfReader;
import org.rtc4j.media.file.OggOpusReader;

/**
 * Mutated payloads and files (bit flips, truncation, garbage) never raise anything but
 * {@link MediaFormatException}; the assembler never throws at all and never hands out a frame it
 * did not get intact. Fixed seeds, bounded rounds.
 */
class MalformedInputTest {

    private static byte[] mutate(byte[] in, Random r) {
        byte[] out = in.clone();
        switch (r.nextInt(4)) {
            case 0:
                out[r.nextInt(out.length)] ^= (byte) (1 << r.nextInt(8));
                return out;
            case 1:
                return Arrays.copyOf(out, r.nextInt(out.length));
            case 2:
                out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                out[r.nextInt(out.length)] = (byte) r.nextInt(256);
                return out;
            default:
                for (int i = 0; i < Math.min(4, out.length); i++) {
                    out[i] = (byte) r.nextInt(256);
                }
                return out;
        }
    }

    @ParameterizedTest
    @EnumSource(Codec.class)
    void mutatedPayloadsRaiseOnlyMediaFormatException(Codec codec) throws Exception {
        Random random = new Random(codec.ordinal() + 99);
        List<Fixtures.Sample> samples = Fixtures.load(codec);
        Packetizer tx = Codecs.packetizer(codec, 400);
        Depacketizer rx = Codecs.depacketizer(codec);
        FrameAssembler assembler = new FrameAssembler(Codecs.depacketizer(codec), new FrameAssembler.Config(256, 0));
        byte[] buf = new byte[400];
        int seq = 0;
        int rejected = 0;
        for (int i = 0; i < Math.min(40, samples.size()); i++) {
            Fixtures.Sample s = samples.get(i);
            if (s.input().length > 400 && codec == Codec.OPUS) {
                continue;
            }
            tx.packetize(s.input(), 0, s.input().length, s.expected().rtpTimestamp());
            List<byte[]> packets = new ArrayList<>();
            List<Boolean> markers = new ArrayList<>();
            while (tx.hasNext()) {
                packets.add(Arrays.copyOf(buf, tx.next(buf, 0)));
                markers.add(tx.marker());
            }
            // Mutate one packet of the frame and push the frame through both paths.
            int victim = random.nextInt(packets.size());
            packets.set(victim, mutate(packets.get(victim), random));
            FrameBuffer fb = new FrameBuffer();
            try {
                for (byte[] p : packets) {
                    rx.inspect(p, 0, p.length, false);
                    rx.append(fb, p, 0, p.length);
                    fb.countPacket();
                }
                rx.finish(fb);
            } catch (MediaFormatException e) {
                rejected++;
                assertTrue(e.reason() != null);
            }
            for (int k = 0; k < packets.size(); k++) {
                byte[] p = packets.get(k);
                assembler.handlePacket(i * 40_000_000L, seq++, s.expected().rtpTimestamp(), markers.get(k), p, 0, p.length);
            }
            for (EncodedFrame f; (f = assembler.pollFrame(i * 40_000_000L)) != null; ) {
                assertTrue(f.size() >= 0);
            }
            while (assembler.pollLoss() != null) {
                // drain
            }
        }
        if (codec == Codec.VP8 || codec == Codec.H264 || codec == Codec.AV1) {
            // Formats with structure in most payload bytes: some mutations must be caught. (A VP9
            // descriptor is three bytes of a 400-byte payload; audio payloads have no structure.)
            assertTrue(rejected > 0, "no mutation of " + codec + " caught");
        }
    }

    @Test
    void randomGarbageNeverEscapesTheAssembler() {
        Random random = new Random(5);
        for (Codec codec : Codec.values()) {
            FrameAssembler rx = new FrameAssembler(Codecs.depacketizer(codec), new FrameAssembler.Config(64, 0));
            for (int i = 0; i < 3000; i++) {
                byte[] p = new byte[random.nextInt(40)];
                random.nextBytes(p);
                rx.handlePacket(i * 1_000_000L, random.nextInt(1 << 16), random.nextLong() & 0xFFFF_FFFFL,
                        random.nextBoolean(), p, 0, p.length);
                rx.pollFrame(i * 1_000_000L);
                rx.pollLoss();
                rx.missingSequenceNumbers(new int[16]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vp8.ivf", "opus.ogg", "h264.h264"})
    void mutatedFilesRaiseOnlyMediaFormatException(String name) throws IOException {
        byte[] file = Fixtures.bytes(name);
        Random random = new Random(name.hashCode());
        for (int round = 0; round < 60; round++) {
            byte[] bad = mutate(file, random);
            try {
                if (name.endsWith(".ivf")) {
                    try (IvfReader r = new IvfReader(new ByteArrayInputStream(bad))) {
                        while (r.next() != null) {
                            // read all
                        }
                    }
                } else if (name.endsWith(".ogg")) {
                    try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(bad))) {
                        while (r.next() != null) {
                            // read all
                        }
                    }
                } else {
                    try (AnnexBReader r = new AnnexBReader(new ByteArrayInputStream(bad))) {
                        while (r.nextAccessUnit() != null) {
                            // read all
                        }
                    }
                }
            } catch (MediaFormatException e) {
                assertTrue(e.reason() != null);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 24, 28, 31})
    void h264PacketizerRefusesNalTypesRtpReserves(int type) {
        // Found by FrameAssemblerFuzzTest: these went out and the depacketizer refused them.
        byte[] au = {0, 0, 0, 1, (byte) type, 1, 2, 3};
        MediaFormatException e = org.junit.jupiter.api.Assertions.assertThrows(MediaFormatException.class,
                () -> new org.rtc4j.media.h264.H264Packetizer(1200).packetize(au, 0, au.length, 0));
        org.junit.jupiter.api.Assertions.assertEquals(MediaFormatException.Reason.UNSUPPORTED_NAL_TYPE, e.reason());
    }

    @Test
    void h264PacketizerRefusesAnSpsAfterASliceOrAnotherSps() {
        // Found by FrameAssemblerFuzzTest: the SPS, a certain frame start to receivers, made a
        // receiver that lost the first packet deliver the rest of the frame as a whole one.
        byte[] au = {0, 0, 0, 1, 0x41, 1, 2, 0, 0, 0, 1, 0x67, 0x42, 0, 0x1f};
        byte[] twoSps = {0, 0, 0, 1, 0x67, 0x42, 0, 0x1f, 0, 0, 0, 1, 0x67, 0x42, 0, 0x20};
        org.junit.jupiter.api.Assertions.assertThrows(MediaFormatException.class,
                () -> new org.rtc4j.media.h264.H264Packetizer(1200).packetize(twoSps, 0, twoSps.length, 0));
        MediaFormatException e = org.junit.jupiter.api.Assertions.assertThrows(MediaFormatException.class,
                () -> new org.rtc4j.media.h264.H264Packetizer(1200).packetize(au, 0, au.length, 0));
        org.junit.jupiter.api.Assertions.assertEquals(MediaFormatException.Reason.BAD_STREAM, e.reason());
    }
}
