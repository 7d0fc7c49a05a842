package org.rtc4j.media.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.media.Codec;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;
import org.rtc4j.media.audio.OpusToc;
import org.rtc4j.media.h264.NalUnits;

class MediaFilesTest {

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = MediaFilesTest.class.getResourceAsStream("/media/" + name)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vp8.ivf", "vp9.ivf", "av1.ivf"})
    void ivfRoundTripsByteForByte(String name) throws IOException {
        byte[] file = fixture(name);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int frames = 0;
        try (IvfReader r = new IvfReader(new ByteArrayInputStream(file));
                IvfWriter w = new IvfWriter(out, r.header())) {
            assertEquals(320, r.header().width());
            assertEquals(240, r.header().height());
            assertEquals(30, r.header().timebaseDenominator());
            for (IvfFrame f; (f = r.next()) != null; ) {
                assertEquals(frames, f.pts(), "ffmpeg counts pts in frames");
                w.writeFrame(f);
                frames++;
            }
            assertEquals(r.header().frameCount(), frames);
        }
        assertArrayEquals(file, out.toByteArray());
        IvfHeader header = new IvfReader(new ByteArrayInputStream(file)).header();
        assertEquals(3000, header.rtpTimestamp(1, 90_000), "one frame at 30 fps is 3000 ticks of 90 kHz");
        assertEquals(90_000 * 10 & 0xFFFF_FFFFL, header.rtpTimestamp(300, 90_000));
        Codec expected = name.startsWith("vp8") ? Codec.VP8 : name.startsWith("vp9") ? Codec.VP9 : Codec.AV1;
        assertEquals(expected, new IvfReader(new ByteArrayInputStream(file)).header().codec());
    }

