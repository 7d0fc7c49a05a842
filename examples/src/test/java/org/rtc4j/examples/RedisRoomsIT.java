package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thousand rooms across two signaling server processes on one Redis: in every room one peer is on
 * each server, and the two relay a whole offer/answer/trickle exchange. Every message must arrive
 * once, in order, in its own room.
 */
@Timeout(600)
class RedisRoomsIT {

    private static final int ROOMS = SignalServer.MAX_ROOMS;
    /** Per peer: the offer or answer, three candidates, the end of candidates. */
    private static final int MESSAGES = 5;
    /** Two thousand peers on a machine loaded 15-fold: one message may wait seconds for a thread. */
    private static final int PATIENCE_SECONDS = 60;

    @Test
    void aThousandRoomsAcrossTwoServersEachRelayTheirOwnExchangeOnceAndInOrder() throws Exception {
        Assumptions.assumeTrue(RedisServer.installed(), RedisServer.MISSING);
        ExecutorService pool = Executors.newFixedThreadPool(4); // drives the rooms
        ExecutorService io = Executors.newFixedThreadPool(2); // the WebSocket client's callbacks
        try (RedisServer redis = RedisServer.launch();
                Cli one = Cli.start("signal", "--port", "0", "--redis", redis.url());
                Cli two = Cli.start("signal", "--port", "0", "--redis", redis.url())) {
            HttpClient http = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(10)).build();
            String[] servers = {"ws://127.0.0.1:" + CliIT.port(one, RedisIT.START_SECONDS) + "/",
                "ws://127.0.0.1:" + CliIT.port(two, RedisIT.START_SECONDS) + "/"};
            WsPeer[] a = new WsPeer[ROOMS];
            WsPeer[] b = new WsPeer[ROOMS];
            long start = System.nanoTime();
            try {
                // the first peer of room i on server i % 2, the second on the other
                inParallel(pool, i -> {
                    a[i] = new WsPeer(http, URI.create(servers[i % 2] + room(i)));
                    a[i].waitSeconds = PATIENCE_SECONDS;
                    assertEquals(1, a[i].next("joined").path("peers").asInt());
                });
                inParallel(pool, i -> {
                    b[i] = new WsPeer(http, URI.create(servers[(i + 1) % 2] + room(i)));
                    b[i].waitSeconds = PATIENCE_SECONDS;
                    assertEquals(2, b[i].next("joined").path("peers").asInt());
                    a[i].next("peer-joined");
                });
                long joined = System.nanoTime();
                inParallel(pool, i -> send(b[i], i, "b", "offer"));
                inParallel(pool, i -> {
                    expect(a[i], i, "b", "offer");
                    send(a[i], i, "a", "answer");
                });
                inParallel(pool, i -> expect(b[i], i, "a", "answer"));
                long relayed = System.nanoTime();
                Thread.sleep(500);
                for (int i = 0; i < ROOMS; i++) {
                    assertTrue(a[i].inbox.isEmpty() && b[i].inbox.isEmpty(), "nothing more in room " + room(i) + ": "
                            + a[i].inbox + b[i].inbox);
                }
                System.out.printf("%d rooms across two servers: %d joins in %d ms, %d messages relayed in %d ms, each once, "
                        + "in order, in its own room%n", ROOMS, 2 * ROOMS, (joined - start) / 1_000_000, 2 * ROOMS * MESSAGES,
                        (relayed - joined) / 1_000_000);
            } finally {
                for (int i = 0; i < ROOMS; i++) {
                    for (WsPeer p : new WsPeer[] {a[i], b[i]}) {
                        if (p != null) {
                            p.close();
                        }
                    }
                }
            }
        } finally {
            pool.shutdownNow();
            io.shutdownNow();
        }
    }

    private static String room(int i) {
        return "room-" + i;
    }

    /** The SDP (offer or answer), three candidates and the end of candidates, each naming room, sender and number. */
    private static void send(WsPeer p, int i, String from, String sdpType) throws Exception {
        p.send("{\"type\":\"" + sdpType + "\",\"sdp\":\"v=0\",\"room\":\"" + room(i) + "\",\"from\":\"" + from + "\",\"seq\":0}");
        for (int n = 1; n < MESSAGES; n++) {
            String candidate = n == MESSAGES - 1 ? "" : "candidate:" + n + " 1 udp " + n + " 127.0.0.1 " + (9000 + n) + " typ host";
            p.send("{\"type\":\"candidate\",\"candidate\":\"" + candidate + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0,\"room\":\""
                    + room(i) + "\",\"from\":\"" + from + "\",\"seq\":" + n + "}");
        }
    }

    private static void expect(WsPeer p, int i, String from, String sdpType) throws Exception {
        for (int n = 0; n < MESSAGES; n++) {
            JsonNode m = p.next();
            String where = "room " + room(i) + ", message " + n + ": " + m;
            assertEquals(n == 0 ? sdpType : "candidate", m.path("type").asText(), where);
            assertEquals(room(i), m.path("room").asText(), where);
            assertEquals(from, m.path("from").asText(), where);
            assertEquals(n, m.path("seq").asInt(), where);
        }
    }

    interface RoomTask {
        void run(int room) throws Exception;
    }

    /** Runs {@code task} for every room, the rooms split across the pool's threads. */
    private static void inParallel(ExecutorService pool, RoomTask task) throws Exception {
        int threads = 4;
        List<Future<?>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            parts.add(pool.submit(() -> {
                for (int i = first; i < ROOMS; i += threads) {
                    task.run(i);
                }
                return null;
            }));
        }
        for (Future<?> f : parts) {
            f.get(300, TimeUnit.SECONDS);
        }
    }
}
