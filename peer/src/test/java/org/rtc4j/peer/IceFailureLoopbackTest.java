package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ICE fails on time (issue 15) with real sockets on 127.0.0.1: a connection whose only remote
 * candidate points at a closed UDP port, and whose peer never signals end-of-candidates, reports
 * {@code failed} once its check gave up (7.9 s: RTO 100 ms, 7 transmissions, Rm 16) and the
 * {@link Configuration#iceFailureTimeout()} passed; and a connection that got no remote candidate
 * at all fails after the timeout alone. Bounded waits only.
 */
@Timeout(60)
class IceFailureLoopbackTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final long CHECK_GIVES_UP_MS = 7_900;
  /** Allowance for a loaded machine (the 2-core CI box runs several builds). */
  private static final long MARGIN_MS = 4_000;

  private static String withoutCandidates(String sdp) {
    return sdp.replaceAll("a=candidate:[^\r\n]*\r\n", "").replace("a=end-of-candidates\r\n", "");
  }

  @Test
  void remoteCandidateAtAClosedPortFailsOnTime() throws Exception {
    Configuration config = Configuration.builder().loopbackOnly().iceFailureTimeout(TIMEOUT).build();
    PeerConnection a = PeerConnection.create(config);
    PeerConnection b = PeerConnection.create(config);
    try {
      CompletableFuture<Long> aFailed = new CompletableFuture<>();
      CompletableFuture<Long> aIceFailed = new CompletableFuture<>();
      CompletableFuture<Long> bFailed = new CompletableFuture<>();
      a.onConnectionStateChange(s -> {
        if (s == PeerConnectionState.FAILED) {
          aFailed.complete(System.nanoTime());
        }
      });
      a.onIceConnectionStateChange(s -> {
        if (s == IceConnectionState.FAILED) {
          aIceFailed.complete(System.nanoTime());
        }
      });
      b.onConnectionStateChange(s -> {
        if (s == PeerConnectionState.FAILED) {
          bFailed.complete(System.nanoTime());
        }
      });
      a.createDataChannel("x", DataChannelInit.defaults());
      // Descriptions only: no candidates either way, no end-of-candidates (trickle is not wired).
      Description offer = Signaling.get(a.createOffer());
      Signaling.get(a.setLocalDescription(offer));
      Signaling.get(b.setRemoteDescription(Description.offer(withoutCandidates(offer.sdp()))));
      long bRemoteSet = System.nanoTime();
      Description answer = Signaling.get(b.createAnswer());
      Signaling.get(b.setLocalDescription(answer));
      Signaling.get(a.setRemoteDescription(Description.answer(withoutCandidates(answer.sdp()))));
      int closedPort;
      try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
        closedPort = s.getLocalPort();
      }
      Matcher mid = Pattern.compile("a=mid:(\\S+)").matcher(offer.sdp());
      assertTrue(mid.find(), offer.sdp());
      long t0 = System.nanoTime();
      Signaling.get(a.addIceCandidate(new IceCandidate(
          "candidate:1 1 udp 2122260223 127.0.0.1 " + closedPort + " typ host", mid.group(1), 0)));

      long bound = CHECK_GIVES_UP_MS + TIMEOUT.toMillis() + MARGIN_MS;
      long failedAt = aFailed.get(bound + 1_000, TimeUnit.MILLISECONDS);
      long ms = (failedAt - t0) / 1_000_000;
      long iceMs = (aIceFailed.getNow(Long.MAX_VALUE) - t0) / 1_000_000;
      System.out.println("IceFailureLoopbackTest: a failed after " + ms + " ms (ICE " + iceMs + " ms) with timeout "
          + TIMEOUT.toMillis() + " ms; the check gives up after " + CHECK_GIVES_UP_MS + " ms");
      assertTrue(ms >= CHECK_GIVES_UP_MS + TIMEOUT.toMillis() - 200, "not before the check and the timeout: " + ms + " ms");
      assertTrue(ms <= bound, "on time: " + ms + " ms");
      assertTrue(iceMs <= ms, "ICE failed first, then the connection: " + iceMs + " / " + ms);
      assertEquals(IceConnectionState.FAILED, a.iceConnectionState());
      assertEquals(PeerConnectionState.FAILED, a.connectionState());
      assertFalse(a.remoteDescription().sdp().contains("end-of-candidates"));

      // b never got a candidate: nothing to check, so the timeout alone (from its remote description).
      long bMs = (bFailed.get(TIMEOUT.toMillis() + MARGIN_MS, TimeUnit.MILLISECONDS) - bRemoteSet) / 1_000_000;
      System.out.println("IceFailureLoopbackTest: b (no remote candidate) failed after " + bMs + " ms");
      assertTrue(bMs >= TIMEOUT.toMillis() - 200 && bMs <= TIMEOUT.toMillis() + MARGIN_MS, bMs + " ms");
    } finally {
      a.closeAsync().get(5, TimeUnit.SECONDS);
      b.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }
}
