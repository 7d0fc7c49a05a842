package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
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

/**
 * Relay-only calls between two rtc4j peers through a real coturn (started here on 127.0.0.1 with
 * long-term credentials, RFC 8656 over UDP), and the error event for wrong credentials.
 */
@Timeout(60)
class TurnPeerTest {
  private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-Turn";

  @TempDir Path dir;
  private Process coturn;
  private int port;
  private final List<PeerConnection> open = new ArrayList<>();

  @BeforeEach
  void startCoturn() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(TURNSERVER), "coturn is not installed");
    port = freePort();
    Path log = dir.resolve("turnserver.log");
    Files.writeString(dir.resolve("turnserver.conf"), String.join("\n",
        "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=" + port,
        "lt-cred-mech", "user=" + USER + ":" + PASSWORD, "realm=rtc4j.test", "allow-loopback-peers",
        "no-cli", "no-tls", "no-dtls", "no-rfc5780", "no-software-attribute", "simple-log",
        "log-file=" + log, "pidfile=" + dir.resolve("turnserver.pid"), "userdb=" + dir.resolve("turndb"), ""));
    coturn = new ProcessBuilder(TURNSERVER.toString(), "-c", dir.resolve("turnserver.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.out").toFile()).start();
    awaitListening();
  }

  @AfterEach
  void stop() throws Exception {
    for (PeerConnection pc : open) {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
    if (coturn != null) {
      coturn.destroy();
      coturn.waitFor(5, TimeUnit.SECONDS);
    }
  }

  /** Bounded wait until coturn holds its UDP port (binding it fails then). */
  private void awaitListening() throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      try {
        new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).close();
      } catch (IOException inUse) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("coturn did not start");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private PeerConnection relayOnly(String password) {
    PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly()
        .iceServers(IceServer.of("turn:127.0.0.1:" + port, USER, password))
        .iceTransportPolicy(IceTransportPolicy.RELAY).build());
    open.add(pc);
    return pc;
  }

  @Test
  void relayOnlyCallOverTurnUdpCarriesData() throws Exception {
    PeerConnection a = relayOnly(PASSWORD);
    PeerConnection b = relayOnly(PASSWORD);
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    b.onDataChannel(announced::add);
    DataChannel chat = a.createDataChannel("chat", DataChannelInit.defaults());
    CountDownLatch opened = new CountDownLatch(1);
    chat.onOpen(opened::countDown);
    BlockingQueue<DataChannelMessage> atA = new LinkedBlockingQueue<>();
    chat.onMessage(atA::add);
    new Signaling(a, b).negotiate(a);
    assertTrue(opened.await(30, TimeUnit.SECONDS), "the channel opens over the relay");
    DataChannel remote = announced.poll(10, TimeUnit.SECONDS);
    assertNotNull(remote, "announced at b");
    remote.onMessage(m -> remote.send("echo " + m.text()));
    for (int i = 0; i < 100 && remote.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(20);
    }
    chat.send("through coturn");
    DataChannelMessage echo = atA.poll(10, TimeUnit.SECONDS);
    assertNotNull(echo, "echo through both relays");
    assertEquals("echo through coturn", echo.text());

    for (PeerConnection pc : List.of(a, b)) {
      StatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
      Stats transport = report.get("T01");
      assertNotNull(transport, "transport stats");
      Stats pair = report.get((String) transport.get("selectedCandidatePairId"));
      assertNotNull(pair, "a selected candidate pair");
      Stats local = report.get((String) pair.get("localCandidateId"));
      Stats remoteCand = report.get((String) pair.get("remoteCandidateId"));
      assertEquals("relay", local.get("candidateType"), "the selected pair is relayed");
      assertEquals("relay", remoteCand.get("candidateType"), "the peer is relay-only too");
      assertEquals("udp", local.get("protocol"));
      for (Stats st : report.ofType("local-candidate")) {
        assertEquals("relay", st.get("candidateType"), "relay policy gathers relays only: " + st);
      }
    }
  }

  @Test
  void wrongCredentialsGiveAnErrorEventNotAHang() throws Exception {
    BlockingQueue<IceCandidateError> errors = new LinkedBlockingQueue<>();
    PeerConnection a = relayOnly("wrong-password");
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
    assertTrue(e.url().startsWith("turn:127.0.0.1:" + port), e.url());
    assertFalse(e.toString().contains("wrong-password"), "no credential in the event");
    assertTrue(complete.await(15, TimeUnit.SECONDS), "gathering completes after the failure");
  }
}
