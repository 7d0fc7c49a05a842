package org.rtc4j.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.rtc4j.media.audio.G711;
import org.rtc4j.media.av1.Obu;
import org.rtc4j.media.file.AnnexBReader;
import org.rtc4j.media.file.IvfFrame;
import org.rtc4j.media.file.IvfReader;
import org.rtc4j.media.file.OggOpusReader;
import org.rtc4j.media.file.OpusPacket;
import org.rtc4j.media.h264.NalUnits;

/** Loads the ffmpeg-made fixtures as frames, with the bytes a receiver must get back. */
final class Fixtures {

    /** Timestamps start just below the 32-bit wrap so every round trip crosses it. */
    static final long TIMESTAMP_BASE = 0xFFFF_0000L;

    /** A frame to send and what must come out of the depacketizer for it. */
    record Sample(byte[] input, EncodedFrame expected) {}

    private Fixtures() {}

    static byte[] bytes(String name) throws IOException {
        try (InputStream in = Fixtures.class.getResourceAsStream("/media/" + name)) {
            if (in == null) {
                throw new IOException("missing fixture " + name);
            }
            return in.readAllBytes();
        }
    }

    static InputStream stream(String name) {
        return Fixtures.class.getResourceAsStream("/media/" + name);
    }

    static List<Sample> load(Codec codec) throws IOException {
        List<Sample> out = new ArrayList<>();
        switch (codec) {
            case VP8:
            case VP9:
            case AV1: {
                String file = codec == Codec.VP8 ? "vp8.ivf" : codec == Codec.VP9 ? "vp9.ivf" : "av1.ivf";
                try (IvfReader r = new IvfReader(stream(file))) {
                    long ts = TIMESTAMP_BASE;
                    for (IvfFrame f; (f = r.next()) != null; ts += 3000) {
                        byte[] expected = codec == Codec.AV1 ? normalizeAv1(f.data()) : f.data();
                        out.add(new Sample(f.data(), frame(expected, ts, keyframe(codec, f.data()), codec)));
                    }
                }
                break;
            }
            case H264: {
                try (AnnexBReader r = new AnnexBReader(stream("h264.h264"))) {
                    long ts = TIMESTAMP_BASE;
                    for (byte[] au; (au = r.nextAccessUnit()) != null; ts += 3000) {
                        out.add(new Sample(au, frame(normalizeH264(au), ts, keyframe(codec, au), codec)));
                    }
                }
                break;
            }
            case OPUS: {
                try (OggOpusReader r = new OggOpusReader(stream("opus.ogg"))) {
                    long ts = TIMESTAMP_BASE;
                    for (OpusPacket p; (p = r.next()) != null; ts += 960) {
                        out.add(new Sample(p.data(), frame(p.data(), ts, true, codec)));
                    }
                }
                break;
            }
            default: {
                // Two seconds of a 440 Hz tone, 20 ms (160-sample) frames.
                long ts = TIMESTAMP_BASE;
                for (int f = 0; f < 100; f++, ts += 160) {
                    byte[] payload = new byte[160];
                    for (int i = 0; i < 160; i++) {
                        int pcm = (int) (8000 * Math.sin(2 * Math.PI * 440 * (f * 160 + i) / 8000.0));
                        payload[i] = codec == Codec.PCMU ? G711.linearToUlaw(pcm) : G711.linearToAlaw(pcm);
                    }
                    out.add(new Sample(payload, frame(payload, ts, true, codec)));
                }
            }
        }
        return out;
    }

    private static EncodedFrame frame(byte[] data, long ts, boolean key, Codec codec) {
        return new EncodedFrame(data, ts & 0xFFFF_FFFFL, key, codec);
    }

    static boolean keyframe(Codec codec, byte[] f) {
        switch (codec) {
            case VP8:
                return (f[0] & 1) == 0;
            case VP9:
                // frame_marker(2) profile(2) show_existing(1) frame_type(1): profile 0 key frame = 0b1000_00xx
                return (f[0] & 0xC0) == 0x80 && (f[0] & 0x08) == 0 && (f[0] & 0x04) == 0;
            case AV1: {
                // A sequence header, and a first frame header saying KEY_FRAME (not show_existing).
                boolean sequenceHeader = false;
                int frameType = -1;
                int p = 0;
                while (p < f.length) {
                    int h = f[p] & 0xFF;
                    int hl = Obu.headerLength(h);
                    int q = p + hl;
                    long size = 0;
                    int shift = 0;
                    int b;
                    do {
                        b = f[q++] & 0xFF;
                        size |= (long) (b & 0x7F) << shift;
                        shift += 7;
                    } while ((b & 0x80) != 0);
                    int type = Obu.type(h);
                    if (type == Obu.SEQUENCE_HEADER) {
                        sequenceHeader = true;
                    } else if ((type == Obu.FRAME || type == Obu.FRAME_HEADER) && frameType < 0) {
                        frameType = (f[q] & 0x80) != 0 ? 4 : (f[q] >>> 5) & 0x03;
                    }
                    p = q + (int) size;
                }
                return sequenceHeader && frameType == 0;
            }
            case H264: {
                NalUnits n = new NalUnits();
                n.reset(f, 0, f.length);
                while (n.next()) {
                    if (n.type() == NalUnits.IDR) {
                        return true;
                    }
                }
                return false;
            }
            default:
                return true;
        }
    }

    /** An access unit as the depacketizer rebuilds it: four-byte start codes, no AUD or filler. */
    static byte[] normalizeH264(byte[] au) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NalUnits n = new NalUnits();
        n.reset(au, 0, au.length);
        while (n.next()) {
            if (n.type() == NalUnits.AUD || n.type() == NalUnits.FILLER) {
                continue;
            }
            out.write(0);
            out.write(0);
            out.write(0);
            out.write(1);
            out.write(au, n.start(), n.end() - n.start());
        }
        return out.toByteArray();
    }

    /** A temporal unit as the depacketizer rebuilds it: one TD, then OBUs with minimal obu_size. */
    static byte[] normalizeAv1(byte[] tu) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x12);
        out.write(0x00);
        int p = 0;
        while (p < tu.length) {
            int h = tu[p] & 0xFF;
            int hl = Obu.headerLength(h);
            int q = p + hl;
            long size = 0;
            int shift = 0;
            int b;
            do {
                b = tu[q++] & 0xFF;
                size |= (long) (b & 0x7F) << shift;
                shift += 7;
            } while ((b & 0x80) != 0);
            int type = Obu.type(h);
            if (type != Obu.TEMPORAL_DELIMITER && type != Obu.TILE_LIST && type != Obu.PADDING) {
                out.write(h | Obu.HAS_SIZE_FIELD);
                if (hl == 2) {
                    out.write(tu[p + 1]);
                }
                long v = size;
                do {
                    int x = (int) (v & 0x7F);
                    v >>>= 7;
                    out.write(v != 0 ? x | 0x80 : x);
                } while (v != 0);
                out.write(tu, q, (int) size);
            }
            p = q + (int) size;
        }
        return out.toByteArray();
    }
}
