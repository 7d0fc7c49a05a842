package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;

/**
 * Nomination timing, triggered checks, the failure timer, aggressive nomination and ICE-lite, on
 * the manual clock of {@link SimNetwork} (1 ms links). Issue 21: nominate as soon as no pending
 * pair could beat the best succeeded one, and send triggered checks at once.
 */
class IceNominationTest {
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;
  static final InetSocketAddress A = IceAgentTest.addr("10.0.0.1", 5000);
  static final InetSocketAddress B = IceAgentTest.addr("10.0.0.2", 6000);
  static final InetSocketAddress B_DEAD = IceAgentTest.addr("10.0.9.9", 6999);

  SimNetwork net;
  IceAgent a;
  IceAgent b;
  IceCredentials credsA;
  IceCredentials credsB;
  long start;

  /** a controls; b's host candidates are {@code bAddresses}, in preference order. */
  void setup(long seed, IceConfig.Builder ca, IceConfig.Builder cb, InetSocketAddress... bAddresses) {
    net = new SimNetwork(seed);
    Random r = new Random(seed);
    credsA = IceCredentials.random(r);
    credsB = IceCredentials.random(r);
    a = new IceAgent(ca.random(new Random(seed + 1)).build(), credsA, IceRole.CONTROLLING);
    b = new IceAgent(cb.random(new Random(seed + 2)).build(), credsB, IceRole.CONTROLLED);
    net.add(a);
    net.add(b);
    net.own(A, a);
    a.addHostCandidate(net.now, A);
    a.endOfLocalCandidates();
    for (InetSocketAddress x : bAddresses) {
      net.own(x, b);
      b.addHostCandidate(net.now, x);
    }
    b.endOfLocalCandidates();
    net.dead.add(B_DEAD);
    a.setRemoteCredentials(credsB);
    b.setRemoteCredentials(credsA);
    start = net.now;
  }

  boolean bothSelected() {
    return a.selectedPair() != null && b.selectedPair() != null;
  }

  /** Times at which {@code agent} handed over a Binding request carrying USE-CANDIDATE. */
  List<Long> nominationsSent(IceAgent agent) throws Exception {
    List<Long> out = new java.util.ArrayList<>();
    for (SimNetwork.Sent s : net.sent) {
      if (s.by() == agent) {
        StunMessage m = StunMessage.parse(s.transmit().data(), 0, s.transmit().data().length);
        if (m.messageClass() == StunClass.REQUEST && m.attribute(StunAttribute.UseCandidate.class) != null) {
          out.add(s.atNanos());
        }
      }
    }
    return out;
  }

  @Test
  void theOnlyPairIsNominatedTheMomentItsCheckSucceeds() throws Exception {
    setup(1, IceConfig.builder().nominationDelay(Duration.ofMillis(200)), IceConfig.builder(), B);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    // a's check at +0, its answer at +2 ms: USE-CANDIDATE at +2 ms, not +202 ms.
    assertEquals(List.of(start + 2 * MS), nominationsSent(a));
    assertEquals(start + 4 * MS, net.timeOf(a, IceState.CONNECTED));
  }

  @Test
  void aBetterPairThatFailsReleasesTheNominationAtOnce() throws Exception {
    // b's first (best) candidate is dead: its pair outranks the working one, and fails after
    // 10 + 20 + 16 x 10 = 190 ms (RTO 10 ms, 2 transmissions... see Retransmission).
    IceConfig.Builder ca = IceConfig.builder().nominationDelay(Duration.ofSeconds(2)).checkRto(Duration.ofMillis(10))
        .checkMaxTransmits(2).stunRm(16);
    setup(2, ca, IceConfig.builder(), B_DEAD, B);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    CandidatePair dead = a.checkList().stream().filter(p -> p.remoteAddress().equals(B_DEAD)).findFirst()
        .orElseThrow();
    assertEquals(CandidatePair.State.FAILED, dead.state());
    List<Long> nominations = nominationsSent(a);
    assertEquals(1, nominations.size());
    // The dead pair's check went out at +0 and failed at +170 ms (sent at 0 and 10 ms, then Rm x RTO);
    // the nomination follows in the same step, far before the 2 s delay.
    assertEquals(start + 170 * MS, nominations.get(0));
    assertEquals(B, a.selectedPair().remoteAddress());
  }

