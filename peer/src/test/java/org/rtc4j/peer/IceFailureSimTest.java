package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.peer.internal.PeerEvent;
import org.rtc4j.peer.internal.Transceiver;

/**
 * ICE fails on time (issue 15), whole peers on the manual clock: two cores whose link drops every
 * datagram both ways, and neither side ever signals end-of-candidates (neither in its description
 * nor trickled). Each side's only pair fails when its check transaction gives up; once nothing new
 * has happened for {@link Configuration#iceFailureTimeout()}, ICE goes to {@code failed} and the
 * connection follows. A remote candidate that arrives before then makes a new pair and postpones
 * the failure.
 *
 * <p>The expected times: the peer's checks use an RTO of 100 ms and 7 transmissions (RFC 8489
 * §6.2.1 with RFC 8445's short RTO): sent at 0, 100, 300, 700, 1500, 3100 and 6300 ms, then the
 * transaction waits Rm = 16 RTOs and times out at 7.9 s after the first check; the failure timer
 * then runs {@code iceFailureTimeout} from that pair failure.
 */
class IceFailureSimTest {
  private static final long TIMEOUT_MS = 2_000;
  /** The check transaction: 100 ms x (1 + 2 + 4 + 8 + 16 + 32) + 16 x 100 ms. */
  private static final long CHECK_GIVES_UP_MS = 7_900;
  /** Slack for check pacing (Ta 50 ms, a few pairs) and the first check's tick. */
  private static final long SLACK_MS = 300;
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly()
      .iceFailureTimeout(Duration.ofMillis(TIMEOUT_MS)).build();

  /** The times one side reported ICE and connection states, in ms of simulated time. */
  private static final class Seen {
    final List<String> ice = new ArrayList<>();
    long iceFailedMs = -1;
    long connectionFailedMs = -1;
  }

  private static Seen watch(Sim sim, Sim.Peer p, long t0) {
    Seen seen = new Seen();
    p.onEvent = e -> {
      if (e instanceof PeerEvent.IceConnectionStateChanged s) {
        seen.ice.add(s.state().name());
        if (s.state() == IceConnectionState.FAILED) {
          seen.iceFailedMs = (sim.now() - t0) / Sim.MS;
        }
      } else if (e instanceof PeerEvent.ConnectionStateChanged s && s.state() == PeerConnectionState.FAILED) {
        seen.connectionFailedMs = (sim.now() - t0) / Sim.MS;
      }
    };
    return seen;
  }

  private static String withoutEndOfCandidates(String sdp) {
    return sdp.replace("a=end-of-candidates\r\n", "");
  }

  /**
   * Offer from a, answer from b, candidates trickled; end-of-candidates taken out of both
   * descriptions (the sim never trickles it): the remote never signals it.
   */
  private static void negotiateWithoutEndOfCandidates(Sim sim) {
    Sim.Peer a = sim.a;
    Sim.Peer b = sim.b;
    a.core.setLocalDescription(sim.now(), a.core.createOffer(sim.now(), OfferOptions.DEFAULT));
    sim.drainBoth();
    b.core.setRemoteDescription(sim.now(), Description.offer(withoutEndOfCandidates(a.core.localDescription().sdp())));
    sim.drainBoth();
    b.core.setLocalDescription(sim.now(), b.core.createAnswer(sim.now()));
    sim.drainBoth();
    a.core.setRemoteDescription(sim.now(), Description.answer(withoutEndOfCandidates(b.core.localDescription().sdp())));
    sim.drainBoth();
    assertFalse(a.core.remoteDescription().sdp().contains("end-of-candidates"), a.core.remoteDescription().sdp());
    assertFalse(b.core.remoteDescription().sdp().contains("end-of-candidates"), b.core.remoteDescription().sdp());
  }

