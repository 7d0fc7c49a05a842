package org.rtc4j.sctp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rtc4j.sctp.testing.SimLink;
import org.rtc4j.sctp.testing.SimPair;

class SmokeTest {
  @Test
  void connectsAndExchanges() {
    SctpConfig ca = SctpConfig.builder().random(new SplittableRandom(1)).build();
    SctpConfig cb = SctpConfig.builder().random(new SplittableRandom(2)).build();
    SctpAssociation a = new SctpAssociation(ca);
    SctpAssociation b = new SctpAssociation(cb);
    SimLink.Config lc = new SimLink.Config().delayMillis(10);
    List<String> got = new ArrayList<>();
    SimPair pair = new SimPair(a, b, new SimLink(lc), new SimLink(lc.copy().seed(2)), 0);
    pair.onB(e -> got.add(e.toString()));
    a.connect(0);
    b.connect(0);
    assertTrue(pair.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 5_000_000_000L));
    for (int i = 0; i < 10; i++) {
      a.send(pair.now, 1, 53, true, Reliability.RELIABLE, new byte[3000], 0, 3000);
    }
    pair.runUntil(() -> got.size() >= 11, 5_000_000_000L);
    System.out.println(got);
    System.out.println(a.stats());
    System.out.println(b.stats());
  }
}
