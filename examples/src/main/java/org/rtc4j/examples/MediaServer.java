package org.rtc4j.examples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.peer.Configuration;

/** Runs an {@link HttpEndpoint} until stopped, with progress and the final summary. */
final class MediaServer {

    private MediaServer() {}

    /** A session backed by an {@link RtcSession}. */
    static final class PeerSession implements HttpEndpoint.Session {
        final RtcSession session;
        final String answer;
        final AtomicBoolean closed = new AtomicBoolean();
        private final Runnable onClose;

        PeerSession(RtcSession session, String answer, Runnable onClose) {
            this.session = session;
            this.answer = answer;
            this.onClose = onClose;
        }

        @Override
        public String answer() {
            return answer;
        }

        @Override
        public boolean connected() {
            return session.connected().isDone() && !session.connected().isCompletedExceptionally();
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                session.updateStats(); // the summary's packet counts, final
                session.close();
                onClose.run();
            }
        }
    }

    /** Applies {@code offer} to a fresh session, turning a refusal into a 400 reason. */
    static void applyOffer(RtcSession session, String offer) throws HttpEndpoint.OfferRejected {
        try {
            org.rtc4j.sdp.SessionDescription.parse(offer);
        } catch (org.rtc4j.sdp.SdpParseException e) {
            session.close();
            throw new HttpEndpoint.OfferRejected("the offer is not valid SDP: " + e.getMessage());
        }
        try {
            session.remoteOffer(offer);
        } catch (Failure e) {
            session.close();
            throw new HttpEndpoint.OfferRejected("the offer cannot be accepted: " + RtcSession.rootMessage(e.getCause() == null ? e : e.getCause()));
        }
    }

    /** Refuses an answer that accepts no audio or video section (every such m= line has port 0). */
    static String requireMedia(RtcSession session, String answer) throws HttpEndpoint.OfferRejected {
        for (String line : answer.split("\r?\n")) {
            // Media sections only: rtc4j now accepts a data channel section, but WHIP, WHEP and the demo carry media.
            if ((line.startsWith("m=audio ") || line.startsWith("m=video ")) && !line.matches("m=\\S+ 0 .*")) {
                return answer;
            }
        }
        session.close();
        throw new HttpEndpoint.OfferRejected("the offer has no media section rtc4j can accept (it sends and receives VP8, "
                + "VP9, AV1, H.264, Opus, PCMU and PCMA over UDP with DTLS-SRTP)");
    }

    /**
     * The configuration every session of a server shares: {@link RtcSession#configuration}'s, with
     * one DTLS certificate made here, once. A certificate per session (the stack's default) costs an
     * ECDSA P-256 key generation on the HTTP thread and its own key objects on the heap for every
     * POST; a server's fingerprint identifies it anyway. The certificate is valid for
     * {@link Certificate#VALIDITY} (peers check the fingerprint, not the dates).
     */
    static Configuration sharedConfiguration(Common common) {
        try {
            return RtcSession.configurationBuilder(common).certificates(Certificate.generate()).build();
        } catch (DtlsException e) {
            throw new Failure("cannot make the server's DTLS certificate: " + e.getMessage() + ".", e);
        }
    }

    static int serve(Run run, ServerOptions opts, int port, String token, String path, HttpEndpoint.SessionFactory factory) {
        return serve(run, opts, port, token, path, factory, e -> { });
    }

    static int serve(Run run, ServerOptions opts, int port, String token, String path, HttpEndpoint.SessionFactory factory,
            Consumer<HttpEndpoint> setup) {
        Set<PeerSession> open = ConcurrentHashMap.newKeySet();
        HttpEndpoint endpoint = new HttpEndpoint(new InetSocketAddress(opts.bind, port), path, token,
                Duration.ofSeconds(opts.connectTimeout), opts.maxSessions, (id, offer) -> {
                    HttpEndpoint.Session s = factory.create(id, offer);
                    if (s instanceof PeerSession p) {
                        open.add(p);
                    }
                    return s;
                });
        endpoint.addJsonSource("/stats", () -> stats(endpoint, open));
        setup.accept(endpoint);
        if (path.equals("/demo")) {
            run.progress.step("demo at http://%s:%d/ (open it in a browser)", opts.bind, endpoint.port());
        } else {
            run.progress.step("%s endpoint at http://%s:%d%s%s", path.substring(1).toUpperCase(java.util.Locale.ROOT), opts.bind,
                    endpoint.port(), path, token == null ? "" : " (Bearer token required)");
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch summarized = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // Ctrl-C or SIGTERM: the main thread closes the sessions and prints the summary.
            stop.countDown();
            try {
                summarized.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        LiveLines lines = new LiveLines(run);
        run.scheduler.scheduleAtFixedRate(() -> lines.print(stillOpen(open)), 1, 1, TimeUnit.SECONDS);
        try {
            if (opts.seconds != null) {
                stop.await(opts.seconds, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.close();
        run.report.extra().put("port", endpoint.port());
        run.report.extra().put("sessions", endpoint.sessionsCreated());
        run.report.extra().put("sessionsExpired", endpoint.sessionsExpired());
        int exit = run.finish(true);
        summarized.countDown();
        return exit;
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
    private static ObjectNode stats(HttpEndpoint endpoint, Set<PeerSession> open) {
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
            o.put("session", p.session.label());
            o.put("connected", p.session.isConnected());
            Double ms = p.session.connectMillis();
            if (ms == null) {
                o.putNull("connectMs");
            } else {
                o.put("connectMs", ms);
            }
            ArrayNode tracks = o.putArray("tracks");
            for (TrackCounter c : p.session.counters()) {
                Report.writeTrack(tracks.addObject(), c);
            }
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
