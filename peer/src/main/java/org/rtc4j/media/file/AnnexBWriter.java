package org.rtc4j.media.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an H.264 Annex B byte stream: access units as given (they already carry start codes, as
 * {@link org.rtc4j.media.EncodedFrame}s from the H.264 depacketizer do), or single NAL units behind
 * a four-byte start code.
 */
public final class AnnexBWriter implements Closeable {

    private static final byte[] START_CODE = {0, 0, 0, 1};

    private final OutputStream out;

    public AnnexBWriter(OutputStream out) {
        this.out = out;
    }

    /** Writes an access unit that is already in Annex B form. */
    public void writeAccessUnit(byte[] au, int off, int len) throws IOException {
        out.write(au, off, len);
    }

    /** Writes one NAL unit (starting with its NAL header) behind a four-byte start code. */
    public void writeNalUnit(byte[] nal, int off, int len) throws IOException {
        out.write(START_CODE);
        out.write(nal, off, len);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
