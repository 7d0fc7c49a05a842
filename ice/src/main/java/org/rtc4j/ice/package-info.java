/**
 * ICE (RFC 8445) for WebRTC: candidates, a sans-IO agent and the transport that binds it to the
 * event loop.
 *
 * <ul>
 *   <li>{@link org.rtc4j.ice.Candidate}: the candidate grammar of RFC 8839 §5.1, as exchanged in
 *       SDP and by trickle ICE (RFC 8838).
 *   <li>{@link org.rtc4j.ice.IceAgent}: a full or lite RFC 8445 agent with no threads, sockets or
 *       clock: {@code handleDatagram/handleStun/handleTimeout(nowNanos, ...)} in,
 *       {@code pollTransmit/pollEvent/pollTimeout} out. Checks are STUN Binding requests (RFC
 *       8489) authenticated with short-term credentials; consent freshness follows RFC 7675; host
 *       candidate priorities order IPv6 and IPv4 as RFC 8421 recommends.
 *   <li>{@link org.rtc4j.ice.IceTransport}: the W3C {@code RTCIceTransport} — gathering on local
 *       interfaces, UDP sockets on an {@link org.rtc4j.net.EventLoop}, first-byte
 *       demultiplexing of STUN, DTLS and RTP/RTCP (RFC 7983), and the send path over the
 *       selected pair, refused without consent.
 * </ul>
 *
 * <ul>
 *   <li>Relay candidates from TURN servers (RFC 8656, {@link org.rtc4j.ice.turn}) over UDP, TCP and
 *       TLS, the relay-only policy; ICE-TCP host candidates (RFC 6544) framed by RFC 4571
 *       ({@link org.rtc4j.ice.StreamFramer}); mDNS names for host candidates (RFC 6762,
 *       {@link org.rtc4j.ice.mdns}); ICE-lite (RFC 8445 §2.5); a failure timer; aggressive
 *       nomination (RFC 5245 §8.1.1.2).
 * </ul>
 *
 * Remote mDNS candidates ({@code *.local}, used by browsers to hide host addresses) are resolved
 * by {@link org.rtc4j.ice.IceTransport} with a one-shot multicast query by default; the agent
 * itself ignores unresolved names and reaches the peer through the peer-reflexive candidate its
 * first check creates (RFC 8445 §7.3.1.3).
 */
package org.rtc4j.ice;
