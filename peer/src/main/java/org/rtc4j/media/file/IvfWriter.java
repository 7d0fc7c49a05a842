package org.rtc4j.media.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes IVF files. The header goes out first, with the frame count it was given (streaming
 * writers cannot go back; players use the count only as a hint).
 */
public final class IvfWriter implements Closeable {

    private final OutputStream out;
    private final byte[] frameHeader = new byte[12];
    private int frames;

    public IvfWriter(OutputStream out, IvfHeader header) throws IOException {
        this.out = out;
        byte[] h = new byte[IvfHeader.LENGTH];
        h[0] = 'D';
        h[1] = 'K';
        h[2] = 'I';
        h[3] = 'F';
        Bytes.put16le(h, 4, 0);
        Bytes.put16le(h, 6, IvfHeader.LENGTH);
        System.arraycopy(header.fourcc().getBytes(StandardCharsets.US_ASCII), 0, h, 8, 4);
        Bytes.put16le(h, 12, header.width());
        Bytes.put16le(h, 14, header.height());
        Bytes.put32le(h, 16, header.timebaseDenominator());
        Bytes.put32le(h, 20, header.timebaseNumerator());
        Bytes.put32le(h, 24, header.frameCount());
        Bytes.put32le(h, 28, header.unused());
        out.write(h);
    }

    public void writeFrame(long pts, byte[] data, int off, int len) throws IOException {
        Bytes.put32le(frameHeader, 0, len);
        Bytes.put64le(frameHeader, 4, pts);
        out.write(frameHeader);
        out.write(data, off, len);
        frames++;
    }

    public void writeFrame(IvfFrame frame) throws IOException {
        writeFrame(frame.pts(), frame.data(), 0, frame.data().length);
    }

    public int framesWritten() {
        return frames;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
