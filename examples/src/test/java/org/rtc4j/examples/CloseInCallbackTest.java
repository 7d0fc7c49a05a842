package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtc4j.examples.LocalPair.await;
import static org.rtc4j.examples.LocalPair.reachedAny;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.IceConnectionState;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.RtpReceiver;
import org.rtc4j.peer.SignalingState;
import org.rtc4j.peer.Stats;

/**
 * {@code close()} from inside every listener a connection calls, during the DTLS handshake, and
 * while the remote keeps sending (issue 21): the closing side ends in {@code closed}, the call
 * that was running when the listener closed it completes (normally or not) instead of hanging,
 * the other side notices (within 5 s once connected: RTCP BYE and DTLS close_notify; before that,
 * when ICE or consent gives up, within {@link #NOTICE_BY_TIMEOUT_SECONDS}), and nothing is left:
 * no socket on the loops, no DTLS handshake holding a thread, no file descriptor, no thread once
 * the group is shut down. Public API only (plus the loops' socket count and the handshake pool's
 * admitted count, which are public in {@code ice} and {@code dtls}).
 */
@Timeout(180)
class CloseInCallbackTest {
    /** ICE checks give up after 39.5 s (RTO 500 ms, 7 transmissions, Rm 16); consent after 7.5 s. */
    static final int NOTICE_BY_TIMEOUT_SECONDS = 50;
    private static final List<PeerConnectionState> ENDED =
            List.of(PeerConnectionState.CLOSED, PeerConnectionState.FAILED, PeerConnectionState.DISCONNECTED);

    private EventLoopGroup group;
    private long fdsBefore;
    private Set<Thread> threadsBefore;

    /** One whole call first, so that the jars, classes and pool threads it opens are there before any count. */
    @BeforeAll
    static void warmUp() throws Exception {
        LeakCheck.warmUp();
    }

    @BeforeEach
    void start() {
        threadsBefore = new HashSet<>(Thread.getAllStackTraces().keySet());
        fdsBefore = LocalPair.openFds();
        group = new EventLoopGroup("rtc4j-cb", 2, Clock.system());
    }

    @AfterEach
    void nothingLeft() throws Exception {
        LeakCheck.assertNothingLeft(group, fdsBefore, threadsBefore);
    }

    private PeerConnection single() {
        return PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
    }

    /** A completes {@code fired} after closing itself: the common shape of the listeners below. */
    private static void closeAndSignal(PeerConnection pc, CompletableFuture<Void> fired) {
        pc.close();
        fired.complete(null);
    }

    private static void assertClosed(PeerConnection pc) {
        assertEquals(PeerConnectionState.CLOSED, pc.connectionState(), pc.toString());
        assertEquals(SignalingState.CLOSED, pc.signalingState(), pc.toString());
    }

