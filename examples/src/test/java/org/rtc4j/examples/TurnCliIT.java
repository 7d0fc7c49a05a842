package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI through a coturn started here (TURN over UDP, TCP and TLS, long-term credentials, a
 * certificate made with openssl): {@code loopback --relay-only}, whose child peers get the
 * credential in their environment and never on their command lines, over each transport (the
 * root README's commands); and a {@code whep-server} with two sessions, one relayed and one direct, whose
 * summary gives each session its own selected pair.
 */
@Timeout(240)
class TurnCliIT {
    private static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
    private static final String PASSWORD = "s3cret-Turn";

    @TempDir
    Path dir;
    private Process coturn;
    private int port;
    private int tlsPort;
    private Path cert;

    @BeforeEach
    void startCoturn() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(TURNSERVER), "coturn is not installed");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            tlsPort = s.getLocalPort();
        }
        // TLS with a self-signed certificate for 127.0.0.1, made as the root README shows.
        cert = dir.resolve("turn-cert.pem");
        Path key = dir.resolve("turn-key.pem");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-keyout", key.toString(), "-out", cert.toString(),
                "-subj", "/CN=turn", "-addext", "subjectAltName=IP:127.0.0.1").redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.out").toFile()).start();
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS) && openssl.exitValue() == 0, "openssl made a certificate");
        Path conf = dir.resolve("turnserver.conf");
        Files.writeString(conf, String.join("\n", "listening-ip=127.0.0.1", "relay-ip=127.0.0.1",
                "listening-port=" + port, "tls-listening-port=" + tlsPort, "cert=" + cert, "pkey=" + key,
                "lt-cred-mech", "user=alice:" + PASSWORD, "realm=rtc4j.test",
                "allow-loopback-peers", "no-cli", "no-dtls", "no-rfc5780", "simple-log",
                "log-file=" + dir.resolve("turnserver.log"), "pidfile=" + dir.resolve("turnserver.pid"),
                "userdb=" + dir.resolve("turndb"), ""));
        coturn = new ProcessBuilder(TURNSERVER.toString(), "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("turnserver.out").toFile()).start();
        awaitBound(port);
        awaitTcp(tlsPort);
    }

    @AfterEach
    void stopCoturn() throws Exception {
        if (coturn != null) {
            coturn.destroy();
            coturn.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void loopbackRelayOnlyThroughCoturn() throws Exception {
        Set<String> childCommandLines = new HashSet<>();
        Cli c = Cli.start("loopback", "--seconds", "2", "--record", dir.resolve("rec").toString(),
                "--relay-only", "--ice-server", "turn:127.0.0.1:" + port,
                "--ice-username", "alice", "--ice-credential", PASSWORD);
        try {
            // While it runs, read its children's command lines as ps would (bounded: 200 s).
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(200);
            while (c.process.isAlive() && System.nanoTime() < end) {
                c.process.toHandle().descendants().forEach(h -> childCommandLines.add(cmdline(h.pid())));
                Thread.sleep(50);
            }
            assertEquals(0, c.waitFor(10), c.stdout() + "\n" + c.stderr());
        } finally {
            c.close();
        }
        assertRelayedLoopback(c, "udp");
        List<String> peers = childCommandLines.stream().filter(l -> l.contains(" peer ")).toList();
        assertEquals(2, peers.size(), "both peer processes seen: " + childCommandLines);
        for (String l : peers) {
            assertTrue(l.contains("--ice-username alice") && l.contains("--relay-only"), l);
            assertFalse(l.contains(PASSWORD) || l.contains("--ice-credential"), "no credential on a child's command line: " + l);
        }
    }

    /**
     * The root README's calls through coturn over TCP and TLS: the credential from
     * {@value Common#CREDENTIAL_ENV} only, {@code --turn-ca} trusting the server's certificate.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"tcp", "tls"})
    void loopbackRelayOnlyOverTcpAndTls(String transport) throws Exception {
        List<String> args = new ArrayList<>(List.of("loopback", "--seconds", "2", "--relay-only",
                "--ice-username", "alice", "--ice-server",
                transport.equals("tcp") ? "turn:127.0.0.1:" + port + "?transport=tcp" : "turns:127.0.0.1:" + tlsPort));
        if (transport.equals("tls")) {
            args.addAll(List.of("--turn-ca", cert.toString()));
        }
        try (Cli c = Cli.startWithEnv(java.util.Map.of(Common.CREDENTIAL_ENV, PASSWORD), args.toArray(String[]::new))) {
            assertEquals(0, c.waitFor(200), c.stdout() + "\n" + c.stderr());
            assertRelayedLoopback(c, transport);
        }
    }

    /**
     * A finished relay-only {@code loopback}: all 8 tracks flowed, both peers' selected pairs are
     * relay/relay over UDP with the relay reached over {@code relayProtocol}, no credential printed.
     */
    private static void assertRelayedLoopback(Cli c, String relayProtocol) throws IOException {
        JsonNode s = c.summary();
        MediaIT.assertTracksFlowed(s, 8);
        for (String peer : new String[] {"a", "b"}) {
            JsonNode pair = s.path("selectedPairs").path(peer);
            assertEquals("relay", pair.path("local").asText(), s.toString());
            assertEquals("relay", pair.path("remote").asText(), s.toString());
            assertEquals("udp", pair.path("protocol").asText(), s.toString());
            assertEquals(relayProtocol, pair.path("relayProtocol").asText(), "the relay is reached over " + relayProtocol + ": " + s);
        }
        assertFalse(c.stdout().contains(PASSWORD) || c.stderr().contains(PASSWORD), "the credential is never printed");
    }

    /** {@code /proc/PID/cmdline} with spaces for NULs, or "" once the process is gone. */
    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException gone) {
            return "";
        }
    }

    @Test
    void serverSummaryGivesEachSessionItsSelectedPair() throws Exception {
        List<Cli> clients = new ArrayList<>();
        try (Cli server = Cli.start("whep-server", "--port", "0")) {
            String url = MediaIT.url(server, "/whep");
            // First a client that reaches the server only through the relay, then a direct one.
            clients.add(Cli.start("whep", url, "--seconds", "120", "--relay-only", "--ice-server",
                    "turn:127.0.0.1:" + port, "--ice-username", "alice", "--ice-credential", PASSWORD));
            clients.get(0).await(l -> l.contains("connected in"), 60);
            clients.add(Cli.start("whep", url, "--seconds", "120"));
            clients.get(1).await(l -> l.contains("connected in"), 60);
            Thread.sleep(1000); // the sessions' stats are read once connected
            ServerShutdownIT.signal(server, "TERM");
            assertEquals(0, server.waitFor(60), server.stdout() + server.stderr());
            JsonNode s = server.summary();
            JsonNode list = s.path("sessionList");
            assertEquals(2, list.size(), s.toString());
            List<String> remotes = new ArrayList<>();
            for (JsonNode session : list) {
                JsonNode pair = session.path("selectedPair");
                assertEquals("host", pair.path("local").asText(), "the server gathers host candidates: " + s);
                assertEquals("udp", pair.path("protocol").asText(), s.toString());
                assertFalse(pair.has("relayProtocol"), "a host candidate has no relay protocol: " + s);
                remotes.add(pair.path("remote").asText());
            }
            assertTrue(remotes.contains("relay") && (remotes.contains("host") || remotes.contains("prflx")),
                    "one session through the relay, one direct, each with its own pair: " + s);
            assertTrue(s.path("selectedPair").isObject(), "the top-level field stays: " + s);
        } finally {
            for (Cli c : clients) {
                c.process.destroyForcibly();
                c.close();
            }
        }
    }

    /** Bounded wait until coturn's TLS listener accepts. */
    private static void awaitTcp(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("coturn's TLS listener did not start");
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
