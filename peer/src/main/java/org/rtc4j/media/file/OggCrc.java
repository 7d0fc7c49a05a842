package org.rtc4j.media.file;

/**
 * The Ogg page checksum (RFC 3533 §6): CRC-32 with generator polynomial 0x04C11DB7, most
 * significant bit first, initial value 0, no final inversion, computed over the whole page with
 * the CRC field set to zero.
 */
public final class OggCrc {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int k = 0; k < 8; k++) {
                r = (r & 0x8000_0000) != 0 ? (r << 1) ^ 0x04C1_1DB7 : r << 1;
            }
            TABLE[i] = r;
        }
    }

    private OggCrc() {}

    public static int update(int crc, byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ b[i]) & 0xFF];
        }
        return crc;
    }
}
