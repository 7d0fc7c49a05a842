package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rtc4j loopback}: the README's main job. Starts a signaling server and two CLI peers as
 * three processes of this same jar on 127.0.0.1; the peers meet through the server, negotiate,
 * exchange the bundled VP8 video and Opus audio both ways and record what they receive. Then every
 * recorded frame is checked byte for byte against the frames sent, in order. Each peer also opens a
 * data channel and sends messages the other checks ({@code dataChannel} in the summary: per peer,
 * what the other sent, what it received and verified).
 */
@Command(name = "loopback", mixinStandardHelpOptions = true,
        description = {"Two rtc4j peers, each its own process, meet through a signaling server (a third process) on "
                + "127.0.0.1, exchange VP8 video and Opus audio both ways, record what they receive, and check every "
                + "recorded frame is byte-identical to a sent frame, in order. Each peer also opens a data channel and "
                + "sends text and binary messages the other checks."})
public final class LoopbackCommand implements java.util.concurrent.Callable<Integer> {

    private static final Pattern PORT = Pattern.compile("ws://[^:/]+:(\\d+)/");

    @Mixin
    Common common;

    @Option(names = "--seconds", defaultValue = "8", description = "Seconds of media once connected (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--record", paramLabel = "DIR", description = "Where the peers record (default: a new temporary directory).")
    Path record;

