package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.ice.internal.Priorities;
import org.rtc4j.ice.internal.Retransmission;

class PrioritiesTest {
  @Test
  void candidatePriorityFollowsRfc8445() {
    // RFC 8445 §5.1.2.1: 2^24*126 + 2^8*65535 + (256-1)
    assertEquals(2130706431L, Priorities.candidate(126, 65535, 1));
    assertEquals((100L << 24) + (65535L << 8) + 255, Priorities.candidate(100, 65535, 1));
    assertEquals(255 - 1, Priorities.candidate(0, 0, 2));
    assertEquals(65535, Priorities.localPreferenceOf(2130706431L));
  }

  @Test
  void pairPriorityFollowsRfc8445() {
    long g = 2130706431L;
    long d = 1694498815L;
    // §6.1.2.3: 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)
    assertEquals((d << 32) + 2 * g + 1, Priorities.pair(g, d));
    assertEquals((d << 32) + 2 * g, Priorities.pair(d, g));
    assertTrue(Long.compareUnsigned(Priorities.pair(0xFFFF_FFFEL, 0xFFFF_FFFFL), Priorities.pair(1, 2)) > 0,
        "compared unsigned even past 2^63");
  }

  @Test
  void hostFoundationsDependOnTheAddressNotThePort() {
    IceAgent agent = new IceAgent(IceConfig.builder().random(new Random(1)).build(),
        IceCredentials.random(new Random(2)), IceRole.CONTROLLING);
    Candidate a = agent.addHostCandidate(0, IceAgentTest.addr("10.0.0.1", 1000));
    Candidate b = agent.addHostCandidate(0, IceAgentTest.addr("10.0.0.1", 1001));
    Candidate c = agent.addHostCandidate(0, IceAgentTest.addr("10.0.0.2", 1000));
    assertEquals(a.foundation(), b.foundation());
    assertNotEquals(a.foundation(), c.foundation());
    assertTrue(a.priority() > b.priority() && b.priority() > c.priority(), "earlier addresses are preferred");
    assertEquals(CandidateType.HOST, a.type());
  }

  @Test
  void retransmissionScheduleIsRfc8489() {
    // RTO 500 ms, Rc 7, Rm 16: sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s, gives up at 39.5 s.
    Retransmission r = new Retransmission(500, 7, 16);
    long t = 0;
    long[] sends = new long[7];
    for (int i = 0; i < 7; i++) {
      sends[i] = t;
      t = r.sent(t);
    }
    assertEquals(31_500, sends[6]);
    assertEquals(39_500, r.deadline());
    assertTrue(r.exhausted());
  }
}
