package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.ice.turn.TurnError;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.ice.turn.TurnTransport;
import org.rtc4j.net.TestCerts;
import org.rtc4j.net.Tls;

/**
 * Two {@link IceTransport}s connect through a real TURN server: coturn started by the test on
 * 127.0.0.1 with long-term credentials, over UDP, TCP and TLS (a certificate from a CA the test
 * generates). Relay-only on both sides: the selected pair is relay to relay, and datagrams flow
 * both ways through the server.
 */
@Timeout(120)
class TurnRelayTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  @TempDir
  static Path dir;
  static Coturn coturn;
  static TestCerts certs;

  @BeforeAll
  static void startCoturn() throws Exception {
    Assumptions.assumeTrue(Coturn.available(), "coturn is not installed (/usr/bin/turnserver)");
    Assumptions.assumeTrue(TestCerts.available(), "openssl is not installed");
    certs = TestCerts.generate(Files.createDirectories(dir.resolve("certs")), "rtc4j TURN test CA");
    coturn = Coturn.startTurn(Files.createDirectories(dir.resolve("coturn")), LOOPBACK,
        Coturn.freeUdpTcpPort(LOOPBACK), Coturn.freeTcpPort(LOOPBACK), certs.serverPem, certs.serverKey, List.of());
    coturn.awaitReady();
  }

  @AfterAll
  static void stopCoturn() {
    if (coturn != null) {
      coturn.close();
    }
  }

  static TurnServer server(TurnTransport t, String password) {
    return switch (t) {
      case UDP -> TurnServer.parse("turn:127.0.0.1:" + coturn.address.getPort(), Coturn.USER, password);
      case TCP -> TurnServer.parse("turn:127.0.0.1:" + coturn.address.getPort() + "?transport=tcp", Coturn.USER,
          password);
      case TLS -> TurnServer.parse("turns:localhost:" + coturn.tlsPort, Coturn.USER, password);
    };
  }

  static IceConfig relayOnly(TurnTransport t, String password, long seed) throws Exception {
    return LoopbackPeers.loopbackConfig(seed).relayOnly(true).turnServers(List.of(server(t, password)))
        .tlsContext(Tls.trusting(certs.trustStore())).build();
  }

  @ParameterizedTest
  @EnumSource(TurnTransport.class)
  void relayOnlyPeersConnectThroughCoturn(TurnTransport transport) throws Exception {
    try (LoopbackPeers p = new LoopbackPeers(relayOnly(transport, Coturn.PASSWORD, 1),
        relayOnly(transport, Coturn.PASSWORD, 2))) {
      CompletableFuture<byte[]> atB = new CompletableFuture<>();
      CompletableFuture<byte[]> atA = new CompletableFuture<>();
      p.b.onDtls((buf, off, len, from) -> atB.complete(java.util.Arrays.copyOfRange(buf, off, off + len)));
      p.a.onDtls((buf, off, len, from) -> atA.complete(java.util.Arrays.copyOfRange(buf, off, off + len)));
      p.a.start().get(10, TimeUnit.SECONDS);
      p.b.start().get(10, TimeUnit.SECONDS);
      CandidatePair sa = p.selectedA.get(30, TimeUnit.SECONDS);
      CandidatePair sb = p.selectedB.get(30, TimeUnit.SECONDS);
      for (CandidatePair s : List.of(sa, sb)) {
        assertEquals(CandidateType.RELAY, s.local().type(), "the selected local candidate is relayed: " + s);
        assertTrue(s.needsWrap());
        assertEquals(transport != TurnTransport.UDP, s.connection() != 0);
        assertEquals(coturn.address.getPort() == s.sendAddress().getPort() || transport == TurnTransport.TLS,
            true, "packets go to the TURN server: " + s.sendAddress());
        assertTrue(s.remote().type() == CandidateType.RELAY || s.remote().type() == CandidateType.PRFLX);
      }
      String log = Files.readString(coturn.log);
      assertTrue(log.contains("ALLOCATE processed, success"), "coturn allocated: " + log);
      assertTrue(log.contains("CHANNEL_BIND processed, success"), "coturn bound channels: " + log);
      // Only relay candidates were signalled: no host address leaks in relay-only mode.
      for (IceEvent e : p.eventsA) {
        if (e instanceof IceEvent.LocalCandidate c) {
          assertEquals(CandidateType.RELAY, c.candidate().type());
        }
      }
      byte[] toB = {22, (byte) 0xfe, (byte) 0xfd, 1, 2, 3, 4, 5};
      byte[] toA = {23, (byte) 0xfe, (byte) 0xfd, 9, 8, 7};
      // The channel binds right after the pair forms; retry a few times while Send indications race it.
      for (int i = 0; i < 50 && !(atA.isDone() && atB.isDone()); i++) {
        p.loopA.submit(() -> p.a.send(toB, 0, toB.length)).get(5, TimeUnit.SECONDS);
        p.loopB.submit(() -> p.b.send(toA, 0, toA.length)).get(5, TimeUnit.SECONDS);
        Thread.sleep(20);
      }
      assertArrayEquals(toB, atB.get(10, TimeUnit.SECONDS));
      assertArrayEquals(toA, atA.get(10, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @EnumSource(value = TurnTransport.class, names = {"UDP", "TLS"})
  void wrongCredentialsGiveATypedErrorQuickly(TurnTransport transport) throws Exception {
    IceConfig cfg = relayOnly(transport, "wrong-password", 3);
    CompletableFuture<IceEvent.TurnFailed> failed = new CompletableFuture<>();
    CompletableFuture<Void> complete = new CompletableFuture<>();
    try (org.rtc4j.net.EventLoop loop = new org.rtc4j.net.EventLoop("turn-wrong")) {
      IceTransport t = new IceTransport(loop, cfg, IceCredentials.random(new java.util.Random(1)), IceRole.CONTROLLING,
          e -> {
            if (e instanceof IceEvent.TurnFailed f) {
              failed.complete(f);
            } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == GatheringState.COMPLETE) {
              complete.complete(null);
            }
          });
      long start = System.nanoTime();
      t.start().get(10, TimeUnit.SECONDS);
      IceEvent.TurnFailed f = failed.get(10, TimeUnit.SECONDS);
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals(TurnError.WRONG_CREDENTIALS, f.error());
      assertEquals(401, f.code());
      assertFalse(f.toString().contains("wrong-password"), "no secret in the event");
      complete.get(5, TimeUnit.SECONDS);
      assertTrue(ms < 5_000, "typed error after " + ms + " ms");
      t.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void aServerThatDisappearsIsSurvivedOverAnotherPath() throws Exception {
    Path d = Files.createDirectories(dir.resolve("doomed"));
    try (Coturn doomed = Coturn.startTurn(d, LOOPBACK, Coturn.freeUdpTcpPort(LOOPBACK), Coturn.freeTcpPort(LOOPBACK),
        null, null, List.of())) {
      doomed.awaitReady();
      TurnServer s = TurnServer.parse("turn:127.0.0.1:" + doomed.address.getPort() + "?transport=tcp", Coturn.USER,
          Coturn.PASSWORD);
      IceConfig cfg = LoopbackPeers.loopbackConfig(4).turnServers(List.of(s)).stunRto(Duration.ofMillis(100))
          .stunMaxTransmits(3).stunRm(4).build();
      try (LoopbackPeers p = new LoopbackPeers(cfg, LoopbackPeers.loopbackConfig(5).build())) {
        p.a.start().get(10, TimeUnit.SECONDS);
        p.b.start().get(10, TimeUnit.SECONDS);
        assertTrue(waitFor(() -> p.eventsA.stream().anyMatch(e -> e instanceof IceEvent.LocalCandidate c
            && c.candidate().type() == CandidateType.RELAY), 10_000), "relay candidate gathered");
        p.selectedA.get(10, TimeUnit.SECONDS);
        doomed.kill();
        assertTrue(waitFor(() -> p.eventsA.stream().anyMatch(e -> e instanceof IceEvent.TurnFailed f
            && f.error() == TurnError.CONNECTION_FAILED), 10_000), "the lost server is reported");
        // The host path carries on.
        CompletableFuture<Boolean> got = new CompletableFuture<>();
        p.b.onDtls((buf, off, len, from) -> got.complete(true));
        byte[] dtls = {22, 1, 2, 3};
        for (int i = 0; i < 20 && !got.isDone(); i++) {
          p.loopA.submit(() -> p.a.send(dtls, 0, dtls.length)).get();
          Thread.sleep(20);
        }
        assertTrue(got.get(5, TimeUnit.SECONDS));
        assertTrue(IceAgentTest.connected(p.loopA.submit(() -> p.a.agent()).get()));
      }
    }
  }

  @Test
  void quotaRefusalAndASilentServerAreTyped() throws Exception {
    Path d = Files.createDirectories(dir.resolve("quota"));
    try (Coturn small = Coturn.startTurn(d, LOOPBACK, Coturn.freeUdpTcpPort(LOOPBACK), Coturn.freeTcpPort(LOOPBACK),
        null, null, List.of("user-quota=1"))) {
      small.awaitReady();
      TurnServer s = TurnServer.parse("turn:127.0.0.1:" + small.address.getPort(), Coturn.USER, Coturn.PASSWORD);
      TurnServer sTcp = TurnServer.parse("turn:127.0.0.1:" + small.address.getPort() + "?transport=tcp", Coturn.USER,
          Coturn.PASSWORD);
      int silentPort = Coturn.freeUdpPort(LOOPBACK);
      TurnServer silent = TurnServer.parse("turn:127.0.0.1:" + silentPort, Coturn.USER, Coturn.PASSWORD);
      // Two allocations (UDP, then TCP) for one user where the quota is one, a duplicate entry (one
      // allocation per 5-tuple), and a server that never answers.
      IceConfig cfg = LoopbackPeers.loopbackConfig(6).turnServers(List.of(s, s, sTcp, silent))
          .stunRto(Duration.ofMillis(50)).stunMaxTransmits(3).stunRm(4).build();
      List<IceEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
      CompletableFuture<Void> complete = new CompletableFuture<>();
      try (org.rtc4j.net.EventLoop loop = new org.rtc4j.net.EventLoop("turn-quota")) {
        IceTransport t = new IceTransport(loop, cfg, IceCredentials.random(new java.util.Random(2)),
            IceRole.CONTROLLING, e -> {
              events.add(e);
              if (e instanceof IceEvent.GatheringStateChanged g && g.state() == GatheringState.COMPLETE) {
                complete.complete(null);
              }
            });
        long start = System.nanoTime();
        t.start().get(10, TimeUnit.SECONDS);
        complete.get(10, TimeUnit.SECONDS);
        long ms = (System.nanoTime() - start) / 1_000_000;
        List<IceEvent.TurnFailed> failures = events.stream().filter(IceEvent.TurnFailed.class::isInstance)
            .map(IceEvent.TurnFailed.class::cast).toList();
        assertEquals(1, events.stream().filter(e -> e instanceof IceEvent.LocalCandidate c
            && c.candidate().type() == CandidateType.RELAY).count(), "one allocation within the quota");
        assertTrue(failures.stream().anyMatch(f -> f.error() == TurnError.ALLOCATION_QUOTA_REACHED && f.code() == 486),
            failures.toString());
        assertTrue(failures.stream().anyMatch(f -> f.error() == TurnError.TIMEOUT
            && f.server().port() == silentPort), failures.toString());
        // The silent server: sent at 0, 50, 150 ms, given up 4 x 50 ms later: gathering ends on time.
        assertTrue(ms >= 300 && ms < 5_000, ms + " ms");
        t.closeAsync().get(5, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void oneAllocationRelaysToSeveralPeersThroughTheirChannels() throws Exception {
    try (java.net.DatagramSocket client = new java.net.DatagramSocket(0, LOOPBACK);
        java.net.DatagramSocket p1 = new java.net.DatagramSocket(0, LOOPBACK);
        java.net.DatagramSocket p2 = new java.net.DatagramSocket(0, LOOPBACK)) {
      client.setSoTimeout(2000);
      p1.setSoTimeout(2000);
      p2.setSoTimeout(2000);
      org.rtc4j.ice.turn.TurnClient turn = new org.rtc4j.ice.turn.TurnClient(server(TurnTransport.UDP, Coturn.PASSWORD),
          org.rtc4j.ice.turn.TurnClient.Options.defaults(new java.util.Random(3)));
      long now = System.nanoTime();
      turn.start(now);
      InetSocketAddress peer1 = (InetSocketAddress) p1.getLocalSocketAddress();
      InetSocketAddress peer2 = (InetSocketAddress) p2.getLocalSocketAddress();
      turn.bindChannel(now, peer1);
      turn.bindChannel(now, peer2);
      byte[] in = new byte[2048];
      for (int i = 0; i < 20 && turn.channelOf(peer2) < 0; i++) {
        for (byte[] b; (b = turn.pollTransmit()) != null; ) {
          client.send(new java.net.DatagramPacket(b, b.length, coturn.address));
        }
        if (turn.channelOf(peer2) >= 0) {
          break;
        }
        java.net.DatagramPacket dp = new java.net.DatagramPacket(in, in.length);
        client.receive(dp);
        turn.handleMessage(System.nanoTime(), in, 0, dp.getLength());
      }
      assertTrue(turn.channelOf(peer1) >= 0 && turn.channelOf(peer2) >= 0, "both channels bound");
      byte[] out = new byte[64];
      for (java.net.DatagramSocket p : List.of(p1, p2)) {
        InetSocketAddress to = (InetSocketAddress) p.getLocalSocketAddress();
        int n = turn.wrap(new byte[] {42, (byte) to.getPort()}, 0, 2, to, out, 0);
        client.send(new java.net.DatagramPacket(out, n, coturn.address));
        java.net.DatagramPacket dp = new java.net.DatagramPacket(in, in.length);
        p.receive(dp);
        assertEquals(2, dp.getLength());
        assertEquals((byte) to.getPort(), in[1], "peer " + to + " got its own datagram");
      }
    }
  }

  static boolean waitFor(java.util.function.BooleanSupplier c, long ms) throws InterruptedException {
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() < end) {
      if (c.getAsBoolean()) {
        return true;
      }
      Thread.sleep(10);
    }
    return c.getAsBoolean();
  }
}
