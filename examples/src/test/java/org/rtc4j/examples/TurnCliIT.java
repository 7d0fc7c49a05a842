package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code loopback --relay-only} through a coturn started here (TURN over UDP, long-term credentials). */
@Timeout(240)
class TurnCliIT {
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");

    @TempDir
    Path dir;

    @Test
    void loopbackRelayOnlyThroughCoturn() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(TURNSERVER), "coturn is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path conf = dir.resolve("turnserver.conf");
        Files.writeString(conf, String.join("\n", "listening-ip=127.0.0.1", "relay-ip=127.0.0.1",
                "listening-port=" + port, "lt-cred-mech", "user=alice:s3cret-Turn", "realm=rtc4j.test",
                "allow-loopback-peers", "no-cli", "no-tls", "no-dtls", "no-rfc5780", "simple-log",
                "log-file=" + dir.resolve("turnserver.log"), "pidfile=" + dir.resolve("turnserver.pid"),
                "userdb=" + dir.resolve("turndb"), ""));
        Process coturn = new ProcessBuilder(TURNSERVER.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("turnserver.out").toFile()).start();
        try {
            awaitBound(port);
            Cli c = Cli.run(200, "loopback", "--seconds", "2", "--record", dir.resolve("rec").toString(),
                    "--relay-only", "--ice-server", "turn:127.0.0.1:" + port,
                    "--ice-username", "alice", "--ice-credential", "s3cret-Turn");
            assertEquals(0, c.exit(), c.stdout() + "\n" + c.stderr());
            JsonNode s = c.summary();
            MediaIT.assertTracksFlowed(s, 8);
            for (String peer : new String[] {"a", "b"}) {
                JsonNode pair = s.path("selectedPairs").path(peer);
                assertEquals("relay", pair.path("local").asText(), s.toString());
                assertEquals("relay", pair.path("remote").asText(), s.toString());
                assertEquals("udp", pair.path("protocol").asText(), s.toString());
            }
            assertFalse(c.stdout().contains("s3cret-Turn") || c.stderr().contains("s3cret-Turn"),
                    "the credential is never printed");
        } finally {
            coturn.destroy();
            coturn.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Bounded wait until coturn holds its UDP port. */
    private static void awaitBound(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).close();
            } catch (IOException inUse) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("coturn did not start");
    }
}