  @Test
  void failsAfterTheTimeoutWithoutEndOfCandidates() {
    try (Sim sim = new Sim(3, CONFIG)) {
      sim.ab.cut = true;
      sim.ba.cut = true;
      sim.a.addTrack(MediaStreamTrack.audio("mic"));
      long t0 = sim.now();
      Seen a = watch(sim, sim.a, t0);
      Seen b = watch(sim, sim.b, t0);
      negotiateWithoutEndOfCandidates(sim);
      sim.runUntil(() -> a.connectionFailedMs >= 0 && b.connectionFailedMs >= 0, 60_000, "both failed");
      String where = "a " + a.ice + " at " + a.iceFailedMs + " ms, b " + b.ice + " at " + b.iceFailedMs + " ms; " + sim;
      System.out.println("IceFailureSimTest: failed after " + where);
      for (Seen s : List.of(a, b)) {
        assertTrue(s.iceFailedMs >= CHECK_GIVES_UP_MS + TIMEOUT_MS, "not before the timeout: " + where);
        assertTrue(s.iceFailedMs <= CHECK_GIVES_UP_MS + TIMEOUT_MS + SLACK_MS, "on time: " + where);
        assertEquals(s.iceFailedMs, s.connectionFailedMs, "the connection state follows at once: " + where);
        assertEquals(List.of("CHECKING", "FAILED"), s.ice, where);
      }
      assertEquals(IceConnectionState.FAILED, sim.a.core.iceConnectionState());
      assertEquals(PeerConnectionState.FAILED, sim.b.core.connectionState());
      assertTrue(sim.ab.sent > 0 && sim.ab.dropped == sim.ab.sent, "checks were sent and all lost: " + sim);
    }
  }

  @Test
  void aNewRemoteCandidatePostponesFailure() {
    try (Sim sim = new Sim(4, CONFIG)) {
      sim.ab.cut = true;
      sim.ba.cut = true;
      Transceiver mic = sim.a.addTrack(MediaStreamTrack.audio("mic"));
      long t0 = sim.now();
      Seen a = watch(sim, sim.a, t0);
      Seen b = watch(sim, sim.b, t0);
      negotiateWithoutEndOfCandidates(sim);
      // Half-way through the timeout, after the first pairs failed, a trickles in a new candidate of b.
      long addAtMs = CHECK_GIVES_UP_MS + SLACK_MS + TIMEOUT_MS / 2;
      sim.at(t0 + addAtMs * Sim.MS, () -> sim.a.core.addIceCandidate(sim.now(),
          new IceCandidate("candidate:7 1 udp 2122260222 10.0.0.2 10077 typ host", mic.mid, 0)));
      sim.runUntil(() -> b.connectionFailedMs >= 0, 30_000, "b failed");
      String where = "a " + a.ice + ", b " + b.ice + " at " + b.iceFailedMs + " ms; " + sim;
      assertTrue(b.iceFailedMs <= CHECK_GIVES_UP_MS + TIMEOUT_MS + SLACK_MS, "b, with nothing new, on time: " + where);
      assertEquals(-1, a.iceFailedMs, "a is still checking its new pair: " + where);
      assertEquals(IceConnectionState.CHECKING, sim.a.core.iceConnectionState(), where);
      sim.runUntil(() -> a.connectionFailedMs >= 0, 30_000, "a failed");
      where = "a " + a.ice + " at " + a.iceFailedMs + " ms, candidate added at " + addAtMs + " ms; " + sim;
      System.out.println("IceFailureSimTest: postponed: " + where + "; b failed at " + b.iceFailedMs + " ms");
      // The new pair's check gives up 7.9 s after it started, then the timeout runs again.
      assertTrue(a.iceFailedMs >= addAtMs + CHECK_GIVES_UP_MS + TIMEOUT_MS, "postponed: " + where);
      assertTrue(a.iceFailedMs <= addAtMs + CHECK_GIVES_UP_MS + TIMEOUT_MS + SLACK_MS, "then on time: " + where);
      assertEquals(a.iceFailedMs, a.connectionFailedMs, where);
      assertEquals(List.of("CHECKING", "FAILED"), a.ice, where);
    }
  }
}
