package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ICE-TCP (RFC 6544): candidates with tcptype, pairing rules, a connection per pair, checks and
 * media framed by RFC 4571. First two agents over an in-memory stream network on a manual clock,
 * then two {@link IceTransport}s over real TCP on 127.0.0.1.
 */
class IceTcpTest {
  static final long MS = 1_000_000L;
  static final InetSocketAddress A_UDP = IceAgentTest.addr("10.0.0.1", 5000);
  static final InetSocketAddress A_TCP = IceAgentTest.addr("10.0.0.1", 5001);
  static final InetSocketAddress B_UDP = IceAgentTest.addr("10.0.0.2", 6000);
  static final InetSocketAddress B_TCP = IceAgentTest.addr("10.0.0.2", 6001);

  /** In-memory TCP: connections between agents, delivering framed bytes frame by frame at +1 ms. */
  static final class StreamNet {
    long now = 1_000_000_000L;
    final IceAgent a;
    final IceAgent b;
    final Map<String, Long> peerOf = new HashMap<>(); // "agent:id" -> the other end's id
    final ArrayDeque<Object[]> inFlight = new ArrayDeque<>();
    int ephemeral = 40000;
    int udpDropped;
    final List<IceEvent> eventsA = new ArrayList<>();
    final List<IceEvent> eventsB = new ArrayList<>();

    StreamNet(IceAgent a, IceAgent b) {
      this.a = a;
      this.b = b;
    }

    IceAgent other(IceAgent x) {
      return x == a ? b : a;
    }

    String key(IceAgent x, long id) {
      return (x == a ? "a:" : "b:") + id;
    }

    void drain(IceAgent x) {
      for (Transmit t; (t = x.pollTransmit()) != null; ) {
        if (!t.isStream()) {
          udpDropped++; // UDP is blocked on this network
          continue;
        }
        Long to = peerOf.get(key(x, t.connection()));
        if (to != null) {
          inFlight.add(new Object[] {other(x), to, t.data(), now + MS});
        }
      }
      for (IceEvent e; (e = x.pollEvent()) != null; ) {
        (x == a ? eventsA : eventsB).add(e);
        if (e instanceof IceEvent.OpenConnection o) {
          IceAgent y = other(x);
          InetSocketAddress local = new InetSocketAddress(o.local().getAddress(), ephemeral++);
          long accepted = y.handleAccepted(now, o.remote(), local);
          assertNotEquals(0, accepted, "the peer listens on " + o.remote());
          peerOf.put(key(x, o.connection()), accepted);
          peerOf.put(key(y, accepted), o.connection());
          x.handleConnected(now, o.connection(), local);
        }
      }
    }

    void step() {
      drain(a);
      drain(b);
      long next = Math.min(a.pollTimeout(), b.pollTimeout());
      if (!inFlight.isEmpty()) {
        next = Math.min(next, (long) inFlight.peek()[3]);
      }
      now = Math.max(now, next);
      while (!inFlight.isEmpty() && (long) inFlight.peek()[3] <= now) {
        Object[] f = inFlight.poll();
        byte[] d = (byte[]) f[2];
        Received r = ((IceAgent) f[0]).handleFrame(now, (long) f[1], d, 0, d.length);
        assertFalse(r.isApplication());
      }
      if (a.pollTimeout() <= now) {
        a.handleTimeout(now);
      }
      if (b.pollTimeout() <= now) {
        b.handleTimeout(now);
      }
    }
  }

