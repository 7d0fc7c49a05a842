package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.PeerConnection;

/**
 * The media commands as separate processes over 127.0.0.1: loopback, two CLI peers through the
 * signaling server, WHIP client against WHIP server, WHEP client against WHEP server. Every
 * recording is checked frame by frame against the bundled clips.
 */
@Timeout(240)
class MediaIT {

    @TempDir
    Path dir;

    private static final MediaClip VIDEO = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
    private static final MediaClip AUDIO = MediaClip.load(null, MediaClip.BUNDLED_AUDIO, true);

    static void assertIdentical(MediaClip sent, Path recording) {
        assertTrue(Files.isRegularFile(recording), "recorded: " + recording);
        FrameCheck c = FrameCheck.of(sent, recording);
        assertTrue(c.passed(), c.describe(recording.toString()));
        assertTrue(c.frames() >= 10, "at least 10 frames in " + recording + ": " + c.frames());
    }

    static void assertTracksFlowed(JsonNode summary, int expectedTracks) {
        assertTrue(summary.get("ok").asBoolean(), summary.toString());
        assertTrue(summary.get("connectionMs").asLong() > 0, summary.toString());
        assertEquals(expectedTracks, summary.get("tracks").size(), summary.toString());
        for (JsonNode t : summary.get("tracks")) {
            assertTrue(t.get("frames").asLong() > 0, t.toString());
            assertTrue(t.get("packets").asLong() >= t.get("frames").asLong() * 0 + 1, t.toString());
            assertTrue(t.get("bytes").asLong() > 0, t.toString());
        }
        assertEquals(0, summary.get("errors").size(), summary.toString());
    }

    @Test
    void loopbackExchangesByteIdenticalMediaBothWays() throws Exception {
        Cli c = Cli.run(200, "loopback", "--seconds", "2", "--record", dir.toString());
        assertEquals(0, c.exit(), c.stdout() + "\n" + c.stderr());
        JsonNode s = c.summary();
        assertEquals("loopback", s.get("command").asText());
        assertTracksFlowed(s, 8);
        for (String peer : new String[] {"a", "b"}) {
            for (String kind : new String[] {"video", "audio"}) {
                assertTrue(s.get("verified").get(peer).get(kind).get("ok").asBoolean(), s.toString());
            }
        }
        for (String peer : new String[] {"a", "b"}) {
            JsonNode dc = s.get("dataChannel").get(peer);
            assertTrue(dc.get("ok").asBoolean(), s.toString());
            assertEquals(10, dc.get("sent").asLong(), "each peer sends ten messages: " + s);
            assertEquals(10, dc.get("verified").asLong(), s.toString());
        }
        assertIdentical(VIDEO, dir.resolve("a/video.ivf"));
        assertIdentical(AUDIO, dir.resolve("b/audio.ogg"));
        assertTrue(c.stdout().contains("loopback OK"));
    }

    @Test
    void twoPeersMeetThroughTheSignalingServer() throws Exception {
        Path file = dir.resolve("payload.bin");
        byte[] content = new byte[3 * 1024 * 1024 + 12_345]; // 193 messages of 16 KiB, the last one short
        new java.util.Random(14).nextBytes(content);
        Files.write(file, content);
        try (Cli signal = Cli.start("signal", "--port", "0")) {
            String url = "ws://127.0.0.1:" + CliIT.port(signal) + "/it";
            try (Cli a = Cli.start("peer", "--signal", url, "--record", dir.resolve("a").toString(), "--seconds", "4",
                    "--send-file", file.toString());
                    // 4 s: the 3 MiB file shares the start of the call with the first keyframes (on a loaded
                    // machine a keyframe lost to it is only repaired by the clip's next one).
                    Cli b = Cli.start("peer", "--signal", url, "--record", dir.resolve("b").toString(), "--seconds", "4")) {
                assertEquals(0, a.waitFor(180), a.stdout() + a.stderr());
                assertEquals(0, b.waitFor(60), b.stdout() + b.stderr());
                assertTracksFlowed(a.summary(), 4);
                assertTracksFlowed(b.summary(), 4);
                assertTrue(a.stdout().contains("packets") && a.stdout().contains("kbit/s"), "live per-track lines");
                assertTrue(java.util.regex.Pattern.compile("video send .* target \\d+ kbit/s").matcher(a.stdout()).find(),
                        "the live line of a sender shows its target bitrate: " + a.stdout());
                // --send-file: both SHA-256s in the summaries, the file saved under b's --record.
                String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
                JsonNode sent = a.summary().get("file").get("sent");
                assertEquals(sha, sent.get("sha256").asText(), a.summary().toString());
                assertEquals(content.length, sent.get("size").asLong());
                assertEquals(sha, sent.get("acknowledgedSha256").asText(), "b acknowledged what it hashed");
                JsonNode received = b.summary().get("file").get("received");
                assertEquals(sha, received.get("sha256").asText(), b.summary().toString());
                assertEquals(sha, received.get("announcedSha256").asText());
                assertTrue(received.get("verified").asBoolean());
                assertEquals(-1, Files.mismatch(file, dir.resolve("b").resolve("payload.bin")), "the saved file");
                for (Cli p : new Cli[] {a, b}) {
                    assertEquals(10, p.summary().get("dataChannel").get("verified").asLong(), p.summary().toString());
                }
            }
        }
        for (String peer : new String[] {"a", "b"}) {
            assertIdentical(VIDEO, dir.resolve(peer).resolve("video.ivf"));
            assertIdentical(AUDIO, dir.resolve(peer).resolve("audio.ogg"));
        }
    }

