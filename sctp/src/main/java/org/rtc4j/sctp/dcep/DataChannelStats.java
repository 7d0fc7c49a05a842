package org.rtc4j.sctp.dcep;

/**
 * W3C {@code RTCDataChannelStats} figures of one channel: label, protocol, id, state and message
 * and byte counts (bytes of application data; an empty message counts one message and 0 bytes).
 */
public record DataChannelStats(String label, String protocol, int dataChannelIdentifier, DataChannelState state,
    long messagesSent, long bytesSent, long messagesReceived, long bytesReceived) {}
