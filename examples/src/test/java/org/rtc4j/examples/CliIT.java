package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: help, bad input, the signaling server as a process. */
@Timeout(120)
class CliIT {

    @TempDir
    Path dir;

    @Test
    void helpListsEveryCommand() throws Exception {
        Cli c = Cli.run(30, "--help");
        assertEquals(0, c.exit());
        for (String cmd : new String[] {"loopback", "signal", "peer", "whip-server", "whep-server", "whip", "whep", "demo"}) {
            assertTrue(c.stdout().contains("  " + cmd + " "), cmd + " is listed:\n" + c.stdout());
        }
    }

    @Test
    void aMissingCommandOrOptionIsAUsageError() throws Exception {
        assertEquals(2, Cli.run(30).exit());
        Cli c = Cli.run(30, "peer", "--record", dir.toString());
        assertEquals(2, c.exit());
        assertTrue(c.stderr().contains("Missing required option: '--signal=ws://HOST:PORT/ROOM'"), c.stderr());
        Cli none = Cli.run(30, "whip-server", "--port", "0", "--max-sessions", "0");
        assertEquals(2, none.exit());
        assertTrue(none.stderr().startsWith("--max-sessions must be at least 1 (got 0)"), none.stderr());
    }

    @Test
    void aMissingFileIsOneSentence() throws Exception {
        Path missing = dir.resolve("missing.ivf");
        Cli c = Cli.run(30, "peer", "--signal", "ws://127.0.0.1:1/r", "--send-video", missing.toString());
        c.assertCleanFailure(missing + " does not exist.");
    }

    @Test
    void turnCaThatIsMissingOrNotPem() throws Exception {
        Path missing = dir.resolve("missing-ca.pem");
        Cli.run(30, "whep", "http://127.0.0.1:1/whep", "--turn-ca", missing.toString())
                .assertCleanFailure("--turn-ca " + missing + " does not exist.");
        Path notPem = java.nio.file.Files.writeString(dir.resolve("ca.txt"), "not a certificate\n");
        Cli.run(30, "whep", "http://127.0.0.1:1/whep", "--turn-ca", notPem.toString())
                .assertCleanFailure("--turn-ca " + notPem + " ");
    }

    @Test
    void aFileOfTheWrongFormatIsOneSentence() throws Exception {
        Path text = Files.writeString(dir.resolve("video.ivf"), "not a video", StandardCharsets.UTF_8);
        Cli c = Cli.run(30, "whip", "http://127.0.0.1:1/whip", "--video", text.toString());
        c.assertCleanFailure("is not an IVF (VP8/VP9/AV1), Ogg Opus or H.264 Annex B file.");
    }

    @Test
    void audioGivenAsVideoIsOneSentence() throws Exception {
        Path ogg = dir.resolve("a.ogg");
        try (var in = CliIT.class.getResourceAsStream("media/opus.ogg")) {
            Files.copy(in, ogg);
        }
        Cli c = Cli.run(30, "whep-server", "--port", "0", "--video", ogg.toString());
        c.assertCleanFailure("holds audio (opus), but video was expected.");
    }

    @Test
    void aUrlThatDoesNotAnswerIsOneSentence() throws Exception {
        Cli.run(30, "peer", "--signal", "ws://127.0.0.1:1/room").assertCleanFailure("does not answer");
    }

    @Test
    void aWhipUrlThatDoesNotAnswerIsOneSentence() throws Exception {
        Cli.run(60, "whip", "http://127.0.0.1:1/whip", "--seconds", "1")
                .assertCleanFailure("http://127.0.0.1:1/whip does not answer (connection refused).");
    }

    @Test
    void aWrongSecretIsOneSentence() throws Exception {
        try (Cli signal = Cli.start("signal", "--port", "0", "--secret", "pw")) {
            int port = port(signal);
            Cli wrong = Cli.run(90, "peer", "--signal", "ws://127.0.0.1:" + port + "/room?secret=nope");
            wrong.assertCleanFailure("the signaling server says: this signaling server needs the right ?secret=.");
        }
    }

    @Test
    void aRedisThatDoesNotAnswerIsOneSentenceWithoutThePassword() throws Exception {
        int nothing = RedisServer.freePort();
        Cli c = Cli.run(60, "signal", "--port", "0", "--redis", "redis://:hunter2@127.0.0.1:" + nothing);
        c.assertCleanFailure("rtc4j signal: cannot reach Redis at redis://127.0.0.1:" + nothing + " (");
        assertTrue(!c.stderr().contains("hunter2"), c.stderr());
        Cli.run(30, "signal", "--port", "0", "--redis", "localhost:6379")
                .assertCleanFailure("--redis takes redis://HOST:PORT or rediss://HOST:PORT (got localhost:6379).");
    }

    @Test
    void signalServerRunsAsAProcessAndPrintsItsSummary() throws Exception {
        try (Cli signal = Cli.start("signal", "--port", "0", "--seconds", "3")) {
            int port = port(signal);
            assertTrue(port > 0);
            assertEquals(0, signal.waitFor(30), signal.stderr());
            JsonNode summary = signal.summary();
            assertEquals("signal", summary.get("command").asText());
            assertTrue(summary.get("ok").asBoolean());
            assertEquals(port, summary.get("port").asInt());
        }
    }

    static int port(Cli c) throws Exception {
        return port(c, 30);
    }

    /** The signaling server's port, from its first line, waiting up to {@code seconds}. */
    static int port(Cli c, int seconds) throws Exception {
        String line = c.await(l -> l.contains("ws://127.0.0.1:"), seconds);
        Matcher m = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
        assertTrue(m.find(), line);
        return Integer.parseInt(m.group(1));
    }
}
