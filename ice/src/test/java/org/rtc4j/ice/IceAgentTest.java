package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/** Two agents over an in-memory network with a manual clock (RFC 8445, RFC 7675). */
class IceAgentTest {
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;
  static final InetSocketAddress A = addr("10.0.0.1", 5000);
  static final InetSocketAddress B = addr("10.0.0.2", 6000);
  static final InetSocketAddress B2 = addr("10.0.0.3", 6001);

  SimNetwork net;
  IceAgent a;
  IceAgent b;
  IceCredentials credsA;
  IceCredentials credsB;

  void setup(long seed, IceRole roleA, IceRole roleB, IceConfig.Builder configA, IceConfig.Builder configB) {
    net = new SimNetwork(seed);
    Random r = new Random(seed);
    credsA = IceCredentials.random(r);
    credsB = IceCredentials.random(r);
    a = new IceAgent(configA.random(new Random(seed * 31 + 1)).build(), credsA, roleA);
    b = new IceAgent(configB.random(new Random(seed * 31 + 2)).build(), credsB, roleB);
    net.add(a);
    net.add(b);
    net.own(A, a);
    net.own(B, b);
    a.addHostCandidate(net.now, A);
    a.endOfLocalCandidates();
    b.addHostCandidate(net.now, B);
    b.endOfLocalCandidates();
  }

  void setup(long seed) {
    setup(seed, IceRole.CONTROLLING, IceRole.CONTROLLED, IceConfig.builder(), IceConfig.builder());
  }

  void exchange() {
    a.setRemoteCredentials(credsB);
    b.setRemoteCredentials(credsA);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    a.setRemoteEndOfCandidates();
    b.setRemoteEndOfCandidates();
  }

  boolean bothConnected() {
    return a.selectedPair() != null && b.selectedPair() != null && connected(a) && connected(b);
  }

  static boolean connected(IceAgent x) {
    return x.state() == IceState.CONNECTED || x.state() == IceState.COMPLETED;
  }

  @Test
  void twoAgentsConnectAndComplete() {
    setup(1);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    assertEquals(IceState.COMPLETED, a.state());
    assertEquals(IceState.COMPLETED, b.state());
    assertEquals(A, a.selectedPair().localAddress());
    assertEquals(B, a.selectedPair().remoteAddress());
    assertEquals(B, b.selectedPair().localAddress());
    assertEquals(A, b.selectedPair().remoteAddress());
    assertTrue(a.selectedPair().nominated());
    assertTrue(b.selectedPair().nominated());
    assertTrue(a.canSend() && b.canSend());
    // Connected within a few link delays: pacing does not hold up a single pair.
    assertTrue(net.timeOf(a, IceState.CONNECTED) - 1 * S < 10 * MS, "connect time");
    List<IceState> states = net.eventsOf(a, IceEvent.StateChanged.class).stream().map(IceEvent.StateChanged::state)
        .toList();
    assertEquals(List.of(IceState.CHECKING, IceState.CONNECTED, IceState.COMPLETED), states);
    assertEquals(List.of(GatheringState.GATHERING, GatheringState.COMPLETE),
        net.eventsOf(a, IceEvent.GatheringStateChanged.class).stream().map(IceEvent.GatheringStateChanged::state)
            .toList());
    assertEquals(1, net.eventsOf(a, IceEvent.LocalCandidate.class).size());
    assertEquals(0, a.stats().unauthenticated() + b.stats().unauthenticated());
  }

