package org.rtc4j.media.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/** Reads Ogg pages (RFC 3533 §6), checking the capture pattern, version and CRC of each. */
public final class OggPageReader implements Closeable {

    private final InputStream in;
    private final byte[] header = new byte[OggPage.HEADER_LENGTH];
    private final byte[] scratch = new byte[OggPage.HEADER_LENGTH + 255 + 255 * 255];

    public OggPageReader(InputStream in) {
        this.in = in;
    }

    /** The next page, or null at the end of the stream. */
    public OggPage next() throws IOException {
        if (!Bytes.readFully(in, header, 0, header.length, "Ogg page header")) {
            return null;
        }
        if (header[0] != 'O' || header[1] != 'g' || header[2] != 'g' || header[3] != 'S') {
            throw new MediaFormatException(Reason.BAD_MAGIC, "no OggS capture pattern");
        }
        if (header[4] != 0) {
            throw new MediaFormatException(Reason.UNSUPPORTED_VERSION, "Ogg version " + (header[4] & 0xFF));
        }
        int type = header[5] & 0xFF;
        if ((type & ~0x07) != 0) {
            throw new MediaFormatException(Reason.BAD_HEADER, "Ogg header_type 0x" + Integer.toHexString(type));
        }
        byte[] lacing = new byte[header[26] & 0xFF];
        Bytes.readRequired(in, lacing, 0, lacing.length, "Ogg segment table");
        int bodyLength = 0;
        for (byte l : lacing) {
            bodyLength += l & 0xFF;
        }
        byte[] body = new byte[bodyLength];
        Bytes.readRequired(in, body, 0, bodyLength, "Ogg page body");
        OggPage page = new OggPage(type, Bytes.u64le(header, 6), (int) Bytes.u32le(header, 14),
                (int) Bytes.u32le(header, 18), lacing, body);
        long stored = Bytes.u32le(header, 22);
        page.writeTo(scratch, 0);
        long computed = Bytes.u32le(scratch, 22);
        if (stored != computed) {
            throw new MediaFormatException(Reason.BAD_CRC, String.format(
                    "Ogg page %d CRC 0x%08x, computed 0x%08x", page.sequenceNumber() & 0xFFFF_FFFFL, stored, computed));
        }
        return page;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
