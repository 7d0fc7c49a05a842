/**
 * RTP packets as allocation-free views and writers.
 *
 * <ul>
 *   <li>{@link org.rtc4j.rtp.RtpPacket}: a flyweight view over a {@code byte[]} region with a
 *       parse {@link org.rtc4j.rtp.RtpPacket.Status} instead of exceptions: fixed header, CSRCs,
 *       padding (RFC 3550 §5.1) and header extensions in the one-byte and two-byte forms
 *       (RFC 8285 §4.2, §4.3).</li>
 *   <li>{@link org.rtc4j.rtp.RtpHeaderWriter}: the matching writer
 *       ({@code encodedLength()}/{@code writeTo(byte[], int)}).</li>
 *   <li>{@link org.rtc4j.rtp.SequenceNumberUnwrapper} and
 *       {@link org.rtc4j.rtp.TimestampUnwrapper}: 16- and 32-bit values extended across wraps
 *       (RFC 3550 §A.1).</li>
 *   <li>{@link org.rtc4j.rtp.RtpExtensions}: the extmap URIs WebRTC uses (RFC 8285 §5; mid
 *       RFC 8843, rid and repaired-rid RFC 8852, audio level RFC 6464, abs-send-time,
 *       transport-wide-cc, video orientation, playout delay) and an id registry.</li>
 * </ul>
 *
 * <p>RTX (RFC 4588), which the stack builds and restores itself before any packet reaches an
 * application, lives in {@code org.rtc4j.rtp.internal}, exported to {@code org.rtc4j.peer} only.
 */
package org.rtc4j.rtp;
