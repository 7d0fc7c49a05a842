package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.dtls.DtlsHandshakeExecutor;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.EventLoopGroup;

/** close() releases every socket, timer and handshake of a connection. */
@Timeout(60)
class CloseTest {

  /**
   * Whether the port can be bound again within a second. NIO closes a channel registered with a
   * selector for real only when the selector next runs, so the loop needs one more iteration.
   */
  private static boolean portFreed(int port) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try (java.net.DatagramSocket probe =
          new java.net.DatagramSocket(new java.net.InetSocketAddress("127.0.0.1", port))) {
        return probe.getLocalPort() == port;
      } catch (java.net.SocketException inUse) {
        Thread.sleep(10);
      }
    }
    return false;
  }

  private static long threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && t.getName().startsWith(prefix))
        .count();
  }

  @Test
  void closeReleasesSocketsTimersAndThreads() throws Exception {
    EventLoopGroup group = new EventLoopGroup("rtc4j-close", 2, Clock.system());
    for (int round = 0; round < 3; round++) {
      PeerConnection a = PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
      PeerConnection b = PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
      RtpSender v = a.addTrack(MediaStreamTrack.video("v"), "s");
      Map<String, List<EncodedFrame>> atB = LoopbackTest.collect(b);
      Signaling s = new Signaling(a, b);
      s.negotiate(a);
      s.awaitConnected();
      for (EncodedFrame f : Media.vp8(5)) {
        v.sendFrame(f);
        Thread.sleep(33);
      }
      LoopbackTest.awaitCount(atB, "v", 5);
      assertEquals(5, atB.get("v").size(), "round " + round + ": " + atB.get("v") + "\n" + Signaling.get(b.getStats()));
      List<Integer> ports = new java.util.ArrayList<>();
      for (PeerConnection pc : List.of(a, b)) {
        for (Stats c : Signaling.get(pc.getStats()).ofType("local-candidate")) {
          if ("host".equals(c.get("candidateType"))) {
            ports.add((int) c.getLong("port", -1));
          }
        }
      }
      assertEquals(2, ports.size(), "one host candidate each on 127.0.0.1");
      int endpoints = group.loops().stream().mapToInt(EventLoop::endpointCount).sum();
      assertTrue(endpoints >= 2, "each connection holds a socket: " + endpoints);
      a.closeAsync().get(5, TimeUnit.SECONDS);
      b.closeAsync().get(5, TimeUnit.SECONDS);
      assertEquals(0, group.loops().stream().mapToInt(EventLoop::endpointCount).sum(), "sockets left open");
      for (int port : ports) {
        assertTrue(portFreed(port), "127.0.0.1:" + port + " is still bound after close()");
      }
      assertEquals(PeerConnectionState.CLOSED, a.connectionState());
      assertEquals(IceConnectionState.CLOSED, b.iceConnectionState());
    }
    // No handshake of theirs still holds a thread.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (DtlsHandshakeExecutor.shared().admitted() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, DtlsHandshakeExecutor.shared().admitted());
    group.shutdownGracefully().get(5, TimeUnit.SECONDS);
    deadline = System.nanoTime() + 5_000_000_000L;
    while (threadsNamed("rtc4j-close") > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(0, threadsNamed("rtc4j-close"));
  }

  @Test
  void theSharedDefaultGroupStopsWhenItsLastConnectionCloses() throws Exception {
    PeerConnection a = PeerConnection.create(Configuration.builder().loopbackOnly().build());
    String loopName = a.eventLoop().name();
    assertTrue(threadsNamed(loopName) == 1);
    a.addTrack(MediaStreamTrack.audio("x"));
    Signaling.get(a.setLocalDescription());
    a.closeAsync().get(5, TimeUnit.SECONDS);
    assertTrue(a.eventLoop().terminationFuture().isDone()
        || waitTerminated(a.eventLoop()), "the shared loop keeps running with no connection on it");
  }

  private static boolean waitTerminated(EventLoop loop) throws Exception {
    loop.terminationFuture().get(5, TimeUnit.SECONDS);
    return true;
  }
}
