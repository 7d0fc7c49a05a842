/**
 * A TURN client (RFC 8656, Traversal Using Relays around NAT) as a sans-IO state machine:
 * {@link org.rtc4j.ice.turn.TurnClient} allocates a relayed address with long-term credentials
 * (RFC 8489 §9.2, MD5 or SHA-256 password algorithms), keeps it, its permissions and channels
 * fresh, and wraps and unwraps peer data (Send/Data indications, and the {@link
 * org.rtc4j.ice.turn.ChannelData} fast path of RFC 8656 §12). Servers are named by RFC 7065 URIs
 * ({@link org.rtc4j.ice.turn.TurnServer}) and reached over UDP, TCP or TLS (RFC 8656 §3.1; stream
 * framing in {@link org.rtc4j.ice.StreamFramer}).
 */
package org.rtc4j.ice.turn;
