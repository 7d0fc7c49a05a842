package org.rtc4j.media.file;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;
import org.rtc4j.media.audio.OpusToc;

/**
 * Writes an Ogg Opus file (RFC 7845): the OpusHead on its own BOS page, the OpusTags on the next
 * page, then Opus packets gathered into pages of about one second, each page's granule position the
 * 48 kHz sample count at the end of its last packet (§4). The last page gets the EOS flag on
 * {@link #close()}.
 */
public final class OggOpusWriter implements Closeable {

    /** Pages are closed once they hold this many 48 kHz samples (one second). */
    private static final long PAGE_SAMPLES = 48_000;

    private final OggPageWriter pages;
    private final int serial;
    private int sequence;
    private long granule;
    private long finalGranule = -1;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private byte[] lacing = new byte[255];
    private int segments;
    private long pageSamples;
    private boolean closed;

    public OggOpusWriter(OutputStream out, OpusHead head, OpusTags tags, int serialNumber) throws IOException {
        this.pages = new OggPageWriter(out);
        this.serial = serialNumber;
        byte[] h = head.toBytes();
        addPacket(h, 0, h.length);
        flush(OggPage.BOS, 0);
        byte[] t = tags.toBytes();
        addPacket(t, 0, t.length);
        flush(0, 0);
    }

    /** Appends one Opus packet; its duration comes from its TOC byte (RFC 6716 §3.1). */
    public void writePacket(byte[] data, int off, int len) throws IOException {
        int samples = OpusToc.packetSamples48k(data, off, len);
        int needed = len / 255 + 1;
        if (segments > 0 && (segments + needed > 255 || pageSamples >= PAGE_SAMPLES)) {
            flush(0, granule);
        }
        addPacket(data, off, len);
        granule += samples;
        pageSamples += samples;
    }

    /**
     * Sets the granule position of the last page, for end trimming (RFC 7845 §4.4): the decoder
     * drops the samples past it.
     */
    public void setFinalGranulePosition(long granulePosition) {
        this.finalGranule = granulePosition;
    }

    private void addPacket(byte[] data, int off, int len) throws MediaFormatException {
        int needed = len / 255 + 1;
        if (needed > 255) {
            throw new MediaFormatException(Reason.FRAME_TOO_LARGE, "packet of " + len + " bytes does not fit one Ogg page");
        }
        for (int i = 0; i < needed - 1; i++) {
            lacing[segments++] = (byte) 255;
        }
        lacing[segments++] = (byte) (len % 255);
        body.write(data, off, len);
    }

    private void flush(int headerType, long granulePosition) throws IOException {
        pages.write(new OggPage(headerType, granulePosition, serial, sequence++,
                Arrays.copyOf(lacing, segments), body.toByteArray()));
        body.reset();
        segments = 0;
        pageSamples = 0;
    }

    /** Writes the last page (EOS) and closes the stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        flush(OggPage.EOS, finalGranule >= 0 ? finalGranule : granule);
        pages.close();
    }
}
