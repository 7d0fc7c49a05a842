package org.rtc4j.whip;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.IceServer;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.sdp.SdpParseException;
import org.rtc4j.sdp.SessionDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WHIP (RFC 9725) or WHEP endpoint on the JDK's {@code com.sun.net.httpserver}. Both protocols
 * follow the same HTTP rules; the path ({@code /whip} or {@code /whep}) and what the application
 * does with the connection (receive or send) tell them apart.
 *
 * <pre>{@code
 * WhipServer server = WhipServer.builder(new InetSocketAddress("0.0.0.0", 8080))
 *     .path("/whip")
 *     .token("secret")                                   // Authorization: Bearer secret
 *     .iceServers(List.of(IceServer.of("stun:stun.example.net")))   // Link headers
 *     .peerConnections(id -> {
 *       PeerConnection pc = PeerConnection.create(config);
 *       pc.onTrack(e -> record(id, e));      // fires while the offer is applied: set it here
 *       return pc;
 *     })
 *     .onSession(session -> log(session.location()))
 *     .start();
 * }</pre>
 *
 * <h2>Requests</h2>
 *
 * <ul>
 *   <li>{@code POST path} with an SDP offer ({@code application/sdp}): the application's factory
 *       makes the {@link PeerConnection}; the offer is applied; {@link SessionHandler#onOffer} may
 *       add tracks (WHEP); the answer is created, applied and sent, with every candidate gathered
 *       within the gather timeout, after {@link SessionHandler#onSession}: {@code 201 Created}
 *       with {@code Location}, {@code ETag} and one {@code Link: rel="ice-server"} per configured
 *       ICE server URL (§4.6).
 *   <li>{@code PATCH} on the session ({@code application/trickle-ice-sdpfrag}, §4.3): with
 *       {@code If-Match} equal to the current ETag, the fragment's candidates are added (204); with
 *       new ICE credentials and {@code If-Match: *}, ICE restarts and the answer's fragment comes
 *       back (200, new ETag). A stale ETag gets 412, a missing {@code If-Match} 428 (unless
 *       {@link Builder#requireIfMatch(boolean)} is off).
 *   <li>{@code DELETE} on the session ends it (200); {@code OPTIONS} answers CORS preflights
 *       without the token.
 * </ul>
 *
 * <p>Errors: 404 for unknown paths and sessions, 405 for other methods (with {@code Allow}), 415
 * for a wrong content type, 413 above {@link #MAX_BODY_BYTES}, 401 without the right
 * {@code Authorization: Bearer} token (when one is set, §4.5), 400 with the reason in the body for
 * an offer or fragment that cannot be used, 503 beyond {@code maxSessions} open sessions. A
 * session that has not connected {@code connectTimeout} after its answer is closed. Every response
 * allows any origin (CORS), so a page of another origin can publish.
 *
 * <p>Threads: requests run on a pool of four daemon threads; POST blocks one of them while the
 * connection applies the offer and gathers (milliseconds on a host's own interfaces, at most the
 * gather timeout). The callbacks run on that thread.
 */
public final class WhipServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WhipServer.class);

  /** Largest request body (offer or fragment) accepted. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  /** Sessions open at once unless told otherwise; more get 503. */
  public static final int DEFAULT_MAX_SESSIONS = 1000;
  /** The media type of offers and answers (RFC 8866 §5). */
  public static final String SDP_MEDIA_TYPE = "application/sdp";

  /** What the application does with each new session. Runs on an HTTP thread. */
  public interface SessionHandler {
    /**
     * The offer is applied, the answer not made yet: add the tracks to send (WHEP), set
     * listeners. The default does nothing.
     *
     * @throws OfferRejectedException to refuse the session (400 with the message)
     */
    default void onOffer(WhipServerSession session) throws OfferRejectedException {}

    /**
     * The answer is applied and about to be sent ({@link WhipServerSession#answer()}); the session
     * is not yet reachable at its URL.
     *
     * @throws OfferRejectedException to refuse the session after all (400 with the message)
     */
    void onSession(WhipServerSession session) throws OfferRejectedException;

    /**
     * The session made for {@code id} by the factory was refused ({@code reason}: what the client
     * is told, or the failure) and its connection closed; the default does nothing. Close callbacks
     * registered before ({@link WhipServerSession#onClose}) have run.
     */
    default void onRefused(String id, String reason) {}
  }

  private record Route(boolean needsToken, HttpHandler handler) {}

  private final String path;
  private final String token;
  private final Duration connectTimeout;
  private final Duration gatherTimeout;
  private final int maxSessions;
  private final boolean requireIfMatch;
  private final List<String> links;
  private final Function<String, PeerConnection> peerConnections;
  private final SessionHandler handler;
  private final Map<String, Route> routes;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService timers;
  private final Map<String, WhipServerSession> sessions = new ConcurrentHashMap<>();
  private final AtomicInteger places = new AtomicInteger();
  private final AtomicInteger created = new AtomicInteger();
  private final AtomicInteger expired = new AtomicInteger();
  private final SecureRandom random = new SecureRandom();

  private WhipServer(Builder b) throws IOException {
    this.path = b.path;
    this.token = b.token;
    this.connectTimeout = b.connectTimeout;
    this.gatherTimeout = b.gatherTimeout;
    this.maxSessions = b.maxSessions;
    this.requireIfMatch = b.requireIfMatch;
    this.links = IceServerLinks.format(b.iceServers);
    this.peerConnections = Objects.requireNonNull(b.peerConnections, "peerConnections");
    this.handler = Objects.requireNonNull(b.handler, "a session handler (onSession)");
    this.routes = Map.copyOf(b.routes);
    this.server = HttpServer.create(b.address, 64);
    AtomicInteger n = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(256), r -> {
      Thread t = new Thread(r, "rtc4j-whip-http-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "rtc4j-whip-timer");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A builder for a server listening on {@code address} (port 0 picks one). */
  public static Builder builder(InetSocketAddress address) {
    return new Builder(address);
  }

  /** The TCP port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The endpoint's path, e.g. {@code /whip}. */
  public String path() {
    return path;
  }

  /** Sessions open now. */
  public int sessionCount() {
    return sessions.size();
  }

  /** Sessions created since the start. */
  public int sessionsCreated() {
    return created.get();
  }

  /** The most sessions open at once. */
  public int maxSessions() {
    return maxSessions;
  }

  /** Sessions closed because they did not connect within the connect timeout. */
  public int sessionsExpired() {
    return expired.get();
  }

  /** The open session with this id, or null. */
  public WhipServerSession session(String id) {
    return sessions.get(id);
  }

  /** The open sessions, in no particular order. */
  public List<WhipServerSession> sessions() {
    return new ArrayList<>(sessions.values());
  }

  /** Ends session {@code id} (as DELETE does); nothing happens if it is not open. */
  public void close(String id) {
    WhipServerSession s = sessions.remove(id);
    if (s != null) {
      places.decrementAndGet();
      try {
        s.end();
      } catch (RuntimeException e) {
        LOG.warn("closing session {} failed: {}", s.tag(), e.toString());
      }
    }
  }

  /** Stops listening and ends every session. */
  @Override
  public void close() {
    server.stop(0);
    for (String id : sessions.keySet()) {
      close(id);
    }
    executor.shutdownNow();
    timers.shutdownNow();
  }

  // ------------------------------------------------------------------ requests

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String p = ex.getRequestURI().getPath();
      String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
      Headers h = ex.getResponseHeaders();
      h.set("Access-Control-Allow-Origin", "*");
      h.set("Access-Control-Expose-Headers", "Location, Content-Type, ETag, Link, Accept-Patch");
      Route route = routes.get(p);
      if (route != null) {
        if (!method.equals("OPTIONS") && route.needsToken() && !authorized(ex)) {
          return;
        }
        route.handler().handle(ex);
        return;
      }
      boolean onEndpoint = p.equals(path);
      String id = p.startsWith(path + "/") ? p.substring(path.length() + 1) : null;
      if (!onEndpoint && (id == null || id.isEmpty() || id.contains("/"))) {
        text(ex, 404, "no such resource: " + p + " (the endpoint is " + path + ")");
        return;
      }
      if (method.equals("OPTIONS")) {
        h.set("Access-Control-Allow-Methods", onEndpoint ? "POST, OPTIONS" : "PATCH, DELETE, OPTIONS");
        h.set("Access-Control-Allow-Headers", "Content-Type, Authorization, If-Match");
        h.set("Access-Control-Max-Age", "86400");
        if (onEndpoint) {
          h.set("Accept-Post", SDP_MEDIA_TYPE);
        } else {
          h.set("Accept-Patch", SdpFragment.MEDIA_TYPE);
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
      WhipServerSession s = sessions.get(id);
      if (s == null) {
        text(ex, 404, "no such session: " + id);
        return;
      }
      switch (method) {
        case "DELETE" -> {
          close(id);
          ex.sendResponseHeaders(200, -1);
        }
        case "PATCH" -> patch(ex, s);
        default -> {
          h.set("Allow", "PATCH, DELETE, OPTIONS");
          text(ex, 405, method + " is not allowed on a session (PATCH trickles candidates or restarts ICE; DELETE ends it)");
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("request failed: {}", e.toString());
      throw e;
    }
  }

  /** False, with 401 sent, when a token is set and the request does not carry it (RFC 9725 §4.5). */
  private boolean authorized(HttpExchange ex) throws IOException {
    if (token == null || constantTimeEquals("Bearer " + token, ex.getRequestHeaders().getFirst("Authorization"))) {
      return true;
    }
    ex.getResponseHeaders().set("WWW-Authenticate", "Bearer");
    text(ex, 401, "this endpoint needs Authorization: Bearer <token>");
    return false;
  }

  private static boolean constantTimeEquals(String expected, String got) {
    return got != null && java.security.MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        got.getBytes(StandardCharsets.UTF_8));
  }

  /** The body, or null with 415 or 413 sent. */
  private static String body(HttpExchange ex, String mediaType, String what) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mime.equals(mediaType)) {
      text(ex, 415, what + " must be sent as Content-Type: " + mediaType + " (got " + (type == null ? "none" : type) + ")");
      return null;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
    }
    if (body.length > MAX_BODY_BYTES) {
      text(ex, 413, what + " is larger than " + MAX_BODY_BYTES + " bytes");
      return null;
    }
    return new String(body, StandardCharsets.UTF_8);
  }

  private void post(HttpExchange ex) throws IOException {
    String offer = body(ex, SDP_MEDIA_TYPE, "the offer");
    if (offer == null) {
      return;
    }
    // A place is taken before the session is made, so that concurrent POSTs cannot pass the limit.
    if (places.incrementAndGet() > maxSessions) {
      places.decrementAndGet();
      text(ex, 503, "too many sessions (" + maxSessions + "); try again later");
      return;
    }
    WhipServerSession session = null;
    try {
      session = create(offer);
    } catch (OfferRejectedException e) {
      text(ex, 400, e.getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      text(ex, 503, "the server is stopping");
      return;
    } catch (RuntimeException e) {
      LOG.warn("cannot create a session: {}", e.toString());
      text(ex, 500, "cannot create a session");
      return;
    } finally {
      if (session == null) {
        places.decrementAndGet();
      }
    }
    String id = session.id();
    sessions.put(id, session);
    created.incrementAndGet();
    timers.schedule(() -> {
      WhipServerSession s = sessions.get(id);
      if (s != null && !s.connected()) {
        LOG.info("session {} did not connect within {} ms: closing it", s.tag(), connectTimeout.toMillis());
        expired.incrementAndGet();
        close(id);
      }
    }, connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    byte[] answer = session.answer().getBytes(StandardCharsets.UTF_8);
    Headers h = ex.getResponseHeaders();
    h.set("Content-Type", SDP_MEDIA_TYPE);
    h.set("Location", session.location());
    h.set("ETag", session.etag());
    if (!links.isEmpty()) {
      h.put("Link", links);
    }
    ex.sendResponseHeaders(201, answer.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(answer);
    }
  }

  /** A session with the offer applied and the answer made, or an exception with nothing left open. */
  private WhipServerSession create(String offer) throws OfferRejectedException, InterruptedException {
    try {
      SessionDescription.parse(offer);
    } catch (SdpParseException e) {
      throw new OfferRejectedException("the offer is not valid SDP: " + e.getMessage());
    }
    String id = HexFormat.of().formatHex(randomBytes(16));
    PeerConnection pc = peerConnections.apply(id);
    WhipServerSession session = new WhipServerSession(id, path + "/" + id, pc, offer, this::close);
    String refused = "the session could not be made";
    try {
      try {
        WhipServerSession.await(pc.setRemoteDescription(Description.offer(offer)), gatherTimeout.plusSeconds(10));
      } catch (ExecutionException | TimeoutException e) {
        throw new OfferRejectedException("the offer cannot be accepted: " + rootMessage(e));
      }
      handler.onOffer(session);
      Description answer;
      try {
        answer = WhipServerSession.await(pc.createAnswer(), gatherTimeout.plusSeconds(10));
        WhipServerSession.await(pc.setLocalDescription(answer), gatherTimeout.plusSeconds(10));
      } catch (ExecutionException | TimeoutException e) {
        throw new OfferRejectedException("the offer cannot be answered: " + rootMessage(e));
      }
      requireMedia(answer.sdp());
      Gathering.await(pc, gatherTimeout);
      Description local = pc.localDescription();
      session.answered(local != null ? local.sdp() : answer.sdp(), newEtag());
      handler.onSession(session);
      refused = null;
      return session;
    } catch (OfferRejectedException e) {
      refused = e.getMessage();
      throw e;
    } finally {
      if (refused != null) {
        session.end();
        handler.onRefused(id, refused);
      }
    }
  }

  /**
   * Refuses an answer that accepts no audio or video section (each has port 0, or there is none):
   * WHIP and WHEP carry media, and a data-channel-only session is not one.
   */
  private static void requireMedia(String answer) throws OfferRejectedException {
    for (String line : answer.split("\r?\n")) {
      if ((line.startsWith("m=audio ") || line.startsWith("m=video ")) && !line.matches("m=\\S+ 0 .*")) {
        return;
      }
    }
    throw new OfferRejectedException("the offer has no media section rtc4j can accept (it sends and receives VP8, "
        + "VP9, AV1, H.264, Opus, PCMU and PCMA over UDP with DTLS-SRTP)");
  }

  /** PATCH on a session: trickle or ICE restart (RFC 9725 §4.3). */
  private void patch(HttpExchange ex, WhipServerSession s) throws IOException {
    String ifMatch = ex.getRequestHeaders().getFirst("If-Match");
    if (ifMatch == null && requireIfMatch) {
      text(ex, 428, "a PATCH needs If-Match: the session's ETag for trickle, * for an ICE restart (RFC 9725 §4.3.1)");
      return;
    }
    String body = body(ex, SdpFragment.MEDIA_TYPE, "the fragment");
    if (body == null) {
      return;
    }
    boolean wildcard = ifMatch != null && ifMatch.strip().equals("*");
    if (ifMatch != null && !wildcard && !matches(ifMatch, s.etag())) {
      ex.getResponseHeaders().set("ETag", s.etag());
      text(ex, 412, "If-Match does not match the session's ETag: the ICE session changed");
      return;
    }
    SdpFragment fragment;
    try {
      fragment = SdpFragment.parse(body);
    } catch (IllegalArgumentException e) {
      text(ex, 400, "the fragment is not application/trickle-ice-sdpfrag: " + e.getMessage());
      return;
    }
    boolean restart = fragment.hasCredentials() && !fragment.iceUfrag().equals(s.remoteUfrag());
    try {
      if (restart) {
        SdpFragment ours = s.restartIce(fragment, newEtag(), gatherTimeout.plusSeconds(10));
        LOG.debug("session {}: ICE restarted", s.tag());
        byte[] out = ours.toSdp().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", SdpFragment.MEDIA_TYPE);
        ex.getResponseHeaders().set("ETag", s.etag());
        ex.sendResponseHeaders(200, out.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(out);
        }
        return;
      }
      s.addCandidates(fragment, gatherTimeout.plusSeconds(10));
      ex.getResponseHeaders().set("ETag", s.etag());
      ex.sendResponseHeaders(204, -1);
    } catch (ExecutionException | TimeoutException e) {
      text(ex, 400, (restart ? "the ICE restart failed: " : "a candidate cannot be added: ") + rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      text(ex, 503, "the server is stopping");
    }
  }

  /** Whether an If-Match list names {@code etag} (RFC 9110 §13.1.1, strong comparison). */
  static boolean matches(String ifMatch, String etag) {
    for (String tag : ifMatch.split(",")) {
      if (tag.strip().equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private String newEtag() {
    return '"' + HexFormat.of().formatHex(randomBytes(8)) + '"';
  }

  private byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() != null ? c.getMessage() : c.getClass().getSimpleName();
  }

  private static void text(HttpExchange ex, int status, String message) throws IOException {
    byte[] b = (message + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  /** Settings of a {@link WhipServer}; {@link #peerConnections} and {@link #onSession} are required. */
  public static final class Builder {
    private final InetSocketAddress address;
    private String path = "/whip";
    private String token;
    private Duration connectTimeout = Duration.ofSeconds(30);
    private Duration gatherTimeout = Duration.ofSeconds(3);
    private int maxSessions = DEFAULT_MAX_SESSIONS;
    private boolean requireIfMatch = true;
    private List<IceServer> iceServers = List.of();
    private Function<String, PeerConnection> peerConnections;
    private SessionHandler handler;
    private final Map<String, Route> routes = new LinkedHashMap<>();

    private Builder(InetSocketAddress address) {
      this.address = Objects.requireNonNull(address, "address");
    }

    /** The endpoint's path, {@code /whip} (the default) or {@code /whep}; sessions live under it. */
    public Builder path(String path) {
      if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
        throw new IllegalArgumentException("the path must start with / and name something, like /whip: " + path);
      }
      this.path = path;
      return this;
    }

    /** The bearer token every request but OPTIONS must carry, or null for none (the default). */
    public Builder token(String token) {
      this.token = token;
      return this;
    }

    /** How long a session may take to connect after its answer (default 30 s) before it is closed. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = requirePositive(timeout, "connectTimeout");
      return this;
    }

    /** How long an answer waits for candidate gathering (default 3 s); then the candidates so far go. */
    public Builder gatherTimeout(Duration timeout) {
      this.gatherTimeout = requirePositive(timeout, "gatherTimeout");
      return this;
    }

    /** Sessions open at once (default {@value WhipServer#DEFAULT_MAX_SESSIONS}); a POST beyond them gets 503. */
    public Builder maxSessions(int maxSessions) {
      if (maxSessions < 1) {
        throw new IllegalArgumentException("maxSessions must be at least 1");
      }
      this.maxSessions = maxSessions;
      return this;
    }

    /** Whether a PATCH without If-Match gets 428 Precondition Required (default true). */
    public Builder requireIfMatch(boolean require) {
      this.requireIfMatch = require;
      return this;
    }

    /** ICE servers offered to clients in {@code Link} headers of the 201 (RFC 9725 §4.6). */
    public Builder iceServers(List<IceServer> servers) {
      this.iceServers = List.copyOf(servers);
      IceServerLinks.format(this.iceServers).forEach(Builder::requireHeaderSafe);
      return this;
    }

    /** Makes the connection of each new session, given its id (configure it as you like). */
    public Builder peerConnections(Function<String, PeerConnection> factory) {
      this.peerConnections = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** What to do with each new session (see {@link SessionHandler}). */
    public Builder onSession(SessionHandler handler) {
      this.handler = Objects.requireNonNull(handler, "handler");
      return this;
    }

    /**
     * Serves {@code handler} on exactly {@code path} (a page, a stats document), checked before the
     * endpoint; with {@code needsToken}, only to requests that carry the token (OPTIONS excepted).
     * The handler sends the response; CORS headers are set already.
     */
    public Builder route(String path, boolean needsToken, HttpHandler handler) {
      routes.put(Objects.requireNonNull(path, "path"), new Route(needsToken, Objects.requireNonNull(handler, "handler")));
      return this;
    }

    /** Binds, starts serving, and returns the server. */
    public WhipServer start() throws IOException {
      return new WhipServer(this);
    }

    private static Duration requirePositive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    private static void requireHeaderSafe(String value) {
      for (int i = 0; i < value.length(); i++) {
        char c = value.charAt(i);
        if (c < 0x20 || c == 0x7f) {
          throw new IllegalArgumentException("an ICE server URL or credential holds a control character");
        }
      }
    }
  }
}
