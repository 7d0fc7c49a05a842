/**
 * Multicast DNS (RFC 6762) for ICE candidates that hide host addresses behind
 * {@code <uuid>.local} names (draft-ietf-mmusic-mdns-ice-candidates): the DNS message codec
 * (RFC 1035 §4) and {@link org.rtc4j.ice.mdns.Mdns}, a sans-IO one-shot resolver and responder.
 */
package org.rtc4j.ice.mdns;
