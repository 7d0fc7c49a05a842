package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtc4j.examples.MediaIT.assertIdentical;
import static org.rtc4j.examples.MediaIT.assertTracksFlowed;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two signaling servers ({@code rtc4j signal --redis}, separate processes) sharing one real
 * {@code redis-server} on a free loopback port: peers meet across them, a third peer is refused on
 * either, a killed server's peers leave their rooms, and a Redis outage spares the media.
 */
@Timeout(400)
class RedisIT {

    private static final MediaClip VIDEO = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
    private static final MediaClip AUDIO = MediaClip.load(null, MediaClip.BUNDLED_AUDIO, true);
    /** The expiry of the SIGKILL test; the others keep the default (5 s), which a loaded machine's late beats do not reach. */
    private static final int EXPIRY_SECONDS = 3;
    /** Starting a server with Redis costs ≈2 s of CPU (Lettuce, Netty, Reactor): minutes on a machine loaded 15-fold. */
    static final int START_SECONDS = 180;

    @TempDir
    Path dir;

    private RedisServer redis;

    @BeforeEach
    void startRedis() throws Exception {
        Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
        redis = RedisServer.launch();
    }

    @AfterEach
    void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private Cli signal(String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("signal", "--port", "0", "--redis", redis.url()));
        args.addAll(List.of(more));
        Cli c = Cli.start(args.toArray(new String[0]));
        CliIT.port(c, START_SECONDS);
        return c;
    }

    static String url(Cli signal, String room) throws Exception {
        return "ws://127.0.0.1:" + CliIT.port(signal, START_SECONDS) + "/" + room;
    }

    private static Cli peer(String url, Path record, String seconds) throws Exception {
        return Cli.start("peer", "--signal", url, "--record", record.toString(), "--seconds", seconds, "--wait", "120");
    }

    private static void assertBothFinished(Cli a, Cli b) throws Exception {
        assertEquals(0, a.waitFor(180), a.stdout() + a.stderr());
        assertEquals(0, b.waitFor(60), b.stdout() + b.stderr());
        assertTracksFlowed(a.summary(), 4);
        assertTracksFlowed(b.summary(), 4);
    }

    /** Both peers recorded both tracks, every frame byte-identical to the clip sent, in order. */
    private void assertRecordedEveryFrame() {
        for (String peer : new String[] {"a", "b"}) {
            assertIdentical(VIDEO, dir.resolve(peer).resolve("video.ivf"));
            assertIdentical(AUDIO, dir.resolve(peer).resolve("audio.ogg"));
        }
    }

    @Test
    void peersOnTwoServersNegotiateAndExchangeMediaAndAThirdIsRefusedOnEither() throws Exception {
        try (Cli one = signal(); Cli two = signal()) {
            String viaOne = url(one, "across");
            String viaTwo = url(two, "across");
            assertTrue(one.await(l -> l.contains("listening"), 5).contains(", rooms on Redis at " + redis.url() + " (node "));
            try (Cli a = peer(viaOne, dir.resolve("a"), "2")) {
                a.await(l -> l.contains("joined room across as peer 1 of 2"), 60);
                try (Cli b = peer(viaTwo, dir.resolve("b"), "2")) {
                    b.await(l -> l.contains("joined room across as peer 2 of 2"), 60);
                    for (String third : new String[] {viaOne, viaTwo}) {
                        try (WsPeer c = new WsPeer(URI.create(third))) {
                            c.assertRefused("room across is full (two peers)", 4009);
                        }
                    }
                    assertBothFinished(a, b);
                }
            }
        }
        assertRecordedEveryFrame();
    }

    @Test
    void aKilledServersPeersLeaveTheirRoomsWithinTheExpiry() throws Exception {
        String expiry = Integer.toString(EXPIRY_SECONDS);
        try (Cli one = signal("--redis-expiry", expiry); Cli two = signal("--redis-expiry", expiry)) {
            try (WsPeer a = new WsPeer(URI.create(url(one, "crash"))); WsPeer b = new WsPeer(URI.create(url(two, "crash")))) {
                a.next("joined");
                b.next("joined");
                a.next("peer-joined");
                one.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL: no goodbye to Redis
                long killed = System.nanoTime();
                JsonNode left = b.inbox.poll(EXPIRY_SECONDS * 1000L + 2000, TimeUnit.MILLISECONDS);
                long ms = (System.nanoTime() - killed) / 1_000_000;
                assertTrue(left != null && left.path("type").asText().equals("peer-left"), "peer-left: " + left);
                System.out.printf("peer-left %d ms after SIGKILL of the other peer's server (--redis-expiry %d)%n", ms,
                        EXPIRY_SECONDS);
                assertTrue(ms <= EXPIRY_SECONDS * 1000L + 2000, ms + " ms: within the expiry (+2 s for a loaded machine)");
                try (WsPeer c = new WsPeer(URI.create(url(two, "crash")))) {
                    assertEquals(2, c.next("joined").path("peers").asInt(), "the dead server's place is free");
                    b.next("peer-joined");
                }
            }
        }
    }

    @Test
    void redisStoppedMidCallSparesTheMediaRefusesNewPeersClearlyAndRecovers() throws Exception {
        try (Cli one = signal(); Cli two = signal();
                // two more peers who stay through the outage: their room must still be theirs after it
                WsPeer heldOne = new WsPeer(URI.create(url(one, "held")));
                WsPeer heldTwo = new WsPeer(URI.create(url(two, "held")))) {
            heldOne.next("joined");
            heldTwo.next("joined");
            String call = url(one, "call");
            try (Cli a = peer(call, dir.resolve("a"), "12")) {
                a.await(l -> l.contains("joined room call as peer 1 of 2"), 60);
                try (Cli b = peer(url(two, "call"), dir.resolve("b"), "12")) {
                    a.await(l -> l.contains("connected in"), 120);
                    b.await(l -> l.contains("connected in"), 120);
                    redis.stop();
                    long stopped = System.nanoTime();
                    assertTrue(a.process.isAlive() && b.process.isAlive(), "the outage starts mid-call");

                    Cli late = Cli.run(180, "peer", "--signal", url(one, "late"), "--seconds", "1");
                    late.assertCleanFailure("the signaling server says: the signaling server cannot reach its room store "
                            + "(Redis) right now; try again shortly.");
                    try (WsPeer c = new WsPeer(URI.create(url(two, "late")))) {
                        c.assertRefused("cannot reach its room store (Redis)", 1013);
                    }
                    redis.start(); // empty, as a Redis without persistence comes back
                    long outageMs = (System.nanoTime() - stopped) / 1_000_000;

                    long back = System.nanoTime();
                    JsonNode joined = null;
                    while (joined == null && System.nanoTime() - back < TimeUnit.SECONDS.toNanos(15)) {
                        try (WsPeer d = new WsPeer(URI.create(url(two, "after")))) {
                            JsonNode m = d.next();
                            if (m.path("type").asText().equals("joined")) {
                                joined = m;
                            } else {
                                Thread.sleep(200);
                            }
                        }
                    }
                    assertTrue(joined != null, "a new peer joins within 15 s of Redis's return");
                    System.out.printf("Redis down %d ms mid-call; new peers joined again %d ms after it was back%n", outageMs,
                            (System.nanoTime() - back) / 1_000_000);
                    // Each server writes its rooms again at its next heartbeat (a fifth of the expiry): give both
                    // servers two expiries, as a loaded machine may delay a beat.
                    Thread.sleep(2000L * EXPIRY_SECONDS);
                    try (WsPeer third = new WsPeer(URI.create(url(two, "held")))) {
                        third.assertRefused("room held is full", 4009); // the servers wrote the room again
                    }
                    heldTwo.send("{\"type\":\"bye\"}");
                    assertEquals("peer-joined", heldOne.next().path("type").asText());
                    assertEquals("bye", heldOne.next().path("type").asText(), "and it relays again");
                    assertBothFinished(a, b);
                }
            }
        }
        assertRecordedEveryFrame();
    }
}
