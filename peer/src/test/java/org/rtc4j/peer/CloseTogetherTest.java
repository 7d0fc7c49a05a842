package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.peer.internal.PeerEvent;

/**
 * Issue 21: the side that completes the DTLS handshake first closes at once, so its last
 * handshake flight and its close_notify reach the other side in one step (on a manual clock, two
 * whole peer cores). The other side takes over the handshake's result and the close_notify
 * together; it reports {@code closed} once, not twice.
 */
class CloseTogetherTest {
  static final Configuration CONFIG = Configuration.builder().build();

  @Test
  void theLastFlightAndCloseNotifyTogetherReportClosedOnce() {
    for (long seed = 1; seed <= 5; seed++) {
      try (Sim sim = new Sim(seed, CONFIG)) {
        sim.a.addTrack(MediaStreamTrack.audio("a"));
        sim.b.addTrack(MediaStreamTrack.audio("b"));
        for (Sim.Peer p : List.of(sim.a, sim.b)) {
          p.onEvent = e -> {
            if (e instanceof PeerEvent.ConnectionStateChanged s && s.state() == PeerConnectionState.CONNECTED
                && !p.other.connected() && !p.other.core.isClosed()) {
              p.core.close(p.now()); // first to connect: the last flight and close_notify leave together
            }
          };
        }
        sim.negotiate(sim.a);
        sim.runUntil(() -> sim.a.core.isClosed() || sim.b.core.isClosed(), 10_000, "one side closed");
        Sim.Peer closer = sim.a.core.isClosed() ? sim.a : sim.b;
        Sim.Peer other = closer.other;
        sim.runUntil(() -> other.connectionStates.contains(PeerConnectionState.CLOSED), 10_000, "the other side closed");
        sim.runFor(1_000);
        long closedReports = other.connectionStates.stream().filter(s -> s == PeerConnectionState.CLOSED).count();
        assertEquals(1, closedReports, "seed " + seed + ": " + other.connectionStates);
        assertEquals(PeerConnectionState.CLOSED, other.core.connectionState());
        assertTrue(!other.connectionStates.contains(PeerConnectionState.FAILED), "seed " + seed + ": " + other.connectionStates);
      }
    }
  }
}
