/**
 * VP8 RTP payload format, RFC 7741: the payload descriptor (§4.2) with 7/15-bit PictureID,
 * TL0PICIDX, TID/Y and KEYIDX; frame start at S = 1, PID = 0 (§4.4); keyframes from the P bit of the
 * VP8 payload header (§4.3, RFC 6386 §9.1).
 */
package org.rtc4j.media.vp8;
