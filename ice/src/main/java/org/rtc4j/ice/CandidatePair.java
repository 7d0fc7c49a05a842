package org.rtc4j.ice;

import java.net.InetSocketAddress;

/**
 * A local and a remote candidate on a check list (RFC 8445 §6.1.2). The local side is always a
 * base (a host socket address): server-reflexive locals are replaced by their base when pairing
 * (§6.1.2.4), and a peer-reflexive local learned from a response shares the base. State and flags
 * are read-only views of the agent's check list; only the agent changes them.
 */
public final class CandidatePair {
  /** Check list states of a pair (RFC 8445 §6.1.2.6). */
  public enum State {
    FROZEN,
    WAITING,
    IN_PROGRESS,
    SUCCEEDED,
    FAILED
  }

  private final Candidate local;
  private final InetSocketAddress localBase;
  private Candidate remote;
  private final InetSocketAddress remoteAddress;
  final Object generation;
  long priority;
  State state = State.FROZEN;
  boolean valid;
  boolean nominated;
  boolean nominateOnSuccess;
  boolean nominating;
  /** Where packets for this pair go at the socket level (set by the agent). */
  InetSocketAddress socketAddress;
  InetSocketAddress sendAddress;
  long connection;
  boolean framed;
  /** ICE-TCP (RFC 6544). */
  boolean tcp;
  /** The agent's relay for a relayed pair. */
  Object relay;
  long requestsSent;
  long responsesReceived;
  private long currentRoundTripNanos = -1;
  private long totalRoundTripNanos;
  private long roundTripMeasurements;

  CandidatePair(Candidate local, InetSocketAddress localBase, Candidate remote, InetSocketAddress remoteAddress,
      Object generation) {
    this.local = local;
    this.localBase = localBase;
    this.remote = remote;
    this.remoteAddress = remoteAddress;
    this.generation = generation;
  }

  public Candidate local() {
    return local;
  }

  /** The local socket address (the candidate's base): media goes out of this socket. */
  public InetSocketAddress localAddress() {
    return localBase;
  }

  public Candidate remote() {
    return remote;
  }

  /** The peer signalled the candidate this pair had learned as peer-reflexive (same address). */
  void remoteSignalled(Candidate signalled) {
    remote = signalled;
  }

  /** Where media and checks are sent. */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
  }

  /**
   * The local UDP socket packets of this pair leave from: the base for host, server- and
   * peer-reflexive pairs, the socket talking to the TURN server for a relayed pair over UDP; null
   * for a stream (see {@link #connection()}).
   */
  public InetSocketAddress socketAddress() {
    return socketAddress;
  }

  /** Where this pair's datagrams go: the peer, or the TURN server for a relayed pair. */
  public InetSocketAddress sendAddress() {
    return sendAddress;
  }

  /** The stream connection this pair's bytes go over (TURN over TCP/TLS, ICE-TCP), or 0 for UDP. */
  public long connection() {
    return connection;
  }

  /**
   * Whether application data for this pair must go through {@link IceAgent#wrap} (relayed:
   * ChannelData or a Send indication; ICE-TCP: RFC 4571 framing). False: send the bytes as they
   * are from {@link #socketAddress()} to {@link #remoteAddress()}.
   */
  public boolean needsWrap() {
    return framed;
  }

  /** Whether the local candidate is relayed (RFC 8445 §5.1.1.2). */
  public boolean isRelayed() {
    return local.type() == CandidateType.RELAY;
  }

  public long priority() {
    return priority;
  }

  public State state() {
    return state;
  }

  /** On the valid list: a check on it succeeded (RFC 8445 §7.2.5.3.2). */
  public boolean valid() {
    return valid;
  }

  public boolean nominated() {
    return nominated;
  }

  /** Connectivity checks and consent requests sent on this pair (retransmissions not counted). */
  public long requestsSent() {
    return requestsSent;
  }

  /** Success responses to our checks and consent requests on this pair. */
  public long responsesReceived() {
    return responsesReceived;
  }

  /**
   * The round-trip time of the latest check or consent request answered without a retransmission
   * (Karn), in nanoseconds: W3C {@code RTCIceCandidatePairStats.currentRoundTripTime}; -1 for none.
   */
  public long currentRoundTripTimeNanos() {
    return currentRoundTripNanos;
  }

  /** The sum of every round trip measured on this pair, in nanoseconds. */
  public long totalRoundTripTimeNanos() {
    return totalRoundTripNanos;
  }

  /** How many round trips {@link #totalRoundTripTimeNanos()} adds up. */
  public long roundTripTimeMeasurements() {
    return roundTripMeasurements;
  }

  void roundTrip(long nanos) {
    if (nanos >= 0) {
      currentRoundTripNanos = nanos;
      totalRoundTripNanos += nanos;
      roundTripMeasurements++;
    }
  }

  /** The pair's foundation: local and remote foundations joined. */
  public String foundation() {
    return local.foundation() + ":" + remote.foundation();
  }

  @Override
  public String toString() {
    return local.type().sdpName() + " " + localBase + " -> " + remote.type().sdpName() + " " + remoteAddress + " ("
        + state + (nominated ? ", nominated" : "") + ")";
  }
}
