package org.rtc4j.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a recording against the clip that was sent: every recorded frame must be byte-identical
 * to a sent frame, and they must come in the order they were sent. (For H.264 the NAL units must be
 * byte-identical: see {@link #nalUnits}.) Frames may be missing (a
 * receiver drops what it cannot assemble), and the clip may have been sent in a loop, so the
 * recording is matched as a subsequence of the clip repeated. The first recorded frame may match
 * anywhere (a receiver may start late); each later one must match within the next half clip, so
 * a frame that came back out of order cannot pass as one from the next loop.
 *
 * @param frames frames in the recording
 * @param matched how many of them matched, in order (equal to {@code frames} when the check passes)
 * @param firstMismatch index of the first frame that matched no sent frame in order, or -1
 */
public record FrameCheck(int frames, int matched, int firstMismatch) {

    public boolean passed() {
        return frames > 0 && firstMismatch < 0;
    }

    /** Compares the frames of {@code recording} (any format {@link MediaClip} reads) with {@code sent}. */
    public static FrameCheck of(MediaClip sent, Path recording) {
        return of(sent, MediaClip.load(recording).frames());
    }

    public static FrameCheck of(MediaClip sent, List<MediaClip.Frame> recorded) {
        boolean h264 = sent.codec() == org.rtc4j.media.Codec.H264;
        List<byte[]> source = new java.util.ArrayList<>(sent.frames().size());
        for (MediaClip.Frame f : sent.frames()) {
            source.add(h264 ? nalUnits(f.data()) : f.data());
        }
        int n = source.size();
        int next = 0; // index into the (looping) source where the next recorded frame may start
        for (int i = 0; i < recorded.size(); i++) {
            byte[] r = h264 ? nalUnits(recorded.get(i).data()) : recorded.get(i).data();
            int found = -1;
            int window = i == 0 ? n : Math.max(1, n / 2);
            for (int k = 0; k < window; k++) {
                int j = (next + k) % n;
                if (Arrays.equals(r, source.get(j))) {
                    found = j;
                    break;
                }
            }
            if (found < 0) {
                return new FrameCheck(recorded.size(), i, i);
            }
            next = (found + 1) % n;
        }
        return new FrameCheck(recorded.size(), recorded.size(), -1);
    }

    /**
     * An H.264 access unit as its NAL units, each with a 4-byte length, leaving out what RTP does not
     * carry (RFC 6184 packetizers drop access unit delimiters and filler data, and the start code
     * length is the byte stream's business): the same picture data compares equal.
     */
    static byte[] nalUnits(byte[] au) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(au.length);
        int sc = org.rtc4j.media.h264.NalUnits.findStartCode(au, 0, au.length);
        while (sc >= 0) {
            int start = sc + 3;
            int next = org.rtc4j.media.h264.NalUnits.findStartCode(au, start, au.length);
            int end = next < 0 ? au.length : next;
            while (end > start && au[end - 1] == 0) {
                end--; // a zero before the next start code belongs to the byte stream
            }
            int type = start < end ? au[start] & 0x1F : 0;
            if (end > start && type != org.rtc4j.media.h264.NalUnits.AUD && type != org.rtc4j.media.h264.NalUnits.FILLER) {
                int len = end - start;
                out.write(len >>> 24);
                out.write(len >>> 16);
                out.write(len >>> 8);
                out.write(len);
                out.write(au, start, len);
            }
            sc = next;
        }
        return out.toByteArray();
    }

    public String describe(String what) {
        if (frames == 0) {
            return what + ": nothing was recorded";
        }
        if (firstMismatch >= 0) {
            return what + ": frame " + firstMismatch + " of " + frames + " matches no sent frame in order";
        }
        return what + ": all " + frames + " frames byte-identical to sent frames, in order";
    }
}