  @Test
  void pairsActiveWithPassiveAndConnectsOverTcpWhenUdpIsBlocked() {
    Random r = new Random(3);
    IceCredentials ca = IceCredentials.random(r);
    IceCredentials cb = IceCredentials.random(r);
    IceConfig.Builder cfg = IceConfig.builder().tcpCandidates(true);
    IceAgent a = new IceAgent(cfg.random(new Random(1)).build(), ca, IceRole.CONTROLLING);
    IceAgent b = new IceAgent(cfg.random(new Random(2)).build(), cb, IceRole.CONTROLLED);
    StreamNet net = new StreamNet(a, b);
    a.addHostCandidate(net.now, A_UDP);
    List<Candidate> tcpA = a.addTcpHostCandidates(net.now, A_TCP);
    b.addHostCandidate(net.now, B_UDP);
    b.addTcpHostCandidates(net.now, B_TCP);
    a.endOfLocalCandidates();
    b.endOfLocalCandidates();
    assertEquals(List.of("active", "passive"), tcpA.stream().map(Candidate::tcpType).toList());
    assertEquals(9, tcpA.get(0).port(), "an active candidate's port is 9 (RFC 6544 §4.5)");
    assertEquals(A_TCP.getPort(), tcpA.get(1).port());
    assertTrue(a.localCandidates().get(0).priority() > tcpA.get(0).priority(), "UDP host above TCP host");
    assertTrue(tcpA.get(0).priority() > tcpA.get(1).priority(), "active above passive (direction preference)");
    a.setRemoteCredentials(cb);
    b.setRemoteCredentials(ca);
    b.localCandidates().forEach(a::addRemoteCandidate);
    a.localCandidates().forEach(b::addRemoteCandidate);
    // Pairing: UDP with UDP; our active with their passive only.
    for (CandidatePair p : a.checkList()) {
      assertEquals(p.local().isUdp(), p.remote().isUdp(), p.toString());
      if (!p.local().isUdp()) {
        assertEquals("active", p.local().tcpType());
        assertEquals("passive", p.remote().tcpType());
      }
    }
    assertEquals(2, a.checkList().size(), "udp-udp and active-passive");
    for (int i = 0; i < 10_000 && (a.selectedPair() == null || b.selectedPair() == null); i++) {
      net.step();
    }
    CandidatePair sa = a.selectedPair();
    CandidatePair sb = b.selectedPair();
    assertFalse(sa.local().isUdp(), "connected over TCP: " + sa);
    assertFalse(sb.local().isUdp());
    // Both ends of one connection: one side's active candidate, the other's passive one.
    assertNotEquals(sa.local().tcpType(), sb.local().tcpType());
    CandidatePair active = "active".equals(sa.local().tcpType()) ? sa : sb;
    CandidatePair passive = active == sa ? sb : sa;
    assertEquals(passive.localAddress(), active.remoteAddress());
    assertEquals(CandidateType.PRFLX, passive.remote().type(), "the active side's ephemeral port is learned");
    assertTrue(sa.connection() != 0 && sa.needsWrap());
    assertTrue(net.udpDropped > 0, "UDP was tried");
    // Media over the connection: RFC 4571 framing both ways.
    byte[] rtp = {(byte) 0x80, 96, 0, 1, 2, 3};
    byte[] out = new byte[64];
    int n = a.wrap(rtp, 0, rtp.length, out, 0);
    assertEquals(rtp.length + 2, n);
    assertEquals(rtp.length, ((out[0] & 0xFF) << 8) | (out[1] & 0xFF));
    long bConn = net.peerOf.get(net.key(a, sa.connection()));
    Received got = b.handleFrame(net.now, bConn, out, 0, n);
    assertTrue(got.isApplication());
    assertArrayEquals(rtp, java.util.Arrays.copyOfRange(got.buffer(), got.offset(), got.offset() + got.length()));
    assertEquals(sb.remoteAddress(), got.from());
  }

  @Test
  @Timeout(60)
  void transportsConnectOverRealTcpWithOnlyTcpCandidatesSignalled() throws Exception {
    IceConfig cfg = LoopbackPeers.loopbackConfig(7).tcpCandidates(true).build();
    try (org.rtc4j.net.EventLoop loopA = new org.rtc4j.net.EventLoop("tcp-a");
        org.rtc4j.net.EventLoop loopB = new org.rtc4j.net.EventLoop("tcp-b")) {
      Random r = new Random(9);
      IceCredentials ca = IceCredentials.random(r);
      IceCredentials cb = IceCredentials.random(r);
      IceTransport[] t = new IceTransport[2];
      List<CompletableFuture<CandidatePair>> sel = List.of(new CompletableFuture<>(), new CompletableFuture<>());
      for (int i = 0; i < 2; i++) {
        int me = i;
        t[i] = new IceTransport(i == 0 ? loopA : loopB, cfg, i == 0 ? ca : cb,
            i == 0 ? IceRole.CONTROLLING : IceRole.CONTROLLED, e -> {
              if (e instanceof IceEvent.LocalCandidate c && !c.candidate().isUdp()) {
                t[1 - me].addRemoteCandidate(c.candidate()); // only TCP candidates reach the peer
              } else if (e instanceof IceEvent.SelectedPair p) {
                sel.get(me).complete(p.pair());
              }
            });
      }
      t[0].setRemoteCredentials(cb, false).join();
      t[1].setRemoteCredentials(ca, false).join();
      CompletableFuture<byte[]> atB = new CompletableFuture<>();
      t[1].onRtp((buf, off, len, from) -> atB.complete(java.util.Arrays.copyOfRange(buf, off, off + len)));
      t[0].start().get(5, TimeUnit.SECONDS);
      t[1].start().get(5, TimeUnit.SECONDS);
      CandidatePair sa = sel.get(0).get(20, TimeUnit.SECONDS);
      CandidatePair sb = sel.get(1).get(20, TimeUnit.SECONDS);
      assertEquals("tcp", sa.local().transport());
      assertEquals("tcp", sb.local().transport());
      assertNotEquals(sa.local().tcpType(), sb.local().tcpType(), "two ends of one connection");
      byte[] rtp = {(byte) 0x80, 111, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8};
      assertTrue(loopA.submit(() -> t[0].send(rtp, 0, rtp.length)).get(5, TimeUnit.SECONDS));
      assertArrayEquals(rtp, atB.get(10, TimeUnit.SECONDS));
      t[0].closeAsync().get(5, TimeUnit.SECONDS);
      t[1].closeAsync().get(5, TimeUnit.SECONDS);
    }
  }
}
