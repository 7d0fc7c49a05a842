/**
 * WebRTC data channels over SCTP: the Data Channel Establishment Protocol (RFC 8832:
 * DATA_CHANNEL_OPEN and DATA_CHANNEL_ACK, channel types, priority, stream ids by DTLS role), the
 * data channel usage of SCTP (RFC 8831: PPIDs 50-57, stream reset to close, §6.7), and the
 * max-message-size rule of RFC 8841 §6. {@link org.rtc4j.sctp.dcep.DataChannelEndpoint} is the
 * sans-IO layer the peer connection drives; {@link org.rtc4j.sctp.dcep.DataChannel} carries what the
 * W3C {@code RTCDataChannel} facade exposes.
 */
package org.rtc4j.sctp.dcep;