    @Test
    void aPeerThatLeavesEarlyIsReported() throws Exception {
        try (Cli signal = Cli.start("signal", "--port", "0")) {
            String url = "ws://127.0.0.1:" + CliIT.port(signal) + "/leave";
            try (Cli stays = Cli.start("peer", "--signal", url, "--seconds", "60");
                    Cli leaves = Cli.start("peer", "--signal", url, "--seconds", "1")) {
                assertEquals(0, leaves.waitFor(180), leaves.stderr());
                stays.waitFor(60);
                stays.assertCleanFailure("the other peer left after");
                assertTrue(!stays.summary().get("ok").asBoolean());
            }
        }
    }

    @Test
    void whipClientPublishesH264AndOpusToWhipServerWhichRecords() throws Exception {
        Path rec = dir.resolve("whip");
        try (Cli server = Cli.start("whip-server", "--port", "0", "--record", rec.toString(), "--token", "t0k")) {
            String url = url(server, "/whip");
            Cli denied = Cli.run(60, "whip", url, "--token", "wrong", "--seconds", "1");
            denied.assertCleanFailure("answered HTTP 401");
            Path h264 = dir.resolve("in.h264");
            try (var in = MediaIT.class.getResourceAsStream("h264.h264")) {
                Files.copy(in, h264);
            }
            Cli c = Cli.run(180, "whip", url, "--token", "t0k", "--seconds", "2", "--video", h264.toString());
            assertEquals(0, c.exit(), c.stdout() + c.stderr());
            assertTracksFlowed(c.summary(), 2);
            server.await(l -> l.contains("session ended"), 30);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(rec)) {
            files = s.sorted().collect(Collectors.toList());
        }
        assertEquals(2, files.size(), files.toString());
        assertIdentical(AUDIO, files.stream().filter(f -> f.toString().endsWith("-audio.ogg")).findFirst().orElseThrow());
        assertIdentical(MediaClip.load(dir.resolve("in.h264")),
                files.stream().filter(f -> f.toString().endsWith("-video.h264")).findFirst().orElseThrow());
    }

    @Test
    void whepClientPlaysFromWhepServer() throws Exception {
        Path rec = dir.resolve("whep");
        try (Cli server = Cli.start("whep-server", "--port", "0")) {
            String url = url(server, "/whep");
            Cli c = Cli.run(180, "whep", url, "--record", rec.toString(), "--seconds", "2");
            assertEquals(0, c.exit(), c.stdout() + c.stderr());
            assertTracksFlowed(c.summary(), 2);
            Cli wrongPath = Cli.run(60, "whep", url.replace("/whep", "/whip"), "--seconds", "1");
            wrongPath.assertCleanFailure("answered HTTP 404");
        }
        assertIdentical(VIDEO, rec.resolve("video.ivf"));
        assertIdentical(AUDIO, rec.resolve("audio.ogg"));
    }

