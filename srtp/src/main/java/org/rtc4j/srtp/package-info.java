/**
 * SRTP and SRTCP: RFC 3711 with AES-CM and HMAC-SHA1 ({@code AES_CM_128_HMAC_SHA1_80/_32}),
 * RFC 7714 AES-GCM ({@code AEAD_AES_128_GCM}, {@code AEAD_AES_256_GCM}), key derivation with
 * a key derivation rate of zero (RFC 3711 §4.3, RFC 6188 §7 for AES-256), and the DTLS-SRTP key
 * layout of RFC 5764 §4.2.
 *
 * <ul>
 *   <li>{@link org.rtc4j.srtp.SrtpContext}: one per direction and master key; per-SSRC rollover
 *       counter (RFC 3711 §3.3.1 index estimation), replay windows (§3.3.2) and SRTCP index (§3.4,
 *       E flag), key lifetime limits (§9.2: 2^48 SRTP, 2^31 SRTCP packets). Works in place on
 *       {@code byte[]} regions and returns the new length or a negative
 *       {@link org.rtc4j.srtp.SrtpStatus} code; allocation-free per packet for AES-CM, and apart
 *       from the JCE's {@code Cipher.init} for AES-GCM.</li>
 *   <li>{@link org.rtc4j.srtp.SrtpKeyingMaterial}: splits the exporter output and hands out the
 *       outbound and inbound contexts for a {@link org.rtc4j.srtp.SrtpRole}.</li>
 * </ul>
 *
 * Crypto is the JDK's (JCE): AES-NI, CLMUL and SHA intrinsics do the work. No dependency on the
 * {@code dtls} module: keys are plain bytes.
 */
package org.rtc4j.srtp;