  @Test
  void aBetterPairStillPendingKeepsTheDelay() throws Exception {
    IceConfig.Builder ca = IceConfig.builder().nominationDelay(Duration.ofMillis(200)).ta(Duration.ofMillis(50));
    setup(3, ca, IceConfig.builder(), B_DEAD, B);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    List<Long> nominations = nominationsSent(a);
    assertEquals(1, nominations.size());
    // a checks the dead pair at +0 and the good one at the next Ta tick, +50 ms, answered at +52 ms;
    // the dead pair could still beat it, so the nomination waits the 200 ms delay from there.
    assertEquals(start + 52 * MS + 200 * MS, nominations.get(0));
  }

  @Test
  void aTriggeredCheckGoesOutAtOnceNotAtTheNextTaTick() throws Exception {
    // a knows only b's dead candidate (b's real one is hidden, as behind an unresolved mDNS name).
    IceConfig.Builder ca = IceConfig.builder().ta(Duration.ofMillis(50));
    setup(4, ca, IceConfig.builder(), B);
    a.addRemoteCandidate(Candidate.parse("candidate:9 1 udp 2130706431 10.0.9.9 6999 typ host"));
    a.localCandidates().forEach(b::addRemoteCandidate);
    net.step(); // a's first (ordinary) check goes to the dead candidate at +0; Ta runs until +50 ms
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    long firstCheckToB = -1;
    for (SimNetwork.Sent s : net.sent) {
      if (s.by() == a && s.transmit().destination().equals(B)) {
        StunMessage m = StunMessage.parse(s.transmit().data(), 0, s.transmit().data().length);
        if (m.messageClass() == StunClass.REQUEST) {
          firstCheckToB = s.atNanos();
          break;
        }
      }
    }
    // b's check (sent at +0) arrives at +1 ms; a's triggered check leaves in that same step.
    assertEquals(start + 1 * MS, firstCheckToB);
    assertEquals(CandidateType.PRFLX, a.selectedPair().remote().type());
  }

  @Test
  void aggressiveNominationSelectsOnTheFirstAnswer() throws Exception {
    setup(5, IceConfig.builder().aggressiveNomination(true), IceConfig.builder(), B);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    assertEquals(start + 2 * MS, net.timeOf(a, IceState.CONNECTED), "one round trip, no separate nomination");
    assertTrue(a.selectedPair().nominated());
    assertTrue(b.selectedPair().nominated());
    // Every check a sent carried USE-CANDIDATE.
    long checks = net.sent.stream().filter(s -> s.by() == a).filter(s -> isRequest(s.transmit())).count();
    assertEquals(checks, nominationsSent(a).size());
  }

  @Test
  void failsOnTimeWithoutEndOfCandidates() {
    IceConfig.Builder ca = IceConfig.builder().failureTimeout(Duration.ofSeconds(2)).checkRto(Duration.ofMillis(100))
        .checkMaxTransmits(3).stunRm(4);
    setup(6, ca, IceConfig.builder(), B);
    net.cut(b);
    net.cut(a); // everything blocked
    b.localCandidates().forEach(a::addRemoteCandidate);
    // No setRemoteEndOfCandidates: the peer keeps trickling in theory.
    assertTrue(net.runUntil(() -> a.state() == IceState.FAILED, 30 * S));
    // Check at 0, 100, 300 ms; Rm x RTO = 400 ms later the pair fails (700 ms); FAILED 2 s after that.
    assertEquals(start + 700 * MS + 2 * S, net.timeOf(a, IceState.FAILED));
    assertNull(a.selectedPair());
  }

  /**
   * a nominates after {@code nominationDelay} at most (b's better candidate is dead); b fails 2 s
   * after the last new thing; b's checks give up after 700 ms. Candidates exchanged.
   */
  void controlledWithFailureTimer(long seed, Duration nominationDelay) {
    IceConfig.Builder cb = IceConfig.builder().failureTimeout(Duration.ofSeconds(2)).checkRto(Duration.ofMillis(100))
        .checkMaxTransmits(3).stunRm(4);
    setup(seed, IceConfig.builder().nominationDelay(nominationDelay), cb, B_DEAD, B);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
  }

