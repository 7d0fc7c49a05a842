/**
 * DTLS 1.2 with DTLS-SRTP keying for WebRTC, as a sans-IO engine.
 *
 * <p>{@link org.rtc4j.dtls.DtlsEndpoint} runs one association over any datagram link (the ICE
 * transport in production); {@link org.rtc4j.dtls.Certificate} and {@link
 * org.rtc4j.dtls.Fingerprint} give the identity that SDP pins; {@link org.rtc4j.dtls.DtlsSetup}
 * and {@link org.rtc4j.dtls.DtlsRole} decide who is client; {@link
 * org.rtc4j.dtls.SrtpProtectionProfile} and {@link org.rtc4j.dtls.KeyingMaterial} carry the SRTP
 * keys out. The Bouncy Castle adapter behind it lives in {@code org.rtc4j.dtls.bc}.
 *
 * <p>Specifications:
 *
 * <ul>
 *   <li>RFC 6347 — Datagram Transport Layer Security Version 1.2 (records, fragmentation,
 *       flight retransmission)
 *   <li>RFC 5764 — DTLS extension to establish keys for SRTP ({@code use_srtp}, the
 *       {@code EXTRACTOR-dtls_srtp} exporter and the key/salt layout of §4.2)
 *   <li>RFC 7714 — AES-GCM for SRTP (the AEAD profiles and their 12-byte salts)
 *   <li>RFC 5763 — DTLS-SRTP framework (fingerprints in SDP, active side is the client)
 *   <li>RFC 8827 — WebRTC security architecture (mandatory DTLS, certificate pinning)
 *   <li>RFC 8842 — SDP offer/answer for DTLS ({@code a=setup} and {@code a=fingerprint} use)
 *   <li>RFC 8122 — the {@code a=fingerprint} attribute (hash functions, text form)
 *   <li>RFC 7627 — extended master secret (required on both sides)
 *   <li>RFC 7983 — demultiplexing: DTLS records start with a byte in 20..63
 *   <li>RFC 9147 / RFC 8446 §4.2.1 — a ClientHello offering DTLS 1.3 in supported_versions
 *       negotiates DTLS 1.2 here
 * </ul>
 */
package org.rtc4j.dtls;
