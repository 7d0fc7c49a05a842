package org.rtc4j.whip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.IceServer;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.PeerConnection;

/**
 * The HTTP rules of RFC 9725 on {@link WhipServer}, request by request with the JDK's HTTP client:
 * 201 with Location, ETag and Link; DELETE; PATCH with If-Match (204, 412, 428); 400, 401, 404,
 * 405, 413, 415, 503; CORS; sessions that never connect. The offers are real ones (a closed
 * client connection's, so the server's connections never connect unless a test says so).
 */
@Timeout(60)
class WhipServerTest {
  private static String offer;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Peers peers = new Peers();
  private final AtomicInteger closedSessions = new AtomicInteger();
  private WhipServer server;
  private String base;

  @BeforeAll
  static void makeOffer() throws Exception {
    try (Peers p = new Peers()) {
      PeerConnection pc = p.client();
      pc.addTransceiver(MediaKind.VIDEO, Direction.SENDONLY);
      offer = Peers.offer(pc);
    }
  }

  private WhipServer.Builder builder() {
    return WhipServer.builder(new InetSocketAddress("127.0.0.1", 0)).token("tok")
        .peerConnections(id -> peers.server())
        .onSession(s -> s.onClose(closedSessions::incrementAndGet));
  }

  private void start(WhipServer.Builder b) throws Exception {
    server = b.start();
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    peers.close();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder post(String path, String type, String body) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
        .header("Authorization", "Bearer tok").POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private HttpRequest.Builder patch(String location, String ifMatch, String type, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer tok")
        .header("Content-Type", type).method("PATCH", HttpRequest.BodyPublishers.ofString(body));
    return ifMatch == null ? b : b.header("If-Match", ifMatch);
  }

  private HttpRequest.Builder delete(String location) {
    return HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer tok").DELETE();
  }

  @Test
  void postCreatesASessionWithLocationEtagAndLinksAndDeleteEndsIt() throws Exception {
    start(builder().iceServers(List.of(IceServer.of("stun:stun.example.net"),
        IceServer.of("turn:turn.example.net?transport=udp", "user", "pw"))));
    HttpResponse<String> res = send(post("/whip", "application/sdp", offer));
    assertEquals(201, res.statusCode(), res.body());
    assertEquals("application/sdp", res.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(res.body().startsWith("v=0\r\n") && res.body().contains("a=candidate:"), "an answer with candidates: " + res.body());
    String location = res.headers().firstValue("Location").orElseThrow();
    assertTrue(location.matches("/whip/[0-9a-f]{32}"), location);
    String etag = res.headers().firstValue("ETag").orElseThrow();
    assertEquals(server.session(location.substring(6)).etag(), etag);
    assertEquals(List.of("<stun:stun.example.net>; rel=\"ice-server\"",
        "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"user\"; credential=\"pw\"; credential-type=\"password\""),
        res.headers().allValues("Link"));
    assertEquals("*", res.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertEquals(1, server.sessionCount());

    assertEquals(200, send(delete(location)).statusCode());
    assertEquals(0, server.sessionCount());
    assertEquals(1, closedSessions.get());
    assertEquals(404, send(delete(location)).statusCode());
    assertEquals(404, send(patch(location, etag, SdpFragment.MEDIA_TYPE, "m=audio 9 X 0\r\n")).statusCode());
  }

  @Test
  void patchFollowsTheEtagRules() throws Exception {
    start(builder());
    HttpResponse<String> res = send(post("/whip", "application/sdp", offer));
    String location = res.headers().firstValue("Location").orElseThrow();
    String etag = res.headers().firstValue("ETag").orElseThrow();
    WhipServerSession s = server.session(location.substring(6));
    String candidate = "m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host\r\n";

    HttpResponse<String> noIfMatch = send(patch(location, null, SdpFragment.MEDIA_TYPE, candidate));
    assertEquals(428, noIfMatch.statusCode(), "RFC 6585 §3: If-Match is required");
    HttpResponse<String> stale = send(patch(location, "\"0123456789abcdef\"", SdpFragment.MEDIA_TYPE, candidate));
    assertEquals(412, stale.statusCode());
    assertEquals(etag, stale.headers().firstValue("ETag").orElseThrow(), "412 tells the current ETag");
    assertEquals(0, s.remoteCandidates());

    HttpResponse<String> ok = send(patch(location, etag, SdpFragment.MEDIA_TYPE, candidate));
    assertEquals(204, ok.statusCode(), ok.body());
    assertEquals(1, s.remoteCandidates());
    assertEquals(204, send(patch(location, "\"x\", " + etag, SdpFragment.MEDIA_TYPE, "m=video 9 X 0\r\na=mid:0\r\na=end-of-candidates\r\n"))
        .statusCode(), "a list of ETags matches when one does");

    assertEquals(415, send(patch(location, etag, "application/sdp", candidate)).statusCode());
    assertEquals(413, send(patch(location, etag, SdpFragment.MEDIA_TYPE, "a".repeat(WhipServer.MAX_BODY_BYTES + 1))).statusCode());
    HttpResponse<String> bad = send(patch(location, etag, SdpFragment.MEDIA_TYPE, "a=candidate:1 1 udp 1 127.0.0.1 9 typ host\r\n"));
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().startsWith("the fragment is not application/trickle-ice-sdpfrag: line 1"), bad.body());
    assertEquals(0, s.iceRestarts(), "no restart so far");
  }

  @Test
  void patchWithoutIfMatchIsAcceptedWhenNotRequired() throws Exception {
    start(builder().requireIfMatch(false));
    String location = send(post("/whip", "application/sdp", offer)).headers().firstValue("Location").orElseThrow();
    assertEquals(204, send(patch(location, null, SdpFragment.MEDIA_TYPE,
        "m=video 9 X 0\r\na=mid:0\r\na=candidate:1 1 udp 2122260223 127.0.0.1 9 typ host\r\n")).statusCode());
  }

  @Test
  void errorsFollowRfc9725() throws Exception {
    start(builder());
    HttpResponse<String> wrongType = send(post("/whip", "application/json", "{}"));
    assertEquals(415, wrongType.statusCode());
    assertTrue(wrongType.body().contains("application/sdp"));
    assertEquals(404, send(post("/elsewhere", "application/sdp", offer)).statusCode());
    assertEquals(404, send(post("/whip/a/b", "application/sdp", offer)).statusCode());
    HttpResponse<String> garbage = send(post("/whip", "application/sdp", "v=0\r\nthis is not SDP\r\n"));
    assertEquals(400, garbage.statusCode());
    assertTrue(garbage.body().startsWith("the offer is not valid SDP: "), garbage.body());
    assertEquals(413, send(post("/whip", "application/sdp", "a".repeat(WhipServer.MAX_BODY_BYTES + 1))).statusCode());
    HttpResponse<String> get = send(HttpRequest.newBuilder(URI.create(base + "/whip")).header("Authorization", "Bearer tok").GET());
    assertEquals(405, get.statusCode());
    assertEquals("POST, OPTIONS", get.headers().firstValue("Allow").orElseThrow());
    HttpResponse<String> noAuth = send(HttpRequest.newBuilder(URI.create(base + "/whip")).header("Content-Type", "application/sdp")
        .POST(HttpRequest.BodyPublishers.ofString(offer)));
    assertEquals(401, noAuth.statusCode());
    assertEquals("Bearer", noAuth.headers().firstValue("WWW-Authenticate").orElseThrow());
    assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + "/whip")).header("Content-Type", "application/sdp")
        .header("Authorization", "Bearer nope").POST(HttpRequest.BodyPublishers.ofString(offer))).statusCode());
    assertEquals(0, server.sessionCount());

    String location = send(post("/whip", "application/sdp", offer)).headers().firstValue("Location").orElseThrow();
    HttpResponse<String> put = send(HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer tok")
        .PUT(HttpRequest.BodyPublishers.ofString("x")));
    assertEquals(405, put.statusCode());
    assertEquals("PATCH, DELETE, OPTIONS", put.headers().firstValue("Allow").orElseThrow());
    assertEquals(401, send(HttpRequest.newBuilder(URI.create(base + location)).DELETE()).statusCode(), "DELETE needs the token too");
    assertEquals(1, server.sessionCount());
  }

  @Test
  void anApplicationRefusalIs400AndLeavesNothingOpen() throws Exception {
    List<PeerConnection> made = new ArrayList<>();
    start(builder().peerConnections(id -> {
      PeerConnection pc = peers.server();
      made.add(pc);
      return pc;
    }).onSession(s -> {
      throw new OfferRejectedException("no video here");
    }));
    HttpResponse<String> res = send(post("/whip", "application/sdp", offer));
    assertEquals(400, res.statusCode());
    assertEquals("no video here\n", res.body());
    assertEquals(0, server.sessionCount());
    assertEquals(1, made.size());
    Peers.await(() -> made.get(0).connectionState() == org.rtc4j.peer.PeerConnectionState.CLOSED, 5, "the refused connection closed");
  }

  @Test
  void aDataChannelOnlyOfferIsRefused() throws Exception {
    start(builder());
    String dataOnly;
    try (Peers p = new Peers()) {
      PeerConnection pc = p.client();
      pc.createDataChannel("chat");
      dataOnly = Peers.offer(pc);
    }
    HttpResponse<String> res = send(post("/whip", "application/sdp", dataOnly));
    assertEquals(400, res.statusCode(), res.body());
    assertTrue(res.body().startsWith("the offer has no media section rtc4j can accept"), res.body());
    assertEquals(0, server.sessionCount());
  }

  @Test
  void corsPreflightNeedsNoToken() throws Exception {
    start(builder());
    HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base + "/whip"))
        .header("Origin", "https://example.org").header("Access-Control-Request-Method", "POST")
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(204, res.statusCode());
    assertEquals("*", res.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    assertTrue(res.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
    assertTrue(res.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("If-Match"));
    assertEquals("application/sdp", res.headers().firstValue("Accept-Post").orElseThrow());
    String exposed = res.headers().firstValue("Access-Control-Expose-Headers").orElseThrow();
    assertTrue(exposed.contains("Location") && exposed.contains("ETag") && exposed.contains("Link"), exposed);
    HttpResponse<String> session = send(HttpRequest.newBuilder(URI.create(base + "/whip/0123"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    assertEquals(204, session.statusCode());
    assertEquals(SdpFragment.MEDIA_TYPE, session.headers().firstValue("Accept-Patch").orElseThrow());
    assertTrue(session.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("PATCH"));
  }

  @Test
  void sessionsThatDoNotConnectInTimeAreClosed() throws Exception {
    start(builder().connectTimeout(Duration.ofMillis(300)));
    assertEquals(201, send(post("/whip", "application/sdp", offer)).statusCode());
    Peers.await(() -> server.sessionCount() == 0, 10, "the session's expiry");
    assertEquals(1, server.sessionsExpired());
    assertEquals(1, closedSessions.get());
  }

  @Test
  void postsBeyondMaxSessionsGet503AndAClosedSessionFreesItsPlace() throws Exception {
    start(builder().maxSessions(2));
    assertEquals(2, server.maxSessions());
    HttpResponse<String> first = send(post("/whip", "application/sdp", offer));
    assertEquals(201, first.statusCode());
    assertEquals(201, send(post("/whip", "application/sdp", offer)).statusCode());
    HttpResponse<String> full = send(post("/whip", "application/sdp", offer));
    assertEquals(503, full.statusCode());
    assertEquals("too many sessions (2); try again later\n", full.body());
    assertEquals(2, server.sessionCount());
    assertEquals(200, send(delete(first.headers().firstValue("Location").orElseThrow())).statusCode());
    assertEquals(201, send(post("/whip", "application/sdp", offer)).statusCode(), "the deleted session's place is free");
    assertEquals(3, server.sessionsCreated());
  }

  @Test
  void concurrentPostsNeverPassMaxSessions() throws Exception {
    CountDownLatch inHandler = new CountDownLatch(3);
    start(builder().maxSessions(3).onSession(s -> {
      inHandler.countDown();
      try {
        inHandler.await(5, TimeUnit.SECONDS); // the three admitted POSTs are made side by side
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      responses.add(http.sendAsync(post("/whip", "application/sdp", offer).timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    Map<Integer, Long> byStatus = new TreeMap<>();
    for (CompletableFuture<HttpResponse<String>> r : responses) {
      byStatus.merge(r.get(40, TimeUnit.SECONDS).statusCode(), 1L, Long::sum);
    }
    assertEquals(Map.of(201, 3L, 503, 5L), byStatus);
    assertEquals(3, server.sessionCount());
  }

  @Test
  void routesServeOtherPathsBehindTheTokenWhenAsked() throws Exception {
    start(builder().route("/stats", true, ex -> {
      byte[] b = ("{\"open\":" + server.sessionCount() + "}").getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
    }).route("/", false, ex -> ex.sendResponseHeaders(204, -1)));
    assertEquals(201, send(post("/whip", "application/sdp", offer)).statusCode());
    HttpResponse<String> stats = send(HttpRequest.newBuilder(URI.create(base + "/stats")).header("Authorization", "Bearer tok").GET());
    assertEquals(200, stats.statusCode());
    assertEquals("{\"open\":1}", stats.body());
    HttpResponse<String> noToken = send(HttpRequest.newBuilder(URI.create(base + "/stats")).GET());
    assertEquals(401, noToken.statusCode());
    assertFalse(noToken.body().contains("open"));
    assertEquals(204, send(HttpRequest.newBuilder(URI.create(base + "/")).GET()).statusCode());
  }
}