    private final List<Process> children = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        MediaClip video = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        MediaClip audio = MediaClip.load(null, MediaClip.BUNDLED_AUDIO, true);
        Path dir = record != null ? record : Files.createTempDirectory("rtc4j-loopback-");
        try (Run run = new Run("loopback", null)) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::killChildren));
            Progress progress = run.progress;
            progress.step("starting the signaling server");
            Process signal = start("signal", "--port", "0", "--seconds", Long.toString((long) seconds + 120));
            CompletableFuture<Integer> port = new CompletableFuture<>();
            pump(signal, "signal", progress, line -> {
                Matcher m = PORT.matcher(line);
                if (m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            });
            int p;
            try {
                p = port.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new Failure("the signaling server process did not start within 20 s.");
            }
            String url = "ws://127.0.0.1:" + p + "/loopback";
            progress.step("signaling at %s; starting peers a and b (recording to %s)", url, dir);
            String secs = Double.toString(seconds);
            Process a = start("peer", "--signal", url, "--record", dir.resolve("a").toString(), "--seconds", secs, "--name", "a");
            CompletableFuture<JsonNode> aJson = pump(a, "a", progress, line -> { });
            Process b = start("peer", "--signal", url, "--record", dir.resolve("b").toString(), "--seconds", secs, "--name", "b");
            CompletableFuture<JsonNode> bJson = pump(b, "b", progress, line -> { });
            long limit = (long) seconds + 60;
            boolean done = a.waitFor(limit, TimeUnit.SECONDS) & b.waitFor(limit, TimeUnit.SECONDS);
            if (!done) {
                run.report.error("the peers did not finish within " + limit + " s");
            } else {
                progress.step("peers finished (exit codes a %d, b %d); checking the recordings", a.exitValue(), b.exitValue());
            }
            killChildren();
            JsonNode ra = summary(aJson);
            JsonNode rb = summary(bJson);
            Report report = run.report;
            long connection = Math.max(ra.path("connectionMs").asLong(-1), rb.path("connectionMs").asLong(-1));
            if (ra.path("connectionMs").isNumber() && rb.path("connectionMs").isNumber()) {
                report.connected(connection);
            }
            if (ra.has("selectedPair") || rb.has("selectedPair")) {
                com.fasterxml.jackson.databind.node.ObjectNode pairs = report.extra().putObject("selectedPairs");
                pairs.set("a", ra.get("selectedPair"));
                pairs.set("b", rb.get("selectedPair"));
            }
            for (JsonNode t : ra.path("tracks")) {
                report.addTrack("a", t);
            }
            for (JsonNode t : rb.path("tracks")) {
                report.addTrack("b", t);
            }
            for (JsonNode e : ra.path("errors")) {
                report.error("peer a: " + e.asText());
            }
            for (JsonNode e : rb.path("errors")) {
                report.error("peer b: " + e.asText());
            }
            boolean ok = done && a.exitValue() == 0 && b.exitValue() == 0;
            if (done && a.exitValue() != 0 && ra.isMissingNode()) {
                report.error("peer a exited with code " + a.exitValue());
            }
            if (done && b.exitValue() != 0 && rb.isMissingNode()) {
                report.error("peer b exited with code " + b.exitValue());
            }
            ObjectNode verified = report.extra().putObject("verified");
            for (String peer : new String[] {"a", "b"}) {
                ObjectNode v = verified.putObject(peer);
                ok &= check(progress, v, peer + " video", video, dir.resolve(peer).resolve("video.ivf"));
                ok &= check(progress, v, peer + " audio", audio, dir.resolve(peer).resolve("audio.ogg"));
            }
            ObjectNode data = report.extra().putObject("dataChannel");
            ok &= checkChannel(progress, data, "a", ra, rb);
            ok &= checkChannel(progress, data, "b", rb, ra);
            report.extra().put("recordings", dir.toString());
            progress.step(ok ? "loopback OK: both peers received every track, byte-identical and in order"
                    : "loopback FAILED");
            if (!ok) {
                System.err.println("rtc4j loopback: " + (report.errors().isEmpty() ? "a recording did not match what was sent (see above)."
                        : report.errors().get(0) + "."));
            }
            return run.finish(ok);
        } finally {
            killChildren();
        }
    }

    private static boolean check(Progress progress, ObjectNode out, String what, MediaClip sent, Path file) {
        String key = what.substring(what.indexOf(' ') + 1);
        if (!Files.isRegularFile(file)) {
            progress.step("%s: no recording at %s", what, file);
            out.put(key, "missing");
            return false;
        }
        FrameCheck c;
        try {
            c = FrameCheck.of(sent, file);
        } catch (Failure e) {
            progress.step("%s: %s", what, e.getMessage());
            out.put(key, "unreadable");
            return false;
        }
        progress.step("%s", c.describe(what));
        ObjectNode v = out.putObject(key);
        v.put("frames", c.frames());
        v.put("identical", c.matched());
        v.put("ok", c.passed());
        return c.passed();
    }

    /**
     * {@code peer}'s data channel as its summary tells it: every message the other peer sent
     * arrived and matched ({@code sent} is the other peer's count).
     */
    private static boolean checkChannel(Progress progress, ObjectNode out, String peer, JsonNode mine, JsonNode other) {
        JsonNode in = mine.path("dataChannel");
        long sent = other.path("dataChannel").path("sent").asLong(-1);
        long received = in.path("received").asLong(-1);
        long verified = in.path("verified").asLong(-1);
        boolean ok = sent > 0 && received == sent && verified == received;
        ObjectNode v = out.putObject(peer);
        v.put("sent", sent);
        v.put("received", received);
        v.put("verified", verified);
        v.put("ok", ok);
        progress.step("%s data channel: %d of %d messages received, %d verified%s", peer, received, sent, verified,
                ok ? "" : " FAILED");
        return ok;
    }

    private static JsonNode summary(CompletableFuture<JsonNode> f) {
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
    }

    /** Starts this jar again with {@code args}. */
    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        if (common != null && common.verbose) {
            cmd.add("--verbose");
        }
        if (common != null && "peer".equals(args[0])) { // the peers use the same ICE servers and policy
            for (String url : common.iceServers) {
                cmd.addAll(List.of("--ice-server", url));
            }
            if (common.iceUsername != null) {
                cmd.addAll(List.of("--ice-username", common.iceUsername));
            }
            if (common.relayOnly) {
                cmd.add("--relay-only");
            }
            if (common.iceTcp) {
                cmd.add("--ice-tcp");
            }
            if (common.turnCa != null) {
                cmd.addAll(List.of("--turn-ca", common.turnCa.toAbsolutePath().toString()));
            }
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
        // The TURN password goes in the child's environment, not on its command line (ps shows those).
        pb.environment().remove(Common.CREDENTIAL_ENV);
        if (common != null && "peer".equals(args[0]) && common.iceCredential() != null) {
            pb.environment().put(Common.CREDENTIAL_ENV, common.iceCredential());
        }
        Process p = pb.start();
        synchronized (children) {
            children.add(p);
        }
        return p;
    }

    /** Copies a child's progress lines to ours, prefixed; completes with its JSON summary line. */
    private static CompletableFuture<JsonNode> pump(Process p, String name, Progress progress,
            java.util.function.Consumer<String> onLine) {
        CompletableFuture<JsonNode> json = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            JsonNode last = null;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    onLine.accept(line);
                    if (line.startsWith("{")) {
                        try {
                            last = Report.JSON.readTree(line);
                        } catch (IOException e) {
                            progress.step("%s | %s", name, line);
                        }
                    } else {
                        synchronized (System.out) {
                            System.out.println("  " + name + " | " + line);
                        }
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
            if (last != null) {
                json.complete(last);
            } else {
                json.completeExceptionally(new IllegalStateException(name + " printed no summary"));
            }
        }, "rtc4j-child-" + name);
        t.setDaemon(true);
        t.start();
        return json;
    }

    private void killChildren() {
        synchronized (children) {
            for (Process p : children) {
                if (p.isAlive()) {
                    p.destroy();
                }
            }
            for (Process p : children) {
                try {
                    if (!p.waitFor(3, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
