package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test peer on the signaling protocol: every message it gets, queued, and why it was closed. */
class WsPeer implements AutoCloseable {

    final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final SignalClient ws;
    /** How long {@link #next()} waits; a test of many peers on a loaded machine waits longer. */
    int waitSeconds = 5;

    WsPeer(URI uri) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(), uri);
    }

    WsPeer(HttpClient http, URI uri) {
        ws = SignalClient.connect(http, uri, inbox::add, closed::complete);
    }

    JsonNode next() throws InterruptedException {
        JsonNode m = inbox.poll(waitSeconds, TimeUnit.SECONDS);
        assertNotNull(m, "no message within " + waitSeconds + " s");
        return m;
    }

    /** The next message, which must be of {@code type}. */
    JsonNode next(String type) throws InterruptedException {
        JsonNode m = next();
        assertTrue(type.equals(m.path("type").asText()), "expected " + type + ", got " + m);
        return m;
    }

    void send(String json) throws Exception {
        ws.send(Report.JSON.readTree(json));
    }

    /** Refused: an error saying {@code why}, then closed with {@code code}. */
    void assertRefused(String why, int code) throws Exception {
        JsonNode m = next("error");
        assertTrue(m.path("message").asText().contains(why), m.toString());
        String reason = closed.get(5, TimeUnit.SECONDS);
        assertTrue(reason.contains("(" + code + " "), "closed with " + code + ": " + reason);
    }

    @Override
    public void close() {
        ws.close();
    }
}
