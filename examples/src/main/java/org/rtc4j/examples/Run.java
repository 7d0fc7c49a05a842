package org.rtc4j.examples;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** What every media command shares: progress, report, a scheduler thread and the live line. */
final class Run implements AutoCloseable {

    final Progress progress;
    final Report report;
    final ScheduledExecutorService scheduler;
    private ScheduledFuture<?> live;

    Run(String command, String prefix) {
        this.progress = new Progress(System.out, prefix);
        this.report = new Report(command);
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "rtc4j-" + command);
            t.setDaemon(true);
            return t;
        });
    }

    /** Prints the per-track line every second, after refreshing stats from {@code session}. */
    void liveLines(RtcSession session) {
        live = scheduler.scheduleAtFixedRate(() -> {
            if (session != null) {
                session.updateStats();
            }
            progress.tracks(report.tracks());
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Sleeps {@code seconds}, or until {@code stop} says so (checked every 50 ms). */
    static void sleep(double seconds, BooleanSupplier stop) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        try {
            while (System.nanoTime() < end && !stop.getAsBoolean()) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Prints the summary last and returns the exit code. */
    int finish(boolean ok) {
        if (live != null) {
            live.cancel(false);
        }
        scheduler.shutdownNow(); // no live line may come after the summary
        try {
            scheduler.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean success = ok && report.errors().isEmpty();
        report.print(System.out, success);
        return success ? 0 : Failure.EXIT_CODE;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
