package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every server command stops gracefully on SIGTERM and SIGINT, as a process: it stops accepting,
 * closes its sessions (DTLS close_notify), finishes its recordings (the IVF header's frame count,
 * the Ogg stream's last page), prints the JSON summary as its last line, listing each session with
 * its connect time and per-track packets, bytes and frames, and exits 0.
 */
@Timeout(300)
class ServerShutdownIT {
    @TempDir
    Path dir;

    @Test
    void whipServerOnSigtermFinishesTheRecordingsAndListsTheSession() throws Exception {
        Path rec = dir.resolve("whip");
        try (Cli server = Cli.start("whip-server", "--port", "0", "--record", rec.toString());
                Cli client = Cli.start("whip", MediaIT.url(server, "/whip"), "--seconds", "120")) {
            awaitRecording(rec, server);
            signal(server, "TERM");
            assertEquals(0, server.waitFor(60), "exit 0 after SIGTERM\n" + server.stdout() + server.stderr());
            JsonNode s = server.summary();
            assertEquals("SIGTERM", s.path("stoppedBy").asText(), s.toString());
            assertEquals(1, s.path("sessions").asInt(), "the existing fields stay: " + s);
            JsonNode session = onlySession(s);
            long videoFrames = -1;
            for (JsonNode t : session.path("tracks")) {
                assertTrue(t.path("packets").asLong() > 0 && t.path("bytes").asLong() > 0 && t.path("frames").asLong() > 0,
                        "each track counted: " + t);
                if ("video".equals(t.path("kind").asText())) {
                    videoFrames = t.path("frames").asLong();
                }
            }
            Path ivf = only(rec, ".ivf");
            int[] ivfFrames = ivfFrames(ivf);
            assertEquals(ivfFrames[1], ivfFrames[0], "the IVF header counts the frames written: " + ivf);
            assertEquals(videoFrames, ivfFrames[1], "the summary's video frames are the recording's");
            assertTrue(lastOggPageEndsTheStream(only(rec, ".ogg")), "the Ogg stream has its last page (EOS)");
            client.process.destroyForcibly();
        }
    }

    @Test
    void whepServerOnSigintClosesItsSessionAndListsIt() throws Exception {
        Assumptions.assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree (a non-interactive shell started"
                + " the build in the background): the server, a child of this JVM, would never see it");
        try (Cli server = Cli.start("whep-server", "--port", "0");
                Cli client = Cli.start("whep", MediaIT.url(server, "/whep"), "--seconds", "120")) {
            client.await(l -> l.contains("connected in"), 60);
            Thread.sleep(2000); // media flows
            signal(server, "INT");
            assertEquals(0, server.waitFor(60), "exit 0 after SIGINT\n" + server.stdout() + server.stderr());
            JsonNode s = server.summary();
            assertEquals("SIGINT", s.path("stoppedBy").asText(), s.toString());
            JsonNode session = onlySession(s);
            for (JsonNode t : session.path("tracks")) {
                assertTrue(t.path("packets").asLong() > 0 && t.path("frames").asLong() > 0, "each track sent: " + t);
            }
            client.process.destroyForcibly();
        }
    }

    @Test
    void signalAndDemoStopOnSigterm() throws Exception {
        try (Cli signal = Cli.start("signal", "--port", "0")) {
            signal.await(l -> l.contains("ws://"), 60);
            signal(signal, "TERM");
            assertEquals(0, signal.waitFor(60), signal.stdout() + signal.stderr());
            JsonNode s = signal.summary();
            assertEquals("SIGTERM", s.path("stoppedBy").asText(), s.toString());
            assertTrue(s.path("port").asInt() > 0, s.toString());
        }
        try (Cli demo = Cli.start("demo", "--port", "0")) {
            demo.await(l -> l.contains("demo at http://"), 60);
            signal(demo, "TERM");
            assertEquals(0, demo.waitFor(60), demo.stdout() + demo.stderr());
            JsonNode s = demo.summary();
            assertEquals("SIGTERM", s.path("stoppedBy").asText(), s.toString());
            assertEquals(0, s.path("sessionList").size());
        }
    }

    private static JsonNode onlySession(JsonNode summary) {
        JsonNode list = summary.path("sessionList");
        assertEquals(1, list.size(), "one session listed: " + summary);
        JsonNode session = list.get(0);
        assertTrue(session.path("session").asText().length() >= 8, session.toString());
        assertTrue(session.path("connectMs").isNumber(), "its connect time: " + session);
        assertEquals(2, session.path("tracks").size(), session.toString());
        return session;
    }

    /**
     * {@code kill -NAME pid}. Not {@link Process#destroy()}: it sends SIGTERM too, but closes our
     * ends of the process's pipes first, so what the process prints while it stops (the summary)
     * is lost.
     */
    /**
     * Whether this JVM was started with SIGINT ignored ({@code SigIgn} in {@code /proc/self/status}):
     * a shell without job control starts background commands so, and the children inherit it.
     */
    static boolean sigintIgnored() throws java.io.IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << 1)) != 0; // SIGINT is 2
            }
        }
        return false;
    }

    static void signal(Cli c, String name) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(c.process.pid())).inheritIO().start();
        assertTrue(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + name);
    }

    /** Waits until the server records both tracks and some seconds of them. */
    private static void awaitRecording(Path rec, Cli server) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(rec)) {
                try (Stream<Path> s = Files.list(rec)) {
                    List<Path> files = s.toList();
                    if (files.size() == 2 && files.stream().allMatch(f -> f.toFile().length() > 20_000)) {
                        return;
                    }
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no recording in " + rec + "\n" + server.stdout());
    }

    private static Path only(Path dir, String suffix) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> l = s.filter(f -> f.toString().endsWith(suffix)).toList();
            assertEquals(1, l.size(), l.toString());
            return l.get(0);
        }
    }

    /** The IVF header's frame count, and the frames walked to the end of the file (which must end on one). */
    private static int[] ivfFrames(Path ivf) throws Exception {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(ivf)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("DKIF", new String(b.array(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        int header = b.getInt(24);
        int walked = 0;
        int p = b.getShort(6);
        while (p < b.limit()) {
            assertTrue(p + 12 <= b.limit(), "a frame header cut at " + p);
            int size = b.getInt(p);
            p += 12 + size;
            assertTrue(p <= b.limit(), "a frame cut at the end of " + ivf);
            walked++;
        }
        return new int[] {header, walked};
    }

    /** Whether the Ogg pages run to the end of the file and the last one has the end-of-stream flag. */
    private static boolean lastOggPageEndsTheStream(Path ogg) throws Exception {
        byte[] d = Files.readAllBytes(ogg);
        int p = 0;
        int flags = -1;
        while (p < d.length) {
            assertTrue(p + 27 <= d.length && d[p] == 'O' && d[p + 1] == 'g' && d[p + 2] == 'g' && d[p + 3] == 'S',
                    "an Ogg page at " + p);
            flags = d[p + 5];
            int segments = d[p + 26] & 0xFF;
            int body = 0;
            for (int i = 0; i < segments; i++) {
                body += d[p + 27 + i] & 0xFF;
            }
            p += 27 + segments + body;
            assertTrue(p <= d.length, "the last page is cut");
        }
        return (flags & 0x04) != 0;
    }
}