  /**
   * Issue 21: the controlling side vanishes after the checks succeeded both ways and before it
   * nominated (it waits for a better pair, b's dead candidate). The controlled agent has succeeded
   * pairs and nothing selected; it fails once nothing came from the peer for its failure timeout.
   */
  @Test
  void aControlledAgentFailsWhenTheControllingPeerVanishesBeforeNominating() {
    controlledWithFailureTimer(10, Duration.ofSeconds(30));
    assertTrue(net.runUntil(() -> b.checkList().stream().anyMatch(p -> p.state() == CandidatePair.State.SUCCEEDED)
        && a.checkList().stream().anyMatch(p -> p.state() == CandidatePair.State.SUCCEEDED), 5 * S));
    net.runFor(1 * S); // b's pair from its dead address fails at +700 ms; a still waits for its better pair
    assertNull(a.selectedPair(), "a has not nominated");
    assertNull(b.selectedPair());
    assertEquals(IceState.CHECKING, b.state());
    long vanished = net.now;
    net.cut(a);
    assertTrue(net.runUntil(() -> b.state() == IceState.FAILED, 30 * S));
    // Nothing from a after it vanished (its last check reached b at about +2 ms): FAILED 2 s after the
    // last new thing, which was b's own dead pair failing at +700 ms, before the cut.
    assertEquals(start + 700 * MS + 2 * S, net.timeOf(b, IceState.FAILED));
    assertTrue(net.timeOf(b, IceState.FAILED) - vanished <= 2 * S);
  }

  /** The same controlled agent, with the controlling peer there: its nomination comes, nothing fails. */
  @Test
  void aControlledAgentWaitsForANominationWithinTheFailureTimeout() throws Exception {
    controlledWithFailureTimer(11, Duration.ofMillis(1500));
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    net.runFor(20 * S);
    assertTrue(IceAgentTest.connected(b), "b: " + b.state());
    assertEquals(-1, net.timeOf(b, IceState.FAILED), "b never failed");
  }

  @Test
  void failureTimerOffMeansWaitingForEndOfCandidates() {
    IceConfig.Builder ca = IceConfig.builder().failureTimeout(Duration.ZERO).checkRto(Duration.ofMillis(100))
        .checkMaxTransmits(3).stunRm(4);
    setup(7, ca, IceConfig.builder(), B);
    net.cut(b);
    net.cut(a);
    b.localCandidates().forEach(a::addRemoteCandidate);
    net.runFor(60 * S);
    assertEquals(IceState.CHECKING, a.state());
    a.setRemoteEndOfCandidates();
    assertEquals(IceState.FAILED, a.state());
  }

  @Test
  void aLateCandidateRevivesAFailedAgent() throws Exception {
    IceConfig.Builder ca = IceConfig.builder().failureTimeout(Duration.ofSeconds(1)).checkRto(Duration.ofMillis(100))
        .checkMaxTransmits(2).stunRm(2);
    setup(8, ca, IceConfig.builder(), B);
    a.addRemoteCandidate(Candidate.parse("candidate:9 1 udp 2130706431 10.0.9.9 6999 typ host"));
    assertTrue(net.runUntil(() -> a.state() == IceState.FAILED, 30 * S));
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertEquals(IceState.CHECKING, a.state());
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    assertTrue(IceAgentTest.connected(a));
  }

  @Test
  void liteAgentOnlyAnswersAndSelectsWhatTheFullPeerNominates() throws Exception {
    InetSocketAddress b2 = IceAgentTest.addr("10.0.0.3", 6001);
    setup(9, IceConfig.builder(), IceConfig.builder().lite(true), B, b2);
    a.setRemoteCredentials(credsB, true);
    b.localCandidates().forEach(a::addRemoteCandidate);
    // The lite side learns a's candidate from a's checks only.
    assertTrue(net.runUntil(this::bothSelected, 5 * S));
    net.runFor(20 * S);
    for (SimNetwork.Sent s : net.sent) {
      if (s.by() == b) {
        StunMessage m = StunMessage.parse(s.transmit().data(), 0, s.transmit().data().length);
        assertTrue(m.messageClass().isResponse(), "a lite agent sends only responses: " + m);
      }
    }
    assertEquals(0, b.stats().checksSent());
    assertEquals(IceRole.CONTROLLED, b.role());
    CandidatePair sel = b.selectedPair();
    assertNotNull(sel);
    assertTrue(sel.nominated());
    assertEquals(a.selectedPair().remoteAddress(), sel.localAddress());
    assertEquals(a.selectedPair().localAddress(), sel.remoteAddress());
    assertFalse(nominationsSent(a).isEmpty());
    assertTrue(nominationsSent(b).isEmpty());
  }

  private static boolean isRequest(Transmit t) {
    try {
      return StunMessage.parse(t.data(), 0, t.data().length).messageClass() == StunClass.REQUEST;
    } catch (Exception e) {
      return false;
    }
  }
}
