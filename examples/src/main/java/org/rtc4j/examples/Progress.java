package org.rtc4j.examples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Human-readable progress on standard output: timestamped connection steps, then live per-track
 * lines. The last line a command prints is its JSON summary ({@link Report}), so everything here
 * is meant for people and never parsed.
 */
public final class Progress {

    private final PrintStream out;
    private final long startNanos;
    private final String prefix;

    public Progress(PrintStream out, String prefix) {
        this(out, prefix, System.nanoTime());
    }

    private Progress(PrintStream out, String prefix, long startNanos) {
        this.out = out;
        this.prefix = prefix == null || prefix.isEmpty() ? "" : prefix + " ";
        this.startNanos = startNanos;
    }

    /** The same clock and output, another prefix (one per server session). */
    public Progress withPrefix(String p) {
        return new Progress(out, p, startNanos);
    }

    /** Seconds since this run started. */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Milliseconds since this run started. */
    public long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** One step: {@code [  1.23s] peer-a connected}. */
    public void step(String format, Object... args) {
        String line = String.format(Locale.ROOT, "[%6.2fs] %s", elapsedSeconds(), prefix)
                + String.format(Locale.ROOT, format, args);
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    /** Prints the live line of every counter. */
    public void tracks(Iterable<TrackCounter> counters) {
        for (TrackCounter c : counters) {
            step("%s", c.liveLine());
        }
    }
}
