/**
 * STUN (RFC 8489): the message codec used by ICE for connectivity checks and by gathering for
 * server-reflexive candidates.
 *
 * <ul>
 *   <li>{@link org.rtc4j.stun.StunMessage}: decode ({@code parse}) into an object model that keeps
 *       the exact bytes received, so MESSAGE-INTEGRITY (HMAC-SHA1, RFC 8489 §14.5),
 *       MESSAGE-INTEGRITY-SHA256 (§14.6) and FINGERPRINT (§14.7) are checked over what the peer
 *       sent; encode through {@link org.rtc4j.stun.StunWriter}.
 *   <li>{@link org.rtc4j.stun.StunWriter}: allocation-free encoding straight into a caller's buffer.
 *   <li>{@link org.rtc4j.stun.StunAttribute}: MAPPED-ADDRESS, XOR-MAPPED-ADDRESS (IPv4/IPv6),
 *       USERNAME, MESSAGE-INTEGRITY(-SHA256), FINGERPRINT, ERROR-CODE, UNKNOWN-ATTRIBUTES,
 *       SOFTWARE, REALM, NONCE, ALTERNATE-SERVER and the ICE attributes of RFC 8445 §16.1
 *       (PRIORITY, USE-CANDIDATE, ICE-CONTROLLED, ICE-CONTROLLING), and those of TURN (RFC 8656
 *       §18: XOR-PEER-ADDRESS, XOR-RELAYED-ADDRESS, LIFETIME, DATA; the method codes of §17).
 *   <li>Bad bytes raise {@link org.rtc4j.stun.StunParseException} with a
 *       {@link org.rtc4j.stun.StunParseException.Reason}; nothing else escapes the decoder.
 * </ul>
 *
 * Tested against the RFC 5769 test vectors.
 */
package org.rtc4j.stun;
