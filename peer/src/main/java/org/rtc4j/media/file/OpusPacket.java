package org.rtc4j.media.file;

/**
 * One Opus packet read from an Ogg Opus file.
 *
 * @param data the Opus packet (RFC 6716 §3), owned by the holder
 * @param granulePosition the page's granule position if this is the last packet completed on its
 *     page (RFC 7845 §4: 48 kHz samples, pre-skip included), otherwise -1
 */
public record OpusPacket(byte[] data, long granulePosition) {}
