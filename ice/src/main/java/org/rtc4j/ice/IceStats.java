package org.rtc4j.ice;

/**
 * Counters of an {@link IceAgent}, a snapshot. Everything dropped or refused is counted here rather
 * than logged above DEBUG (anyone who can send UDP could otherwise flood the log).
 */
public record IceStats(
    long checksSent,
    long retransmissions,
    long requestsReceived,
    long successResponsesSent,
    long badRequests,
    long unauthenticated,
    long unknownAttributes,
    long roleConflictsSent,
    long roleSwitches,
    long responsesReceived,
    long responsesBadIntegrity,
    long responsesUnmatched,
    long malformed,
    long consentChecksSent,
    long remoteCandidatesIgnored,
    long mdnsCandidatesIgnored,
    long stunServerResponses,
    long stunServerTimeouts,
    /** Checks from an unknown address not learned as a peer-reflexive candidate: {@link IceAgent#MAX_PEER_REFLEXIVE_CANDIDATES}. */
    long peerReflexiveCandidatesIgnored) {}
