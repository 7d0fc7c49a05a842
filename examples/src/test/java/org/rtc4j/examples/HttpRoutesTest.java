package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.whip.WhipServer;

/**
 * The servers' routes beside the endpoint ({@link HttpRoutes}: the demo's page and JSON sink, the
 * servers' {@code GET /stats}) on the library's {@link WhipServer}. The WHIP/WHEP rules themselves
 * are tested in the whip module ({@code WhipServerTest}, {@code WhipClientServerTest}).
 */
@Timeout(30)
class HttpRoutesTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private WhipServer server;
    private String base;

    @BeforeEach
    void start() throws Exception {
        server = WhipServer.builder(new InetSocketAddress("127.0.0.1", 0)).path("/demo").token("tok")
                .peerConnections(id -> PeerConnection.create())
                .onSession(s -> { })
                .route("/", false, HttpRoutes.page("text/html; charset=utf-8", "<p>hi</p>".getBytes(StandardCharsets.UTF_8)))
                .route("/demo/stats", false, HttpRoutes.jsonSink(json -> json.has("session")
                        ? Report.JSON.createObjectNode().put("availableOutgoingBitrate", 1_500_000) : null))
                .route("/stats", true, HttpRoutes.jsonSource(() -> Report.JSON.createObjectNode().put("open", server.sessionCount())))
                .start();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder postJson(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void aPageIsServedOnGetAndHead() throws Exception {
        HttpResponse<String> page = send(HttpRequest.newBuilder(URI.create(base + "/")).GET());
        assertEquals(200, page.statusCode());
        assertEquals("<p>hi</p>", page.body());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("*", page.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals(200, send(HttpRequest.newBuilder(URI.create(base + "/")).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                .statusCode());
        assertEquals(405, send(postJson("/", "{}")).statusCode());
    }

    @Test
    void aJsonSinkAnswersWithWhatItReturns() throws Exception {
        HttpResponse<String> reply = send(postJson("/demo/stats", "{\"session\":\"/demo/ab\"}"));
        assertEquals(200, reply.statusCode());
        assertEquals("application/json", reply.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(1_500_000, Report.JSON.readTree(reply.body()).path("availableOutgoingBitrate").asLong());
        assertEquals(204, send(postJson("/demo/stats", "{}")).statusCode(), "null: nothing to say");
        assertEquals(400, send(postJson("/demo/stats", "not json")).statusCode());
    }

    @Test
    void aJsonSourceAnswersGetBehindTheToken() throws Exception {
        HttpResponse<String> stats = send(HttpRequest.newBuilder(URI.create(base + "/stats")).header("Authorization", "Bearer tok").GET());
        assertEquals(200, stats.statusCode());
        assertEquals("application/json", stats.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(0, Report.JSON.readTree(stats.body()).get("open").asInt());
        HttpResponse<String> noToken = send(HttpRequest.newBuilder(URI.create(base + "/stats")).GET());
        assertEquals(401, noToken.statusCode());
        assertFalse(noToken.body().contains("open"));
    }
}
