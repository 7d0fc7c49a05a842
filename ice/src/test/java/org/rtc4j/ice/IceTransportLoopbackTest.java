package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Two agents on real UDP sockets over 127.0.0.1. */
@Timeout(30)
class IceTransportLoopbackTest {
  @Test
  void connectOverLoopbackAndExchangeDtlsAndRtp() throws Exception {
    try (LoopbackPeers p = new LoopbackPeers(LoopbackPeers.loopbackConfig(1).build(),
        LoopbackPeers.loopbackConfig(2).build())) {
      CompletableFuture<byte[]> dtlsAtB = new CompletableFuture<>();
      CompletableFuture<byte[]> rtpAtA = new CompletableFuture<>();
      p.b.onDtls((buf, off, len, from) -> dtlsAtB.complete(Arrays.copyOfRange(buf, off, off + len)));
      p.a.onRtp((buf, off, len, from) -> rtpAtA.complete(Arrays.copyOfRange(buf, off, off + len)));
      byte[] dtls = {22, (byte) 0xfe, (byte) 0xfd, 1, 2, 3};
      // No pair yet: media is refused.
      assertFalse(p.loopA.submit(() -> p.a.send(dtls, 0, dtls.length)).get(5, TimeUnit.SECONDS));
      assertEquals(1, p.a.sendRefusedCount());

      List<InetSocketAddress> boundA = p.a.start().get(5, TimeUnit.SECONDS);
      p.b.start().get(5, TimeUnit.SECONDS);
      assertEquals(List.of(InetAddress.getLoopbackAddress()), boundA.stream().map(InetSocketAddress::getAddress).toList());

      CandidatePair pa = p.selectedA.get(10, TimeUnit.SECONDS);
      CandidatePair pb = p.selectedB.get(10, TimeUnit.SECONDS);
      assertEquals(pa.localAddress(), pb.remoteAddress());
      assertEquals(pb.localAddress(), pa.remoteAddress());

      assertTrue(p.loopA.submit(() -> p.a.send(dtls, 0, dtls.length)).get(5, TimeUnit.SECONDS));
      assertArrayEquals(dtls, dtlsAtB.get(5, TimeUnit.SECONDS));
      byte[] rtp = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7};
      assertTrue(p.loopB.submit(() -> p.b.send(rtp, 0, rtp.length)).get(5, TimeUnit.SECONDS));
      assertArrayEquals(rtp, rtpAtA.get(5, TimeUnit.SECONDS));

      IceState sa = p.loopA.submit(() -> p.a.agent().state()).get(5, TimeUnit.SECONDS);
      assertTrue(sa == IceState.CONNECTED || sa == IceState.COMPLETED, sa.toString());
      assertTrue(p.loopA.submit(() -> p.a.agent().state() == p.a.state()).get(5, TimeUnit.SECONDS),
          "the thread-safe mirror agrees");
      assertEquals(pa, p.a.selectedPair());
      assertEquals(GatheringState.COMPLETE, p.a.gatheringState());
      assertTrue(p.eventsA.stream().anyMatch(e -> e instanceof IceEvent.LocalCandidate));
    }
  }

  /**
   * Datagrams nobody claims are never silent: each is counted under its {@link IceDropReason}
   * (RFC 7983 §7 ranges; DTLS and RTP only from known remote addresses).
   */
  @Test
  void countsUnclaimedDatagramsByReason() throws Exception {
    try (LoopbackPeers p = new LoopbackPeers(LoopbackPeers.loopbackConfig(4).build(),
        LoopbackPeers.loopbackConfig(5).build());
        java.nio.channels.DatagramChannel stranger = java.nio.channels.DatagramChannel.open()) {
      InetSocketAddress b = p.b.start().get(5, TimeUnit.SECONDS).get(0);
      stranger.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      CompletableFuture<byte[]> dtlsAtB = new CompletableFuture<>();
      byte[] dtls = {22, (byte) 0xfe, (byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
      byte[] rtp = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 7};
      byte[][] unclaimed = {
          dtls, // no onDtls handler yet
          new byte[20], // 0..3 but no STUN magic cookie
          {(byte) 0x40, 0, 0, 4, 1, 2, 3, 4}, // a TURN ChannelData message: no range of RFC 7983 here
          {}, // empty
      };
      for (byte[] d : unclaimed) {
        stranger.send(java.nio.ByteBuffer.wrap(d), b);
      }
      awaitDrops(p.b, 4);
      p.b.onDtls((buf, off, len, from) -> dtlsAtB.complete(Arrays.copyOfRange(buf, off, off + len)));
      p.b.onRtp((buf, off, len, from) -> { });
      stranger.send(java.nio.ByteBuffer.wrap(dtls), b); // now handled, but the sender is no candidate
      stranger.send(java.nio.ByteBuffer.wrap(rtp), b);
      awaitDrops(p.b, 6);
      assertEquals(1, p.b.droppedCount(IceDropReason.NO_HANDLER));
      assertEquals(1, p.b.droppedCount(IceDropReason.NOT_STUN));
      assertEquals(1, p.b.droppedCount(IceDropReason.UNKNOWN_PROTOCOL));
      assertEquals(1, p.b.droppedCount(IceDropReason.EMPTY));
      assertEquals(2, p.b.droppedCount(IceDropReason.UNKNOWN_SOURCE));
      assertEquals(0, p.b.droppedCount(IceDropReason.CLOSED));
      assertEquals(6, p.b.droppedCount());
      assertFalse(dtlsAtB.isDone(), "nothing reached the DTLS handler");
    }
  }

  private static void awaitDrops(IceTransport t, long n) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (t.droppedCount() < n && System.nanoTime() < end) {
      Thread.sleep(2);
    }
    StringBuilder sb = new StringBuilder();
    for (IceDropReason r : IceDropReason.values()) {
      sb.append(r).append('=').append(t.droppedCount(r)).append(' ');
    }
    assertEquals(n, t.droppedCount(), sb.toString());
  }

  @Test
  void connectOverIpv6Loopback() throws Exception {
    InetAddress v6 = InetAddress.getByName("::1");
    IceConfig.Builder cfg = IceConfig.builder().includeLoopback(true).ipv4(false).addressFilter(v6::equals);
    Assumptions.assumeFalse(IceTransport.hostAddresses(cfg.build()).isEmpty(), "no ::1 on this machine");
    try (LoopbackPeers p = new LoopbackPeers(cfg.random(new Random(1)).build(), cfg.random(new Random(2)).build())) {
      p.a.start().get(5, TimeUnit.SECONDS);
      p.b.start().get(5, TimeUnit.SECONDS);
      CandidatePair pa = p.selectedA.get(10, TimeUnit.SECONDS);
      assertEquals(v6, pa.localAddress().getAddress());
      assertEquals(v6, pa.remoteAddress().getAddress());
      assertEquals(pa.localAddress(), p.selectedB.get(10, TimeUnit.SECONDS).remoteAddress());
    }
  }

  @Test
  void mdnsCandidatesGoThroughTheResolverWhenOneIsSet() throws Exception {
    try (LoopbackPeers p = new LoopbackPeers(LoopbackPeers.loopbackConfig(8).build(),
        LoopbackPeers.loopbackConfig(9).build())) {
      p.b.setMdnsResolver(name -> CompletableFuture.completedFuture(
          name.equals("6b8e1f4c-0d3a-4f51-a1d2-7f0e5c3b2a19.local") ? InetAddress.getLoopbackAddress() : null));
      p.b.start().get(5, TimeUnit.SECONDS);
      // A port nothing else announces, so the candidate can only come from the resolver.
      Candidate hidden = Candidate.parse("candidate:1 1 udp 2122260223 6b8e1f4c-0d3a-4f51-a1d2-7f0e5c3b2a19.local "
          + "9 typ host");
      p.b.addRemoteCandidate(hidden).get(5, TimeUnit.SECONDS);
      List<Candidate> remotes = p.loopB.submit(() -> p.b.agent().remoteCandidates()).get(5, TimeUnit.SECONDS);
      assertEquals(List.of("127.0.0.1:9"), remotes.stream().map(c -> c.address() + ":" + c.port()).toList());
      Candidate unknown = hidden.withAddress("00000000-0000-4000-8000-000000000000.local");
      p.b.addRemoteCandidate(unknown).get(5, TimeUnit.SECONDS);
      assertEquals(1, p.loopB.submit(() -> p.b.agent().stats().mdnsCandidatesIgnored()).get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void iceRestartOverLoopbackKeepsMediaFlowing() throws Exception {
    try (LoopbackPeers p = new LoopbackPeers(LoopbackPeers.loopbackConfig(21).build(),
        LoopbackPeers.loopbackConfig(22).build())) {
      java.util.concurrent.BlockingQueue<byte[]> atB = new java.util.concurrent.LinkedBlockingQueue<>();
      p.b.onDtls((buf, off, len, from) -> atB.add(Arrays.copyOfRange(buf, off, off + len)));
      p.a.start().get(5, TimeUnit.SECONDS);
      p.b.start().get(5, TimeUnit.SECONDS);
      CandidatePair first = p.selectedA.get(10, TimeUnit.SECONDS);
      p.selectedB.get(10, TimeUnit.SECONDS);
      Random r = new Random(23);
      IceCredentials newA = IceCredentials.random(r);
      IceCredentials newB = IceCredentials.random(r);
      p.a.restart(newA).get(5, TimeUnit.SECONDS);
      p.b.restart(newB).get(5, TimeUnit.SECONDS); // both re-signal their candidates (trickled by LoopbackPeers)
      assertEquals(newA, p.a.localCredentials());
      byte[] dtls = {23, 1, 2, 3};
      assertTrue(p.loopA.submit(() -> p.a.send(dtls, 0, dtls.length)).get(5, TimeUnit.SECONDS),
          "media keeps flowing on the old pair during the restart");
      assertArrayEquals(dtls, atB.poll(5, TimeUnit.SECONDS));
      p.a.setRemoteCredentials(newB, false).get(5, TimeUnit.SECONDS);
      p.b.setRemoteCredentials(newA, false).get(5, TimeUnit.SECONDS);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end && p.eventsA.stream().filter(e -> e instanceof IceEvent.SelectedPair).count() < 2) {
        Thread.sleep(5);
      }
      List<CandidatePair> selected = p.eventsA.stream().filter(e -> e instanceof IceEvent.SelectedPair)
          .map(e -> ((IceEvent.SelectedPair) e).pair()).toList();
      assertEquals(2, selected.size(), "a new pair after the restart");
      assertTrue(selected.get(1) != first);
      assertEquals(first.remoteAddress(), selected.get(1).remoteAddress(), "same sockets, new generation");
      assertTrue(p.loopA.submit(() -> p.a.send(dtls, 0, dtls.length)).get(5, TimeUnit.SECONDS));
      assertArrayEquals(dtls, atB.poll(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void hostAddressesHonourTheFilters() {
    IceConfig loopOnly = LoopbackPeers.loopbackConfig(3).build();
    assertEquals(List.of(InetAddress.getLoopbackAddress()), IceTransport.hostAddresses(loopOnly));
    IceConfig none = IceConfig.builder().addressFilter(a -> false).build();
    assertEquals(List.of(), IceTransport.hostAddresses(none));
    // Without includeLoopback, loopback appears only if nothing else exists.
    List<InetAddress> dflt = IceTransport.hostAddresses(IceConfig.builder().ipv6(false).build());
    assertTrue(dflt.stream().allMatch(InetAddress::isLoopbackAddress)
        || dflt.stream().noneMatch(InetAddress::isLoopbackAddress));
  }

  @Test
  void portRangeIsHonoured() throws Exception {
    int base = 40000 + (int) (ProcessHandle.current().pid() % 20000);
    IceConfig cfg = LoopbackPeers.loopbackConfig(4).portRange(base, base + 20).build();
    try (LoopbackPeers p = new LoopbackPeers(cfg, LoopbackPeers.loopbackConfig(5).build())) {
      int port = p.a.start().get(5, TimeUnit.SECONDS).get(0).getPort();
      assertTrue(port >= base && port <= base + 20, "port " + port);
    }
  }
}
