package org.rtc4j.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code redis-server} (Debian's package) for tests and harnesses: on a free loopback
 * port, no persistence, started by the test and stopped with it; {@link #stop()} and {@link #start()}
 * again on the same port play an outage (Redis comes back empty, as one without persistence does).
 */
public final class RedisServer implements AutoCloseable {

    /** Why Redis tests skip, when they do. */
    public static final String MISSING = "redis-server is not installed (Debian: apt-get install redis-server); "
            + "the Redis signaling tests need it and are skipped";

    private final int port;
    private final boolean tls;
    private final List<String> extra;
    private final StringBuilder log = new StringBuilder();
    private Process process;

    private RedisServer(int port, boolean tls, List<String> extra) {
        this.port = port;
        this.tls = tls;
        this.extra = extra;
    }

    /** Whether {@code redis-server} is on the PATH. */
    public static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "redis-server"))) {
                return true;
            }
        }
        return false;
    }

    /** A server on a free port of 127.0.0.1, started. */
    public static RedisServer launch(String... extraArgs) throws IOException, InterruptedException {
        RedisServer s = new RedisServer(freePort(), false, List.of(extraArgs));
        s.start();
        return s;
    }

    /** A server listening for TLS only, on a free port, started; {@code extraArgs} name the certificate files. */
    public static RedisServer launchTls(String... extraArgs) throws IOException, InterruptedException {
        RedisServer s = new RedisServer(freePort(), true, List.of(extraArgs));
        s.start();
        return s;
    }

    /** A port nothing listens on (a moment ago). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** redis://127.0.0.1:PORT (rediss:// for TLS) */
    public String url() {
        return (tls ? "rediss" : "redis") + "://127.0.0.1:" + port;
    }

    /** (Re)starts the server on its port and waits until it accepts connections. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--loglevel", "notice"));
        cmd.addAll(tls ? List.of("--port", "0", "--tls-port", Integer.toString(port)) : List.of("--port", Integer.toString(port)));
        cmd.addAll(extra);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Process p = process;
        Thread pump = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.complete(null);
                    }
                }
            } catch (IOException e) {
                // the server is gone
            }
            ready.completeExceptionally(new IllegalStateException("redis-server exited:\n" + log()));
        }, "redis-server-log");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + log(), e);
        }
    }

    /** Stops the server (SIGTERM; nothing is saved) and waits until it is gone. */
    public synchronized void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** What the server printed. */
    public String log() {
        synchronized (log) {
            return log.toString();
        }
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
