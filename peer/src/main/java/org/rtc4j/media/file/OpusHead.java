package org.rtc4j.media.file;

import java.util.Arrays;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.MediaFormatException.Reason;

/**
 * The Ogg Opus identification header (RFC 7845 §5.1).
 *
 * <pre>
 *  "OpusHead" | version = 1 | channel count | pre-skip (u16) | input sample rate (u32)
 *  | output gain (s16, Q7.8 dB) | channel mapping family | [mapping table when family != 0]
 * </pre>
 *
 * @param mappingTable stream count, coupled count and channel mapping; empty for family 0
 */
public record OpusHead(int version, int channels, int preSkip, long inputSampleRate, int outputGain,
        int mappingFamily, byte[] mappingTable) {

    /** A family-0 header (mono or stereo) with the usual 312-sample (6.5 ms) pre-skip. */
    public static OpusHead of(int channels, long inputSampleRate) {
        return new OpusHead(1, channels, 312, inputSampleRate, 0, 0, new byte[0]);
    }

    public static OpusHead parse(byte[] p) throws MediaFormatException {
        if (p.length < 19 || !OggOpusReader.startsWith(p, "OpusHead")) {
            throw new MediaFormatException(Reason.BAD_HEADER, "not an OpusHead packet");
        }
        int version = p[8] & 0xFF;
        if ((version & 0xF0) != 0) {
            throw new MediaFormatException(Reason.UNSUPPORTED_VERSION, "OpusHead version " + version);
        }
        int channels = p[9] & 0xFF;
        if (channels == 0) {
            throw new MediaFormatException(Reason.BAD_HEADER, "OpusHead with 0 channels");
        }
        int family = p[18] & 0xFF;
        byte[] table = Arrays.copyOfRange(p, 19, p.length);
        if (family == 0 && channels > 2) {
            throw new MediaFormatException(Reason.BAD_HEADER, "mapping family 0 with " + channels + " channels");
        }
        if (family != 0 && table.length < 2 + channels) {
            throw new MediaFormatException(Reason.BAD_HEADER, "OpusHead channel mapping table truncated");
        }
        return new OpusHead(version, channels, Bytes.u16le(p, 10), Bytes.u32le(p, 12),
                (short) Bytes.u16le(p, 16), family, table);
    }

    public byte[] toBytes() {
        byte[] p = new byte[19 + mappingTable.length];
        System.arraycopy("OpusHead".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, p, 0, 8);
        p[8] = (byte) version;
        p[9] = (byte) channels;
        Bytes.put16le(p, 10, preSkip);
        Bytes.put32le(p, 12, inputSampleRate);
        Bytes.put16le(p, 16, outputGain);
        p[18] = (byte) mappingFamily;
        System.arraycopy(mappingTable, 0, p, 19, mappingTable.length);
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OpusHead h && version == h.version && channels == h.channels && preSkip == h.preSkip
                && inputSampleRate == h.inputSampleRate && outputGain == h.outputGain
                && mappingFamily == h.mappingFamily && Arrays.equals(mappingTable, h.mappingTable);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toBytes());
    }

    @Override
    public String toString() {
        return "OpusHead[channels=" + channels + ", preSkip=" + preSkip + ", rate=" + inputSampleRate
                + ", gain=" + outputGain + ", family=" + mappingFamily + "]";
    }
}
