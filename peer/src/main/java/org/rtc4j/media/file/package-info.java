/**
 * Media files: IVF (the libvpx container; VP8, VP9, AV1), Ogg (RFC 3533: pages, lacing, CRC-32 with
 * polynomial 0x04C11DB7) carrying Opus (RFC 7845: OpusHead, OpusTags, granule positions), and H.264
 * Annex B byte streams split into access units (ITU-T H.264 §7.4.1.2.3). Readers reject bad input
 * with {@link org.rtc4j.media.MediaFormatException} and a reason.
 */
package org.rtc4j.media.file;
