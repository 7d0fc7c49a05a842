package org.rtc4j.examples;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a recording against the clip that was sent: every recorded frame must be byte-identical
 * to a sent frame, and they must come in the order they were sent. Frames may be missing (a
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
        List<MediaClip.Frame> source = sent.frames();
        int n = source.size();
        int next = 0; // index into the (looping) source where the next recorded frame may start
        for (int i = 0; i < recorded.size(); i++) {
            byte[] r = recorded.get(i).data();
            int found = -1;
            int window = i == 0 ? n : Math.max(1, n / 2);
            for (int k = 0; k < window; k++) {
                int j = (next + k) % n;
                if (Arrays.equals(r, source.get(j).data())) {
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
