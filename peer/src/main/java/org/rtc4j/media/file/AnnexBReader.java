package org.rtc4j.media.file;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;
import org.rtc4j.media.h264.NalUnits;

/**
 * Reads an H.264 Annex B byte stream (ITU-T H.264 Annex B) access unit by access unit, streaming.
 *
 * <p>Access units are split by the rules of H.264 §7.4.1.2.3: once the current access unit holds a
 * slice, the next access unit delimiter, SPS, PPS, SEI or NAL type 14-18 starts a new one, and so
 * does a slice with {@code first_mb_in_slice == 0} (a new primary picture; arbitrary slice order
 * is not supported). Each access unit is returned byte for byte as it is in the stream (start codes
 * of three or four bytes included), so concatenating them rebuilds the file exactly.
 */
public final class AnnexBReader implements Closeable {

    private final InputStream in;
    private byte[] buf = new byte[64 * 1024];
    private int limit;
    private boolean eof;
    private int auStart = -1;    // start of the current access unit in buf
    private int nalHeader = -1;  // header of the first NAL of the current access unit

    public AnnexBReader(InputStream in) {
        this.in = in;
    }

    /** The next access unit, or null at the end of the stream. */
    public byte[] nextAccessUnit() throws IOException {
        compact();
        if (auStart < 0) {
            int sc = findStartCode(0);
            if (sc < 0) {
                for (int i = 0; i < limit; i++) {
                    if (buf[i] != 0) {
                        throw new MediaFormatException(Reason.BAD_STREAM, "H.264 stream does not start with a start code");
                    }
                }
                return null;
            }
            for (int i = 0; i < sc; i++) {
                if (buf[i] != 0) {
                    throw new MediaFormatException(Reason.BAD_STREAM, "H.264 stream does not start with a start code");
                }
            }
            auStart = 0;
            nalHeader = sc + 3;
        }
        if (nalHeader >= limit && !fill(nalHeader + 1)) {
            return null; // a bare start code at the very end
        }
        boolean hasVcl = false;
        int header = nalHeader;
        while (true) {
            int type = buf[header] & 0x1F;
            if (type == NalUnits.SLICE || type == NalUnits.IDR) {
                hasVcl = true;
            }
            int sc = findStartCode(header + 1);
            if (sc < 0) {
                byte[] au = Arrays.copyOfRange(buf, auStart, limit);
                auStart = limit;
                nalHeader = limit;
                return au;
            }
            int next = sc + 3;
            if (!fill(next + 2) && next >= limit) {
                byte[] au = Arrays.copyOfRange(buf, auStart, limit);
                auStart = limit;
                nalHeader = limit;
                return au;
            }
            if (hasVcl && startsAccessUnit(next)) {
                int cut = sc > auStart && buf[sc - 1] == 0 ? sc - 1 : sc;
                byte[] au = Arrays.copyOfRange(buf, auStart, cut);
                auStart = cut;
                nalHeader = next;
                return au;
            }
            header = next;
        }
    }

    private boolean startsAccessUnit(int header) {
        int type = buf[header] & 0x1F;
        if (type == NalUnits.AUD || type == NalUnits.SPS || type == NalUnits.PPS || type == NalUnits.SEI
                || (type >= 14 && type <= 18)) {
            return true;
        }
        if (type == NalUnits.SLICE || type == NalUnits.IDR) {
            // first_mb_in_slice is ue(v): the value 0 is the single bit '1'.
            return header + 1 < limit && (buf[header + 1] & 0x80) != 0;
        }
        return false;
    }

    /** Finds the next start code at or after {@code from}, reading more input as needed; -1 at the end. */
    private int findStartCode(int from) throws IOException {
        int scanFrom = from;
        while (true) {
            int sc = NalUnits.findStartCode(buf, scanFrom, limit);
            if (sc >= 0) {
                return sc;
            }
            if (eof) {
                return -1;
            }
            scanFrom = Math.max(from, limit - 2); // a start code may straddle the end of what we have
            read();
        }
    }

    /** Ensures {@code buf} holds at least {@code end} bytes; false if the stream ends first. */
    private boolean fill(int end) throws IOException {
        while (limit < end && !eof) {
            read();
        }
        return limit >= end;
    }

    /** Drops the bytes already returned, so the buffer only grows for one access unit. */
    private void compact() {
        if (auStart > 0) {
            System.arraycopy(buf, auStart, buf, 0, limit - auStart);
            limit -= auStart;
            nalHeader -= auStart;
            auStart = 0;
        }
    }

    private void read() throws IOException {
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            eof = true;
        } else {
            limit += n;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
