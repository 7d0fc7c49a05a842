package org.rtc4j.media.file;

/**
 * One Ogg page (RFC 3533 §6). The lacing values split {@code body} into packet segments: a value
 * of 255 means the packet continues in the next segment, anything less ends it.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1| Byte
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | capture_pattern: Magic number for page start "OggS"            | 0-3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | version       | header_type   | granule_position               | 4-7
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                                +
 * |                                                                | 8-11
 * +                                +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                | bitstream_serial_number       | 12-15
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                                +
 * |                                | page_sequence_number          | 16-19
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                                +
 * |                                | CRC_checksum                  | 20-23
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                                +
 * |                                |page_segments  | segment_table | 24-27
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | ...                                                            | 28-
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param headerType {@link #CONTINUED} | {@link #BOS} | {@link #EOS}
 * @param granulePosition codec-defined position (for Opus: 48 kHz samples), -1 if no packet ends here
 * @param lacing the segment table, one unsigned byte per segment
 */
public record OggPage(int headerType, long granulePosition, int serialNumber, int sequenceNumber,
        byte[] lacing, byte[] body) {

    /** The first packet segment continues a packet from the previous page. */
    public static final int CONTINUED = 0x01;
    /** Beginning of stream: the first page of a logical bitstream. */
    public static final int BOS = 0x02;
    /** End of stream: the last page of a logical bitstream. */
    public static final int EOS = 0x04;

    public static final int HEADER_LENGTH = 27;

    public boolean continued() {
        return (headerType & CONTINUED) != 0;
    }

    public boolean bos() {
        return (headerType & BOS) != 0;
    }

    public boolean eos() {
        return (headerType & EOS) != 0;
    }

    /** Whether the last packet on this page continues on the next page. */
    public boolean lastPacketContinues() {
        return lacing.length > 0 && (lacing[lacing.length - 1] & 0xFF) == 255;
    }

    /** Bytes the page takes in a file. */
    public int encodedLength() {
        return HEADER_LENGTH + lacing.length + body.length;
    }

    /** Serializes the page with its CRC into {@code dst[off]}; returns the length written. */
    public int writeTo(byte[] dst, int off) {
        dst[off] = 'O';
        dst[off + 1] = 'g';
        dst[off + 2] = 'g';
        dst[off + 3] = 'S';
        dst[off + 4] = 0;
        dst[off + 5] = (byte) headerType;
        Bytes.put64le(dst, off + 6, granulePosition);
        Bytes.put32le(dst, off + 14, serialNumber);
        Bytes.put32le(dst, off + 18, sequenceNumber);
        Bytes.put32le(dst, off + 22, 0);
        dst[off + 26] = (byte) lacing.length;
        System.arraycopy(lacing, 0, dst, off + HEADER_LENGTH, lacing.length);
        System.arraycopy(body, 0, dst, off + HEADER_LENGTH + lacing.length, body.length);
        int len = encodedLength();
        Bytes.put32le(dst, off + 22, OggCrc.update(0, dst, off, len) & 0xFFFF_FFFFL);
        return len;
    }
}
