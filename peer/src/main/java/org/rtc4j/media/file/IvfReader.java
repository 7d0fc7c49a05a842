package org.rtc4j.media.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * Reads IVF files (VP8, VP9, AV1; see {@link IvfHeader}). The header is read by the constructor;
 * {@link #next()} returns frames until the end of the stream.
 */
public final class IvfReader implements Closeable {

    /** Frames larger than this are rejected rather than allocated (a corrupt size field). */
    public static final int MAX_FRAME_SIZE = 64 << 20;

    private final InputStream in;
    private final IvfHeader header;
    private final byte[] frameHeader = new byte[12];

    public IvfReader(InputStream in) throws IOException {
        this.in = in;
        byte[] h = new byte[IvfHeader.LENGTH];
        Bytes.readRequired(in, h, 0, h.length, "IVF header");
        if (h[0] != 'D' || h[1] != 'K' || h[2] != 'I' || h[3] != 'F') {
            throw new MediaFormatException(Reason.BAD_MAGIC, "not an IVF file (no DKIF signature)");
        }
        for (int i = 8; i < 12; i++) {
            if (h[i] < 0) { // found by MediaFileFuzzTest: the writer could not write it back
                throw new MediaFormatException(Reason.BAD_HEADER, "IVF FourCC is not ASCII");
            }
        }
        int version = Bytes.u16le(h, 4);
        int headerLength = Bytes.u16le(h, 6);
        if (version != 0) {
            throw new MediaFormatException(Reason.UNSUPPORTED_VERSION, "IVF version " + version);
        }
        if (headerLength < IvfHeader.LENGTH) {
            throw new MediaFormatException(Reason.BAD_HEADER, "IVF header length " + headerLength);
        }
        Bytes.readRequired(in, new byte[headerLength - IvfHeader.LENGTH], 0, headerLength - IvfHeader.LENGTH, "IVF header");
        long den = Bytes.u32le(h, 16);
        long num = Bytes.u32le(h, 20);
        if (den == 0 || num == 0 || den > Integer.MAX_VALUE || num > Integer.MAX_VALUE) {
            throw new MediaFormatException(Reason.BAD_HEADER, "IVF time base " + num + "/" + den);
        }
        header = new IvfHeader(new String(h, 8, 4, StandardCharsets.ISO_8859_1), Bytes.u16le(h, 12),
                Bytes.u16le(h, 14), (int) den, (int) num, (int) Bytes.u32le(h, 24), (int) Bytes.u32le(h, 28));
    }

    public IvfHeader header() {
        return header;
    }

    /** The next frame, or null at the end of the file. */
    public IvfFrame next() throws IOException {
        if (!Bytes.readFully(in, frameHeader, 0, 12, "IVF frame header")) {
            return null;
        }
        long size = Bytes.u32le(frameHeader, 0);
        if (size > MAX_FRAME_SIZE) {
            throw new MediaFormatException(Reason.BAD_HEADER, "IVF frame of " + size + " bytes");
        }
        byte[] data = new byte[(int) size];
        Bytes.readRequired(in, data, 0, data.length, "IVF frame");
        return new IvfFrame(Bytes.u64le(frameHeader, 4), data);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
