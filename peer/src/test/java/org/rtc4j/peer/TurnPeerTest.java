package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.peer.testing.Coturn;

/**
 * Relay-only calls between two rtc4j peers through a real coturn (started here on 127.0.0.1 with
 * long-term credentials) over each transport to the server: UDP, TCP (RFC 8656 §3.1) and TLS with
 * a certificate the test makes, trusted through {@link Configuration#turnTlsContext()} and named
 * {@code localhost} (resolved off the loop). Also: the error event for wrong credentials, and a
 * call that outlives its TURN server because it runs on another path.
 */
@Timeout(60)
class TurnPeerTest {
  @TempDir Path dir;
  private Coturn coturn;
  private final List<PeerConnection> open = new ArrayList<>();

  @BeforeEach
  void startCoturn() throws Exception {
    Assumptions.assumeTrue(Coturn.available(), "coturn or openssl is not installed");
    coturn = Coturn.start(dir);
  }

  @AfterEach
  void stop() throws Exception {
    for (PeerConnection pc : open) {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
    if (coturn != null) {
      coturn.close();
    }
  }

  private PeerConnection relayOnly(String transport, String password) throws Exception {
    PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly()
        .iceServers(IceServer.of(coturn.url(transport), Coturn.USER, password))
        .turnTlsContext(coturn.trust())
        .iceTransportPolicy(IceTransportPolicy.RELAY).build());
    open.add(pc);
    return pc;
  }

  /** Opens a channel from a to b and checks that an echo comes back; returns a's channel. */
  private static DataChannel echoOnce(PeerConnection a, PeerConnection b, String text) throws Exception {
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    b.onDataChannel(announced::add);
    DataChannel chat = a.createDataChannel("chat", DataChannelInit.defaults());
    CountDownLatch opened = new CountDownLatch(1);
    chat.onOpen(opened::countDown);
    BlockingQueue<DataChannelMessage> atA = new LinkedBlockingQueue<>();
    chat.onMessage(atA::add);
    new Signaling(a, b).negotiate(a);
    assertTrue(opened.await(30, TimeUnit.SECONDS), "the channel opens");
    DataChannel remote = announced.poll(10, TimeUnit.SECONDS);
    if (remote == null) { // what both sides saw, to tell a lost OPEN from a stuck one
      assertNotNull(remote, "announced at b; a: " + a.getStats().get(5, TimeUnit.SECONDS) + "\nb: "
          + b.getStats().get(5, TimeUnit.SECONDS));
    }
    remote.onMessage(m -> remote.send("echo " + m.text()));
    for (int i = 0; i < 100 && remote.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(20);
    }
    chat.send(text);
    DataChannelMessage echo = atA.poll(10, TimeUnit.SECONDS);
    assertNotNull(echo, "an echo");
    assertEquals("echo " + text, echo.text());
    return chat;
  }

  /** The selected pair's local and remote candidate stats. */
  private static Stats[] selectedCandidates(PeerConnection pc) throws Exception {
    StatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
    Stats transport = report.get("T01");
    assertNotNull(transport, "transport stats");
    Stats pair = report.get((String) transport.get("selectedCandidatePairId"));
    assertNotNull(pair, "a selected candidate pair");
    return new Stats[] {report.get((String) pair.get("localCandidateId")),
        report.get((String) pair.get("remoteCandidateId"))};
  }

  @ParameterizedTest(name = "TURN over {0}")
  @ValueSource(strings = {"udp", "tcp", "tls"})
  void relayOnlyCallCarriesData(String transport) throws Exception {
    PeerConnection a = relayOnly(transport, Coturn.PASSWORD);
    PeerConnection b = relayOnly(transport, Coturn.PASSWORD);
    echoOnce(a, b, "through coturn over " + transport);

    for (PeerConnection pc : List.of(a, b)) {
      Stats[] selected = selectedCandidates(pc);
      assertEquals("relay", selected[0].get("candidateType"), "the selected pair is relayed");
      assertEquals("relay", selected[1].get("candidateType"), "the peer is relay-only too");
      assertEquals("udp", selected[0].get("protocol"), "a relayed address is UDP whatever the route to the server");
      assertEquals(transport, selected[0].get("relayProtocol"), "W3C relayProtocol: the route to the server");
      StatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
      for (Stats st : report.ofType("local-candidate")) {
        assertEquals("relay", st.get("candidateType"), "relay policy gathers relays only: " + st);
      }
    }
  }

