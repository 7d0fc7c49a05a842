/**
 * JFR events of the peer connection ({@code rtc4j.*}, category "rtc4j"): ICE state and the
 * selected pair (RFC 8445), the DTLS-SRTP handshake (RFC 5764), SRTP/SRTCP failures (RFC 3711),
 * RTCP receiver reports (RFC 3550 §6.4). Each carries the connection's id ({@code pc-N}, as in the
 * logs' MDC). They cost nothing unless a recording enables them: each is built and committed only
 * where {@code shouldCommit()} says so, on events that are rare by nature (state changes,
 * handshakes, reports, failed packets). Not API.
 */
package org.rtc4j.peer.internal.jfr;
