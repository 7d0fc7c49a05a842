package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium driven over the DevTools protocol through a pair of named pipes
 * ({@code --remote-debugging-pipe}: it reads commands on fd 3 and writes replies on fd 4, each
 * message a JSON text ended by a NUL byte). Unlike a DevTools port, pipes work when Chromium runs
 * in a network namespace the test's JVM is not in.
 */
final class PipeChromium implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final OutputStream toBrowser;
    private final InputStream fromBrowser;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder log = new StringBuilder();
    private String session;

    private PipeChromium(Process process, Path dir, OutputStream toBrowser, InputStream fromBrowser) {
        this.process = process;
        this.dir = dir;
        this.toBrowser = toBrowser;
        this.fromBrowser = fromBrowser;
        Thread reader = new Thread(this::readLoop, "chromium-pipe");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts Chromium behind {@code prefix} (e.g. {@code ip netns exec NS}) with one blank page. */
    static PipeChromium launch(List<String> prefix, String chromium) throws Exception {
        Path dir = Files.createTempDirectory("rtc4j-chromium-pipe");
        Path in = dir.resolve("in");
        Path out = dir.resolve("out");
        for (Path p : List.of(in, out)) {
            Process mk = new ProcessBuilder("mkfifo", p.toString()).start();
            if (mk.waitFor() != 0) {
                throw new IOException("mkfifo " + p + " failed");
            }
        }
        List<String> cmd = new ArrayList<>(prefix);
        // The shell opens fd 3 (blocks until we open "in" for writing), then fd 4, then execs Chromium.
        cmd.addAll(List.of("sh", "-c", "exec \"$0\" \"$@\" 3<" + in + " 4>" + out, chromium, "--headless=new",
                "--no-sandbox", "--disable-gpu", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-extensions",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns", "--disable-quic",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                "--remote-debugging-pipe", "--user-data-dir=" + dir.resolve("profile"), "about:blank"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("chromium.log").toFile())
                .start();
        try {
            OutputStream w = openWithin(() -> Files.newOutputStream(in), p);
            InputStream r = openWithin(() -> Files.newInputStream(out), p);
            PipeChromium c = new PipeChromium(p, dir, w, r);
            c.attachToPage();
            return c;
        } catch (Exception | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private interface Opener<T> {
        T open() throws IOException;
    }

    /** Opening a FIFO blocks until the other end opens: give up if Chromium dies first. */
    private static <T> T openWithin(Opener<T> opener, Process p) throws Exception {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> {
            try {
                return opener.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                return f.get(200, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (!p.isAlive()) {
                    throw new IOException("chromium exited with " + p.exitValue() + " before opening its pipe");
                }
            }
        }
        throw new IOException("chromium did not open its pipe within 60 s");
    }

    private void attachToPage() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            JsonNode targets = call(null, "Target.getTargets", Report.JSON.createObjectNode());
            for (JsonNode t : targets.path("targetInfos")) {
                if (t.path("type").asText().equals("page")) {
                    JsonNode r = call(null, "Target.attachToTarget", Report.JSON.createObjectNode()
                            .put("targetId", t.path("targetId").asText()).put("flatten", true));
                    session = r.path("sessionId").asText();
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("no page in chromium");
    }

    /** Loads {@code url} in the page and waits until its document is complete. */
    void navigate(String url) throws Exception {
        call(session, "Page.navigate", Report.JSON.createObjectNode().put("url", url));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String state = "";
        while (System.nanoTime() < deadline) {
            state = evaluate("Promise.resolve(document.readyState + ' ' + location.href)");
            if (state.equals("complete " + url)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the page did not load " + url + ": " + state);
    }

    /** Evaluates {@code expression} in the page, awaiting it if it is a promise; its value as text. */
    String evaluate(String expression) throws Exception {
        JsonNode r = call(session, "Runtime.evaluate", Report.JSON.createObjectNode().put("expression", expression)
                .put("returnByValue", true).put("awaitPromise", true));
        if (r.has("exceptionDetails")) {
            throw new AssertionError("the page threw: " + r.get("exceptionDetails"));
        }
        JsonNode v = r.path("result").path("value");
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** Like {@link #evaluate}, the value parsed as JSON. */
    JsonNode evaluateJson(String expression) throws Exception {
        return Report.JSON.readTree(evaluate(expression));
    }

    private JsonNode call(String sessionId, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode msg = Report.JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        if (sessionId != null) {
            msg.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        synchronized (toBrowser) {
            toBrowser.write(msg.toString().getBytes(StandardCharsets.UTF_8));
            toBrowser.write(0);
            toBrowser.flush();
        }
        JsonNode res = f.get(120, TimeUnit.SECONDS);
        if (res.has("error")) {
            throw new AssertionError(method + ": " + res.get("error"));
        }
        return res.get("result");
    }

    private void readLoop() {
        ByteArrayOutputStream msg = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        try {
            for (int n; (n = fromBrowser.read(buf)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] != 0) {
                        msg.write(buf[i]);
                        continue;
                    }
                    dispatch(msg.toString(StandardCharsets.UTF_8));
                    msg.reset();
                }
            }
        } catch (IOException e) {
            // browser gone
        }
        for (CompletableFuture<JsonNode> f : pending.values()) {
            f.completeExceptionally(new IOException("chromium closed its pipe; log: " + chromiumLog()));
        }
    }

    private void dispatch(String text) {
        try {
            JsonNode m = Report.JSON.readTree(text);
            CompletableFuture<JsonNode> f = m.has("id") ? pending.remove(m.get("id").asInt()) : null;
            if (f != null) {
                f.complete(m);
            }
        } catch (IOException e) {
            synchronized (log) {
                log.append("unparsable message: ").append(text, 0, Math.min(200, text.length())).append('\n');
            }
        }
    }

    /** The last lines Chromium printed. */
    String chromiumLog() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("chromium.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            toBrowser.close();
            fromBrowser.close();
        } catch (IOException e) {
            // gone
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory
        }
    }
}
