package org.rtc4j.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.peer.Configuration;
import org.rtc4j.whip.WhipServer;
import org.rtc4j.whip.WhipServerSession;

/**
 * Runs a {@link WhipServer} (the library's WHIP/WHEP endpoint) until stopped, with an
 * {@link RtcSession} per session, progress lines, {@code GET /stats} and the final summary.
 */
final class MediaServer {

    private MediaServer() {}

    /** What a server command does with each session's {@link RtcSession}. */
    interface SessionSetup {
        /** Makes the session (its {@link RtcSession#peerConnection()} goes to the library). */
        RtcSession create(String tag, Progress progress);

        /** The offer is applied, the answer not made yet: add the tracks to send. */
        default void offerApplied(String id, RtcSession session) {}

        /** The answer is made and about to go out. */
        default void created(String id, RtcSession session, Progress progress) {
            progress.step("session created");
        }

        /** The session ended (DELETE, the connect timeout, the server stopping). */
        default void ended(String id, RtcSession session, Progress progress) {
            progress.step("session ended");
        }
    }

    /** A session of the server, backed by an {@link RtcSession}. */
    static final class PeerSession {
        final RtcSession session;
        final AtomicBoolean closed = new AtomicBoolean();

        PeerSession(RtcSession session) {
            this.session = session;
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                session.updateStats(); // the summary's packet counts, final
                session.close();
            }
        }
    }

    /**
     * The configuration every session of a server shares: {@link RtcSession#configuration}'s, with
     * one DTLS certificate made here, once. A certificate per session (the stack's default) costs an
     * ECDSA P-256 key generation on the HTTP thread and its own key objects on the heap for every
     * POST; a server's fingerprint identifies it anyway. The certificate is valid for
     * {@link Certificate#VALIDITY} (peers check the fingerprint, not the dates). With {@code udp}
     * (null: none), every session is served on that one port.
     */
    static Configuration sharedConfiguration(Common common, SharedUdpPort udp, boolean iceLite) {
        try {
            return SharedUdpPort.apply(RtcSession.configurationBuilder(common), udp).iceLite(iceLite)
                    .certificates(Certificate.generate()).build();
        } catch (DtlsException e) {
            throw new Failure("cannot make the server's DTLS certificate: " + e.getMessage() + ".", e);
        }
    }

    static int serve(Run run, ServerOptions opts, int port, String token, String path, SessionSetup setup) {
        return serve(run, opts, port, token, path, setup, b -> { });
    }

    static int serve(Run run, ServerOptions opts, int port, String token, String path, SessionSetup setup,
            Consumer<WhipServer.Builder> routes) {
        Set<PeerSession> open = ConcurrentHashMap.newKeySet();
        java.util.Deque<PeerSession> all = new java.util.concurrent.ConcurrentLinkedDeque<>();
        GracefulStop stop = GracefulStop.install();
        Map<String, PeerSession> byId = new ConcurrentHashMap<>();
        Map<String, Progress> progressById = new ConcurrentHashMap<>();
        AtomicReference<WhipServer> server = new AtomicReference<>();
        WhipServer.Builder builder = WhipServer.builder(new InetSocketAddress(opts.bind, port)).path(path).token(token)
                .connectTimeout(Duration.ofSeconds(opts.connectTimeout)).maxSessions(opts.maxSessions)
                .peerConnections(id -> {
                    String tag = id.substring(0, 8);
                    Progress progress = run.progress.withPrefix("[" + tag + "]");
                    RtcSession session = setup.create(tag, progress);
                    session.label(tag);
                    byId.put(id, new PeerSession(session));
                    progressById.put(id, progress);
                    return session.peerConnection();
                })
                .onSession(new WhipServer.SessionHandler() {
                    @Override
                    public void onOffer(WhipServerSession ws) {
                        PeerSession p = byId.get(ws.id());
                        ws.onClose(() -> {
                            byId.remove(ws.id());
                            boolean wasOpen = open.remove(p);
                            p.close();
                            Progress progress = progressById.remove(ws.id());
                            if (wasOpen) {
                                setup.ended(ws.id(), p.session, progress);
                            }
                        });
                        setup.offerApplied(ws.id(), p.session);
                    }

                    @Override
                    public void onSession(WhipServerSession ws) {
                        PeerSession p = byId.get(ws.id());
                        open.add(p);
                        all.add(p);
                        if (all.size() > MAX_SUMMARY_SESSIONS) {
                            all.poll();
                        }
                        setup.created(ws.id(), p.session, progressById.get(ws.id()));
                    }

                    @Override
                    public void onRefused(String id, String reason) {
                        progressById.remove(id);
                        PeerSession p = byId.remove(id);
                        if (p != null) {
                            p.close();
                        }
                    }
                })
                .route("/stats", true, HttpRoutes.jsonSource(() -> stats(server.get(), open)));
        routes.accept(builder);
        WhipServer endpoint;
        try {
            endpoint = builder.start();
        } catch (IOException e) {
            throw new Failure("cannot listen on " + opts.bind + ":" + port + ": " + e.getMessage() + ".", e);
        }
        server.set(endpoint);
        if (path.equals("/demo")) {
            run.progress.step("demo at http://%s:%d/ (open it in a browser)", opts.bind, endpoint.port());
        } else {
            run.progress.step("%s endpoint at http://%s:%d%s%s", path.substring(1).toUpperCase(java.util.Locale.ROOT), opts.bind,
                    endpoint.port(), path, token == null ? "" : " (Bearer token required)");
        }
        LiveLines lines = new LiveLines(run);
        run.scheduler.scheduleAtFixedRate(() -> lines.print(stillOpen(open)), 1, 1, TimeUnit.SECONDS);
        stop.await(opts.seconds == null ? null : opts.seconds.longValue());
        if (stop.signal() != null) {
            run.progress.step("%s: closing %d sessions", stop.signal(), stillOpen(open).size());
        }
        // Stop accepting, then close every session: DTLS close_notify, recordings finished.
        endpoint.close();
        run.report.extra().put("port", endpoint.port());
        run.report.extra().put("sessions", endpoint.sessionsCreated());
        run.report.extra().put("sessionsExpired", endpoint.sessionsExpired());
        if (stop.signal() != null) {
            run.report.extra().put("stoppedBy", stop.signal());
        }
        ArrayNode list = run.report.extra().putArray("sessionList");
        for (PeerSession p : all) {
            sessionJson(list.addObject(), p);
        }
        int exit = run.finish(true);
        stop.finished(exit);
        return exit;
    }

    /** The most sessions the summary's {@code sessionList} names (the newest). */
    static final int MAX_SUMMARY_SESSIONS = 1000;

    /**
     * One session in the summary: its tag, connect time and tracks, as {@code GET /stats} gives
     * them, and its own selected candidate pair (the summary's top-level {@code selectedPair} is the
     * last session's).
     */
    private static void sessionJson(ObjectNode o, PeerSession p) {
        o.put("session", p.session.label());
        Double ms = p.session.connectMillis();
        if (ms == null) {
            o.putNull("connectMs");
        } else {
            o.put("connectMs", ms);
        }
        if (p.session.selectedPair() != null) {
            o.set("selectedPair", p.session.selectedPair());
        }
        ArrayNode tracks = o.putArray("tracks");
        for (TrackCounter c : p.session.counters()) {
            Report.writeTrack(tracks.addObject(), c);
        }
    }

    /** The sessions not closed yet; closed ones leave {@code open} here. */
    private static List<PeerSession> stillOpen(Set<PeerSession> open) {
        open.removeIf(p -> p.closed.get());
        return new ArrayList<>(open);
    }

    /**
     * {@code GET /stats}: the endpoint's counts and, per open session, its tag (the first 8 hex
     * digits of its id, never the whole id, which is what DELETE needs), whether it is connected,
     * {@code connectMs} (offer read to {@code connected}, {@link RtcSession#connectMillis}) and its
     * tracks as in the summary, with packet counts fresh from the stack's stats.
     */
    private static ObjectNode stats(WhipServer endpoint, Set<PeerSession> open) {
        List<PeerSession> sessions = stillOpen(open);
        CompletableFuture<?>[] updates = sessions.stream().map(p -> p.session.updateStatsAsync()).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(updates).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a session that closed meanwhile keeps its last figures
        }
        ObjectNode root = Report.JSON.createObjectNode();
        root.put("created", endpoint.sessionsCreated());
        root.put("expired", endpoint.sessionsExpired());
        root.put("maxSessions", endpoint.maxSessions());
        root.put("open", sessions.size());
        root.put("connected", sessions.stream().filter(p -> p.session.isConnected()).count());
        ArrayNode list = root.putArray("sessions");
        for (PeerSession p : sessions) {
            ObjectNode o = list.addObject();
            sessionJson(o, p);
            o.put("connected", p.session.isConnected());
        }
        return root;
    }

    /**
     * The live lines a server prints every second: per track while at most
     * {@link #TRACK_LINES_UP_TO} sessions are open (fresh stats from each), else one line for
     * them all, from the frame counters only, so that a server with a thousand sessions neither
     * prints a thousand lines a second nor asks a thousand connections for their stats.
     */
    private static final class LiveLines {
        static final int TRACK_LINES_UP_TO = 4;

        private final Run run;
        private long lastNanos = System.nanoTime();
        private long lastReceived;
        private long lastSent;

        LiveLines(Run run) {
            this.run = run;
        }

        void print(List<PeerSession> open) {
            if (open.size() <= TRACK_LINES_UP_TO) {
                Set<String> labels = new HashSet<>();
                for (PeerSession p : open) {
                    if (!p.session.ended().isDone()) {
                        p.session.updateStats();
                        labels.add(p.session.labelPrefix());
                    }
                }
                for (TrackCounter t : run.report.tracks()) {
                    if (labels.stream().anyMatch(l -> t.name().startsWith(l))) {
                        run.progress.step("%s", t.liveLine());
                    }
                }
            }
            long received = 0;
            long sent = 0;
            for (TrackCounter t : run.report.tracks()) {
                if (t.direction() == TrackCounter.Direction.RECV) {
                    received += t.frames();
                } else {
                    sent += t.frames();
                }
            }
            long now = System.nanoTime();
            double seconds = (now - lastNanos) / 1e9;
            if (open.size() > TRACK_LINES_UP_TO) {
                long connected = open.stream().filter(p -> p.session.isConnected()).count();
                run.progress.step("%d sessions open, %d connected: receiving %.0f frames/s, sending %.0f frames/s", open.size(),
                        connected, (received - lastReceived) / seconds, (sent - lastSent) / seconds);
            }
            lastNanos = now;
            lastReceived = received;
            lastSent = sent;
        }
    }
}
