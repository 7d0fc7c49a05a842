package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.testing.Coturn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay-only calls between rtc4j and headless Chromium through a real coturn ({@link Coturn}, on
 * 127.0.0.1 with long-term credentials), over each transport to the TURN server: UDP, TCP and TLS.
 * Both sides use {@code iceTransportPolicy} relay and the same transport; rtc4j offers audio and
 * video and sends the VP8/Opus fixtures, Chromium ({@code chromium/relay.html}) answers with its
 * fake camera and microphone. Checked: media both ways (frames assembled by rtc4j, Chromium's
 * inbound-rtp packets and decoded frames), and the selected pair is relay/relay on both sides,
 * with the relay protocol of the transport under test on each side's local candidate.
 *
 * <p>What Chromium does with {@code turns:} (found here, Chromium 156): it verifies the TURN
 * server's certificate with its network stack's verifier, as for HTTPS. coturn's self-signed
 * certificate fails with {@code net_error -202} (ERR_CERT_AUTHORITY_INVALID, logged by {@code
 * ssl_client_socket_impl.cc}); the TURN port then reports "Connection with server failed", the page
 * gets {@code icecandidateerror} 701 and no relay candidate, and there is no unverified fallback
 * ({@link #chromiumRefusesTurnOverTlsWithAnUntrustedCertificate}). The headless switches that
 * relax HTTPS apply to TURN too: {@code --ignore-certificate-errors} makes it accept any
 * certificate, and {@code --ignore-certificate-errors-spki-list=<base64 SHA-256 of the
 * SubjectPublicKeyInfo>} (effective with {@code --user-data-dir}) accepts exactly coturn's key,
 * which is what the TLS case uses. rtc4j trusts the same certificate through {@code
 * Configuration.Builder.turnTlsContext(Tls.trusting(...))} and checks the name {@code localhost}.
 *
 * <p>Runs in the loopback-only namespace {@code ./run-tests} makes (see {@link HeadlessChromium}).
 */
@Timeout(60)
class ChromiumRelayTest {
  private static final Logger LOG = LoggerFactory.getLogger(ChromiumRelayTest.class);

  /** The transport between each peer and coturn. */
  enum Transport {
    UDP, TCP, TLS
  }

  @RegisterExtension
  static final ChromiumRun run = new ChromiumRun("rtc4j-chromium-relay");

  @TempDir Path dir;
  private Coturn coturn;
  private ChromiumSignaling http;
  private HeadlessChromium chromium;
  private PeerConnection pc;
  private TrickleBridge trickle;
  private volatile String lastStats = "";
  private final List<String> gathered = Collections.synchronizedList(new ArrayList<>());
  private final List<String> candidateErrors = Collections.synchronizedList(new ArrayList<>());
  private final List<EncodedFrame> video = Collections.synchronizedList(new ArrayList<>());
  private final List<EncodedFrame> audio = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void needsCoturn() {
    Assumptions.assumeTrue(Coturn.available(), "coturn or openssl is not installed");
  }

  @ParameterizedTest(name = "TURN over {0}")
  @EnumSource(Transport.class)
  void relayOnlyCallCarriesMediaBothWays(Transport transport) throws Exception {
    coturn = run.closing(Coturn.start(dir));
    // Chromium verifies the TURN server's certificate: trust exactly coturn's key (see the class doc).
    List<String> flags = transport == Transport.TLS
        ? List.of("--ignore-certificate-errors-spki-list=" + spkiSha256(coturn.certificate())) : List.of();
    FixtureStream fixtures = call(transport, transport, flags);

    // Sustained flow both ways: 30 frames decoded and 50 audio packets in Chromium, a video
    // keyframe and 50 audio frames assembled here.
    Pattern decoded = Pattern.compile("inbound video .*framesDecoded=([3-9]\\d|\\d{3,})\\b");
    Pattern audioIn = Pattern.compile("inbound audio packetsReceived=([5-9]\\d|\\d{3,})\\b");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(35);
    while (System.nanoTime() < deadline && !(decoded.matcher(lastStats).find() && audioIn.matcher(lastStats).find()
        && video.stream().anyMatch(EncodedFrame::keyframe) && audio.size() >= 50)) {
      fixtures.sendDue();
      Thread.sleep(5);
    }
    String context = "\nChromium stats:\n" + lastStats + "\nChromium gathered " + gathered + "\nChromium errors "
        + candidateErrors + "\nrtc4j: " + video.size() + " video, " + audio.size() + " audio frames\ncoturn:\n"
        + coturnLog() + "\nChromium:\n" + tail(chromium.log());
    LOG.info("TURN over {}: Chromium stats {}", transport, lastStats);
    assertEquals(PeerConnectionState.CONNECTED, pc.connectionState(), context);
    assertTrue(decoded.matcher(lastStats).find(), "Chromium decoded rtc4j's video through the relay" + context);
    assertTrue(audioIn.matcher(lastStats).find(), "Chromium received rtc4j's audio through the relay" + context);
    assertTrue(video.stream().anyMatch(EncodedFrame::keyframe), "rtc4j assembled Chromium's video" + context);
    assertTrue(audio.size() >= 50, "rtc4j received Chromium's audio" + context);

    // Chromium gathered relay candidates only, and its selected pair is relay to relay.
    assertTrue(!gathered.isEmpty(), context);
    synchronized (gathered) {
      for (String c : gathered) {
        assertTrue(c.contains(" typ relay"), "Chromium's relay policy gathers relays only: " + c);
      }
    }
    String relayProtocol = transport.name().toLowerCase(java.util.Locale.ROOT);
    Matcher selected = Pattern.compile("selected local=(\\S+) relayProtocol=(\\S+) localProtocol=(\\S+) remote=(\\S+)")
        .matcher(lastStats);
    assertTrue(selected.find(), "Chromium reports a selected pair" + context);
    assertEquals("relay", selected.group(1), "Chromium's selected local candidate" + context);
    assertEquals(relayProtocol, selected.group(2), "Chromium's relayProtocol" + context);
    assertEquals("udp", selected.group(3), "a relayed candidate is UDP between the relays" + context);
    assertEquals("relay", selected.group(4), "Chromium's selected remote candidate (rtc4j's relay)" + context);

    // rtc4j's selected pair is relay to relay, over the transport under test to coturn.
    StatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
    Stats transportStats = report.get("T01");
    assertNotNull(transportStats, "transport stats");
    Stats pair = report.get((String) transportStats.get("selectedCandidatePairId"));
    assertNotNull(pair, "a selected candidate pair: " + report);
    Stats local = report.get((String) pair.get("localCandidateId"));
    Stats remote = report.get((String) pair.get("remoteCandidateId"));
    assertEquals("relay", local.get("candidateType"), "rtc4j's selected local candidate " + local);
    assertEquals("relay", remote.get("candidateType"), "rtc4j's selected remote candidate (Chromium's relay) " + remote);
    assertEquals("udp", local.get("protocol"), local.toString());
    assertEquals(relayProtocol, local.get("relayProtocol"), "rtc4j's relayProtocol " + local);
    for (Stats st : report.ofType("local-candidate")) {
      assertEquals("relay", st.get("candidateType"), "relay policy gathers relays only: " + st);
    }
    assertTrue(pair.getLong("packetsReceived", 0) > 0 && pair.getLong("packetsSent", 0) > 0, pair.toString());
  }

  /**
   * The untrusted case: Chromium without the pin refuses coturn's self-signed certificate
   * (ERR_CERT_AUTHORITY_INVALID in its network stack), reports {@code icecandidateerror} 701 for
   * the {@code turns:} URL and gathers no relay candidate; it does not fall back to an unverified
   * connection.
   */
  @Test
  void chromiumRefusesTurnOverTlsWithAnUntrustedCertificate() throws Exception {
    coturn = run.closing(Coturn.start(dir));
    call(Transport.UDP, Transport.TLS, List.of());
    String url = "turns:localhost:" + coturn.tlsPort() + "?transport=tcp";
    for (int i = 0; i < 400 && candidateErrors.isEmpty(); i++) {
      Thread.sleep(50);
    }
    String context = "\nChromium gathered " + gathered + "\nChromium errors " + candidateErrors + "\ncoturn:\n"
        + coturnLog() + "\nChromium:\n" + tail(chromium.log());
    assertTrue(candidateErrors.stream().anyMatch(e -> e.startsWith(url + " 701 ")),
        "Chromium reports the TLS failure as icecandidateerror 701" + context);
    // The page answers once its gathering is complete: nothing was gathered, nothing is in the answer.
    for (int i = 0; i < 300 && pc.remoteDescription() == null; i++) {
      Thread.sleep(50);
    }
    assertNotNull(pc.remoteDescription(), "Chromium answered after gathering" + context);
    assertTrue(gathered.isEmpty(), "no relay candidate through an untrusted server" + context);
    assertFalse(pc.remoteDescription().sdp().contains("a=candidate:"), pc.remoteDescription().sdp());
  }

  /**
   * rtc4j (relay-only over {@code rtc4jTransport}) offers audio and video, and Chromium
   * (relay-only over {@code chromiumTransport}, started with {@code flags}) answers; returns the
   * fixtures to pace.
   */
  private FixtureStream call(Transport rtc4jTransport, Transport chromiumTransport, List<String> flags)
      throws Exception {
    String chromiumUrl = switch (chromiumTransport) {
      case UDP -> "turn:127.0.0.1:" + coturn.port() + "?transport=udp";
      case TCP -> "turn:127.0.0.1:" + coturn.port() + "?transport=tcp";
      case TLS -> "turns:localhost:" + coturn.tlsPort() + "?transport=tcp";
    };
    String rtc4jUrl = coturn.url(rtc4jTransport.name().toLowerCase(java.util.Locale.ROOT));
    Configuration.Builder config = Configuration.builder().loopbackOnly()
        .iceServers(IceServer.of(rtc4jUrl, Coturn.USER, Coturn.PASSWORD))
        .iceTransportPolicy(IceTransportPolicy.RELAY).turnTlsContext(coturn.trust());
    pc = run.peer(config);
    trickle = new TrickleBridge(pc);
    pc.onConnectionStateChange(s -> LOG.info("rtc4j connection state {}", s));
    pc.onIceCandidateError(e -> LOG.warn("rtc4j icecandidateerror {}", e));
    pc.onTrack(e -> e.receiver().onFrame(f -> (e.kind() == MediaKind.VIDEO ? video : audio).add(f)));
    FixtureStream fixtures = new FixtureStream(pc.addTrack(MediaStreamTrack.video("rtc4j-video"), "rtc4j"),
        pc.addTrack(MediaStreamTrack.audio("rtc4j-audio"), "rtc4j"));
    Description offer = pc.createOffer().get(10, TimeUnit.SECONDS);
    pc.setLocalDescription(offer).get(10, TimeUnit.SECONDS);
    http = run.closing(new ChromiumSignaling("relay.html", trickle, o -> "", offer::sdp, trickle::applyAnswer, Map.of("/stats", body -> lastStats = body, "/gathered", gathered::add, "/candidate-error", e -> {
      LOG.info("Chromium icecandidateerror {}", e);
      candidateErrors.add(e);
    })));
    chromium = run.closing(HeadlessChromium.open(http.url("turn=" + enc(chromiumUrl) + "&user=" + enc(Coturn.USER)
        + "&cred=" + enc(Coturn.PASSWORD)), false, flags));
    return fixtures;
  }

  /** Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (Chromium's SPKI pin format). */
  private static String spkiSha256(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      byte[] spki = CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey().getEncoded();
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
    }
  }

  private String coturnLog() {
    try {
      return tail(Files.readString(coturn.log()));
    } catch (IOException e) {
      return "(no coturn log: " + e + ")";
    }
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
