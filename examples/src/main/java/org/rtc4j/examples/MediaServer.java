package org.rtc4j.examples;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * Refuses an answer that accepts no audio or video section (every such m= line has port 0, or there
     * is none: a data-channel-only offer is of no use to a WHIP or WHEP server).
     */
    static String requireMedia(RtcSession session, String answer) throws HttpEndpoint.OfferRejected {
        for (String line : answer.split("\r?\n")) {
            if ((line.startsWith("m=audio ") || line.startsWith("m=video ")) && !line.matches("m=\\S+ 0 .*")) {
                return answer;
            }
        }
        session.close();
        throw new HttpEndpoint.OfferRejected("the offer has no media section rtc4j can accept (it sends and receives VP8, "
                + "VP9, AV1, H.264, Opus, PCMU and PCMA over UDP with DTLS-SRTP)");
    }

    static int serve(Run run, ServerOptions opts, int port, String token, String path, HttpEndpoint.SessionFactory factory) {
        return serve(run, opts, port, token, path, factory, e -> { });
    }

    static int serve(Run run, ServerOptions opts, int port, String token, String path, HttpEndpoint.SessionFactory factory,
            java.util.function.Consumer<HttpEndpoint> setup) {
        java.util.Set<PeerSession> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
        HttpEndpoint endpoint = new HttpEndpoint(new InetSocketAddress(opts.bind, port), path, token,
                Duration.ofSeconds(opts.connectTimeout), (id, offer) -> {
                    HttpEndpoint.Session s = factory.create(id, offer);
                    if (s instanceof PeerSession p) {
                        live.add(p);
                        p.session.ended().thenRun(() -> live.remove(p));
                    }
                    return s;
                });
        setup.accept(endpoint);
        if (path.equals("/demo")) {
            run.progress.step("demo at http://%s:%d/ (open it in a browser)", opts.bind, endpoint.port());
        } else {
            run.progress.step("%s endpoint at http://%s:%d%s%s", path.substring(1).toUpperCase(java.util.Locale.ROOT), opts.bind,
                    endpoint.port(), path, token == null ? "" : " (Bearer token required)");
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            endpoint.close();
        }));
        run.scheduler.scheduleAtFixedRate(() -> {
            java.util.Set<String> labels = new java.util.HashSet<>();
            for (PeerSession p : live) {
                if (p.closed.get()) {
                    live.remove(p);
                    continue;
                }
                p.session.updateStats();
                labels.add(p.session.labelPrefix());
            }
            for (TrackCounter t : run.report.tracks()) {
                if (labels.stream().anyMatch(l -> t.name().startsWith(l))) {
                    run.progress.step("%s", t.liveLine());
                }
            }
        }, 1, 1, TimeUnit.SECONDS);
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
        return run.finish(true);
    }

}
