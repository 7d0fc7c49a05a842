package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.rtc4j.dtls.DtlsHandshakeExecutor;
import org.rtc4j.net.EventLoopGroup;

/** What closed connections must not leave behind: sockets, handshakes, descriptors, threads. */
final class LeakCheck {
    private LeakCheck() {}

    /**
     * One connected call, closed, on a group of its own: what a JVM opens once (jar files, the
     * DTLS pool's threads, classes) is then open before a test takes its counts.
     */
    static void warmUp() throws Exception {
        EventLoopGroup group = new EventLoopGroup("rtc4j-warm", 1, org.rtc4j.net.Clock.system());
        try (LocalPair p = new LocalPair(group)) {
            p.connect();
            p.exchangeAudio(1);
        } finally {
            group.shutdownGracefully().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Waits (bounded) until the group's loops hold no socket and no DTLS handshake is admitted;
     * shuts the group down; then the descriptors must be back to {@code fdsBefore} (taken before the
     * group was made: its selectors count too) and no thread may be alive that was not alive at
     * {@code threadsBefore}, except the shared DTLS pool's idle threads (a fixed number at most,
     * each ending after 30 s idle).
     */
    static void assertNothingLeft(EventLoopGroup group, long fdsBefore, Set<Thread> threadsBefore) throws Exception {
        assertEquals(0, settle(() -> LocalPair.endpoints(group), 0), "sockets left on the loops");
        assertEquals(0, settle(() -> DtlsHandshakeExecutor.shared().admitted(), 0), "DTLS handshakes still holding a thread");
        group.shutdownGracefully().get(10, TimeUnit.SECONDS);
        // At most as many as before: a leak adds descriptors; fewer means something an earlier test in
        // this JVM left closing (an HTTP client's connections) was released meanwhile.
        long fdsAfter = settleAtMost(LocalPair::openFds, fdsBefore);
        assertTrue(fdsAfter <= fdsBefore, "file descriptors left open: " + fdsAfter + " after, " + fdsBefore + " before");
        assertEquals(Set.of(), settleThreads(threadsBefore), "threads left running");
    }

    /** The value, once it equals {@code expected} or after 5 s. */
    private static long settle(LongSupplier value, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long v = value.getAsLong();
        while (v != expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
            v = value.getAsLong();
        }
        return v;
    }

    /** The value, once it is at most {@code limit} or after 5 s. */
    private static long settleAtMost(LongSupplier value, long limit) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long v = value.getAsLong();
        while (v > limit && System.nanoTime() < deadline) {
            Thread.sleep(10);
            v = value.getAsLong();
        }
        return v;
    }

    private static Set<String> settleThreads(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        Set<String> extra = extraThreads(before);
        while (!extra.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
            extra = extraThreads(before);
        }
        return extra;
    }

    private static Set<String> extraThreads(Set<Thread> before) {
        Set<String> extra = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            // JUnit's timeout watcher starts with the first @Timeout test; the DTLS pool is shared and bounded.
            if (t.isAlive() && !before.contains(t) && !t.getName().startsWith("rtc4j-dtls-") && !t.getName().startsWith("junit-")) {
                extra.add(t.getName());
            }
        }
        return extra;
    }
}
