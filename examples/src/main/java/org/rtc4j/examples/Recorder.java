package org.rtc4j.examples;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.file.AnnexBWriter;
import org.rtc4j.media.file.IvfHeader;
import org.rtc4j.media.file.IvfWriter;
import org.rtc4j.media.file.OggOpusWriter;
import org.rtc4j.media.file.OpusHead;
import org.rtc4j.media.file.OpusTags;

/**
 * Writes the frames of one received track to a file: IVF for VP8, VP9 and AV1 (time base
 * 1/90000, so each frame's pts is its RTP timestamp since the first frame), Ogg Opus for Opus
 * (stereo, 48 kHz, RFC 7845) and Annex B for H.264. Frames are written as they arrive, byte for
 * byte as the depacketizer assembled them.
 */
public final class Recorder implements AutoCloseable {

    private final Path file;
    private final Codec codec;
    private final OutputStream out;
    private IvfWriter ivf;
    private OggOpusWriter ogg;
    private AnnexBWriter annexB;
    private long firstTimestamp = -1;
    private long lastPts;
    private int frames;

    private Recorder(Path file, Codec codec) throws IOException {
        this.file = file;
        this.codec = codec;
        this.out = new BufferedOutputStream(Files.newOutputStream(file));
    }

    /** The file extension for a codec's recordings. */
    public static String extension(Codec codec) {
        switch (codec) {
            case VP8:
            case VP9:
            case AV1:
                return "ivf";
            case OPUS:
                return "ogg";
            case H264:
                return "h264";
            default:
                throw new Failure("rtc4j cannot record " + codec.encodingName() + " to a file.");
        }
    }

    /** Opens {@code dir/<name>.<ext>}, creating the directory when needed. */
    public static Recorder open(Path dir, String name, Codec codec) {
        Path file = dir.resolve(name + "." + extension(codec));
        try {
            Files.createDirectories(dir);
            return new Recorder(file, codec);
        } catch (IOException e) {
            throw new Failure("cannot write " + file + ": " + e.getMessage() + ".", e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized int frames() {
        return frames;
    }

    /** Appends one frame. */
    public synchronized void write(EncodedFrame frame) {
        if (frame.codec() != codec) {
            return;
        }
        try {
            byte[] d = frame.data();
            switch (codec) {
                case OPUS:
                    if (ogg == null) {
                        ogg = new OggOpusWriter(out, OpusHead.of(2, 48_000), new OpusTags("rtc4j", List.of()),
                                ThreadLocalRandom.current().nextInt());
                    }
                    ogg.writePacket(d, 0, d.length);
                    break;
                case H264:
                    if (annexB == null) {
                        annexB = new AnnexBWriter(out);
                    }
                    annexB.writeAccessUnit(d, 0, d.length);
                    break;
                default:
                    if (ivf == null) {
                        int[] size = codec == Codec.VP8 ? vp8Size(d) : new int[] {0, 0};
                        ivf = new IvfWriter(out, new IvfHeader(IvfHeader.fourccOf(codec), size[0], size[1], 90_000, 1, 0, 0));
                        firstTimestamp = frame.rtpTimestamp();
                    }
                    long pts = (frame.rtpTimestamp() - firstTimestamp) & 0xFFFF_FFFFL;
                    pts = Math.max(pts, lastPts);
                    lastPts = pts;
                    ivf.writeFrame(pts, d, 0, d.length);
                    break;
            }
            frames++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Width and height from a VP8 keyframe header (RFC 6386 §9.1), or zeros. */
    static int[] vp8Size(byte[] d) {
        if (d.length >= 10 && (d[0] & 1) == 0 && (d[3] & 0xFF) == 0x9d && (d[4] & 0xFF) == 0x01 && (d[5] & 0xFF) == 0x2a) {
            return new int[] {((d[6] & 0xFF) | (d[7] & 0xFF) << 8) & 0x3FFF, ((d[8] & 0xFF) | (d[9] & 0xFF) << 8) & 0x3FFF};
        }
        return new int[] {0, 0};
    }

    /**
     * Finishes the file: the Ogg stream's last page (end of stream), and the IVF header's frame
     * count, which a stream written front to back cannot know until now (written in place here).
     */
    @Override
    public synchronized void close() throws IOException {
        int ivfFrames = ivf == null ? -1 : ivf.framesWritten();
        try {
            if (ivf != null) {
                ivf.close();
            } else if (ogg != null) {
                ogg.close();
            } else if (annexB != null) {
                annexB.close();
            }
        } finally {
            out.close();
        }
        if (ivfFrames >= 0) {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.WRITE)) {
                java.nio.ByteBuffer count = java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
                count.putInt(0, ivfFrames);
                ch.write(count, IVF_FRAME_COUNT_OFFSET);
            }
        }
    }

    /** Where the IVF file header keeps its frame count (little-endian 32 bits). */
    private static final int IVF_FRAME_COUNT_OFFSET = 24;
}
