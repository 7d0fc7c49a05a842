package org.rtc4j.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.rtc4j.examples.rooms.MemoryRoomBus;
import org.rtc4j.examples.rooms.RedisRoomBus;
import org.rtc4j.examples.rooms.RoomBus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rtc4j signal}: runs the {@link SignalServer} until stopped (or for {@code --seconds}). */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = {"Runs the signaling server: rooms of two peers, relaying offer, answer, candidates and bye "
                + "as JSON over WebSocket at ws://HOST:PORT/ROOM. The second peer in a room makes the offer.",
            "With --redis, every server started with the same Redis shares the rooms: the two peers of a room may "
                + "connect to different servers."})
public final class SignalCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Option(names = "--port", defaultValue = "8090", description = "TCP port (0 picks a free one; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--secret", description = "Peers must connect with ?secret=SECRET.")
    String secret;

    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until stopped).")
    Integer seconds;

    @Option(names = "--redis", paramLabel = "URL",
            description = "Keep the rooms in Redis, shared with every server given the same URL: redis://HOST:PORT, "
                    + "rediss://HOST:PORT (TLS), a password as redis://:PASSWORD@HOST:PORT.")
    String redis;

    @Option(names = "--redis-ca", paramLabel = "FILE",
            description = "PEM certificates to trust for rediss:// (default: the JVM's trust store).")
    Path redisCa;

    @Option(names = "--redis-expiry", paramLabel = "SECONDS", defaultValue = "5",
            description = "With --redis: when a server dies, its peers leave their rooms (and the other peers hear "
                    + "peer-left) within this time (default ${DEFAULT-VALUE}).")
    int redisExpirySeconds;

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.out, null);
        Report report = new Report("signal");
        RoomBus rooms = rooms();
        SignalServer server = new SignalServer(new InetSocketAddress(bind, port), secret, rooms);
        try {
            server.startAndWait();
        } catch (RuntimeException | InterruptedException e) {
            rooms.close();
            throw e;
        }
        progress.step("signaling server listening on ws://%s:%d/ROOM%s%s", bind, server.getPort(),
                secret == null ? "" : " (secret required)", redis == null ? "" : ", rooms " + server.rooms());
        // SIGTERM or Ctrl-C: stop accepting, let the peers leave their rooms (on Redis the other
        // servers' peers hear it now), print the summary, exit 0.
        GracefulStop stop = GracefulStop.install();
        stop.await(seconds == null ? null : seconds.longValue());
        if (stop.signal() != null) {
            progress.step("%s: closing the connections", stop.signal());
            report.extra().put("stoppedBy", stop.signal());
        }
        try {
            server.stop(1000);
        } finally {
            report.extra().put("port", server.getPort());
            report.extra().put("rooms", server.rooms());
            report.print(System.out, true);
            stop.finished(0);
        }
        return 0;
    }

    private RoomBus rooms() {
        if (redis == null) {
            if (redisCa != null) {
                throw new Failure("--redis-ca needs --redis rediss://HOST:PORT.");
            }
            return new MemoryRoomBus(SignalServer.MAX_ROOMS);
        }
        if (redisExpirySeconds < 1) {
            throw new Failure("--redis-expiry must be at least 1 second.");
        }
        try {
            return RedisRoomBus.connect(redis, redisCa, Duration.ofSeconds(redisExpirySeconds), SignalServer.MAX_ROOMS);
        } catch (IOException e) {
            throw new Failure(e.getMessage() + ".", e);
        }
    }
}
