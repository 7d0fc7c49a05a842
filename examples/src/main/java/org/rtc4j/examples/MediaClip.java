package org.rtc4j.examples;

import java.io.BufferedInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.audio.OpusToc;
import org.rtc4j.media.file.AnnexBReader;
import org.rtc4j.media.file.IvfFrame;
import org.rtc4j.media.file.IvfHeader;
import org.rtc4j.media.file.IvfReader;
import org.rtc4j.media.file.OggOpusReader;
import org.rtc4j.media.file.OpusPacket;
import org.rtc4j.media.h264.NalUnits;
import org.rtc4j.media.vp8.Vp8Depacketizer;

/**
 * A media file read into memory: its codec and its frames with their times, ready to be paced out
 * ({@link Pacer}) and to check recordings against ({@link FrameCheck}). The format is recognised
 * by its first bytes, not its name: IVF ({@code DKIF}: VP8, VP9, AV1), Ogg Opus ({@code OggS}) or
 * H.264 Annex B (a start code; 30 frames per second assumed, Annex B carries no times).
 *
 * @param name where it came from, for messages
 * @param frames the frames in file order
 * @param durationTicks the clip's length in RTP clock ticks (the next loop starts there)
 */
public record MediaClip(String name, Codec codec, List<Frame> frames, long durationTicks) {

    /** The bundled 5 s VP8 test pattern (320x240, 30 fps). */
    public static final String BUNDLED_VIDEO = "vp8.ivf";
    /** The bundled 5 s Opus stereo tones (20 ms packets). */
    public static final String BUNDLED_AUDIO = "opus.ogg";

    /** Files larger than this are refused: the examples keep clips in memory. */
    static final long MAX_FILE_BYTES = 256L << 20;

    /**
     * One frame of the clip.
     *
     * @param offsetTicks its RTP timestamp relative to the first frame
     */
    public record Frame(byte[] data, long offsetTicks, boolean keyframe) {}

    public boolean isAudio() {
        return codec.isAudio();
    }

    /** The frame as sent in loop {@code loop}, its RTP timestamp counted from {@code baseTimestamp}. */
    public EncodedFrame encoded(int index, long loop, long baseTimestamp) {
        Frame f = frames.get(index);
        long ts = (baseTimestamp + loop * durationTicks + f.offsetTicks()) & 0xFFFF_FFFFL;
        return new EncodedFrame(f.data(), ts, f.keyframe() || codec.isAudio(), codec);
    }

    /** Frame {@code index} stamped with RTP timestamp {@code timestamp} (taken modulo 2^32). */
    public EncodedFrame frame(int index, long timestamp) {
        Frame f = frames.get(index);
        return new EncodedFrame(f.data(), timestamp & 0xFFFF_FFFFL, f.keyframe() || codec.isAudio(), codec);
    }

    /** How long frame {@code index} lasts, in RTP ticks (until the next frame, or the clip's end). */
    public long frameTicks(int index) {
        long next = index + 1 < frames.size() ? frames.get(index + 1).offsetTicks() : durationTicks;
        return Math.max(0, next - frames.get(index).offsetTicks());
    }

    /**
     * Loads {@code file}, or the bundled clip {@code bundled} when {@code file} is null, and checks
     * it is video (or audio) as {@code wantAudio} says.
     *
     * @throws Failure with one sentence naming the file when it is missing, unreadable or not a
     *     media file rtc4j reads
     */
    public static MediaClip load(Path file, String bundled, boolean wantAudio) {
        MediaClip clip;
        if (file == null) {
            try (InputStream in = MediaClip.class.getResourceAsStream("media/" + bundled)) {
                if (in == null) {
                    throw new IllegalStateException("bundled media file " + bundled + " is missing from the jar");
                }
                clip = read("bundled " + bundled, new BufferedInputStream(in));
            } catch (IOException e) {
                throw new IllegalStateException("bundled media file " + bundled + " is unreadable", e);
            }
        } else {
            clip = load(file);
        }
        if (clip.isAudio() != wantAudio) {
            throw new Failure(clip.name() + " holds " + (clip.isAudio() ? "audio" : "video") + " (" + clip.codec().encodingName()
                    + "), but " + (wantAudio ? "audio" : "video") + " was expected.");
        }
        return clip;
    }

