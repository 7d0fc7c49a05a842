package org.rtc4j.media.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Writes Ogg pages (RFC 3533 §6), computing each page's CRC. */
public final class OggPageWriter implements Closeable {

    private final OutputStream out;
    private final byte[] buf = new byte[OggPage.HEADER_LENGTH + 255 + 255 * 255];

    public OggPageWriter(OutputStream out) {
        this.out = out;
    }

    public void write(OggPage page) throws IOException {
        if (page.lacing().length > 255) {
            throw new IllegalArgumentException("more than 255 segments in an Ogg page");
        }
        int n = page.writeTo(buf, 0);
        out.write(buf, 0, n);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
