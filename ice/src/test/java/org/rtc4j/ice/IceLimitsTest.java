package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/** The agent's bounds ({@link IceAgent#MAX_REMOTE_CANDIDATES}, {@link IceAgent#MAX_PEER_REFLEXIVE_CANDIDATES}) hold. */
class IceLimitsTest {
  private static final long S = IceAgentTest.S;
  private final IceAgentTest t = new IceAgentTest();

  @Test
  void signalledRemoteCandidatesAreCapped() throws Exception {
    t.setup(81);
    t.exchange(); // one signalled candidate each
    int extra = IceAgent.MAX_REMOTE_CANDIDATES + 50;
    int accepted = 0;
    for (int i = 0; i < extra; i++) {
      Candidate c = Candidate.parse("candidate:" + i + " 1 udp 2122260223 10.9." + (i / 250) + "." + (1 + i % 250)
          + " 7000 typ host");
      if (t.a.addRemoteCandidate(c)) {
        accepted++;
      }
    }
    assertEquals(IceAgent.MAX_REMOTE_CANDIDATES - 1, accepted, "the cap counts the candidate signalled first");
    assertEquals(IceAgent.MAX_REMOTE_CANDIDATES, t.a.remoteCandidates().size());
    assertEquals(extra - accepted, t.a.stats().remoteCandidatesIgnored());
  }

  /**
   * A flood of authenticated checks from 10,000 source addresses (someone who knows the
   * credentials, or a spoofer replaying one check): every one is answered, at most {@link
   * IceAgent#MAX_PEER_REFLEXIVE_CANDIDATES} are learned, the check list stays within its bound, and
   * the selected pair is the one it was.
   */
  @Test
  void checksFromTenThousandAddressesLearnABoundedNumberOfPeerReflexiveCandidates() {
    t.setup(82);
    t.exchange();
    assertTrue(t.net.runUntil(t::bothConnected, 5 * S));
    CandidatePair selected = t.b.selectedPair();
    long answeredBefore = t.b.stats().successResponsesSent();
    byte[] buf = new byte[512];
    Random r = new Random(5);
    for (int i = 0; i < 10_000; i++) {
      InetSocketAddress from = new InetSocketAddress(
          "10." + (100 + i / 65_536) + "." + (i / 256 % 256) + "." + (i % 256), 20_000 + i % 1000);
      int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, StunMessage.newTransactionId(r))
          .username((t.credsB.ufrag() + ":" + t.credsA.ufrag()).getBytes(StandardCharsets.US_ASCII))
          .priority(0x6E00_00FFL).iceControlling(t.a.tieBreaker())
          .messageIntegrity(t.credsB.password().getBytes(StandardCharsets.US_ASCII)).fingerprint().length();
      assertTrue(t.b.handleDatagram(t.net.now, buf, 0, len, from, IceAgentTest.B));
      while (t.b.pollTransmit() != null) {
        // the answers (and triggered checks) go nowhere
      }
    }
    assertEquals(10_000, t.b.stats().successResponsesSent() - answeredBefore, "every check is answered");
    long prflx = t.b.remoteCandidates().stream().filter(c -> c.type() == CandidateType.PRFLX).count();
    assertEquals(IceAgent.MAX_PEER_REFLEXIVE_CANDIDATES, prflx);
    assertEquals(10_000 - IceAgent.MAX_PEER_REFLEXIVE_CANDIDATES, t.b.stats().peerReflexiveCandidatesIgnored());
    assertTrue(t.b.checkList().size() <= IceAgent.MAX_PEER_REFLEXIVE_CANDIDATES + 1);
    assertEquals(selected, t.b.selectedPair(), "the real pair is still the selected one");
    t.net.runFor(40 * S);
    assertTrue(IceAgentTest.connected(t.a) && IceAgentTest.connected(t.b), "and consent keeps it");
    assertEquals(IceAgentTest.A, t.b.selectedPair().remoteAddress());
    assertFalse(t.b.isRemoteAddress(new InetSocketAddress("10.100.39.15", 20_000 + 9999 % 1000)),
        "an address past the cap is not a remote address: its DTLS/SRTP would be dropped");
  }
}