  @Test
  void callOnAHostPathOutlivesItsTurnServer() throws Exception {
    List<PeerConnection> pcs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly()
          .iceServers(IceServer.of(coturn.udpUrl(), Coturn.USER, Coturn.PASSWORD)).build());
      open.add(pc);
      pcs.add(pc);
    }
    PeerConnection a = pcs.get(0);
    PeerConnection b = pcs.get(1);
    CountDownLatch failed = new CountDownLatch(1);
    a.onConnectionStateChange(s -> {
      if (s == PeerConnectionState.FAILED || s == PeerConnectionState.DISCONNECTED) {
        failed.countDown();
      }
    });
    DataChannel chat = echoOnce(a, b, "before");
    assertEquals("host", selectedCandidates(a)[0].get("candidateType"), "host pairs win over relayed ones");
    coturn.kill();
    BlockingQueue<DataChannelMessage> atA = new LinkedBlockingQueue<>();
    chat.onMessage(atA::add);
    // The relay's refreshes and permissions now go unanswered; the host path carries on.
    for (int i = 0; i < 10; i++) {
      chat.send("after " + i);
      DataChannelMessage echo = atA.poll(5, TimeUnit.SECONDS);
      assertNotNull(echo, "an echo after the TURN server died");
      assertEquals("echo after " + i, echo.text());
      Thread.sleep(200);
    }
    assertEquals(1, failed.getCount(), "the connection never failed nor disconnected");
    assertEquals(PeerConnectionState.CONNECTED, a.connectionState());
  }

  @Test
  void wrongCredentialsGiveAnErrorEventNotAHang() throws Exception {
    BlockingQueue<IceCandidateError> errors = new LinkedBlockingQueue<>();
    PeerConnection a = relayOnly("udp", "wrong-password");
    a.onIceCandidateError(errors::add);
    CountDownLatch complete = new CountDownLatch(1);
    a.onIceGatheringStateChange(s -> {
      if (s == IceGatheringState.COMPLETE) {
        complete.countDown();
      }
    });
    a.createDataChannel("x", DataChannelInit.defaults());
    a.setLocalDescription(a.createOffer().get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
    IceCandidateError e = errors.poll(15, TimeUnit.SECONDS);
    assertNotNull(e, "an icecandidateerror event");
    assertEquals("WRONG_CREDENTIALS", e.reason());
    assertTrue(e.url().startsWith(coturn.udpUrl()), e.url());
    assertFalse(e.toString().contains("wrong-password"), "no credential in the event");
    assertTrue(complete.await(15, TimeUnit.SECONDS), "gathering completes after the failure");
  }

  @Test
  void anAllocationOverQuotaIsReportedWith486() throws Exception {
    try (Coturn small = Coturn.start(java.nio.file.Files.createDirectories(dir.resolve("quota")),
        java.net.InetAddress.getLoopbackAddress(), List.of("user-quota=1"))) {
      BlockingQueue<IceCandidateError> errors = new LinkedBlockingQueue<>();
      CountDownLatch complete = new CountDownLatch(1);
      // Two allocations for one user (over UDP, then over TCP) where the quota is one.
      PeerConnection a = PeerConnection.create(Configuration.builder().loopbackOnly()
          .iceServers(IceServer.of(small.udpUrl(), Coturn.USER, Coturn.PASSWORD),
              IceServer.of(small.tcpUrl(), Coturn.USER, Coturn.PASSWORD))
          .iceTransportPolicy(IceTransportPolicy.RELAY).build());
      open.add(a);
      a.onIceCandidateError(errors::add);
      a.onIceGatheringStateChange(st -> {
        if (st == IceGatheringState.COMPLETE) {
          complete.countDown();
        }
      });
      a.createDataChannel("x", DataChannelInit.defaults());
      a.setLocalDescription(a.createOffer().get(5, TimeUnit.SECONDS)).get(5, TimeUnit.SECONDS);
      assertTrue(complete.await(15, TimeUnit.SECONDS), "gathering completes");
      IceCandidateError e = errors.poll(5, TimeUnit.SECONDS);
      assertNotNull(e, "an icecandidateerror event");
      assertEquals(486, e.errorCode(), e.toString());
      assertEquals("ALLOCATION_QUOTA_REACHED", e.reason());
      long relays = a.localDescription().sdp().lines().filter(l -> l.contains(" typ relay")).count();
      assertEquals(1, relays, "one allocation within the quota");
    }
  }
}
