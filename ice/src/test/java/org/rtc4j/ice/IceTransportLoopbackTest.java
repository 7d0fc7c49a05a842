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
      assertTrue(p.eventsA.stream().anyMatch(e -> e instanceof IceEvent.LocalCandidate));
    }
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
