package org.rtc4j.sctp;

import static org.junit.jupiter.api.Assertions.*;
import static org.rtc4j.sctp.testing.Sctp.MILLI;
import static org.rtc4j.sctp.testing.Sctp.SECOND;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.rtc4j.sctp.testing.Payloads;
import org.rtc4j.sctp.testing.Sctp;
import org.rtc4j.sctp.testing.SimLink;
import org.rtc4j.sctp.testing.SimPair;

/** Association lifecycle on simulated links: handshake, collision, failure, shutdown, reset. */
class AssociationTest {
  private final List<SctpEvent> atA = new ArrayList<>();
  private final List<SctpEvent> atB = new ArrayList<>();
  private final List<byte[]> dataAtB = new ArrayList<>();

  private SimPair pair(SctpAssociation a, SctpAssociation b, SimLink ab, SimLink ba) {
    return SimPair.of(a, b, ab, ba, e -> keep(e, atA, null), e -> keep(e, atB, dataAtB));
  }

  private static void keep(SctpEvent e, List<SctpEvent> events, List<byte[]> data) {
    if (e instanceof SctpEvent.Message m) {
      if (data != null) {
        data.add(m.data());
      }
    } else {
      events.add(e);
    }
  }

  private static <T> T first(List<SctpEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
  }

