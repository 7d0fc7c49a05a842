package org.rtc4j.ice;

/** What an {@link IceAgent} reports through {@link IceAgent#pollEvent()}. */
public sealed interface IceEvent {
  /** The connection state changed. */
  record StateChanged(IceState state) implements IceEvent {}

  /** The gathering state changed; {@code COMPLETE} means end-of-candidates locally (RFC 8838). */
  record GatheringStateChanged(GatheringState state) implements IceEvent {}

  /** A local candidate is known: signal it to the peer now (trickle ICE, RFC 8838). */
  record LocalCandidate(Candidate candidate) implements IceEvent {}

  /** The pair media uses changed (nomination completed, or a new pair after an ICE restart). */
  record SelectedPair(CandidatePair pair) implements IceEvent {}

  /** The role changed after a role conflict (RFC 8445 §7.3.1.1, §7.2.5.1). */
  record RoleChanged(IceRole role) implements IceEvent {}
}