    /** Waits for {@code f} to complete either way; true when it completed normally. */
    private static boolean settles(CompletableFuture<?> f) throws InterruptedException, TimeoutException {
        try {
            f.get(LocalPair.STEP_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        }
    }

    @Test
    void inOnNegotiationNeeded() throws Exception {
        PeerConnection pc = single();
        CompletableFuture<Void> fired = new CompletableFuture<>();
        pc.onNegotiationNeeded(() -> closeAndSignal(pc, fired));
        pc.addTrack(MediaStreamTrack.audio("a"), "s");
        await(fired);
        assertClosed(pc);
    }

    /**
     * A connection with an audio track closes itself in the listener {@code install} sets, while
     * its offer is applied: setLocalDescription completes (either way) and the state is closed.
     */
    private void closesWhileApplyingItsOffer(BiConsumer<PeerConnection, CompletableFuture<Void>> install) throws Exception {
        PeerConnection pc = single();
        pc.addTrack(MediaStreamTrack.audio("a"), "s");
        CompletableFuture<Void> fired = new CompletableFuture<>();
        install.accept(pc, fired);
        settles(pc.setLocalDescription(await(pc.createOffer())));
        await(fired);
        assertClosed(pc);
    }

    @Test
    void inOnSignalingStateChangeWhileSettingTheLocalOffer() throws Exception {
        closesWhileApplyingItsOffer((pc, fired) -> pc.onSignalingStateChange(s -> {
            if (s == SignalingState.HAVE_LOCAL_OFFER) {
                closeAndSignal(pc, fired);
            }
        }));
    }

    @Test
    void inOnIceGatheringStateChange() throws Exception {
        closesWhileApplyingItsOffer((pc, fired) -> pc.onIceGatheringStateChange(s -> {
            if (s == IceGatheringState.GATHERING) {
                closeAndSignal(pc, fired);
            }
        }));
    }

    @Test
    void inOnIceCandidate() throws Exception {
        closesWhileApplyingItsOffer((pc, fired) -> pc.onIceCandidate(c -> closeAndSignal(pc, fired)));
    }

    /** B closes in onTrack while applying A's offer: A, still waiting for an answer, is untouched. */
    @Test
    void inOnTrackWhileApplyingTheRemoteOffer() throws Exception {
        try (LocalPair p = new LocalPair(group)) {
            CompletableFuture<Void> fired = new CompletableFuture<>();
            p.b.onTrack(e -> closeAndSignal(p.b, fired));
            await(p.a.setLocalDescription(await(p.a.createOffer())));
            LocalPair.awaitGathered(p.a);
            settles(p.b.setRemoteDescription(p.a.localDescription()));
            await(fired);
            assertClosed(p.b);
            assertEquals(SignalingState.HAVE_LOCAL_OFFER, p.a.signalingState());
            assertEquals(PeerConnectionState.NEW, p.a.connectionState());
        }
    }

    /**
     * A closes as soon as it is connected. B, the DTLS client, may get A's last handshake flight
     * and its close_notify in one go (about every other round on a loaded machine): it must end
     * closed, and report each state once. Ten rounds, so that this order comes up.
     */
    @Test
    void inOnConnectionStateChangeConnected() throws Exception {
        for (int round = 0; round < 10; round++) {
            try (LocalPair p = new LocalPair(group)) {
                CompletableFuture<Void> fired = new CompletableFuture<>();
                List<PeerConnectionState> bStates = new CopyOnWriteArrayList<>();
                CompletableFuture<Void> bClosed = new CompletableFuture<>();
                p.b.onConnectionStateChange(s -> {
                    bStates.add(s);
                    if (s == PeerConnectionState.CLOSED) {
                        bClosed.complete(null);
                    }
                });
                p.a.onConnectionStateChange(s -> {
                    if (s == PeerConnectionState.CONNECTED) {
                        closeAndSignal(p.a, fired);
                    }
                });
                p.negotiate();
                await(fired);
                assertClosed(p.a);
                bClosed.get(5, TimeUnit.SECONDS);
                Thread.sleep(50); // a second report of the same state would come now
                for (int i = 1; i < bStates.size(); i++) {
                    assertTrue(bStates.get(i) != bStates.get(i - 1),
                            "round " + round + ": B reports a state change only when the state changes: " + bStates);
                }
            }
        }
    }

    @Test
    void inOnFrame() throws Exception {
        try (LocalPair p = new LocalPair(group)) {
            CompletableFuture<Void> fired = new CompletableFuture<>();
            p.a.onTrack(e -> e.receiver().onFrame(f -> closeAndSignal(p.a, fired)));
            p.connect();
            CompletableFuture<PeerConnectionState> bEnded = reachedAny(p.b, ENDED);
            sendUntil(p, fired);
            assertClosed(p.a);
            assertEquals(PeerConnectionState.CLOSED, bEnded.get(5, TimeUnit.SECONDS), "B sees A's close_notify");
        }
    }

    @Test
    void inOnKeyFrameRequest() throws Exception {
        try (LocalPair p = new LocalPair(group)) {
            AtomicReference<RtpReceiver> atB = new AtomicReference<>();
            p.b.onTrack(e -> atB.set(e.receiver()));
            p.connect();
            CompletableFuture<Void> fired = new CompletableFuture<>();
            p.toB.onKeyFrameRequest(() -> closeAndSignal(p.a, fired));
            CompletableFuture<PeerConnectionState> bEnded = reachedAny(p.b, ENDED);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LocalPair.STEP_SECONDS);
            while (!fired.isDone() && System.nanoTime() < deadline) {
                p.toB.sendFrame(LocalPair.AUDIO.frame(0, 0)); // B learns A's SSRC
                if (atB.get() != null) {
                    atB.get().requestKeyFrame(); // RTCP PLI to A
                }
                Thread.sleep(20);
            }
            await(fired);
            assertClosed(p.a);
            assertEquals(PeerConnectionState.CLOSED, bEnded.get(5, TimeUnit.SECONDS));
        }
    }

    /** A closes (from the test thread) while B sends 50 packets/s, before and after it notices. */
    @Test
    void whileTheRemoteKeepsSending() throws Exception {
        try (LocalPair p = new LocalPair(group)) {
            p.connect();
            p.exchangeAudio(3);
            CompletableFuture<PeerConnectionState> bEnded = reachedAny(p.b, ENDED);
            ExecutorService sender = Executors.newSingleThreadExecutor();
            try {
                Future<Integer> sent = sender.submit(() -> {
                    int n = 0;
                    for (; n < 100; n++) { // 2 s at 50 packets/s
                        p.toA.sendFrame(LocalPair.AUDIO.frame(n % LocalPair.AUDIO.frames().size(), n * 960L));
                        Thread.sleep(20);
                    }
                    return n;
                });
                Thread.sleep(500);
                await(p.a.closeAsync());
                assertClosed(p.a);
                assertEquals(PeerConnectionState.CLOSED, bEnded.get(5, TimeUnit.SECONDS));
                assertEquals(100, sent.get(10, TimeUnit.SECONDS), "sendFrame on a closed connection neither throws nor blocks");
                assertTrue(p.toA.framesDropped() > 0, "frames after B closed are dropped and counted: " + p.toA.framesDropped());
            } finally {
                sender.shutdownNow();
            }
        }
    }

