/**
 * Internals of the peer connection: RTP header access (RFC 3550, RFC 8285), RTCP reports and
 * feedback (RFC 3550 §6, RFC 4585, RFC 5104, RFC 5506), codec negotiation (RFC 8829 §5.3), SDP
 * generation, send history for retransmission (RFC 4588). Not API.
 */
package org.rtc4j.peer.internal;