    /**
     * Without --record the WHIP server counts only: GET /stats shows the session connected with its
     * connectMs and packet counts, the summary (printed on SIGTERM) has the counts, and nothing is
     * written to its working directory; --max-sessions 1 refuses a second session with 503.
     */
    @Test
    void whipServerWithoutRecordCountsOnlyAndCapsSessions() throws Exception {
        Path cwd = Files.createDirectories(dir.resolve("cwd"));
        try (Cli server = Cli.startIn(cwd, "whip-server", "--port", "0", "--max-sessions", "1")) {
            String url = url(server, "/whip");
            URI stats = URI.create(url).resolve("/stats");
            HttpClient http = HttpClient.newHttpClient();
            try (Cli client = Cli.start("whip", url, "--seconds", "4")) {
                JsonNode session = awaitFlowing(http, stats, client);
                assertTrue(session.get("connectMs").asDouble() > 0, session.toString());
                assertTrue(session.get("session").asText().matches("[0-9a-f]{8}"), session.toString());
                HttpResponse<String> full = post(http, URI.create(url), "v=0\r\n");
                assertEquals(503, full.statusCode(), full.body());
                assertEquals("too many sessions (1); try again later", full.body().strip());
                assertEquals(0, client.waitFor(180), client.stdout() + client.stderr());
                assertTracksFlowed(client.summary(), 2);
            }
            JsonNode after = Report.JSON.readTree(get(http, stats).body());
            assertEquals(0, after.get("open").asInt(), "the client's DELETE closed the session: " + after);
            assertEquals(1, after.get("created").asInt(), after.toString());
            // SIGTERM: the server closes its sessions and prints the summary. (Process.destroy() would
            // also close our end of its stdout at once, losing what it prints on the way out.)
            server.process.toHandle().destroy();
            server.waitFor(60);
            JsonNode summary = server.summary();
            assertEquals(1, summary.get("sessions").asInt(), summary.toString());
            assertEquals(2, summary.get("tracks").size(), summary.toString());
            for (JsonNode t : summary.get("tracks")) {
                assertEquals("recv", t.get("direction").asText(), t.toString());
                assertTrue(t.get("packets").asLong() > 0 && t.get("frames").asLong() > 0 && t.get("bytes").asLong() > 0, t.toString());
            }
        }
        try (Stream<Path> written = Files.list(cwd)) {
            assertEquals(List.of(), written.collect(Collectors.toList()), "a count-only server writes no file");
        }
    }

    /** The one session in /stats once it is connected and its audio packets are counted. */
    private static JsonNode awaitFlowing(HttpClient http, URI stats, Cli client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode last = null;
        while (System.nanoTime() < deadline && client.process.isAlive()) {
            last = Report.JSON.readTree(get(http, stats).body());
            for (JsonNode s : last.get("sessions")) {
                for (JsonNode t : s.get("tracks")) {
                    if (s.get("connected").asBoolean() && t.get("kind").asText().equals("audio") && t.get("packets").asLong() > 0) {
                        return s;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no connected session with audio packets in /stats: " + last + "\nclient:\n" + client.stdout());
    }

    private static HttpResponse<String> get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode(), res.body());
        return res;
    }

    /** What the WHIP server says to offers it cannot take, and what it does with sessions that never connect. */
    @Test
    void whipServerRefusesBadOffersAndClosesSessionsThatNeverConnect() throws Exception {
        try (Cli server = Cli.start("whip-server", "--port", "0", "--record", dir.toString(), "--connect-timeout", "2")) {
            URI endpoint = URI.create(url(server, "/whip"));
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> garbage = post(http, endpoint, "v=0\r\nthis is not SDP\r\n");
            assertEquals(400, garbage.statusCode());
            assertTrue(garbage.body().startsWith("the offer is not valid SDP"), garbage.body());
            HttpResponse<String> dataOnly = post(http, endpoint, DATA_CHANNEL_ONLY);
            assertEquals(400, dataOnly.statusCode(), dataOnly.body());
            assertTrue(dataOnly.body().startsWith("the offer "), "the reason is in the body: " + dataOnly.body());

            String offer;
            try (PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().build())) {
                pc.addTransceiver(MediaKind.VIDEO, Direction.SENDONLY);
                pc.setLocalDescription(pc.createOffer().get(20, TimeUnit.SECONDS)).get(20, TimeUnit.SECONDS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (pc.iceGatheringState() != IceGatheringState.COMPLETE && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                offer = pc.localDescription().sdp();
            } // closed: this client never answers a connectivity check
            HttpResponse<String> created = post(http, endpoint, offer);
            assertEquals(201, created.statusCode(), created.body());
            URI session = endpoint.resolve(created.headers().firstValue("Location").orElseThrow());
            server.await(l -> l.contains("session ended"), 30);
            HttpResponse<String> gone = http.send(HttpRequest.newBuilder(session).DELETE().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, gone.statusCode(), "the session was closed after --connect-timeout");
        }
    }

    private static final String DATA_CHANNEL_ONLY = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n"
            + "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=ice-ufrag:abcd\r\n"
            + "a=ice-pwd:abcdefghijklmnopqrstuvwx\r\na=fingerprint:sha-256 "
            + "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF\r\n"
            + "a=setup:actpass\r\na=mid:0\r\na=sctp-port:5000\r\n";

    private static HttpResponse<String> post(HttpClient http, URI endpoint, String sdp) throws Exception {
        return http.send(HttpRequest.newBuilder(endpoint).header("Content-Type", "application/sdp")
                .POST(HttpRequest.BodyPublishers.ofString(sdp)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String url(Cli server, String path) throws Exception {
        String line = server.await(l -> l.contains("http://127.0.0.1:"), 60);
        Matcher m = Pattern.compile("(http://127\\.0\\.0\\.1:\\d+)").matcher(line);
        assertTrue(m.find(), line);
        return m.group(1) + path;
    }
}
