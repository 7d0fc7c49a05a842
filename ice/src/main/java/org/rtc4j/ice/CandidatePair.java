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
  private final Candidate remote;
  private final InetSocketAddress remoteAddress;
  final Object generation;
  long priority;
  State state = State.FROZEN;
  boolean valid;
  boolean nominated;
  boolean nominateOnSuccess;
  boolean nominating;

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

  /** Where media and checks are sent. */
  public InetSocketAddress remoteAddress() {
    return remoteAddress;
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
