package org.rtc4j.media.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * The Ogg Opus comment header (RFC 7845 §5.2): "OpusTags", a vendor string and user comments
 * ("TAG=value"), each length-prefixed (u32, little-endian, UTF-8).
 */
public record OpusTags(String vendor, List<String> comments) {

    public OpusTags {
        comments = List.copyOf(comments);
    }

    public static OpusTags parse(byte[] p) throws MediaFormatException {
        if (p.length < 16 || !OggOpusReader.startsWith(p, "OpusTags")) {
            throw new MediaFormatException(Reason.BAD_HEADER, "not an OpusTags packet");
        }
        int[] pos = {8};
        String vendor = string(p, pos);
        if (pos[0] + 4 > p.length) {
            throw new MediaFormatException(Reason.BAD_HEADER, "OpusTags comment count missing");
        }
        long count = Bytes.u32le(p, pos[0]);
        pos[0] += 4;
        if (count > (p.length - pos[0]) / 4) {
            throw new MediaFormatException(Reason.BAD_HEADER, "OpusTags comment count " + count + " too large");
        }
        List<String> comments = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            comments.add(string(p, pos));
        }
        return new OpusTags(vendor, comments);
    }

    private static String string(byte[] p, int[] pos) throws MediaFormatException {
        if (pos[0] + 4 > p.length) {
            throw new MediaFormatException(Reason.BAD_HEADER, "OpusTags string length missing");
        }
        long len = Bytes.u32le(p, pos[0]);
        pos[0] += 4;
        if (len > p.length - pos[0]) {
            throw new MediaFormatException(Reason.BAD_HEADER, "OpusTags string of " + len + " bytes runs past the header");
        }
        String s = new String(p, pos[0], (int) len, StandardCharsets.UTF_8);
        pos[0] += (int) len;
        return s;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("OpusTags".getBytes(StandardCharsets.US_ASCII));
        writeString(out, vendor);
        writeU32(out, comments.size());
        for (String c : comments) {
            writeString(out, c);
        }
        return out.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        writeU32(out, b.length);
        out.writeBytes(b);
    }

    private static void writeU32(ByteArrayOutputStream out, long v) {
        byte[] b = new byte[4];
        Bytes.put32le(b, 0, v);
        out.writeBytes(b);
    }
}
