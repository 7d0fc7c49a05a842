/**
 * Internals of the SRTP implementation, not API: AES counter mode as RFC 3711 §4.1.1 defines it,
 * on a block cipher keyed once ({@link org.rtc4j.srtp.internal.AesCm}), the RFC 3711 §4.3 key
 * derivation on top of it ({@link org.rtc4j.srtp.internal.SrtpKdf}), an allocation-free HMAC-SHA1 (RFC 2104) over the
 * JDK's SHA-1, the RFC 3711 §3.3.2 replay window, per-SSRC stream state with §3.3.1 index
 * estimation, and an open-addressing int map keyed by SSRC.
 */
package org.rtc4j.srtp.internal;
