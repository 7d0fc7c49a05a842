package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The WHIP/WHEP HTTP rules of RFC 9725 on {@link HttpEndpoint}, with a session factory that answers
 * "v=0 answer" to offers containing "m=" and refuses the rest (what a PeerConnection does is
 * covered by the process-level tests).
 */
@Timeout(30)
class HttpEndpointTest {

    private static final String OFFER = "v=0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\n";

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicInteger closedSessions = new AtomicInteger();
    private final AtomicBoolean connect = new AtomicBoolean(true);
    private HttpEndpoint endpoint;
    private String base;

    @BeforeEach
    void start() {
        endpoint = new HttpEndpoint(new InetSocketAddress("127.0.0.1", 0), "/whip", "tok", Duration.ofMillis(300), (id, offer) -> {
            if (!offer.contains("m=")) {
                throw new HttpEndpoint.OfferRejected("the offer has no media section");
            }
            boolean connected = connect.get();
            return new HttpEndpoint.Session() {
                @Override
                public String answer() {
                    return "v=0 answer\r\n";
                }

                @Override
                public boolean connected() {
                    return connected;
                }

                @Override
                public void close() {
                    closedSessions.incrementAndGet();
                }
            };
        });
        base = "http://127.0.0.1:" + endpoint.port();
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder post(String path, String type, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .header("Authorization", "Bearer tok").POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void postCreatesASessionWithLocationAndDeleteEndsIt() throws Exception {
        HttpResponse<String> res = send(post("/whip", "application/sdp", OFFER));
        assertEquals(201, res.statusCode());
        assertEquals("application/sdp", res.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("v=0 answer\r\n", res.body());
        String location = res.headers().firstValue("Location").orElseThrow();
        assertTrue(location.matches("/whip/[0-9a-f]{32}"), location);
        assertEquals("*", res.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals(1, endpoint.sessionCount());

        HttpResponse<String> patch = send(HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer tok")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("a=end-of-candidates")));
        assertEquals(405, patch.statusCode(), "no trickle or restart over PATCH: 405 (RFC 9725 §4.3.1)");

        HttpResponse<String> del = send(HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer tok").DELETE());
        assertEquals(200, del.statusCode());
        assertEquals(0, endpoint.sessionCount());
        assertEquals(1, closedSessions.get());
        HttpResponse<String> again = send(HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer tok").DELETE());
        assertEquals(404, again.statusCode());
    }

    @Test
    void severalSessionsAtOnce() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(201, send(post("/whip", "application/sdp; charset=utf-8", OFFER)).statusCode());
        }
        assertEquals(5, endpoint.sessionCount());
    }

    @Test
    void errorsFollowRfc9725() throws Exception {
        HttpResponse<String> wrongType = send(post("/whip", "application/json", "{}"));
        assertEquals(415, wrongType.statusCode());
        assertTrue(wrongType.body().contains("application/sdp"));
        assertEquals(404, send(post("/elsewhere", "application/sdp", OFFER)).statusCode());
        HttpResponse<String> refused = send(post("/whip", "application/sdp", "v=0\r\n"));
        assertEquals(400, refused.statusCode());
        assertEquals("the offer has no media section\n", refused.body());
        assertEquals(413, send(post("/whip", "application/sdp", "a".repeat(HttpEndpoint.MAX_BODY_BYTES + 1))).statusCode());
        assertEquals(405, send(HttpRequest.newBuilder(URI.create(base + "/whip")).header("Authorization", "Bearer tok").GET()).statusCode());
        HttpResponse<String> noAuth = send(HttpRequest.newBuilder(URI.create(base + "/whip")).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(OFFER)));
        assertEquals(401, noAuth.statusCode());
        assertEquals("Bearer", noAuth.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> wrongAuth = send(HttpRequest.newBuilder(URI.create(base + "/whip")).header("Content-Type", "application/sdp")
                .header("Authorization", "Bearer nope").POST(HttpRequest.BodyPublishers.ofString(OFFER)));
        assertEquals(401, wrongAuth.statusCode());
        assertEquals(0, endpoint.sessionCount());
    }

    @Test
    void corsPreflightNeedsNoToken() throws Exception {
        HttpResponse<String> res = send(HttpRequest.newBuilder(URI.create(base + "/whip"))
                .header("Origin", "https://example.org").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, res.statusCode());
        assertEquals("*", res.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(res.headers().firstValue("Access-Control-Allow-Methods").orElseThrow().contains("POST"));
        assertTrue(res.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().contains("Authorization"));
        assertEquals("application/sdp", res.headers().firstValue("Accept-Post").orElseThrow());
        assertTrue(res.headers().firstValue("Access-Control-Expose-Headers").orElseThrow().contains("Location"));
    }

    @Test
    void sessionsThatDoNotConnectInTimeAreClosed() throws Exception {
        connect.set(false);
        assertEquals(201, send(post("/whip", "application/sdp", OFFER)).statusCode());
        connect.set(true);
        assertEquals(201, send(post("/whip", "application/sdp", OFFER)).statusCode());
        assertEquals(2, endpoint.sessionCount());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (endpoint.sessionCount() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1, endpoint.sessionCount(), "the connected session stays");
        assertEquals(1, endpoint.sessionsExpired());
        assertEquals(1, closedSessions.get());
    }

    @Test
    void aJsonSinkAnswersWithWhatItReturns() throws Exception {
        endpoint.addJsonSink("/stats", json -> json.has("session")
                ? Report.JSON.createObjectNode().put("availableOutgoingBitrate", 1_500_000) : null);
        HttpResponse<String> reply = send(post("/stats", "application/json", "{\"session\":\"/demo/ab\"}"));
        assertEquals(200, reply.statusCode());
        assertEquals("application/json", reply.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(1_500_000, Report.JSON.readTree(reply.body()).path("availableOutgoingBitrate").asLong());
        assertEquals(204, send(post("/stats", "application/json", "{}")).statusCode(), "null: nothing to say");
        assertEquals(400, send(post("/stats", "application/json", "not json")).statusCode());
    }

    @Test
    void postsBeyondMaxSessionsGet503AndAClosedSessionFreesItsPlace() throws Exception {
        endpoint.close();
        endpoint = new HttpEndpoint(new InetSocketAddress("127.0.0.1", 0), "/whip", "tok", Duration.ofSeconds(30), 2,
                (id, offer) -> new FixedSession());
        base = "http://127.0.0.1:" + endpoint.port();
        assertEquals(2, endpoint.maxSessions());
        HttpResponse<String> first = send(post("/whip", "application/sdp", OFFER));
        assertEquals(201, first.statusCode());
        assertEquals(201, send(post("/whip", "application/sdp", OFFER)).statusCode());
        HttpResponse<String> full = send(post("/whip", "application/sdp", OFFER));
        assertEquals(503, full.statusCode());
        assertEquals("too many sessions (2); try again later\n", full.body());
        assertEquals(2, endpoint.sessionCount());
        String location = first.headers().firstValue("Location").orElseThrow();
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + location)).header("Authorization", "Bearer tok").DELETE())
                .statusCode());
        assertEquals(201, send(post("/whip", "application/sdp", OFFER)).statusCode(), "the deleted session's place is free");
        assertEquals(3, endpoint.sessionsCreated());
    }

    @Test
    void concurrentPostsNeverPassMaxSessions() throws Exception {
        endpoint.close();
        CountDownLatch inFactory = new CountDownLatch(3);
        endpoint = new HttpEndpoint(new InetSocketAddress("127.0.0.1", 0), "/whip", "tok", Duration.ofSeconds(30), 3,
                (id, offer) -> {
                    inFactory.countDown();
                    try {
                        inFactory.await(2, TimeUnit.SECONDS); // the three admitted POSTs are made side by side
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return new FixedSession();
                });
        base = "http://127.0.0.1:" + endpoint.port();
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            responses.add(http.sendAsync(post("/whip", "application/sdp", OFFER).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        Map<Integer, Long> byStatus = new TreeMap<>();
        for (CompletableFuture<HttpResponse<String>> r : responses) {
            byStatus.merge(r.get(15, TimeUnit.SECONDS).statusCode(), 1L, Long::sum);
        }
        assertEquals(Map.of(201, 3L, 503, 5L), byStatus);
        assertEquals(3, endpoint.sessionCount());
    }

    @Test
    void aJsonSourceAnswersGetBehindTheToken() throws Exception {
        endpoint.addJsonSource("/stats", () -> Report.JSON.createObjectNode().put("open", endpoint.sessionCount()));
        assertEquals(201, send(post("/whip", "application/sdp", OFFER)).statusCode());
        HttpResponse<String> stats = send(HttpRequest.newBuilder(URI.create(base + "/stats")).header("Authorization", "Bearer tok").GET());
        assertEquals(200, stats.statusCode());
        assertEquals("application/json", stats.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(1, Report.JSON.readTree(stats.body()).get("open").asInt());
        HttpResponse<String> noToken = send(HttpRequest.newBuilder(URI.create(base + "/stats")).GET());
        assertEquals(401, noToken.statusCode());
        assertFalse(noToken.body().contains("open"));
    }

    /** A session that is connected at once and answers "v=0 answer". */
    private static final class FixedSession implements HttpEndpoint.Session {
        @Override
        public String answer() {
            return "v=0 answer\r\n";
        }

        @Override
        public boolean connected() {
            return true;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
