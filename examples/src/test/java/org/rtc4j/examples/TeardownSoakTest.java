package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.PeerConnectionState;

/**
 * The teardown soak of issue 21 in the test suite: 300 cycles of create → connect → audio both
 * ways → close (A closes, B must see {@code closed}, B closes) on one long-lived event-loop group
 * leave no socket, descriptor or thread behind, and the heap after a full GC within 5% of where
 * it was after the warm-up. Bounded at 60 s of cycles (at least 100 must fit). The 10,000-cycle
 * harness is {@code bench}'s {@code org.rtc4j.bench.scale.TeardownSoak}.
 */
@Timeout(180)
class TeardownSoakTest {
    static final int CYCLES = 300;
    static final int WARM_UP = 50;

    @Test
    void threeHundredCyclesLeaveNoThreadDescriptorOrHeapBehind() throws Exception {
        LeakCheck.warmUp();
        Set<Thread> threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        long fdsBefore = LocalPair.openFds();
        EventLoopGroup group = new EventLoopGroup("rtc4j-soak", 2, Clock.system());
        for (int i = 0; i < WARM_UP; i++) {
            cycle(group);
        }
        long heapBefore = heapAfterGc();
        long fdsWithGroup = LocalPair.openFds();
        long t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        int cycles = 0;
        while (cycles < CYCLES && System.nanoTime() < deadline) {
            cycle(group);
            cycles++;
        }
        double msPerCycle = (System.nanoTime() - t0) / 1e6 / cycles;
        assertTrue(cycles >= 100, "only " + cycles + " cycles in 60 s");
        // A leak adds; an earlier test's leftovers closing meanwhile remove. A channel closed while
        // registered with a selector gives its descriptor back at the loop's next select (the JDK
        // defers it), which may come just after the close future: a bounded wait covers that.
        long fdsAfter = LocalPair.openFds();
        for (int i = 0; i < 20 && fdsAfter > fdsWithGroup; i++) {
            Thread.sleep(100);
            fdsAfter = LocalPair.openFds();
        }
        assertTrue(fdsAfter <= fdsWithGroup, "descriptors after " + cycles + " cycles (group still running): " + fdsAfter
                + ", with the group " + fdsWithGroup);
        long heapAfter = heapAfterGc();
        double growth = 100.0 * (heapAfter - heapBefore) / heapBefore;
        System.out.printf(Locale.ROOT, "soak: %d cycles, %.1f ms each; heap after GC %.2f -> %.2f MB (%+.2f%%)%n", cycles, msPerCycle,
                heapBefore / 1e6, heapAfter / 1e6, growth);
        assertTrue(growth <= 5.0, String.format(Locale.ROOT, "heap after GC grew %.2f%% in %d cycles (%.2f -> %.2f MB)", growth,
                cycles, heapBefore / 1e6, heapAfter / 1e6));
        LeakCheck.assertNothingLeft(group, fdsBefore, threadsBefore);
    }

    /** One cycle; every step bounded by {@link LocalPair#STEP_SECONDS}. */
    private static void cycle(EventLoopGroup group) throws Exception {
        try (LocalPair p = new LocalPair(group)) {
            p.connect();
            p.exchangeAudio(3);
            CompletableFuture<Void> bClosed = LocalPair.reached(p.b, PeerConnectionState.CLOSED);
            LocalPair.await(p.a.closeAsync());
            LocalPair.await(bClosed);
            LocalPair.await(p.b.closeAsync());
        }
    }

    /** The heap in use right after two full collections. */
    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
