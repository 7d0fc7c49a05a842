package org.rtc4j.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.IceServer;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.RtpSender;

/**
 * {@link WhipClient} and {@link WhepClient} against {@link WhipServer} over 127.0.0.1, with real
 * connections on both sides: media both ways, trickle and ICE restart over PATCH, Link headers.
 */
@Timeout(60)
class WhipClientServerTest {
  private static final byte[] OPUS = {0x78, 1, 2, 3, 4, 5, 6, 7};

  private final Peers peers = new Peers();
  private WhipServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    peers.close();
  }

  private URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** Sends audio frames until {@code count} has grown by {@code frames} (at most 5 s). */
  private static void sendUntil(RtpSender sender, AtomicInteger count, int frames) throws InterruptedException {
    int target = count.get() + frames;
    for (int k = 0; k < 250 && count.get() < target; k++) {
      sender.sendFrame(new EncodedFrame(OPUS, 960L * k, true, Codec.OPUS));
      Thread.sleep(20);
    }
    assertTrue(count.get() >= target, "frames arrived: " + count.get() + " of " + target);
  }

  @Test
  void publishCarriesMediaToTheServerAndCloseDeletes() throws Exception {
    AtomicInteger frames = new AtomicInteger();
    AtomicReference<WhipServerSession> serverSession = new AtomicReference<>();
    AtomicInteger closed = new AtomicInteger();
    server = WhipServer.builder(new InetSocketAddress("127.0.0.1", 0)).token("tok")
        .peerConnections(id -> {
          PeerConnection pc = peers.server();
          // onTrack fires while the offer is applied: a listener for it goes on in the factory
          pc.onTrack(e -> e.receiver().onFrame(f -> frames.incrementAndGet()));
          return pc;
        })
        .onSession(s -> {
          s.onClose(closed::incrementAndGet);
          serverSession.set(s);
        })
        .start();
    PeerConnection pc = peers.client();
    RtpSender mic = pc.addTrack(MediaStreamTrack.audio("mic"), "s");
    WhipSession session = WhipClient.create().publish(url("/whip"), "tok", pc).get(20, TimeUnit.SECONDS);

    assertTrue(session.resource().getPath().matches("/whip/[0-9a-f]{32}"), session.resource().toString());
    assertEquals(serverSession.get().location(), session.resource().getPath());
    assertEquals(serverSession.get().etag(), session.etag());
    assertTrue(session.etag().matches("\"[0-9a-f]{16}\""), session.etag());
    assertEquals(List.of(), session.iceServers());
    Peers.await(() -> pc.connectionState() == PeerConnectionState.CONNECTED, 20, "the client connected");
    sendUntil(mic, frames, 30);
    assertTrue(serverSession.get().connected());

    session.close();
    assertEquals(0, server.sessionCount());
    assertEquals(1, closed.get());
    assertTrue(serverSession.get().isClosed());
    Peers.await(() -> serverSession.get().peerConnection().connectionState() == PeerConnectionState.CLOSED, 5,
        "the server's connection closed");
    session.close(); // a second close sends nothing
  }

  @Test
  void subscribeReceivesWhatTheServerSends() throws Exception {
    List<RtpSender> serverSenders = new CopyOnWriteArrayList<>();
    server = WhipServer.builder(new InetSocketAddress("127.0.0.1", 0)).path("/whep")
        .peerConnections(id -> peers.server())
        .onSession(new WhipServer.SessionHandler() {
          @Override
          public void onOffer(WhipServerSession s) {
            serverSenders.add(s.peerConnection().addTrack(MediaStreamTrack.audio("clip"), "s"));
          }

          @Override
          public void onSession(WhipServerSession s) {
            // media starts once connected, below
          }
        })
        .start();
    PeerConnection pc = peers.client();
    AtomicInteger frames = new AtomicInteger();
    List<MediaKind> kinds = new CopyOnWriteArrayList<>();
    pc.onTrack(e -> {
      kinds.add(e.kind());
      e.receiver().onFrame(f -> frames.incrementAndGet());
    });
    WhipSession session = WhepClient.create().subscribe(url("/whep"), null, pc).get(20, TimeUnit.SECONDS);
    assertEquals(2, pc.getTransceivers().size(), "recvonly audio and video were added");
    WhipServerSession s = server.sessions().get(0);
    Peers.await(() -> s.connected() && pc.connectionState() == PeerConnectionState.CONNECTED, 20, "connected");
    sendUntil(serverSenders.get(0), frames, 30);
    assertTrue(kinds.contains(MediaKind.AUDIO), kinds.toString());
    session.close();
    assertEquals(0, server.sessionCount());
  }

  @Test
  void trickledCandidatesReachTheServerOverPatch() throws Exception {
    server = WhipServer.builder(new InetSocketAddress("127.0.0.1", 0))
        .peerConnections(id -> peers.server()).onSession(s -> { }).start();
    PeerConnection pc = peers.client();
    List<IceCandidate> gathered = new CopyOnWriteArrayList<>();
    AtomicInteger ends = new AtomicInteger();
    pc.onIceCandidate(c -> {
      if (c == null) {
        ends.incrementAndGet();
      } else {
        gathered.add(c);
      }
    });
    pc.addTrack(MediaStreamTrack.audio("mic"), "s");
    WhipSession session = WhipClient.builder().trickle(true).build().publish(url("/whip"), null, pc).get(20, TimeUnit.SECONDS);
    WhipServerSession s = server.sessions().get(0);
    assertTrue(!s.offer().contains("a=candidate:"), "trickle: the offer went without candidates");
    Peers.await(() -> ends.get() > 0, 10, "the client's gathering");
    List<IceCandidate> all = new ArrayList<>(gathered);
    assertTrue(!all.isEmpty());
    all.add(IceCandidate.endOfCandidates(all.get(0).sdpMid(), all.get(0).sdpMLineIndex()));
    String etag = session.etag();
    session.patchCandidates(all).get(10, TimeUnit.SECONDS);
    assertEquals(all.size() - 1, s.remoteCandidates(), "every candidate went to the server's connection");
    assertEquals(etag, session.etag(), "trickle keeps the ICE session");
    Peers.await(() -> s.connected() && pc.connectionState() == PeerConnectionState.CONNECTED, 20, "connected");
    session.close();
  }

  @Test
  void iceRestartOverPatchKeepsMediaFlowing() throws Exception {
    AtomicInteger frames = new AtomicInteger();
    server = WhipServer.builder(new InetSocketAddress("127.0.0.1", 0))
        .peerConnections(id -> {
          PeerConnection pc = peers.server();
          pc.onTrack(e -> e.receiver().onFrame(f -> frames.incrementAndGet()));
          return pc;
        })
        .onSession(s -> { })
        .start();
    PeerConnection pc = peers.client();
    RtpSender mic = pc.addTrack(MediaStreamTrack.audio("mic"), "s");
    WhipSession session = WhipClient.create().publish(url("/whip"), null, pc).get(20, TimeUnit.SECONDS);
    WhipServerSession s = server.sessions().get(0);
    Peers.await(() -> pc.connectionState() == PeerConnectionState.CONNECTED, 20, "connected");
    sendUntil(mic, frames, 10);
    String etag = session.etag();
    String clientUfrag = SdpFragment.of(pc.localDescription().sdp()).iceUfrag();
    String serverUfrag = SdpFragment.of(s.peerConnection().localDescription().sdp()).iceUfrag();

    session.restartIce().get(20, TimeUnit.SECONDS);

    assertEquals(1, s.iceRestarts());
    assertNotEquals(etag, session.etag(), "a new ICE session, a new ETag");
    assertEquals(s.etag(), session.etag());
    assertNotEquals(clientUfrag, SdpFragment.of(pc.localDescription().sdp()).iceUfrag());
    assertNotEquals(serverUfrag, SdpFragment.of(s.peerConnection().localDescription().sdp()).iceUfrag());
    assertEquals(SdpFragment.of(s.peerConnection().localDescription().sdp()).iceUfrag(),
        SdpFragment.of(pc.remoteDescription().sdp()).iceUfrag(), "the client applied the server's new credentials");
    Peers.await(() -> pc.connectionState() == PeerConnectionState.CONNECTED, 20, "connected after the restart");
    sendUntil(mic, frames, 30);

    // The old ETag is stale now: trickle with it gets 412.
    WhipSession stale = new WhipSession(WhipClient.create(), session.resource(), null, pc, etag, List.of());
    ExecutionException e = assertThrows(ExecutionException.class, () -> stale.patchCandidates(List.of()).get(10, TimeUnit.SECONDS));
    assertEquals(412, ((WhipException) e.getCause()).status());
    session.close();
  }

  @Test
  void iceServersGoOutInLinkHeadersAndComeBackParsed() throws Exception {
    List<IceServer> configured = List.of(IceServer.of("stun:stun.example.net"),
        IceServer.of("turn:turn.example.net?transport=udp", "user", "myPassword"));
    server = WhipServer.builder(new InetSocketAddress("127.0.0.1", 0)).iceServers(configured)
        .peerConnections(id -> peers.server()).onSession(s -> { }).start();
    PeerConnection pc = peers.client();
    pc.addTrack(MediaStreamTrack.audio("mic"), "s");
    WhipSession session = WhipClient.create().publish(url("/whip"), null, pc).get(20, TimeUnit.SECONDS);
    assertEquals(configured, session.iceServers());
    session.close();
  }

  @Test
  void clientErrorsCarryTheStatusAndTheReason() throws Exception {
    server = WhipServer.builder(new InetSocketAddress("127.0.0.1", 0)).token("tok")
        .peerConnections(id -> peers.server()).onSession(s -> { }).start();
    PeerConnection pc = peers.client();
    pc.addTrack(MediaStreamTrack.audio("mic"), "s");
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> WhipClient.create().publish(url("/whip"), "wrong", pc).get(20, TimeUnit.SECONDS));
    WhipException w = (WhipException) e.getCause();
    assertEquals(401, w.status());
    assertEquals(url("/whip") + " answered HTTP 401: this endpoint needs Authorization: Bearer <token>", w.getMessage());

    PeerConnection other = peers.client();
    other.addTrack(MediaStreamTrack.audio("mic"), "s");
    e = assertThrows(ExecutionException.class,
        () -> WhipClient.create().publish(URI.create("http://127.0.0.1:1/whip"), null, other).get(20, TimeUnit.SECONDS));
    w = (WhipException) e.getCause();
    assertEquals(0, w.status());
    assertEquals("http://127.0.0.1:1/whip does not answer (connection refused)", w.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WhipClient.create().publish(URI.create("ftp://x/whip"), null, other));
    assertNull(server.session("nosuch"));
    assertNotNull(server);
  }
}
