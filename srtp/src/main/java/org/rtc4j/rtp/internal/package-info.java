/**
 * RTP mechanisms the stack runs on the packet path and applications never see; not public API
 * (the module exports it to {@code org.rtc4j.peer} only).
 *
 * <ul>
 *   <li>{@link org.rtc4j.rtp.internal.RtpRetransmission}: RTX packets (RFC 4588 §4) built from and
 *       restored to the original, on caller buffers.</li>
 * </ul>
 */
package org.rtc4j.rtp.internal;
