package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.function.Predicate;

/** Runs the fat jar as a separate process, as a user would, and captures what it prints. */
final class Cli implements AutoCloseable {

    static Path jar() {
        Path jar = Path.of(System.getProperty("rtc4j.jar", "target/rtc4j.jar"));
        assertTrue(Files.isRegularFile(jar), "the fat jar is built by `package`: " + jar);
        return jar;
    }

    final Process process;
    final List<String> out = new ArrayList<>();
    final StringBuilder err = new StringBuilder();
    private final CompletableFuture<Void> outDone = new CompletableFuture<>();
    private final CompletableFuture<Void> errDone = new CompletableFuture<>();
    private final List<Watch> watches = new ArrayList<>();

    private record Watch(Predicate<String> match, CompletableFuture<String> line) {}

    private Cli(Path workingDir, String... args) throws IOException {
        this(List.of(), workingDir, args);
    }

    private Cli(List<String> prefix, Path workingDir, String... args) throws IOException {
        this(prefix, workingDir, java.util.Map.of(), args);
    }

    private Cli(List<String> prefix, Path workingDir, java.util.Map<String, String> env, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar().toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().putAll(env);
        process = pb.start();
        pump(process.getInputStream(), true, outDone);
        pump(process.getErrorStream(), false, errDone);
    }

    static Cli start(String... args) throws IOException {
        return new Cli(null, args);
    }

    /** Starts the jar with {@code dir} as its working directory. */
    static Cli startIn(Path dir, String... args) throws IOException {
        return new Cli(dir, args);
    }

    /** Starts the command behind {@code prefix} (e.g. {@code ip netns exec NS}, which execs it: same process). */
    static Cli startWith(List<String> prefix, String... args) throws IOException {
        return new Cli(prefix, null, args);
    }

    /** Starts the jar with {@code env} added to its environment. */
    static Cli startWithEnv(java.util.Map<String, String> env, String... args) throws IOException {
        return new Cli(List.of(), null, env, args);
    }

    /** Runs to the end (at most {@code seconds}). */
    static Cli run(int seconds, String... args) throws Exception {
        Cli c = new Cli(null, args);
        c.waitFor(seconds);
        return c;
    }

    private void pump(java.io.InputStream in, boolean stdout, CompletableFuture<Void> done) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (this) {
                        if (stdout) {
                            out.add(line);
                        } else {
                            err.append(line).append('\n');
                        }
                        for (Watch w : watches) {
                            if (w.match().test(line)) {
                                w.line().complete(line);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                // process gone
            }
            done.complete(null);
        });
        t.setDaemon(true);
        t.start();
    }

    /** The first stdout line matching {@code p}, waiting up to {@code seconds}. */
    String await(Predicate<String> p, int seconds) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        synchronized (this) {
            for (String l : out) {
                if (p.test(l)) {
                    return l;
                }
            }
            watches.add(new Watch(p, f));
        }
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no such line within " + seconds + " s; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
    }

    int waitFor(int seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + seconds + " s; stdout:\n" + stdout() + "\nstderr:\n" + stderr());
        }
        outDone.get(5, TimeUnit.SECONDS);
        errDone.get(5, TimeUnit.SECONDS);
        return process.exitValue();
    }

    int exit() {
        return process.exitValue();
    }

    synchronized String stdout() {
        return String.join("\n", out);
    }

    synchronized String stderr() {
        return err.toString();
    }

    /** The JSON summary: the last line on stdout. */
    synchronized JsonNode summary() throws IOException {
        assertFalse(out.isEmpty(), "nothing on stdout; stderr:\n" + err);
        String last = out.get(out.size() - 1);
        assertTrue(last.startsWith("{"), "the last line is the JSON summary: " + last + "\nstderr:\n" + err);
        return Report.JSON.readTree(last);
    }

    /** Exit 1, one sentence on stderr, no stack trace. */
    void assertCleanFailure(String expected) {
        String e = stderr().strip();
        assertTrue(exit() != 0, "non-zero exit; stdout:\n" + stdout());
        assertFalse(e.contains("\n"), "one line on stderr: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
        assertTrue(e.contains(expected), "stderr says \"" + expected + "\": " + e);
        assertTrue(e.endsWith("."), "a sentence: " + e);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
