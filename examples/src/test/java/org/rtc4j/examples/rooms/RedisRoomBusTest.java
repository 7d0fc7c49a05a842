package org.rtc4j.examples.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.examples.RedisServer;

/**
 * Two signaling nodes ({@link RedisRoomBus}es) sharing one real {@code redis-server}, started here on
 * a free loopback port without persistence. Peers are recording {@link RoomMember}s.
 */
@Timeout(60)
class RedisRoomBusTest {

    static final Duration EXPIRY = Duration.ofSeconds(2);

    private RedisServer redis;
    private final List<RedisRoomBus> buses = new ArrayList<>();

    @BeforeEach
    void startRedis() throws Exception {
        Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
        redis = RedisServer.launch();
    }

    @AfterEach
    void stop() throws Exception {
        for (RedisRoomBus b : buses) {
            b.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private RedisRoomBus node(int maxRooms) throws IOException {
        RedisRoomBus b = RedisRoomBus.connect(redis.url(), null, EXPIRY, maxRooms);
        buses.add(b);
        return b;
    }

    /** A peer that queues what the bus tells it. */
    static final class Peer implements RoomMember {
        final String room;
        final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();

        Peer(String room) {
            this.room = room;
        }

        @Override
        public String room() {
            return room;
        }

        @Override
        public void peerJoined() {
            events.add("peer-joined");
        }

        @Override
        public void peerLeft() {
            events.add("peer-left");
        }

        @Override
        public void message(String text) {
            events.add(text);
        }

        @Override
        public void evicted(int closeCode, String reason) {
            events.add("evicted " + closeCode);
        }

        String next() throws InterruptedException {
            String e = events.poll(5, TimeUnit.SECONDS);
            assertNotNull(e, "nothing within 5 s");
            return e;
        }
    }

    /** Peers a (on {@code one}, first) and b (on {@code two}) in {@code room}; a has heard peer-joined. */
    static Peer[] pair(RoomBus one, RoomBus two, String room) throws Exception {
        Peer a = new Peer(room);
        Peer b = new Peer(room);
        assertEquals(1, join(one, a));
        assertEquals(2, join(two, b));
        assertEquals("peer-joined", a.next());
        return new Peer[] {a, b};
    }

    static int join(RoomBus bus, Peer p) throws Exception {
        return bus.join(p).get(5, TimeUnit.SECONDS);
    }

    static JoinRefused refused(RoomBus bus, Peer p) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> bus.join(p).get(10, TimeUnit.SECONDS));
        return assertInstanceOf(JoinRefused.class, e.getCause());
    }

    static Relay relay(RoomBus bus, Peer from, String text) throws Exception {
        return bus.relay(from, text).get(5, TimeUnit.SECONDS);
    }

