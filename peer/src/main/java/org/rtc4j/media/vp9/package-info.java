/**
 * VP9 RTP payload format, RFC 9628: the payload descriptor (§4.2) in flexible and non-flexible mode,
 * the scalability structure (§4.2.1); packetization of non-scalable streams with B/E bits and a
 * resolution-bearing SS on keyframes, read from the VP9 uncompressed header.
 */
package org.rtc4j.media.vp9;
