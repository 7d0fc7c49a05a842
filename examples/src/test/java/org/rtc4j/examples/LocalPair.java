package org.rtc4j.examples;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.RtpSender;

/**
 * Two connections in this JVM over 127.0.0.1, each sending one audio track to the other (the
 * bundled Opus clip), descriptions handed over in memory once gathering is complete (no trickle).
 * Every wait is bounded by {@link #STEP_SECONDS}. Listeners set here (frame counting, gathering)
 * may be replaced by a test after construction.
 */
final class LocalPair implements AutoCloseable {
    static final int STEP_SECONDS = 10;
    static final MediaClip AUDIO = MediaClip.load(null, MediaClip.BUNDLED_AUDIO, true);

    final PeerConnection a;
    final PeerConnection b;
    final RtpSender toB;
    final RtpSender toA;
    final AtomicInteger framesAtA = new AtomicInteger();
    final AtomicInteger framesAtB = new AtomicInteger();

    LocalPair(EventLoopGroup group) {
        this(Configuration.builder().loopbackOnly().eventLoopGroup(group).build(),
                Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
    }

    /** A (the offerer) made with {@code configA}, B with {@code configB}. */
    LocalPair(Configuration configA, Configuration configB) {
        a = PeerConnection.create(configA);
        b = PeerConnection.create(configB);
        toB = a.addTrack(MediaStreamTrack.audio("a"), "pair");
        toA = b.addTrack(MediaStreamTrack.audio("b"), "pair");
        a.onTrack(e -> e.receiver().onFrame(f -> framesAtA.incrementAndGet()));
        b.onTrack(e -> e.receiver().onFrame(f -> framesAtB.incrementAndGet()));
    }

    /** A offers, B answers; returns once A has applied the answer. */
    void negotiate() throws Exception {
        await(a.setLocalDescription(await(a.createOffer())));
        awaitGathered(a);
        await(b.setRemoteDescription(a.localDescription()));
        await(b.setLocalDescription(await(b.createAnswer())));
        awaitGathered(b);
        await(a.setRemoteDescription(b.localDescription()));
    }

    void connect() throws Exception {
        CompletableFuture<Void> both = CompletableFuture.allOf(reached(a, PeerConnectionState.CONNECTED),
                reached(b, PeerConnectionState.CONNECTED));
        negotiate();
        await(both);
    }

    /** Both send Opus every 10 ms until each has received {@code frames} (bounded). */
    void exchangeAudio(int frames) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        for (int i = 0; framesAtA.get() < frames || framesAtB.get() < frames; i++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("frames in " + STEP_SECONDS + " s: at A " + framesAtA + ", at B " + framesAtB);
            }
            EncodedFrame f = AUDIO.frame(i % AUDIO.frames().size(), i * 960L);
            toB.sendFrame(f);
            toA.sendFrame(f);
            Thread.sleep(10);
        }
    }

    /** Completes when {@code pc} reaches {@code state} (replaces its connection-state listener). */
    static CompletableFuture<Void> reached(PeerConnection pc, PeerConnectionState state) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        pc.onConnectionStateChange(s -> {
            if (s == state) {
                f.complete(null);
            }
        });
        if (pc.connectionState() == state) {
            f.complete(null);
        }
        return f;
    }

    /** Completes when {@code pc} reaches any of {@code states} (replaces its connection-state listener). */
    static CompletableFuture<PeerConnectionState> reachedAny(PeerConnection pc, List<PeerConnectionState> states) {
        CompletableFuture<PeerConnectionState> f = new CompletableFuture<>();
        pc.onConnectionStateChange(s -> {
            if (states.contains(s)) {
                f.complete(s);
            }
        });
        if (states.contains(pc.connectionState())) {
            f.complete(pc.connectionState());
        }
        return f;
    }

    static void awaitGathered(PeerConnection pc) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(STEP_SECONDS);
        while (pc.iceGatheringState() != IceGatheringState.COMPLETE) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gathering not complete in " + STEP_SECONDS + " s: " + pc);
            }
            Thread.sleep(1);
        }
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(STEP_SECONDS, TimeUnit.SECONDS);
    }

    /** Sockets the group's loops hold. */
    static int endpoints(EventLoopGroup group) {
        return group.loops().stream().mapToInt(EventLoop::endpointCount).sum();
    }

    /** Entries in /proc/self/fd. */
    static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
