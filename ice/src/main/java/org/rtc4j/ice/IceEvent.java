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

  /**
   * The socket owner must open a stream connection: TCP from {@code local} (an IP with port 0,
   * or null for any) to {@code remote}, with TLS to {@code serverName} when {@code tls}, then call
   * {@link IceAgent#handleConnected} (or {@link IceAgent#handleDisconnected} on failure), feed
   * every frame (cut with a {@link StreamFramer} in {@code framing} mode) to
   * {@link IceAgent#handleFrame}, and write {@link Transmit}s with this {@code connection} id.
   * Used for TURN over TCP/TLS (RFC 8656 §3.1) and ICE-TCP active candidates (RFC 6544).
   */
  record OpenConnection(long connection, java.net.InetSocketAddress local, java.net.InetSocketAddress remote,
      boolean tls, String serverName, StreamFramer.Mode framing) implements IceEvent {}

  /** The socket owner must close this stream connection (no {@code handleDisconnected} needed). */
  record CloseConnection(long connection) implements IceEvent {}

  /**
   * A TURN server could not give or keep a relayed address: wrong credentials, quota (486),
   * capacity (508), no answer, a failed connection... Gathering goes on without it; pairs through
   * a lost relay fail, others are unaffected.
   */
  record TurnFailed(org.rtc4j.ice.turn.TurnServer server, org.rtc4j.ice.turn.TurnError error, int code,
      String message) implements IceEvent {}
}