    @Test
    void twoPeersOnTwoNodesMeetAndTalkInOrder() throws Exception {
        RedisRoomBus one = node(1000);
        RedisRoomBus two = node(1000);
        Peer a = new Peer("call");
        Peer b = new Peer("call");
        assertEquals(1, join(one, a));
        assertEquals(Relay.NO_PEER, relay(one, a, "{\"type\":\"offer\"}"));
        assertEquals(2, join(two, b));
        assertEquals("peer-joined", a.next());
        assertEquals(Relay.DELIVERED, relay(two, b, "{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}"));
        assertEquals("{\"type\":\"offer\",\"sdp\":\"v=0\\r\\n\"}", a.next());
        List<CompletableFuture<Relay>> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(one.relay(a, "{\"type\":\"candidate\",\"n\":" + i + "}"));
        }
        for (int i = 0; i < 300; i++) {
            assertEquals("{\"type\":\"candidate\",\"n\":" + i + "}", b.next(), "in order, once");
            assertEquals(Relay.DELIVERED, sent.get(i).get(5, TimeUnit.SECONDS));
        }
        assertNull(b.events.poll(200, TimeUnit.MILLISECONDS), "nothing twice");
        assertEquals(1, one.roomCount());
        assertEquals(1, two.roomCount());
        two.leave(b);
        assertEquals("peer-left", a.next());
        assertEquals(0, two.roomCount());
        assertEquals(Relay.NO_PEER, relay(one, a, "{\"type\":\"bye\"}"));
    }

    @Test
    void aRoomHoldsTwoPeersWhereverTheOthersConnect() throws Exception {
        RedisRoomBus one = node(1000);
        RedisRoomBus two = node(1000);
        assertEquals(1, join(one, new Peer("full")));
        assertEquals(2, join(two, new Peer("full")));
        assertEquals(JoinRefused.ROOM_FULL, refused(one, new Peer("full")).closeCode());
        JoinRefused r = refused(two, new Peer("full"));
        assertEquals(JoinRefused.ROOM_FULL, r.closeCode());
        assertEquals("room full is full (two peers)", r.getMessage());

        // twenty peers race for one room from both nodes: exactly two get in
        List<CompletableFuture<Integer>> racing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            racing.add((i % 2 == 0 ? one : two).join(new Peer("race")));
        }
        int in = 0;
        int refusedFull = 0;
        for (CompletableFuture<Integer> f : racing) {
            try {
                f.get(10, TimeUnit.SECONDS);
                in++;
            } catch (ExecutionException e) {
                assertEquals(JoinRefused.ROOM_FULL, assertInstanceOf(JoinRefused.class, e.getCause()).closeCode());
                refusedFull++;
            }
        }
        assertEquals(2, in);
        assertEquals(18, refusedFull);
    }

    @Test
    void nothingReachesAPeerOfAnotherRoom() throws Exception {
        RedisRoomBus one = node(1000);
        RedisRoomBus two = node(1000);
        Peer a1 = new Peer("r1");
        Peer b1 = new Peer("r1");
        Peer a2 = new Peer("r2");
        Peer b2 = new Peer("r2");
        join(one, a1); // this node's first member: id NODE.1
        join(one, a2);
        join(two, b1);
        join(two, b2);
        assertEquals("peer-joined", a1.next());
        assertEquals("peer-joined", a2.next());
        assertEquals(Relay.DELIVERED, relay(two, b1, "{\"type\":\"offer\",\"room\":\"r1\"}"));
        assertEquals(Relay.DELIVERED, relay(two, b2, "{\"type\":\"offer\",\"room\":\"r2\"}"));
        assertEquals("{\"type\":\"offer\",\"room\":\"r1\"}", a1.next());
        assertEquals("{\"type\":\"offer\",\"room\":\"r2\"}", a2.next());

        // an envelope on node one's channel naming a1 but room r2, and one that is not an envelope at all
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            String channel = "rtc4j:node:" + one.nodeId();
            assertEquals(1L, c.sync().publish(channel, one.nodeId() + ".1\nr2\nm\n{\"type\":\"offer\",\"room\":\"wrong\"}"));
            assertEquals(1L, c.sync().publish(channel, "garbage"));
            assertEquals(1L, c.sync().publish(channel, one.nodeId() + ".1\nr1\nm\n{\"type\":\"offer\",\"room\":\"forged-but-right\"}"));
        } finally {
            client.shutdown();
        }
        assertEquals("{\"type\":\"offer\",\"room\":\"forged-but-right\"}", a1.next(), "the right room's envelope goes through");
        assertNull(a2.events.poll(300, TimeUnit.MILLISECONDS), "the wrong room's does not");
        assertNull(b1.events.poll(10, TimeUnit.MILLISECONDS));
        assertEquals(2, one.droppedEnvelopes());
    }

    @Test
    void aDeadNodesPeersLeaveTheirRoomsWithinTheExpiry() throws Exception {
        RedisRoomBus one = node(1000);
        RedisRoomBus two = node(1000);
        Thread.sleep(EXPIRY.toMillis()); // node two may declare others dead only after a whole expiry of good beats
        Peer b = pair(one, two, "crash")[1];
        long crashed = System.nanoTime();
        one.crash();
        String e = b.events.poll(EXPIRY.toMillis() + 1000, TimeUnit.MILLISECONDS);
        long ms = (System.nanoTime() - crashed) / 1_000_000;
        assertEquals("peer-left", e, "peer-left within the expiry (+1 s for a loaded machine)");
        assertTrue(ms <= EXPIRY.toMillis() + 1000, ms + " ms");
        System.out.println("peer-left " + ms + " ms after node one died (expiry " + EXPIRY.toMillis() + " ms)");
        assertEquals(2, join(two, new Peer("crash")), "the dead node's place in the room is free");
    }

    @Test
    void aNodeThatStopsTakesItsPeersOutAtOnce() throws Exception {
        RedisRoomBus one = node(1000);
        RedisRoomBus two = node(1000);
        Peer b = pair(one, two, "bye")[1];
        one.close();
        assertEquals("peer-left", b.events.poll(1, TimeUnit.SECONDS), "well before the expiry");
    }

    @Test
    void aRedisOutageRefusesJoinsAndRelaysClearlyAndRecovers() throws Exception {
        RedisRoomBus one = node(1000);
        RedisRoomBus two = node(1000);
        Peer[] call = pair(one, two, "call");
        Peer a = call[0];
        Peer b = call[1];
        redis.stop();

        JoinRefused r = refused(one, new Peer("new"));
        assertEquals(JoinRefused.TRY_AGAIN_LATER, r.closeCode());
        assertTrue(r.getMessage().contains("cannot reach its room store (Redis)"), r.getMessage());
        assertEquals(Relay.STORE_UNAVAILABLE, relay(one, a, "{\"type\":\"candidate\"}"));

        redis.start(); // empty: Redis without persistence lost every room
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Integer peers = null;
        while (peers == null && System.nanoTime() < deadline) {
            try {
                peers = one.join(new Peer("after")).get(5, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertEquals(JoinRefused.TRY_AGAIN_LATER, assertInstanceOf(JoinRefused.class, e.getCause()).closeCode());
                Thread.sleep(100);
            }
        }
        assertEquals(1, peers, "joins work again once Redis is back");
        // both nodes wrote their peers' rooms again: the room is still full, and still relays
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Relay relayed = relay(one, a, "{\"type\":\"candidate\",\"after\":true}");
        while (relayed != Relay.DELIVERED && System.nanoTime() < deadline) {
            Thread.sleep(100);
            relayed = relay(one, a, "{\"type\":\"candidate\",\"after\":true}");
        }
        assertEquals(Relay.DELIVERED, relayed);
        assertEquals("{\"type\":\"candidate\",\"after\":true}", b.next());
        assertEquals(JoinRefused.ROOM_FULL, refused(two, new Peer("call")).closeCode());
        assertFalse(a.events.contains("peer-left"));
        assertFalse(b.events.contains("peer-left"));
    }

    @Test
    void afterAnOutageOfARedisThatKeepsItsDataLeavesAreSettledAndLiveNodesAreNotSwept(@TempDir Path dir) throws Exception {
        redis.close();
        redis = RedisServer.launch("--appendonly", "yes", "--appendfsync", "always", "--dir", dir.toString());
        RedisRoomBus one = node(1000);
        RedisRoomBus two = node(1000);
        Thread.sleep(EXPIRY.toMillis()); // both may sweep from now on
        Peer[] call = pair(one, two, "call");
        Peer[] stay = pair(one, two, "stay");
        Peer b = call[1];
        Peer c = stay[0];
        Peer d = stay[1];
        redis.stop();
        one.leave(call[0]); // refused at once: Redis still holds a in room call
        Thread.sleep(EXPIRY.toMillis() + 500); // every node's last beat in Redis is now older than the expiry
        redis.start(); // with the rooms as they were
        assertEquals("peer-left", b.events.poll(10, TimeUnit.SECONDS), "node one's reconcile takes a out of call");
        assertEquals(2, join(one, new Peer("call")), "call has room for a new peer");
        Thread.sleep(EXPIRY.toMillis() + 1000);
        assertNull(c.events.poll(10, TimeUnit.MILLISECONDS), "no node was taken for dead: " + c.events);
        assertNull(d.events.poll(10, TimeUnit.MILLISECONDS), "no node was taken for dead: " + d.events);
        assertEquals(Relay.DELIVERED, relay(two, d, "{\"type\":\"bye\"}"));
        assertEquals("{\"type\":\"bye\"}", c.next());
    }

    @Test
    void aPeerWhoseRoomWasTakenWhileRedisForgotItIsClosedWith4009() throws Exception {
        RedisRoomBus one = node(1000);
        Peer a = new Peer("call");
        Peer kept = new Peer("other");
        join(one, a);
        join(one, kept);
        RedisClient client = RedisClient.create(redis.url());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            c.sync().del("rtc4j:room:call"); // Redis lost the room, and two other peers took it
            c.sync().hset("rtc4j:room:call", java.util.Map.of("x.1", "x", "x.2", "x"));
            c.sync().del("rtc4j:room:other"); // this one it only lost
        } finally {
            client.shutdown();
        }
        one.reconcile();
        assertEquals("evicted 4009", a.next());
        assertEquals(1, one.roomCount(), "a left its room; kept is back in its own");
        assertEquals(JoinRefused.ROOM_FULL, refused(one, new Peer("call")).closeCode());
        assertEquals(2, join(node(1000), new Peer("other")), "other holds kept again");
        assertEquals("peer-joined", kept.next(), "and hears its new partner");
    }

    @Test
    void aServerFullOfRoomsRefusesNewRoomsWith4008() throws Exception {
        RedisRoomBus one = node(2);
        join(one, new Peer("x"));
        join(one, new Peer("y"));
        assertEquals(JoinRefused.SERVER_FULL, refused(one, new Peer("z")).closeCode());
        assertEquals(2, join(one, new Peer("y")), "a room it holds already still takes its second peer");
    }

    @Test
    void unreachableRedisAndBadUrlsAreOneSentenceWithoutThePassword() throws Exception {
        int nothing = RedisServer.freePort();
        IOException e = assertThrows(IOException.class,
                () -> RedisRoomBus.connect("redis://:hunter2@127.0.0.1:" + nothing, null, EXPIRY, 10));
        assertTrue(e.getMessage().startsWith("cannot reach Redis at redis://127.0.0.1:" + nothing + " ("), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        e = assertThrows(IOException.class, () -> RedisRoomBus.connect("http://:hunter2@h:1", null, EXPIRY, 10));
        assertEquals("--redis takes redis://HOST:PORT or rediss://HOST:PORT (got http://****@h:1)", e.getMessage());
    }

    @Test
    void rediss(@TempDir Path dir) throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true).start();
        Assumptions.assumeTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0 && Files.isRegularFile(cert),
                "openssl could not make a test certificate");
        try (RedisServer tls = RedisServer.launchTls("--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no", "--requirepass", "s3cret")) {
            String url = "rediss://:s3cret@127.0.0.1:" + tls.port();
            IOException wrong = assertThrows(IOException.class,
                    () -> RedisRoomBus.connect("rediss://:guess@127.0.0.1:" + tls.port(), cert, EXPIRY, 10));
            assertTrue(wrong.getMessage().startsWith("Redis at rediss://127.0.0.1:" + tls.port() + " refused the password"),
                    wrong.getMessage());
            assertFalse(wrong.getMessage().contains("guess"));
            IOException untrusted = assertThrows(IOException.class, () -> RedisRoomBus.connect(url, null, EXPIRY, 10));
            assertTrue(untrusted.getMessage().startsWith("cannot reach Redis at rediss://127.0.0.1:"), untrusted.getMessage());
            try (RedisRoomBus one = RedisRoomBus.connect(url, cert, EXPIRY, 10);
                    RedisRoomBus two = RedisRoomBus.connect(url, cert, EXPIRY, 10)) {
                assertTrue(one.describe().startsWith("on Redis at rediss://127.0.0.1:" + tls.port() + " (node "), one.describe());
                Peer[] tlsRoom = pair(one, two, "tls");
                assertEquals(Relay.DELIVERED, relay(two, tlsRoom[1], "{\"type\":\"offer\"}"));
                assertEquals("{\"type\":\"offer\"}", tlsRoom[0].next());
            }
        }
    }
}
