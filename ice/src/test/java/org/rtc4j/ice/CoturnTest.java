package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.net.EventLoop;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/** Against a real STUN server: coturn, started on 127.0.0.1 with a configuration of its own. */
@Timeout(60)
class CoturnTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  @TempDir
  static Path dir;
  static Coturn coturn;

  @BeforeAll
  static void startCoturn() throws Exception {
    Assumptions.assumeTrue(Coturn.available(), "coturn is not installed (/usr/bin/turnserver): apt-get install coturn");
    coturn = Coturn.start(dir, LOOPBACK, Coturn.freeUdpPort(LOOPBACK), List.of());
    coturn.awaitReady();
  }

  @AfterAll
  static void stopCoturn() throws Exception {
    if (coturn != null) {
      coturn.close();
    }
  }

  @Test
  void codecTalksToCoturn() throws Exception {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      s.setSoTimeout(2000);
      byte[] tid = StunMessage.newTransactionId(new Random(5));
      byte[] buf = new byte[128];
      int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, tid).fingerprint().length();
      s.send(new DatagramPacket(buf, len, coturn.address));
      DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
      s.receive(p);
      StunMessage res = StunMessage.parse(p.getData(), 0, p.getLength());
      assertEquals(StunClass.SUCCESS_RESPONSE, res.messageClass());
      assertTrue(res.hasTransactionId(tid));
      assertEquals(s.getLocalSocketAddress(), res.attribute(StunAttribute.XorMappedAddress.class).address());
    }
  }

  @Test
  void serverReflexiveGatheringCompletesWithTheServersAnswer() throws Exception {
    IceConfig cfg = LoopbackPeers.loopbackConfig(11).stunServers(List.of(coturn.address)).build();
    Gathered g = gather(cfg);
    assertEquals(1, g.stats.stunServerResponses(), "coturn answered");
    assertEquals(0, g.stats.stunServerTimeouts());
    // No NAT on loopback: the mapped address equals the host address, so no srflx candidate (RFC 8445 §5.1.3).
    assertTrue(g.millis < 2_000, "gathering completed on the answer, not a timeout: " + g.millis + " ms");
  }

  @Test
  void stunHostNamesAreResolvedOffTheEventLoop() throws Exception {
    IceConfig cfg = LoopbackPeers.loopbackConfig(13)
        .stunServers(List.of(InetSocketAddress.createUnresolved("localhost", coturn.address.getPort()))).build();
    try (EventLoop loop = new EventLoop("coturn-resolve")) {
      CompletableFuture<Void> complete = new CompletableFuture<>();
      IceTransport t = new IceTransport(loop, cfg, IceCredentials.random(new Random(1)), IceRole.CONTROLLING, e -> {
        if (e instanceof IceEvent.GatheringStateChanged s && s.state() == GatheringState.COMPLETE) {
          complete.complete(null);
        }
      });
      // A slow DNS: the answer comes only when the test releases it.
      CompletableFuture<List<InetAddress>> answer = new CompletableFuture<>();
      java.util.concurrent.atomic.AtomicReference<String> asked = new java.util.concurrent.atomic.AtomicReference<>();
      t.setResolver(host -> {
        asked.set(host);
        return answer;
      });
      t.start().get(5, TimeUnit.SECONDS);
      // The loop is not blocked by the pending lookup: it runs other work, gathering waits.
      assertEquals(42, loop.submit(() -> 42).get(1, TimeUnit.SECONDS));
      assertEquals("localhost", asked.get());
      assertTrue(!complete.isDone(), "gathering waits for the STUN server's address");
      answer.complete(List.of(LOOPBACK));
      complete.get(20, TimeUnit.SECONDS);
      assertEquals(1, loop.submit(() -> t.agent().stats().stunServerResponses()).get(), "coturn answered");
      t.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void deadServerTimesOutCleanly() throws Exception {
    InetSocketAddress dead = new InetSocketAddress(LOOPBACK, Coturn.freeUdpPort(LOOPBACK));
    IceConfig cfg = LoopbackPeers.loopbackConfig(12).stunServers(List.of(dead)).stunRto(Duration.ofMillis(100))
        .stunMaxTransmits(3).stunRm(4).build();
    Gathered g = gather(cfg);
    assertEquals(0, g.stats.stunServerResponses());
    assertEquals(1, g.stats.stunServerTimeouts());
    // Transmissions at 0, 100, 300 ms, then Rm x RTO = 400 ms: gives up at 700 ms (RFC 8489 §6.2.1).
    assertTrue(g.millis >= 650 && g.millis < 3_000, g.millis + " ms");
    assertTrue(g.candidates.stream().allMatch(c -> c.type() == CandidateType.HOST));
  }

  record Gathered(IceStats stats, long millis, List<Candidate> candidates) {}

  private static Gathered gather(IceConfig cfg) throws Exception {
    try (EventLoop loop = new EventLoop("coturn-test")) {
      CompletableFuture<Void> complete = new CompletableFuture<>();
      IceTransport t = new IceTransport(loop, cfg, IceCredentials.random(new Random(1)), IceRole.CONTROLLING, e -> {
        if (e instanceof IceEvent.GatheringStateChanged s && s.state() == GatheringState.COMPLETE) {
          complete.complete(null);
        }
      });
      long start = System.nanoTime();
      t.start().get(5, TimeUnit.SECONDS);
      complete.get(20, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - start) / 1_000_000;
      IceStats stats = loop.submit(() -> t.agent().stats()).get(5, TimeUnit.SECONDS);
      List<Candidate> cands = loop.submit(() -> t.agent().localCandidates()).get(5, TimeUnit.SECONDS);
      t.closeAsync().get(5, TimeUnit.SECONDS);
      return new Gathered(stats, millis, cands);
    }
  }
}