  @ParameterizedTest
  @ValueSource(longs = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
  void connectsWithThirtyPercentLoss(long seed) {
    setup(seed);
    net.loss = 0.3;
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 30 * S), "connected despite 30% loss");
    assertEquals(a.selectedPair().remoteAddress(), B);
    assertTrue(b.selectedPair().nominated());
  }

  @ParameterizedTest
  @ValueSource(longs = {12, 13, 14, 15, 16})
  void connectsWithReordering(long seed) {
    setup(seed);
    net.delayNanos = 5 * MS;
    net.jitterNanos = 200 * MS; // far beyond Ta and the check spacing: packets overtake each other
    // Several pairs so that there is something to reorder.
    InetSocketAddress a2 = addr("10.0.1.1", 5001);
    InetSocketAddress b3 = addr("10.0.1.2", 6002);
    net.own(a2, a);
    net.own(b3, b);
    a.addHostCandidate(net.now, a2);
    b.addHostCandidate(net.now, b3);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 30 * S), "connected despite reordering");
    assertEquals(a.selectedPair().remoteAddress(), b.selectedPair().localAddress());
    assertEquals(b.selectedPair().remoteAddress(), a.selectedPair().localAddress());
  }

  @ParameterizedTest
  @ValueSource(strings = {"CONTROLLING", "CONTROLLED"})
  void roleConflictResolves(IceRole both) {
    setup(21, both, both, IceConfig.builder(), IceConfig.builder());
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 10 * S));
    assertNotEquals(a.role(), b.role(), "exactly one agent ends up controlling");
    IceAgent winner = Long.compareUnsigned(a.tieBreaker(), b.tieBreaker()) >= 0 ? a : b;
    // RFC 8445 §7.3.1.1: the larger tie-breaker controls.
    assertEquals(IceRole.CONTROLLING, winner.role());
    assertEquals(1, a.stats().roleSwitches() + b.stats().roleSwitches());
    assertTrue(a.stats().roleConflictsSent() + b.stats().roleConflictsSent() >= (both == IceRole.CONTROLLING ? 1 : 0));
    IceAgent loser = winner == a ? b : a;
    IceAgent switched = both == IceRole.CONTROLLING ? loser : winner;
    assertEquals(List.of(new IceEvent.RoleChanged(switched.role())), net.eventsOf(switched, IceEvent.RoleChanged.class));
    assertEquals(List.of(), net.eventsOf(switched == a ? b : a, IceEvent.RoleChanged.class));
  }

  @ParameterizedTest
  @ValueSource(longs = {100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111})
  void randomLinksConnectAndStayQuiet(long seed) {
    Random r = new Random(seed);
    IceRole roleA = r.nextBoolean() ? IceRole.CONTROLLING : IceRole.CONTROLLED;
    IceRole roleB = r.nextInt(4) == 0 ? roleA : roleA.other(); // sometimes a role conflict
    setup(seed, roleA, roleB, IceConfig.builder(), IceConfig.builder());
    net.loss = r.nextDouble() * 0.4;
    net.delayNanos = (1 + r.nextInt(100)) * MS;
    net.jitterNanos = r.nextInt(100) * MS;
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 60 * S), "connected with loss " + net.loss);
    assertNotEquals(a.role(), b.role());
    assertEquals(a.selectedPair().localAddress(), b.selectedPair().remoteAddress());
    // Once connected, only consent checks remain: a few steps per second of simulated time, no busy loop.
    long before = net.steps;
    net.loss = 0;
    net.runFor(60 * S);
    assertTrue(net.steps - before < 500, "steps in 60 s: " + (net.steps - before));
    assertTrue(connected(a) && connected(b));
  }

  @Test
  void consentLossDisconnectsThenFailsOnTime() {
    setup(31);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    net.runFor(20 * S); // consent checks keep flowing
    assertEquals(IceState.COMPLETED, a.state());
    assertTrue(a.stats().consentChecksSent() >= 3, "consent every ~5 s");
    net.cut(b); // b stops answering (and sending)
    long cutAt = net.now;
    assertTrue(net.runUntil(() -> a.state() == IceState.FAILED, 60 * S));
    long disconnected = net.timeOf(a, IceState.DISCONNECTED);
    long failed = net.timeOf(a, IceState.FAILED);
    assertTrue(disconnected > cutAt && disconnected - cutAt <= 7500 * MS, "disconnected within 7.5 s");
    assertTrue(failed - cutAt <= 30 * S && failed - cutAt > 24 * S, "failed 30 s after the last answer");
    assertTrue(failed - disconnected >= 22 * S, "disconnected first, failed later");
    assertFalse(a.canSend(), "no media without consent");
    long sent = a.stats().consentChecksSent();
    net.runFor(20 * S);
    assertEquals(sent, a.stats().consentChecksSent(), "no more consent checks after expiry");
  }

  @Test
  void consentChecksAreRandomisedAroundFiveSeconds() throws Exception {
    setup(33);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    long from = net.now;
    net.runFor(120 * S);
    List<Long> times = new java.util.ArrayList<>();
    for (SimNetwork.Sent s : net.sent) {
      if (s.by() == a && s.atNanos() > from) {
        StunMessage m = StunMessage.parse(s.transmit().data(), 0, s.transmit().data().length);
        if (m.messageClass() == StunClass.REQUEST) {
          times.add(s.atNanos());
        }
      }
    }
    assertTrue(times.size() >= 19, "a consent check every ~5 s: " + times.size());
    java.util.Set<Long> distinct = new java.util.HashSet<>();
    for (int i = 1; i < times.size(); i++) {
      long gap = times.get(i) - times.get(i - 1);
      assertTrue(gap >= 4 * S && gap <= 6 * S, "RFC 7675 §5.1: 0.8 to 1.2 times 5 s, got " + gap);
      distinct.add(gap);
    }
    assertTrue(distinct.size() > times.size() / 2, "randomised, not periodic");
  }

  @Test
  void frozenPairsWaitForTheirFoundationAndThawOnSuccess() {
    setup(34);
    // Two local bases and two remote addresses on one IP each: pairs (A,B) and (A,B') share a foundation.
    InetSocketAddress bSecondPort = addr("10.0.0.2", 6100);
    net.own(bSecondPort, b);
    b.addHostCandidate(net.now, bSecondPort);
    a.setRemoteCredentials(credsB);
    b.setRemoteCredentials(credsA);
    b.localCandidates().forEach(a::addRemoteCandidate);
    List<CandidatePair> list = a.checkList();
    assertEquals(2, list.size());
    assertEquals(list.get(0).foundation(), list.get(1).foundation());
    assertEquals(CandidatePair.State.WAITING, list.get(0).state(), "first pair of a foundation waits");
    assertEquals(CandidatePair.State.FROZEN, list.get(1).state(), "the others are frozen");
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertTrue(net.runUntil(() -> a.checkList().get(0).state() == CandidatePair.State.SUCCEEDED, 5 * S));
    CandidatePair.State second = a.checkList().get(1).state();
    assertTrue(second != CandidatePair.State.FROZEN, "thawed by its foundation's success: " + second);
  }

  @Test
  void disconnectedRecoversWhenAnswersResume() {
    setup(32);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    net.cut(b);
    assertTrue(net.runUntil(() -> a.state() == IceState.DISCONNECTED, 20 * S));
    assertTrue(a.canSend(), "consent has not expired yet while disconnected");
    net.heal();
    assertTrue(net.runUntil(() -> connected(a), 20 * S));
  }

  @Test
  void iceRestartMovesToANewPairAndKeepsMediaOnTheOldOneMeanwhile() {
    setup(41);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    CandidatePair old = a.selectedPair();
    // b's first address goes away for new traffic; it has a new one.
    net.own(B2, b);
    IceCredentials newA = IceCredentials.random(new Random(7));
    IceCredentials newB = IceCredentials.random(new Random(8));
    a.restart(newA);
    b.restart(newB);
    b.addHostCandidate(net.now, B2);
    assertSame(old, a.selectedPair(), "media stays on the old pair until a new one is selected");
    assertTrue(a.canSend());
    net.runFor(100 * MS); // nothing to check yet: no remote credentials or candidates
    assertSame(old, a.selectedPair());
    a.setRemoteCredentials(newB);
    b.setRemoteCredentials(newA);
    net.dead.add(B);
    for (Candidate c : b.localCandidates()) {
      if (c.port() == B2.getPort()) {
        a.addRemoteCandidate(c);
      }
    }
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertTrue(net.runUntil(() -> a.selectedPair() != old && b.selectedPair() != null
        && b.selectedPair().remoteAddress().equals(A) && b.selectedPair().localAddress().equals(B2), 5 * S));
    assertNotSame(old, a.selectedPair());
    assertEquals(B2, a.selectedPair().remoteAddress());
    assertTrue(a.canSend());
    assertEquals(2, net.eventsOf(a, IceEvent.SelectedPair.class).size());
    assertTrue(connected(a) && connected(b));
  }

  @Test
  void controlledAgentFollowsALaterNomination() throws Exception {
    setup(42);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    InetSocketAddress a2 = addr("10.0.0.5", 5005);
    net.own(a2, a);
    a.addHostCandidate(net.now, a2);
    // The controlling side nominates a new, better pair from a2 (as browsers that renominate do).
    byte[] buf = new byte[512];
    int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST,
            StunMessage.newTransactionId(new Random(4)))
        .username((credsB.ufrag() + ":" + credsA.ufrag()).getBytes(StandardCharsets.US_ASCII))
        .priority(0x7FFF_FFFFL).iceControlling(a.tieBreaker()).useCandidate()
        .messageIntegrity(credsB.password().getBytes(StandardCharsets.US_ASCII)).fingerprint().length();
    b.handleDatagram(net.now, buf, 0, len, a2, B);
    assertTrue(net.runUntil(() -> b.selectedPair().remoteAddress().equals(a2), 5 * S),
        "b checked the newly nominated pair and switched to it");
    assertEquals(2, net.eventsOf(b, IceEvent.SelectedPair.class).size());
  }

  @Test
  void checkWithAWrongPasswordIsRefused() throws Exception {
    setup(51);
    exchange();
    byte[] buf = new byte[512];
    byte[] tid = StunMessage.newTransactionId(new Random(1));
    int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, tid)
        .username((credsA.ufrag() + ":" + credsB.ufrag()).getBytes(StandardCharsets.US_ASCII)).priority(1)
        .iceControlled(1).messageIntegrity("not-the-password-at-all".getBytes(StandardCharsets.US_ASCII))
        .fingerprint().length();
    assertTrue(a.handleDatagram(net.now, buf, 0, len, B, A));
    StunMessage answer = errorFor(a, tid);
    assertEquals(StunAttribute.ErrorCode.UNAUTHENTICATED, answer.attribute(StunAttribute.ErrorCode.class).code());
    assertEquals(1, a.stats().unauthenticated());
    assertTrue(a.checkList().stream().allMatch(p -> p.state() != CandidatePair.State.SUCCEEDED));

    // Without MESSAGE-INTEGRITY at all: 400.
    tid = StunMessage.newTransactionId(new Random(2));
    len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, tid)
        .username((credsA.ufrag() + ":" + credsB.ufrag()).getBytes(StandardCharsets.US_ASCII)).priority(1)
        .fingerprint().length();
    a.handleDatagram(net.now, buf, 0, len, B, A);
    assertEquals(StunAttribute.ErrorCode.BAD_REQUEST, errorFor(a, tid).attribute(StunAttribute.ErrorCode.class).code());
    assertEquals(1, a.stats().badRequests());

    // Malformed STUN is counted and dropped.
    while (a.pollTransmit() != null) {
      // a's own checks
    }
    buf[len - 1] ^= 1; // break the FINGERPRINT
    assertTrue(a.handleDatagram(net.now, buf, 0, len, B, A));
    assertEquals(1, a.stats().malformed());
    assertNull(a.pollTransmit());
  }

  @Test
  void unknownComprehensionRequiredAttributeGets420() throws Exception {
    setup(54);
    exchange();
    byte[] buf = new byte[512];
    byte[] tid = StunMessage.newTransactionId(new Random(3));
    byte[] key = credsA.password().getBytes(StandardCharsets.US_ASCII);
    int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, tid)
        .username((credsA.ufrag() + ":" + credsB.ufrag()).getBytes(StandardCharsets.US_ASCII)).priority(1)
        .u32(0x7777, 1).messageIntegrity(key).fingerprint().length();
    a.handleDatagram(net.now, buf, 0, len, B, A);
    StunMessage answer = errorFor(a, tid);
    assertEquals(StunAttribute.ErrorCode.UNKNOWN_ATTRIBUTE, answer.attribute(StunAttribute.ErrorCode.class).code());
    assertEquals(List.of(0x7777), answer.attribute(StunAttribute.UnknownAttributes.class).types());
    assertTrue(answer.verifyIntegrity(key), "an authenticated request gets a signed error");
    assertEquals(1, a.stats().unknownAttributes());
  }

  @Test
  void authenticatedButOddRequestsNeverThrow() {
    setup(55);
    exchange();
    Random r = new Random(55);
    byte[] key = credsA.password().getBytes(StandardCharsets.US_ASCII);
    byte[] buf = new byte[70_000];
    for (int i = 0; i < 1_500; i++) {
      StunWriter w = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST,
          StunMessage.newTransactionId(r));
      String user = credsA.ufrag() + (r.nextInt(4) == 0 ? "" : ":" + Long.toHexString(r.nextLong()));
      w.username(user.getBytes(StandardCharsets.US_ASCII));
      if (r.nextInt(5) > 0) {
        w.priority(r.nextInt(3) == 0 ? 0 : r.nextLong() & 0xFFFF_FFFFL);
      }
      if (r.nextBoolean()) {
        w.iceControlling(r.nextLong());
      }
      if (r.nextBoolean()) {
        w.iceControlled(r.nextLong());
      }
      if (r.nextBoolean()) {
        w.useCandidate();
      }
      int unknown = r.nextInt(4) == 0 ? r.nextInt(600) : 0;
      for (int k = 0; k < unknown; k++) {
        w.u32(0x4000 + k, k);
      }
      w.messageIntegrity(key).fingerprint();
      InetSocketAddress from = addr("10.9." + r.nextInt(4) + "." + (1 + r.nextInt(3)), 1 + r.nextInt(65535));
      a.handleDatagram(net.now, buf, 0, w.length(), from, r.nextBoolean() ? A : from);
      a.handleTimeout(net.now += r.nextInt(50) * MS);
      while (a.pollTransmit() != null) {
        // drop
      }
    }
    assertTrue(a.stats().requestsReceived() == 1_500);
    assertTrue(a.stats().badRequests() > 0 && a.stats().unknownAttributes() > 0);
  }

  @Test
  void oddResponsesToOurOwnChecksNeverThrow() throws Exception {
    Random r = new Random(56);
    for (int round = 0; round < 200; round++) {
      setup(56 + round);
      exchange();
      byte[] key = credsB.password().getBytes(StandardCharsets.US_ASCII);
      byte[] buf = new byte[2048];
      for (int i = 0; i < 20; i++) {
        a.handleTimeout(net.now += 60 * MS);
        for (Transmit t; (t = a.pollTransmit()) != null; ) {
          StunMessage req = StunMessage.parse(t.data(), 0, t.data().length);
          if (req.messageClass() != StunClass.REQUEST) {
            continue;
          }
          boolean error = r.nextInt(3) == 0;
          StunWriter w = new StunWriter().begin(buf, 0, StunMessage.BINDING,
              error ? StunClass.ERROR_RESPONSE : StunClass.SUCCESS_RESPONSE, req.transactionId());
          if (error) {
            w.errorCode(r.nextBoolean() ? 487 : 300 + r.nextInt(400), "x");
          } else if (r.nextInt(4) > 0) {
            w.xorMappedAddress(r.nextBoolean() ? addr("2001:db8::" + r.nextInt(9), r.nextInt(65536))
                : addr("192.0.2." + r.nextInt(256), r.nextInt(65536)));
          }
          w.messageIntegrity(r.nextInt(8) == 0 ? "nope".getBytes(StandardCharsets.US_ASCII) : key).fingerprint();
          InetSocketAddress from = r.nextInt(6) == 0 ? addr("10.0.0.9", 1) : t.destination();
          a.handleDatagram(net.now, buf, 0, w.length(), from, t.source());
        }
      }
      assertTrue(a.stats().responsesReceived() > 0);
    }
  }

  @Test
  void agentsWithMismatchedPasswordsNeverConnect() {
    setup(52);
    a.setRemoteCredentials(new IceCredentials(credsB.ufrag(), "wrongwrongwrongwrongwrong"));
    b.setRemoteCredentials(credsA);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    a.setRemoteEndOfCandidates();
    b.setRemoteEndOfCandidates();
    assertTrue(net.runUntil(() -> a.state() == IceState.FAILED, 120 * S), "every pair fails");
    assertNull(a.selectedPair());
    assertNull(b.selectedPair());
    assertTrue(b.stats().unauthenticated() > 0, "b refused a's checks");
    assertFalse(a.canSend());
  }

  @Test
  void nonStunIsNotConsumed() {
    setup(53);
    byte[] dtls = {22, (byte) 0xfe, (byte) 0xfd, 0, 0};
    assertFalse(a.handleDatagram(net.now, dtls, 0, dtls.length, B, A));
  }

  @Test
  void peerReflexiveCandidatesReplaceAnIgnoredMdnsCandidate() throws Exception {
    setup(61);
    a.setRemoteCredentials(credsB);
    b.setRemoteCredentials(credsA);
    // b hides its address behind an mDNS name, as browsers do; a ignores it.
    Candidate hidden = Candidate.parse("candidate:1 1 udp 2122260223 0d9c8d8a-2b64-4a7e-9a43-5d0b2c1e3f4a.local "
        + B.getPort() + " typ host");
    assertFalse(a.addRemoteCandidate(hidden));
    assertEquals(1, a.stats().mdnsCandidatesIgnored());
    a.localCandidates().forEach(b::addRemoteCandidate);
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    assertEquals(CandidateType.PRFLX, a.selectedPair().remote().type());
    assertEquals(B, a.selectedPair().remoteAddress());
  }

  @Test
  void remoteIceLitePeerAndLiteAgent() {
    setup(71, IceRole.CONTROLLED, IceRole.CONTROLLING, IceConfig.builder(), IceConfig.builder().lite(true));
    assertEquals(IceRole.CONTROLLED, b.role(), "a lite agent is always controlled");
    a.setRemoteCredentials(credsB, true); // a=ice-lite in b's SDP
    b.setRemoteCredentials(credsA);
    assertEquals(IceRole.CONTROLLING, a.role(), "the full agent controls a lite peer");
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.setRemoteEndOfCandidates();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    assertEquals(0, b.stats().checksSent(), "a lite agent sends no checks");
    assertEquals(CandidateType.PRFLX, b.selectedPair().remote().type());
    net.runFor(40 * S);
    assertTrue(connected(a) && connected(b), "consent (a's checks) keeps both alive");
    assertEquals(0, b.stats().consentChecksSent());
  }

  @Test
  void checksArePacedByTa() {
    IceConfig.Builder cfg = IceConfig.builder().ta(Duration.ofMillis(50));
    setup(81, IceRole.CONTROLLING, IceRole.CONTROLLED, cfg, IceConfig.builder());
    net.cut(b); // nothing answers: every pair gets checked in turn
    for (int i = 0; i < 4; i++) {
      InetSocketAddress extra = addr("10.0.2." + (i + 1), 7000 + i);
      net.own(extra, b);
      b.addHostCandidate(net.now, extra);
    }
    exchange();
    net.runFor(260 * MS);
    assertEquals(5, a.stats().checksSent(), "one new check per Ta, the first immediately");
  }

  @Test
  void closedAgentIsInert() {
    setup(91);
    exchange();
    assertTrue(net.runUntil(this::bothConnected, 5 * S));
    a.close();
    assertEquals(IceState.CLOSED, a.state());
    assertEquals(Long.MAX_VALUE, a.pollTimeout());
    assertFalse(a.canSend());
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> a.addRemoteCandidate(b.localCandidates().get(0)));
  }

  private static StunMessage errorFor(IceAgent agent, byte[] tid) throws Exception {
    StunMessage m = null;
    for (Transmit t; (t = agent.pollTransmit()) != null; ) {
      StunMessage x = StunMessage.parse(t.data(), 0, t.data().length);
      if (x.messageClass().isResponse()) {
        m = x;
        break;
      }
    }
    assertNotNull(m, "an error response");
    assertEquals(StunClass.ERROR_RESPONSE, m.messageClass());
    assertTrue(m.hasTransactionId(tid));
    return m;
  }

  static InetSocketAddress addr(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
