package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SignalServerTest {

    SignalServer server;

    /** The server under test, with the secret "s3cret"; {@link RedisSignalServerTest} puts its rooms on Redis. */
    SignalServer newServer() throws Exception {
        return new SignalServer(new InetSocketAddress("127.0.0.1", 0), "s3cret");
    }

    @BeforeEach
    void start() throws Exception {
        server = newServer();
        server.startAndWait();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop(1000);
        }
    }

    /** A test client: every message and the close reason, queued. */
    final class Client extends WsPeer {
        Client(String room) {
            super(URI.create("ws://127.0.0.1:" + server.getPort() + "/" + room));
        }
    }

    @Test
    void relaysOfferAnswerCandidatesAndByeBetweenTheTwoPeersOfARoom() throws Exception {
        try (Client a = new Client("room1?secret=s3cret")) {
            JsonNode joined = a.next();
            assertEquals("joined", joined.get("type").asText());
            assertEquals(1, joined.get("peers").asInt());
            try (Client b = new Client("room1?secret=s3cret")) {
                assertEquals(2, b.next().get("peers").asInt(), "the second peer learns it makes the offer");
                assertEquals("peer-joined", a.next().get("type").asText());
                b.send("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}");
                JsonNode offer = a.next();
                assertEquals("offer", offer.get("type").asText());
                assertEquals("v=0\r\n", offer.get("sdp").asText());
                a.send("{\"type\":\"answer\",\"sdp\":\"v=0\"}");
                assertEquals("answer", b.next().get("type").asText());
                a.send("{\"type\":\"candidate\",\"candidate\":\"candidate:1 1 udp 1 127.0.0.1 9 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
                JsonNode c = b.next();
                assertEquals("candidate:1 1 udp 1 127.0.0.1 9 typ host", c.get("candidate").asText());
                assertEquals(0, c.get("sdpMLineIndex").asInt());
                b.send("{\"type\":\"bye\"}");
                assertEquals("bye", a.next().get("type").asText());
            }
            assertEquals("peer-left", a.next().get("type").asText());
        }
    }

    @Test
    void badMessagesGetAnErrorAndDoNotDisturbOtherRooms() throws Exception {
        try (Client a = new Client("r1?secret=s3cret"); Client b = new Client("r1?secret=s3cret");
                Client x = new Client("r2?secret=s3cret"); Client y = new Client("r2?secret=s3cret")) {
            a.next();
            b.next();
            a.next(); // peer-joined
            x.next();
            y.next();
            x.next();
            a.send("[1,2,3]");
            assertTrue(a.next().get("message").asText().contains("JSON object with a \"type\""));
            a.send("{\"type\":\"hack\"}");
            assertTrue(a.next().get("message").asText().startsWith("unknown message type \"hack\""));
            a.ws.send(Report.JSON.getNodeFactory().textNode("not an object"));
            assertEquals("error", a.next().get("type").asText());
            // other rooms go on
            y.send("{\"type\":\"offer\",\"sdp\":\"x\"}");
            assertEquals("offer", x.next().get("type").asText());
            assertNull(b.inbox.poll(200, TimeUnit.MILLISECONDS), "nothing bad was relayed to a's room mate");
        }
    }

    @Test
    void oversizedMessagesAreRefusedWithoutHarmingOthers() throws Exception {
        try (Client a = new Client("big?secret=s3cret"); Client b = new Client("big?secret=s3cret");
                Client x = new Client("ok?secret=s3cret"); Client y = new Client("ok?secret=s3cret")) {
            a.next();
            b.next();
            x.next();
            y.next();
            x.next();
            String huge = "{\"type\":\"offer\",\"sdp\":\"" + "a".repeat(SignalServer.MAX_MESSAGE_BYTES + 10) + "\"}";
            a.ws.send(Report.JSON.readTree(huge));
            String why = a.closed.get(5, TimeUnit.SECONDS);
            assertTrue(why.contains("1009"), "closed as too big (RFC 6455 §7.4.1): " + why);
            y.send("{\"type\":\"answer\",\"sdp\":\"fine\"}");
            assertEquals("fine", x.next().get("sdp").asText());
        }
    }

    @Test
    void aThirdPeerAWrongSecretAndABadRoomAreRefused() throws Exception {
        try (Client a = new Client("full?secret=s3cret"); Client b = new Client("full?secret=s3cret")) {
            a.next();
            b.next();
            try (Client c = new Client("full?secret=s3cret")) {
                assertTrue(c.next().get("message").asText().contains("is full"));
                assertTrue(c.closed.get(5, TimeUnit.SECONDS).contains("4009"));
            }
        }
        try (Client wrong = new Client("r?secret=guess")) {
            assertTrue(wrong.next().get("message").asText().contains("secret"));
            assertTrue(wrong.closed.get(5, TimeUnit.SECONDS).contains("4003"));
        }
        try (Client bad = new Client("a%20b?secret=s3cret")) {
            assertTrue(bad.next().get("message").asText().contains("room name"));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (server.roomCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.roomCount(), "closed and refused peers leave no rooms behind");
    }

    @Test
    void anUnansweredUrlIsOneClearSentence() {
        Failure f = assertThrows(Failure.class,
                () -> SignalClient.connect(URI.create("ws://127.0.0.1:1/room"), m -> { }, r -> { }));
        assertTrue(f.getMessage().startsWith("the signaling server at ws://127.0.0.1:1/room does not answer"), f.getMessage());
    }
}