  @Test
  void oneSideConnectsTheOtherListens() {
    SctpAssociation a = Sctp.association(1);
    SctpAssociation b = Sctp.association(2);
    SimPair p = pair(a, b, Sctp.link(25, 0, 1), Sctp.link(25, 0, 2));
    a.connect(0);
    assertEquals(SctpState.COOKIE_WAIT, a.state());
    assertTrue(p.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 5 * SECOND));
    assertEquals(100 * MILLI, p.now, "four one-way trips: INIT, INIT ACK, COOKIE ECHO, COOKIE ACK");
    SctpEvent.Connected c = first(atA, SctpEvent.Connected.class);
    assertEquals(65535, c.outboundStreams());
    assertTrue(c.partialReliability());
    assertFalse(c.interleaving());
    assertEquals(50.0, a.stats().smoothedRttMillis(), 0.001, "INIT to INIT ACK gave an RTT sample");
    assertEquals(50.0, b.stats().smoothedRttMillis(), 0.001, "the cookie's age gave one to the listener");
  }

  @ParameterizedTest(name = "delays {0}/{1} ms, loss {2}")
  @CsvSource({"10,10,0", "5,40,0", "40,5,0", "20,20,0.3", "1,30,0.3"})
  void bothSidesConnectingAtOnceEndUpWithOneAssociation(double dab, double dba, double loss) {
    for (long seed = 1; seed <= 10; seed++) {
      atA.clear();
      atB.clear();
      dataAtB.clear();
      SctpAssociation a = Sctp.association(seed * 2);
      SctpAssociation b = Sctp.association(seed * 2 + 1);
      SimPair p = pair(a, b, Sctp.link(dab, loss, seed), Sctp.link(dba, loss, seed + 100));
      a.connect(0);
      b.connect(0);
      assertTrue(p.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 60 * SECOND),
          "seed " + seed + ": " + a.state() + "/" + b.state());
      assertEquals(1, atA.stream().filter(e -> e instanceof SctpEvent.Connected).count());
      assertEquals(1, atB.stream().filter(e -> e instanceof SctpEvent.Connected).count());
      byte[] m = Payloads.message(1, 5000);
      a.send(p.now, 0, 53, true, Reliability.RELIABLE, m, 0, m.length);
      assertTrue(p.runUntil(() -> dataAtB.size() == 1, 60 * SECOND), "data flows after the collision");
      assertArrayEquals(m, dataAtB.get(0));
    }
  }

  @Test
  void handshakeFailsAfterMaxInitRetransmits() {
    SctpAssociation a = Sctp.association(3);
    SimLink silent = Sctp.link(10, 0, 1);
    silent.blackhole(true);
    SctpAssociation b = Sctp.association(4);
    SimPair p = pair(a, b, silent, Sctp.link(10, 0, 2));
    a.connect(0);
    assertTrue(p.runUntil(() -> a.state() == SctpState.TERMINATED, 3_600 * SECOND));
    assertEquals(CloseReason.HANDSHAKE_FAILED, first(atA, SctpEvent.Closed.class).reason());
    assertEquals(9, silent.packetsSent, "INIT plus Max.Init.Retransmits (8) retransmissions");
    // Exponential backoff from RTO.Initial, capped at RTO.Max: 0.5 + 1 + 2 + 4 + 8 + 16 + 32 + 60 + 60 s.
    assertEquals(183_500 * MILLI, p.now);
  }

  @Test
  void peerThatVanishesMidTransferFailsTheAssociationAfterMaxRetransmissions() {
    SctpAssociation a = Sctp.association(5);
    SctpAssociation b = Sctp.association(6);
    SimLink ab = Sctp.link(10, 0, 1);
    SimLink ba = Sctp.link(10, 0, 2);
    SimPair p = pair(a, b, ab, ba);
    a.connect(0);
    assertTrue(p.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 5 * SECOND));
    ab.blackhole(true);
    ba.blackhole(true);
    long vanished = p.now;
    byte[] m = new byte[50_000];
    a.send(p.now, 0, 53, true, Reliability.RELIABLE, m, 0, m.length);
    assertTrue(p.runUntil(() -> a.state() == SctpState.TERMINATED, 3_600 * SECOND));
    SctpEvent.Closed closed = first(atA, SctpEvent.Closed.class);
    assertEquals(CloseReason.PEER_UNREACHABLE, closed.reason());
    assertEquals(11, a.stats().retransmissionTimeouts(), "Association.Max.Retrans (10) + 1 expiries");
    double seconds = (p.now - vanished) / 1e9;
    assertTrue(seconds > 200 && seconds < 400, "backed off to RTO.Max: " + seconds + " s");
  }

  @Test
  void idlePeerThatVanishesIsFoundByHeartbeats() {
    SctpAssociation a = new SctpAssociation(Sctp.config(7).heartbeatIntervalMillis(1_000).build());
    SctpAssociation b = Sctp.association(8);
    SimLink ab = Sctp.link(10, 0, 1);
    SimLink ba = Sctp.link(10, 0, 2);
    SimPair p = pair(a, b, ab, ba);
    a.connect(0);
    assertTrue(p.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 5 * SECOND));
    p.runFor(10 * SECOND);
    assertEquals(SctpState.ESTABLISHED, a.state(), "answered heartbeats keep it up");
    long heartbeats = ab.packetsSent;
    assertTrue(heartbeats >= 8, "about one heartbeat a second: " + heartbeats);
    ba.blackhole(true);
    assertTrue(p.runUntil(() -> a.state() == SctpState.TERMINATED, 3_600 * SECOND));
    assertEquals(CloseReason.PEER_UNREACHABLE, first(atA, SctpEvent.Closed.class).reason());
  }

  @Test
  void gracefulShutdownDeliversEverythingFirst() {
    SctpAssociation a = Sctp.association(9);
    SctpAssociation b = Sctp.association(10);
    SimPair p = pair(a, b, Sctp.link(15, 0.1, 1), Sctp.link(15, 0.1, 2));
    a.connect(0);
    assertTrue(p.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 30 * SECOND));
    for (int i = 0; i < 100; i++) {
      byte[] m = Payloads.message(i, 2000);
      a.send(p.now, 0, 53, true, Reliability.RELIABLE, m, 0, m.length);
    }
    a.shutdown(p.now);
    assertEquals(SctpState.SHUTDOWN_PENDING, a.state());
    assertThrows(SendException.class, () -> a.send(p.now, 0, 53, true, Reliability.RELIABLE, new byte[1], 0, 1));
    assertTrue(p.runUntil(() -> a.state() == SctpState.TERMINATED && b.state() == SctpState.TERMINATED, 300 * SECOND));
    assertEquals(100, dataAtB.size());
    for (int i = 0; i < 100; i++) {
      assertArrayEquals(Payloads.message(i, 2000), dataAtB.get(i));
    }
    assertEquals(CloseReason.SHUTDOWN, first(atA, SctpEvent.Closed.class).reason());
    assertEquals(CloseReason.SHUTDOWN, first(atB, SctpEvent.Closed.class).reason());
  }

  @Test
  void abortEndsBothSidesAtOnce() {
    SctpAssociation a = Sctp.association(11);
    SctpAssociation b = Sctp.association(12);
    SimPair p = pair(a, b, Sctp.link(5, 0, 1), Sctp.link(5, 0, 2));
    a.connect(0);
    assertTrue(p.runUntil(() -> b.state() == SctpState.ESTABLISHED, 5 * SECOND));
    b.abort(p.now, "going away");
    assertEquals(SctpState.TERMINATED, b.state());
    assertTrue(p.runUntil(() -> a.state() == SctpState.TERMINATED, SECOND));
    SctpEvent.Closed c = first(atA, SctpEvent.Closed.class);
    assertEquals(CloseReason.ABORTED_BY_PEER, c.reason());
    assertEquals("User-Initiated Abort: going away", c.detail());
    assertEquals(CloseReason.ABORTED_LOCALLY, first(atB, SctpEvent.Closed.class).reason());
    assertEquals(Long.MAX_VALUE, a.pollTimeout());
  }

  @Test
  void streamResetWaitsForDataInFlightAndRestartsSequenceNumbers() {
    SctpAssociation a = Sctp.association(13);
    SctpAssociation b = Sctp.association(14);
    List<String> order = new ArrayList<>();
    SimPair p = SimPair.of(a, b, Sctp.link(20, 0.2, 1), Sctp.link(20, 0.2, 2), e -> {
      if (e instanceof SctpEvent.StreamsReset r && !r.incoming()) {
        order.add("A out " + java.util.Arrays.toString(r.streamIds()));
      }
    }, e -> {
      if (e instanceof SctpEvent.Message m) {
        order.add("B msg " + m.streamId() + ":" + Payloads.index(m.data()));
      } else if (e instanceof SctpEvent.StreamsReset r && r.incoming()) {
        order.add("B in " + java.util.Arrays.toString(r.streamIds()));
      }
    });
    a.connect(0);
    assertTrue(p.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 30 * SECOND));
    for (int i = 0; i < 30; i++) {
      byte[] m = Payloads.message(i, 1500);
      a.send(p.now, 3, 53, true, Reliability.RELIABLE, m, 0, m.length);
    }
    a.resetStreams(p.now, 3);
    assertThrows(SendException.class, () -> a.send(p.now, 3, 53, true, Reliability.RELIABLE, new byte[1], 0, 1));
    assertTrue(p.runUntil(() -> order.contains("A out [3]"), 120 * SECOND), order.toString());
    int inAt = order.indexOf("B in [3]");
    assertTrue(inAt >= 0);
    for (int i = 0; i < 30; i++) {
      assertTrue(order.indexOf("B msg 3:" + i) >= 0 && order.indexOf("B msg 3:" + i) < inAt, "message " + i + " before the reset");
    }
    // After the reset SSNs start at 0 again; B must accept them.
    byte[] again = Payloads.message(100, 10);
    a.send(p.now, 3, 53, true, Reliability.RELIABLE, again, 0, again.length);
    assertTrue(p.runUntil(() -> order.contains("B msg 3:100"), 60 * SECOND));
  }

  @Test
  void receiverThatDoesNotReadClosesTheWindow() {
    SctpAssociation a = Sctp.association(15);
    SctpAssociation b = new SctpAssociation(Sctp.config(16).initialReceiveWindowBytes(64 * 1024)
        .maxReceiveWindowBytes(64 * 1024).build());
    boolean[] reading = {false};
    long[] got = {0};
    SimPair.Node lazyB = new SimPair.Node() {
      @Override
      public void handlePacket(long now, byte[] buf, int off, int len) {
        b.handlePacket(now, buf, off, len);
      }

      @Override
      public void handleTimeout(long now) {
        b.handleTimeout(now);
      }

      @Override
      public SctpTransmit pollTransmit() {
        return b.pollTransmit();
      }

      @Override
      public long pollTimeout() {
        return b.pollTimeout();
      }

      @Override
      public boolean dispatchEvents() {
        if (!reading[0]) {
          return false;
        }
        boolean any = false;
        for (SctpEvent e; (e = b.pollEvent()) != null; any = true) {
          if (e instanceof SctpEvent.Message m) {
            got[0] += m.data().length;
          }
        }
        return any;
      }
    };
    SimPair p = new SimPair(SimPair.node(a, e -> {}), lazyB, Sctp.link(10, 0, 1), Sctp.link(10, 0, 2), 0);
    a.connect(0);
    assertTrue(p.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 5 * SECOND));
    byte[] m = new byte[1000];
    for (int i = 0; i < 500; i++) {
      a.send(p.now, 0, 53, true, Reliability.RELIABLE, m, 0, m.length);
    }
    p.runFor(5 * SECOND);
    assertTrue(a.stats().peerReceiveWindowBytes() < 2_000, "window closed: " + a.stats().peerReceiveWindowBytes());
    assertTrue(a.bufferedAmount() > 300_000, "the sender holds back");
    // The window, plus the eighth kept for fragment bookkeeping that zero window probes may use.
    assertTrue(b.stats().bytesReceived() <= 64 * 1024 * 9 / 8 + 1000, "the receiver holds at most its window: " + b.stats());
    assertTrue(b.stats().droppedPackets() > 0, "probes beyond the window were dropped");
    reading[0] = true;
    assertTrue(p.runUntil(() -> got[0] == 500_000, 60 * SECOND), "window reopened: " + got[0]);
  }
}
