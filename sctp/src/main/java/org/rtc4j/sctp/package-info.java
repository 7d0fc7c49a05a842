/**
 * A sans-IO SCTP association for WebRTC data channels, carried over DTLS (RFC 8261).
 *
 * <p>RFC 9260 (SCTP): handshake with state cookie, verification tags, DATA/SACK with gap blocks,
 * duplicate TSNs and delayed SACK, RTO (§6.3), fast retransmit and congestion control (§7),
 * fragmentation and reassembly, HEARTBEAT, ABORT, SHUTDOWN, ERROR, CRC32c. RFC 3758 (partial
 * reliability, FORWARD TSN), RFC 6525 (stream reconfiguration: outgoing SSN reset), RFC 8260
 * (I-DATA and I-FORWARD-TSN). Entry point: {@link org.rtc4j.sctp.SctpAssociation}.
 */
package org.rtc4j.sctp;
