package org.rtc4j.sctp;

/**
 * A snapshot of an association's figures: W3C {@code RTCSctpTransportStats} (smoothed RTT,
 * congestion window, receiver window, MTU, unacknowledged data) plus counters for tests,
 * benchmarks and debugging. Times in milliseconds, sizes in bytes.
 */
public record SctpStats(
    SctpState state,
    double smoothedRttMillis,
    double rtoMillis,
    long congestionWindowBytes,
    long slowStartThresholdBytes,
    long peerReceiveWindowBytes,
    long localReceiveWindowBytes,
    int mtu,
    long flightBytes,
    long unackedDataBytes,
    long bufferedBytes,
    long packetsSent,
    long packetsReceived,
    long dataChunksSent,
    long dataChunksRetransmitted,
    long fastRetransmits,
    long retransmissionTimeouts,
    long messagesSent,
    long bytesSent,
    long messagesReceived,
    long bytesReceived,
    long messagesAbandoned,
    long duplicateTsnsReceived,
    long forwardTsnsSent,
    long checksumErrors,
    long malformedPackets,
    long droppedPackets,
    long oversizeMessagesDropped,
    long congestionReductions) {}