    /**
     * Closes before DTLS completes; the other side has nothing but timeouts to go by (no BYE or
     * close_notify can come), so it must end in failed or disconnected (or closed) within
     * {@link #NOTICE_BY_TIMEOUT_SECONDS}. The four cases run side by side to share the wait.
     */
    @Test
    void beforeDtlsCompletesTheOtherSideNoticesByTimeout() throws Exception {
        List<EarlyClose> cases = List.of(
                new EarlyClose("A in onTrack while applying the answer", true, p -> p.a.onTrack(e -> p.a.close())),
                new EarlyClose("A in onIceConnectionStateChange(checking)", true, p -> p.a.onIceConnectionStateChange(s -> {
                    if (s == IceConnectionState.CHECKING) {
                        p.a.close();
                    }
                })),
                new EarlyClose("A in onIceConnectionStateChange(connected), the DTLS handshake about to start", true,
                        p -> p.a.onIceConnectionStateChange(s -> {
                            if (s == IceConnectionState.CONNECTED) {
                                p.a.close();
                            }
                        })),
                new EarlyClose("B in onIceConnectionStateChange(connected), the DTLS handshake about to start", false,
                        p -> p.b.onIceConnectionStateChange(s -> {
                            if (s == IceConnectionState.CONNECTED) {
                                p.b.close();
                            }
                        })));
        ExecutorService runs = Executors.newFixedThreadPool(cases.size());
        try {
            List<Future<String>> results = new ArrayList<>();
            for (EarlyClose c : cases) {
                results.add(runs.submit(() -> c.run(group)));
            }
            List<String> report = new ArrayList<>();
            boolean all = true;
            for (Future<String> r : results) {
                try {
                    report.add(r.get(NOTICE_BY_TIMEOUT_SECONDS + 30L, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    all = false;
                    report.add("FAILED " + e.getCause().getMessage());
                }
            }
            String text = "close before DTLS completes:\n  " + String.join("\n  ", report);
            System.out.println(text);
            assertTrue(all, text);
        } finally {
            runs.shutdownNow();
        }
    }

    /** One close-before-connected case: who closes, where. */
    private record EarlyClose(String name, boolean aCloses, Consumer<LocalPair> install) {
        String run(EventLoopGroup group) throws Exception {
            try (LocalPair p = new LocalPair(group)) {
                PeerConnection closer = aCloses ? p.a : p.b;
                PeerConnection other = aCloses ? p.b : p.a;
                install.accept(p);
                CompletableFuture<PeerConnectionState> ended = reachedAny(other, ENDED);
                try {
                    p.negotiate();
                } catch (ExecutionException e) {
                    // the closer may refuse the rest of the exchange once closed
                }
                long t0 = System.nanoTime();
                long deadline = t0 + TimeUnit.SECONDS.toNanos(LocalPair.STEP_SECONDS);
                while (closer.connectionState() != PeerConnectionState.CLOSED && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertClosed(closer);
                PeerConnectionState seen;
                try {
                    seen = ended.get(NOTICE_BY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    throw new AssertionError(name + ": the other side did not notice in " + NOTICE_BY_TIMEOUT_SECONDS + " s: " + other
                            + ", ICE " + other.iceConnectionState().w3cName() + ", its pairs " + pairs(other));
                }
                return String.format(java.util.Locale.ROOT, "%s: the other side %s after %.1f s", name, seen.w3cName(),
                        (System.nanoTime() - t0) / 1e9);
            }
        }
    }

    /** The candidate pairs' state and nomination, from getStats(). */
    private static List<String> pairs(PeerConnection pc) throws Exception {
        List<String> out = new ArrayList<>();
        for (Stats s : await(pc.getStats()).ofType("candidate-pair")) {
            out.add(s.getString("state") + (Boolean.TRUE.equals(s.get("nominated")) ? " nominated" : " not nominated"));
        }
        return out;
    }

    /** B sends Opus to A until {@code fired} (bounded). */
    private static void sendUntil(LocalPair p, CompletableFuture<Void> fired) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LocalPair.STEP_SECONDS);
        for (int i = 0; !fired.isDone() && System.nanoTime() < deadline; i++) {
            p.toA.sendFrame(LocalPair.AUDIO.frame(i % LocalPair.AUDIO.frames().size(), i * 960L));
            Thread.sleep(10);
        }
        await(fired);
    }
}
