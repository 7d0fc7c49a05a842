package org.rtc4j.examples;

import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rtc4j signal}: runs the {@link SignalServer} until stopped (or for {@code --seconds}). */
@Command(name = "signal", mixinStandardHelpOptions = true,
        description = {"Runs the signaling server: rooms of two peers, relaying offer, answer, candidates and bye "
                + "as JSON over WebSocket at ws://HOST:PORT/ROOM. The second peer in a room makes the offer."})
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

    @Override
    public Integer call() throws Exception {
        Progress progress = new Progress(System.out, null);
        Report report = new Report("signal");
        SignalServer server = new SignalServer(new InetSocketAddress(bind, port), secret);
        server.startAndWait();
        progress.step("signaling server listening on ws://%s:%d/ROOM%s", bind, server.getPort(),
                secret == null ? "" : " (secret required)");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
        if (seconds != null) {
            stop.await(seconds, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            stop.await();
        }
        server.stop(1000);
        report.extra().put("port", server.getPort());
        report.print(System.out, true);
        return 0;
    }
}
