/**
 * The WebRTC peer connection, shaped after the W3C {@code RTCPeerConnection}:
 * {@link org.rtc4j.peer.PeerConnection} with its transceivers, senders and receivers, W3C stats,
 * and the JSEP offer/answer state machine.
 *
 * <p>Standards implemented here (the engines below implement the rest):
 * <ul>
 *   <li>RFC 8829 (JSEP): offers, answers, rollback, codec and payload type negotiation, MIDs;
 *       W3C WebRTC 1.0 signalling states and error names;
 *   <li>RFC 8843 (BUNDLE, max-bundle), RFC 5761 (rtcp-mux), RFC 8830 (msid), RFC 8838 (trickle ICE);
 *   <li>RFC 5763/5764 (DTLS-SRTP keying, {@code a=setup} and {@code a=fingerprint}, RFC 8842);
 *   <li>RFC 3550 (RTP, sender and receiver reports, jitter and loss), RFC 4585 (NACK, PLI),
 *       RFC 5104 (FIR), RFC 5506 (reduced-size RTCP), RFC 4588 (RTX), RFC 8285 (header
 *       extensions, {@code sdes:mid});
 *   <li>RFC 6184 §8.2.2 (H.264 profile-level-id answer), RFC 7587 (Opus), RFC 7741 (VP8).
 * </ul>
 *
 * <p>Threads: a connection lives on one {@code org.rtc4j.net.EventLoop}; every public method may be
 * called from any thread and every listener runs on that loop and must not block. See
 * {@link org.rtc4j.peer.PeerConnection} for the driving contract.
 */
package org.rtc4j.peer;