    /** Loads a media file of any of the supported formats. */
    public static MediaClip load(Path file) {
        String name = file.toString();
        try {
            if (Files.isDirectory(file)) {
                throw new Failure(name + " is a directory, not a media file.");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new Failure(name + " is larger than " + (MAX_FILE_BYTES >> 20) + " MiB; the examples keep clips in memory.");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                return read(name, in);
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            throw new Failure(name + " does not exist.", e);
        } catch (AccessDeniedException e) {
            throw new Failure(name + " cannot be read (permission denied).", e);
        } catch (IOException e) {
            throw new Failure(name + " is not a valid media file: " + e.getMessage() + ".", e);
        }
    }

    /** Reads a whole clip; {@code in} must support mark/reset. */
    static MediaClip read(String name, InputStream in) throws IOException {
        in.mark(8);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length == 4 && magic[0] == 'D' && magic[1] == 'K' && magic[2] == 'I' && magic[3] == 'F') {
            return readIvf(name, in);
        }
        if (magic.length == 4 && magic[0] == 'O' && magic[1] == 'g' && magic[2] == 'g' && magic[3] == 'S') {
            return readOgg(name, in);
        }
        if (magic.length == 4 && magic[0] == 0 && magic[1] == 0 && (magic[2] == 1 || (magic[2] == 0 && magic[3] == 1))) {
            return readAnnexB(name, in);
        }
        throw new Failure(name + " is not an IVF (VP8/VP9/AV1), Ogg Opus or H.264 Annex B file.");
    }

    private static MediaClip readIvf(String name, InputStream in) throws IOException {
        IvfReader reader = new IvfReader(in);
        IvfHeader header = reader.header();
        Codec codec = header.codec();
        if (codec == null) {
            throw new Failure(name + " is an IVF file of codec " + header.fourcc() + ", which rtc4j does not send.");
        }
        List<Frame> frames = new ArrayList<>();
        long num = header.timebaseNumerator();
        long den = header.timebaseDenominator();
        long firstPts = -1;
        long lastTicks = 0;
        for (IvfFrame f = reader.next(); f != null; f = reader.next()) {
            if (firstPts < 0) {
                firstPts = f.pts();
            }
            long ticks = Math.max(lastTicks, (f.pts() - firstPts) * num * 90_000 / den);
            boolean key = codec == Codec.VP8 ? Vp8Depacketizer.isKeyframe(f.data(), 0, f.data().length) : frames.isEmpty();
            frames.add(new Frame(f.data(), ticks, key));
            lastTicks = ticks;
        }
        if (frames.isEmpty()) {
            throw new Failure(name + " holds no frames.");
        }
        long frameTicks = frames.size() > 1 ? lastTicks / (frames.size() - 1) : 3000;
        return new MediaClip(name, codec, List.copyOf(frames), lastTicks + Math.max(frameTicks, 1));
    }

    private static MediaClip readOgg(String name, InputStream in) throws IOException {
        OggOpusReader reader = new OggOpusReader(in);
        List<Frame> frames = new ArrayList<>();
        long ticks = 0;
        for (OpusPacket p = reader.next(); p != null; p = reader.next()) {
            frames.add(new Frame(p.data(), ticks, true));
            ticks += OpusToc.packetSamples48k(p.data(), 0, p.data().length);
        }
        if (frames.isEmpty()) {
            throw new Failure(name + " holds no Opus packets.");
        }
        return new MediaClip(name, Codec.OPUS, List.copyOf(frames), ticks);
    }

    private static MediaClip readAnnexB(String name, InputStream in) throws IOException {
        AnnexBReader reader = new AnnexBReader(in);
        List<Frame> frames = new ArrayList<>();
        long ticks = 0;
        for (byte[] au = reader.nextAccessUnit(); au != null; au = reader.nextAccessUnit()) {
            frames.add(new Frame(au, ticks, containsIdr(au)));
            ticks += 3000;
        }
        if (frames.isEmpty()) {
            throw new Failure(name + " holds no H.264 access units.");
        }
        return new MediaClip(name, Codec.H264, List.copyOf(frames), ticks);
    }

    private static boolean containsIdr(byte[] au) {
        int i = NalUnits.findStartCode(au, 0, au.length);
        while (i >= 0 && i < au.length) {
            int nal = i + 3; // findStartCode points at 00 00 01
            if (nal < au.length && (au[nal] & 0x1F) == NalUnits.IDR) {
                return true;
            }
            i = NalUnits.findStartCode(au, nal, au.length);
        }
        return false;
    }
}
