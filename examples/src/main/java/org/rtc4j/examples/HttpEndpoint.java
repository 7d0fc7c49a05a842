package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a WHIP (RFC 9725) or WHEP endpoint, on the JDK's {@code com.sun.net.httpserver}:
 * {@code POST /whip} (or {@code /whep}) with an SDP offer creates a session and answers
 * {@code 201 Created} with the SDP answer and the session's {@code Location}; {@code DELETE} on
 * the Location ends it; {@code OPTIONS} answers CORS preflights; {@code PATCH} gets 405 (answers
 * carry all candidates, so neither trickle nor ICE restart over PATCH is offered, §4.3.1).
 *
 * <p>Errors: 404 for unknown paths and sessions, 405 for other methods, 415 when the body is not
 * {@code application/sdp}, 413 above {@link #MAX_BODY_BYTES}, 401 without the right
 * {@code Authorization: Bearer} token (when one is set), 400 with the reason in the body when the
 * stack cannot accept the offer, 503 beyond {@code maxSessions} open sessions (default
 * {@link #DEFAULT_MAX_SESSIONS}). A session that has not connected {@code connectTimeout} after its
 * answer is closed and its sockets released. {@link #addJsonSource} serves a JSON document on
 * {@code GET} (the servers' {@code /stats}), behind the token when there is one.
 *
 * <p>The JDK server is enough here: a handful of control-plane requests per session, each
 * answered in milliseconds; it runs on a small bounded pool and adds no dependency.
 */
public final class HttpEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoint.class);

    /** Largest SDP offer accepted. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /** Sessions open at once unless told otherwise; more get 503. */
    public static final int DEFAULT_MAX_SESSIONS = 1000;

    /** One session the endpoint created. */
    public interface Session extends AutoCloseable {
        /** The SDP answer. */
        String answer();

        /** Whether media flows (the PeerConnection reached {@code connected}). */
        boolean connected();

        @Override
        void close();
    }

    /** Creates sessions from offers. */
    public interface SessionFactory {
        /**
         * Creates a session for {@code offer}.
         *
         * @throws OfferRejected when the offer cannot be accepted (becomes 400 with its message)
         */
        Session create(String id, String offer) throws OfferRejected;
    }

    /** An offer the stack cannot accept; the message goes to the client. */
    public static final class OfferRejected extends Exception {
        private static final long serialVersionUID = 1L;

        public OfferRejected(String reason) {
            super(reason);
        }
    }

    private final String path;
    private final String token;
    private final Duration connectTimeout;
    private final int maxSessions;
    private final SessionFactory factory;
    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ScheduledExecutorService timers;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger places = new AtomicInteger();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.UnaryOperator<JsonNode>> sinks = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.Supplier<JsonNode>> sources = new ConcurrentHashMap<>();

    private record Page(String contentType, byte[] body) {}

    /** Serves {@code body} on {@code GET path} (the demo page). */
    public void addPage(String path, String contentType, byte[] body) {
        pages.put(path, new Page(contentType, body.clone()));
    }

    /**
     * Hands JSON bodies {@code POST}ed to {@code path} to {@code sink} (the demo's stats); what it
     * returns goes back as the JSON response (200), or nothing (204) when it returns null.
     */
    public void addJsonSink(String path, java.util.function.UnaryOperator<JsonNode> sink) {
        sinks.put(path, sink);
    }

    /**
     * Serves {@code source}'s JSON on {@code GET path} (the servers' {@code /stats}); with a token,
     * only to requests that carry it. The supplier runs on an HTTP thread and may block briefly.
     */
    public void addJsonSource(String path, java.util.function.Supplier<JsonNode> source) {
        sources.put(path, source);
    }

    /** An endpoint that takes up to {@link #DEFAULT_MAX_SESSIONS} sessions at once. */
    public HttpEndpoint(InetSocketAddress address, String path, String token, Duration connectTimeout,
            SessionFactory factory) {
        this(address, path, token, connectTimeout, DEFAULT_MAX_SESSIONS, factory);
    }

    /**
     * @param path the endpoint path, {@code "/whip"} or {@code "/whep"}
     * @param token the bearer token clients must send, or null
     * @param maxSessions sessions open at once; a POST beyond them gets 503
     */
    public HttpEndpoint(InetSocketAddress address, String path, String token, Duration connectTimeout, int maxSessions,
            SessionFactory factory) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be at least 1");
        }
        this.path = path;
        this.token = token;
        this.connectTimeout = connectTimeout;
        this.maxSessions = maxSessions;
        this.factory = factory;
        try {
            this.server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new Failure("cannot listen on " + address.getHostString() + ":" + address.getPort() + ": " + e.getMessage() + ".", e);
        }
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "rtc4j-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtc4j-http-timer");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sessions open now. */
    public int sessionCount() {
        return sessions.size();
    }

    public int sessionsCreated() {
        return created.get();
    }

    /** The most sessions open at once. */
    public int maxSessions() {
        return maxSessions;
    }

    /** Sessions closed because they did not connect in time. */
    public int sessionsExpired() {
        return expired.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String p = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            Headers h = ex.getResponseHeaders();
            h.set("Access-Control-Allow-Origin", "*");
            h.set("Access-Control-Expose-Headers", "Location, Content-Type");
            Page page = pages.get(p);
            if (page != null && (method.equals("GET") || method.equals("HEAD"))) {
                h.set("Content-Type", page.contentType());
                h.set("Cache-Control", "no-store");
                ex.sendResponseHeaders(200, method.equals("HEAD") ? -1 : page.body().length);
                if (!method.equals("HEAD")) {
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(page.body());
                    }
                }
                return;
            }
            java.util.function.UnaryOperator<JsonNode> sink = sinks.get(p);
            if (sink != null && method.equals("POST")) {
                byte[] body;
                try (InputStream in = ex.getRequestBody()) {
                    body = in.readNBytes(MAX_BODY_BYTES + 1);
                }
                JsonNode json;
                try {
                    json = body.length > MAX_BODY_BYTES ? null : Report.JSON.readTree(body);
                } catch (IOException e) {
                    json = null;
                }
                if (json == null) {
                    text(ex, 400, "expected a JSON body of at most " + MAX_BODY_BYTES + " bytes");
                    return;
                }
                JsonNode reply = sink.apply(json);
                if (reply == null) {
                    ex.sendResponseHeaders(204, -1);
                    return;
                }
                byte[] out = Report.JSON.writeValueAsBytes(reply);
                h.set("Content-Type", "application/json");
                h.set("Cache-Control", "no-store");
                ex.sendResponseHeaders(200, out.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(out);
                }
                return;
            }
            java.util.function.Supplier<JsonNode> source = sources.get(p);
            if (source != null && method.equals("GET")) {
                if (!authorized(ex)) {
                    return;
                }
                byte[] json = Report.JSON.writeValueAsBytes(source.get());
                h.set("Content-Type", "application/json");
                h.set("Cache-Control", "no-store");
                ex.sendResponseHeaders(200, json.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(json);
                }
                return;
            }
            boolean onEndpoint = p.equals(path);
            String id = p.startsWith(path + "/") ? p.substring(path.length() + 1) : null;
            if (!onEndpoint && (id == null || id.isEmpty() || id.contains("/"))) {
                text(ex, 404, "no such resource: " + p + " (the endpoint is " + path + ")");
                return;
            }
            if (method.equals("OPTIONS")) {
                h.set("Access-Control-Allow-Methods", onEndpoint ? "POST, OPTIONS" : "DELETE, PATCH, OPTIONS");
                h.set("Access-Control-Allow-Headers", "Content-Type, Authorization, If-Match");
                h.set("Access-Control-Max-Age", "86400");
                if (onEndpoint) {
                    h.set("Accept-Post", "application/sdp");
                }
                ex.sendResponseHeaders(204, -1);
                return;
            }
            if (!authorized(ex)) {
                return;
            }
            if (onEndpoint) {
                if (!method.equals("POST")) {
                    h.set("Allow", "POST, OPTIONS");
                    text(ex, 405, method + " is not allowed on " + path + " (POST an SDP offer)");
                    return;
                }
                post(ex);
                return;
            }
            Session s = sessions.get(id);
            if (s == null) {
                text(ex, 404, "no such session: " + id);
                return;
            }
            if (method.equals("DELETE")) {
                close(id);
                ex.sendResponseHeaders(200, -1);
                return;
            }
            h.set("Allow", "DELETE, OPTIONS");
            text(ex, 405, method + " is not supported on a session (answers carry every candidate; DELETE ends it)");
        } catch (IOException | RuntimeException e) {
            LOG.debug("request failed: {}", e.toString());
            throw e;
        }
    }

    /** False, with 401 sent, when a token is set and the request does not carry it. */
    private boolean authorized(HttpExchange ex) throws IOException {
        if (token == null || ("Bearer " + token).equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        text(ex, 401, "this endpoint needs Authorization: Bearer <token>");
        return false;
    }

    private void post(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals("application/sdp")) {
            text(ex, 415, "the offer must be sent as Content-Type: application/sdp (got " + (type == null ? "none" : type) + ")");
            return;
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            text(ex, 413, "the offer is larger than " + MAX_BODY_BYTES + " bytes");
            return;
        }
        // A place is taken before the session is made, so that concurrent POSTs cannot pass the limit.
        if (places.incrementAndGet() > maxSessions) {
            places.decrementAndGet();
            text(ex, 503, "too many sessions (" + maxSessions + "); try again later");
            return;
        }
        String id = HexFormat.of().formatHex(randomBytes());
        Session session = null;
        try {
            session = factory.create(id, new String(body, StandardCharsets.UTF_8));
        } catch (OfferRejected e) {
            text(ex, 400, e.getMessage());
            return;
        } finally {
            if (session == null) {
                places.decrementAndGet();
            }
        }
        sessions.put(id, session);
        created.incrementAndGet();
        timers.schedule(() -> {
            Session s = sessions.get(id);
            if (s != null && !s.connected()) {
                LOG.info("session {} did not connect within {} ms: closing it", id, connectTimeout.toMillis());
                expired.incrementAndGet();
                close(id);
            }
        }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
        byte[] answer = session.answer().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/sdp");
        ex.getResponseHeaders().set("Location", path + "/" + id);
        ex.sendResponseHeaders(201, answer.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(answer);
        }
    }

    private byte[] randomBytes() {
        byte[] b = new byte[16];
        random.nextBytes(b);
        return b;
    }

    /** Ends session {@code id} (DELETE, timeout, or the session itself ending). */
    public void close(String id) {
        Session s = sessions.remove(id);
        if (s != null) {
            places.decrementAndGet();
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("closing session {} failed: {}", id, e.toString());
            }
        }
    }

    private static void text(HttpExchange ex, int status, String message) throws IOException {
        byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        for (String id : sessions.keySet()) {
            close(id);
        }
        executor.shutdownNow();
        timers.shutdownNow();
    }
}