    @Test
    void truncatedIvfIsRejectedWithAReason() throws IOException {
        byte[] file = fixture("vp8.ivf");
        // Cut inside the 5th frame's data.
        byte[] cut = Arrays.copyOf(file, 32 + 12 + 100);
        IvfReader r = new IvfReader(new ByteArrayInputStream(cut));
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> {
            while (r.next() != null) {
                // read until it fails
            }
        });
        assertEquals(Reason.TRUNCATED, e.reason());
        // Cut inside the file header, and a frame header cut short.
        assertEquals(Reason.TRUNCATED, assertThrows(MediaFormatException.class,
                () -> new IvfReader(new ByteArrayInputStream(Arrays.copyOf(file, 20)))).reason());
        IvfReader r2 = new IvfReader(new ByteArrayInputStream(Arrays.copyOf(file, 32 + 5)));
        assertEquals(Reason.TRUNCATED, assertThrows(MediaFormatException.class, r2::next).reason());
        byte[] bad = file.clone();
        bad[0] = 'X';
        assertEquals(Reason.BAD_MAGIC, assertThrows(MediaFormatException.class,
                () -> new IvfReader(new ByteArrayInputStream(bad))).reason());
    }

    @Test
    void oggPagesRoundTripByteForByte() throws IOException {
        byte[] file = fixture("opus.ogg");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pages = 0;
        try (OggPageReader r = new OggPageReader(new ByteArrayInputStream(file));
                OggPageWriter w = new OggPageWriter(out)) {
            for (OggPage p; (p = r.next()) != null; pages++) {
                w.write(p);
            }
        }
        assertTrue(pages > 3);
        assertArrayEquals(file, out.toByteArray());
    }

    @Test
    void oggOpusReadsHeadersAndGranules() throws IOException {
        try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(fixture("opus.ogg")))) {
            OpusHead head = r.head();
            assertEquals(2, head.channels());
            assertEquals(48_000, head.inputSampleRate());
            assertEquals(312, head.preSkip());
            assertEquals(0, head.mappingFamily());
            assertTrue(r.tags().vendor().startsWith("Lavf"), r.tags().vendor());
            long samples = 0;
            int packets = 0;
            long lastGranule = -1;
            for (OpusPacket p; (p = r.next()) != null; packets++) {
                samples += OpusToc.packetSamples48k(p.data(), 0, p.data().length);
                if (p.granulePosition() >= 0) {
                    // RFC 7845 §4: a page's granule counts the samples up to its last packet's end
                    assertTrue(p.granulePosition() <= samples, "granule past the decoded samples");
                    lastGranule = p.granulePosition();
                }
            }
            assertEquals(251, packets);
            assertEquals(5 * 48_000 + head.preSkip(), lastGranule, "5 s plus pre-skip, end-trimmed");
        }
    }

    @Test
    void oggOpusRoundTripsPacketsAndHeaders() throws IOException {
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpusHead head;
        OpusTags tags;
        long lastGranule = -1;
        try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(fixture("opus.ogg")))) {
            head = r.head();
            tags = r.tags();
            try (OggOpusWriter w = new OggOpusWriter(out, head, tags, 0x1234_5678)) {
                for (OpusPacket p; (p = r.next()) != null; ) {
                    packets.add(p.data());
                    w.writePacket(p.data(), 0, p.data().length);
                    lastGranule = p.granulePosition() >= 0 ? p.granulePosition() : lastGranule;
                }
                w.setFinalGranulePosition(lastGranule);
            }
        }
        try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(out.toByteArray()))) {
            assertEquals(head, r.head());
            assertEquals(tags, r.tags());
            assertEquals(0x1234_5678, r.serialNumber());
            long granule = -1;
            for (byte[] expected : packets) {
                OpusPacket p = r.next();
                assertArrayEquals(expected, p.data());
                granule = p.granulePosition() >= 0 ? p.granulePosition() : granule;
            }
            assertNull(r.next());
            assertEquals(lastGranule, granule);
        }
    }

    @Test
    void badOggCrcIsRejected() throws IOException {
        byte[] file = fixture("opus.ogg");
        byte[] bad = file.clone();
        bad[bad.length - 10] ^= 0x01; // a bit flip in the last page's audio
        MediaFormatException e = assertThrows(MediaFormatException.class, () -> {
            try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(bad))) {
                while (r.next() != null) {
                    // read to the end
                }
            }
        });
        assertEquals(Reason.BAD_CRC, e.reason());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void malformedOggIsRejectedWithReasons() throws IOException {
        byte[] file = fixture("opus.ogg");
        byte[] noMagic = file.clone();
        noMagic[1] = 'X';
        assertEquals(Reason.BAD_MAGIC, assertThrows(MediaFormatException.class,
                () -> new OggOpusReader(new ByteArrayInputStream(noMagic))).reason());
        assertEquals(Reason.TRUNCATED, assertThrows(MediaFormatException.class, () -> {
            try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(Arrays.copyOf(file, file.length - 7)))) {
                while (r.next() != null) {
                    // read to the end
                }
            }
        }).reason());
        assertEquals(Reason.TRUNCATED, assertThrows(MediaFormatException.class,
                () -> new OggOpusReader(new ByteArrayInputStream(new byte[0]))).reason());
        // A page out of sequence: drop the third page (the first audio page).
        List<OggPage> pages = new ArrayList<>();
        try (OggPageReader r = new OggPageReader(new ByteArrayInputStream(file))) {
            for (OggPage p; (p = r.next()) != null; ) {
                pages.add(p);
            }
        }
        pages.remove(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OggPageWriter w = new OggPageWriter(out);
        for (OggPage p : pages) {
            w.write(p);
        }
        assertEquals(Reason.BAD_PAGE_SEQUENCE, assertThrows(MediaFormatException.class, () -> {
            try (OggOpusReader r = new OggOpusReader(new ByteArrayInputStream(out.toByteArray()))) {
                while (r.next() != null) {
                    // read to the end
                }
            }
        }).reason());
    }

    @Test
    void annexBSplitsAccessUnitsAndRoundTrips() throws IOException {
        byte[] file = fixture("h264.h264");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<byte[]> units = new ArrayList<>();
        // A tiny read size forces start codes and NAL headers across buffer refills.
        try (AnnexBReader r = new AnnexBReader(new TrickleInputStream(file, 7));
                AnnexBWriter w = new AnnexBWriter(out)) {
            for (byte[] au; (au = r.nextAccessUnit()) != null; ) {
                units.add(au);
                w.writeAccessUnit(au, 0, au.length);
            }
        }
        assertArrayEquals(file, out.toByteArray());
        assertEquals(120, units.size(), "4 s at 30 fps");
        NalUnits nals = new NalUnits();
        int idr = 0;
        for (byte[] au : units) {
            nals.reset(au, 0, au.length);
            assertTrue(nals.next());
            assertEquals(NalUnits.AUD, nals.type(), "each access unit starts with its delimiter");
            int slices = 0;
            while (nals.next()) {
                slices += nals.type() == NalUnits.SLICE || nals.type() == NalUnits.IDR ? 1 : 0;
                idr += nals.type() == NalUnits.IDR ? 1 : 0;
            }
            assertTrue(slices >= 1);
        }
        assertEquals(2, idr, "keyframe every 60 frames");
    }

    @Test
    void annexBWithoutDelimitersSplitsOnFirstMbInSlice() throws IOException {
        // Strip the AUDs: access units must then be found from SPS/PPS/SEI and first_mb_in_slice.
        byte[] file = fixture("h264.h264");
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        NalUnits nals = new NalUnits();
        nals.reset(file, 0, file.length);
        int expectedUnits = 0;
        while (nals.next()) {
            if (nals.type() == NalUnits.AUD) {
                expectedUnits++;
                continue;
            }
            stripped.write(new byte[] {0, 0, 1}, 0, 3);
            stripped.write(file, nals.start(), nals.end() - nals.start());
        }
        byte[] bytes = stripped.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int units = 0;
        try (AnnexBReader r = new AnnexBReader(new ByteArrayInputStream(bytes))) {
            for (byte[] au; (au = r.nextAccessUnit()) != null; units++) {
                out.write(au);
            }
        }
        assertEquals(expectedUnits, units);
        assertArrayEquals(bytes, out.toByteArray());
    }

    @Test
    void annexBWithoutStartCodeIsRejected() {
        byte[] junk = {0x12, 0x34, 0x56, 0, 0, 1, 0x09, 0x10};
        MediaFormatException e = assertThrows(MediaFormatException.class,
                () -> new AnnexBReader(new ByteArrayInputStream(junk)).nextAccessUnit());
        assertEquals(Reason.BAD_STREAM, e.reason());
    }

    @Test
    void oggCrcTableMatchesBitwiseDefinition() {
        // RFC 3533 §6: generator 0x04C11DB7, MSB first, init 0, no final XOR. Every page of the
        // ffmpeg fixture verifies (oggPagesRoundTripByteForByte); here the table-driven CRC is
        // checked against the polynomial division done one bit at a time.
        byte[] data = new byte[1000];
        new java.util.Random(1).nextBytes(data);
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 24;
            for (int k = 0; k < 8; k++) {
                crc = crc < 0 ? (crc << 1) ^ 0x04C11DB7 : crc << 1;
            }
        }
        assertEquals(crc, OggCrc.update(0, data, 0, data.length));
    }

    /** Returns at most {@code chunk} bytes per read. */
    static final class TrickleInputStream extends InputStream {
        private final byte[] data;
        private final int chunk;
        private int pos;

        TrickleInputStream(byte[] data, int chunk) {
            this.data = data;
            this.chunk = chunk;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, chunk), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
