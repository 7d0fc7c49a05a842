package org.rtc4j.media.file;

/**
 * One IVF frame: a 12-byte header (size u32, pts u64, little-endian) and the frame bytes.
 *
 * @param pts presentation time in time-base units
 * @param data the frame (owned by the holder)
 */
public record IvfFrame(long pts, byte[] data) {}
