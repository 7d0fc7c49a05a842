package org.rtc4j.media.file;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * Reads an Ogg Opus file (RFC 7845 over RFC 3533): the identification header (alone on the first,
 * BOS page, §3), the comment header, then Opus packets with their granule positions. Pages are
 * CRC-checked and must come in sequence from one logical stream.
 */
public final class OggOpusReader implements Closeable {

    private final OggPageReader pages;
    private final ArrayDeque<OpusPacket> ready = new ArrayDeque<>();
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final OpusHead head;
    private final OpusTags tags;
    private int serial;
    private long lastSequence = -1;
    private boolean eos;

    public OggOpusReader(InputStream in) throws IOException {
        this.pages = new OggPageReader(in);
        OggPage first = pages.next();
        if (first == null) {
            throw new MediaFormatException(Reason.TRUNCATED, "empty Ogg stream");
        }
        if (!first.bos() || first.continued() || first.lacing().length == 0 || first.lastPacketContinues()) {
            throw new MediaFormatException(Reason.BAD_STREAM, "first Ogg page must hold exactly the OpusHead packet");
        }
        serial = first.serialNumber();
        accept(first);
        OpusPacket h = ready.poll();
        if (h == null || !ready.isEmpty()) {
            throw new MediaFormatException(Reason.BAD_STREAM, "first Ogg page must hold exactly the OpusHead packet");
        }
        head = OpusHead.parse(h.data());
        OpusPacket t = nextPacket();
        if (t == null) {
            throw new MediaFormatException(Reason.TRUNCATED, "Ogg Opus stream ends before OpusTags");
        }
        tags = OpusTags.parse(t.data());
    }

    static boolean startsWith(byte[] p, String magic) {
        byte[] m = magic.getBytes(StandardCharsets.US_ASCII);
        if (p.length < m.length) {
            return false;
        }
        for (int i = 0; i < m.length; i++) {
            if (p[i] != m[i]) {
                return false;
            }
        }
        return true;
    }

    public OpusHead head() {
        return head;
    }

    public OpusTags tags() {
        return tags;
    }

    public int serialNumber() {
        return serial;
    }

    /** The next audio packet, or null at the end of the stream. */
    public OpusPacket next() throws IOException {
        return nextPacket();
    }

    private OpusPacket nextPacket() throws IOException {
        while (ready.isEmpty()) {
            if (eos) {
                return null;
            }
            OggPage page = pages.next();
            if (page == null) {
                if (partial.size() > 0) {
                    throw new MediaFormatException(Reason.TRUNCATED, "Ogg stream ends inside a packet");
                }
                return null;
            }
            accept(page);
        }
        return ready.poll();
    }

    private void accept(OggPage page) throws MediaFormatException {
        if (page.serialNumber() != serial) {
            throw new MediaFormatException(Reason.BAD_PAGE_SEQUENCE, "Ogg page from another logical stream");
        }
        long seq = page.sequenceNumber() & 0xFFFF_FFFFL;
        if (lastSequence >= 0 && seq != lastSequence + 1) {
            throw new MediaFormatException(Reason.BAD_PAGE_SEQUENCE, "Ogg page " + seq + " after " + lastSequence);
        }
        if (lastSequence >= 0 && page.bos()) {
            throw new MediaFormatException(Reason.BAD_PAGE_SEQUENCE, "second BOS page");
        }
        lastSequence = seq;
        if (page.continued() != (partial.size() > 0)) {
            throw new MediaFormatException(Reason.BAD_STREAM, page.continued()
                    ? "Ogg page continues a packet that was never started" : "Ogg packet cut short by the next page");
        }
        byte[] body = page.body();
        byte[] lacing = page.lacing();
        int pos = 0;
        OpusPacket lastComplete = null;
        for (int i = 0; i < lacing.length; i++) {
            int l = lacing[i] & 0xFF;
            partial.write(body, pos, l);
            pos += l;
            if (l < 255) {
                if (lastComplete != null) {
                    ready.add(lastComplete);
                }
                lastComplete = new OpusPacket(partial.toByteArray(), -1);
                partial.reset();
            }
        }
        if (lastComplete != null) {
            ready.add(new OpusPacket(lastComplete.data(), page.granulePosition()));
        }
        eos = page.eos();
    }

    @Override
    public void close() throws IOException {
        pages.close();
    }
}
