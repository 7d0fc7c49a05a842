package org.rtc4j.whip;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.IceServer;
import org.rtc4j.peer.PeerConnection;

/**
 * A WHIP client (RFC 9725): publishes an application's {@link PeerConnection} to an endpoint.
 *
 * <pre>{@code
 * PeerConnection pc = PeerConnection.create(config);
 * pc.addTransceiver(MediaStreamTrack.video("camera"), Direction.SENDONLY);
 * WhipSession session = WhipClient.create()
 *     .publish(URI.create("https://example.net/whip"), "token", pc)
 *     .get(20, TimeUnit.SECONDS);
 * // ... send frames once pc is connected ...
 * session.close();   // DELETE; the connection is yours to close
 * }</pre>
 *
 * <p>{@code publish} creates and applies the offer, waits for candidate gathering (or, with
 * {@link Builder#trickle(boolean)}, does not: the application then sends its candidates with
 * {@link WhipSession#patchCandidates}), POSTs the offer, checks the {@code 201 Created} (a
 * {@code Location}, an SDP body), applies the answer and returns the {@link WhipSession}. The
 * returned future runs this on the client's executor and fails with {@link WhipException} (the
 * status and the server's reason) or the connection's own exception. The library sets no listener
 * on the connection.
 */
public final class WhipClient {
  private static final ExecutorService DEFAULT_EXECUTOR = Executors.newCachedThreadPool(daemonThreads());

  private final HttpClient http;
  private final Duration requestTimeout;
  private final Duration gatherTimeout;
  private final boolean trickle;
  private final Executor executor;

  private WhipClient(Builder b) {
    this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    this.requestTimeout = b.requestTimeout;
    this.gatherTimeout = b.gatherTimeout;
    this.trickle = b.trickle;
    this.executor = b.executor != null ? b.executor : DEFAULT_EXECUTOR;
  }

  /** A client with the defaults: 10 s per request, 3 s of gathering, no trickle. */
  public static WhipClient create() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Publishes {@code pc} (its tracks already added) to {@code endpoint}.
   *
   * @param token the bearer token (RFC 9725 §4.5), or null
   */
  public CompletableFuture<WhipSession> publish(URI endpoint, String token, PeerConnection pc) {
    return open(endpoint, token, pc);
  }

  CompletableFuture<WhipSession> open(URI endpoint, String token, PeerConnection pc) {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(pc, "pc");
    requireHttp(endpoint);
    return async(executor, () -> exchange(endpoint, token, pc));
  }

  /** A blocking step of a call: waits on the connection's futures and on HTTP. */
  interface Step<T> {
    T run() throws InterruptedException, ExecutionException, TimeoutException;
  }

  /** Runs {@code step} on {@code executor}; the future fails with the step's exception (unwrapped). */
  static <T> CompletableFuture<T> async(Executor executor, Step<T> step) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return step.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CompletionException(e);
      } catch (ExecutionException e) {
        throw new CompletionException(e.getCause());
      } catch (TimeoutException e) {
        throw new CompletionException(e);
      }
    }, executor);
  }

  private WhipSession exchange(URI endpoint, String token, PeerConnection pc)
      throws InterruptedException, ExecutionException, TimeoutException {
    Description offer = WhipServerSession.await(pc.createOffer(), requestTimeout);
    WhipServerSession.await(pc.setLocalDescription(offer), requestTimeout);
    String sdp = offer.sdp();
    if (!trickle) {
      Gathering.await(pc, gatherTimeout);
      Description local = pc.localDescription();
      sdp = local != null ? local.sdp() : sdp;
    }
    HttpResponse<String> res = send(request(endpoint, token).header("Content-Type", WhipServer.SDP_MEDIA_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(sdp, StandardCharsets.UTF_8)), endpoint);
    if (res.statusCode() != 201) {
      throw unexpected("POST", endpoint, res);
    }
    String location = res.headers().firstValue("Location").orElse(null);
    if (location == null) {
      throw new WhipException(201, endpoint + " created a session but sent no Location header", null);
    }
    String type = res.headers().firstValue("Content-Type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith(WhipServer.SDP_MEDIA_TYPE)) {
      throw new WhipException(201, endpoint + " answered with " + (type.isEmpty() ? "no content type" : type)
          + ", not " + WhipServer.SDP_MEDIA_TYPE, null);
    }
    URI resource = endpoint.resolve(location);
    List<IceServer> iceServers = IceServerLinks.parse(res.headers().allValues("Link"));
    WhipSession session = new WhipSession(this, resource, token, pc, res.headers().firstValue("ETag").orElse(null), iceServers);
    try {
      WhipServerSession.await(pc.setRemoteDescription(Description.answer(res.body())), requestTimeout);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      session.closeQuietly();
      throw e;
    }
    return session;
  }

  HttpRequest.Builder request(URI uri, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<String> send(HttpRequest.Builder req, URI uri) throws InterruptedException {
    try {
      return http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw new WhipException(0, uri + " does not answer (connection refused)", e);
    } catch (HttpTimeoutException e) {
      throw new WhipException(0, uri + " does not answer (timed out)", e);
    } catch (IOException e) {
      throw new WhipException(0, "cannot reach " + uri + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
    }
  }

  Duration gatherTimeout() {
    return gatherTimeout;
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  Executor executor() {
    return executor;
  }

  static WhipException unexpected(String method, URI uri, HttpResponse<String> res) {
    String body = res.body() == null ? "" : res.body().strip();
    return new WhipException(res.statusCode(), (method.equals("POST") ? uri.toString() : method + " " + uri) + " answered HTTP "
        + res.statusCode() + (body.isEmpty() ? "" : ": " + firstLine(body)), null);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }

  private static void requireHttp(URI uri) {
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      throw new IllegalArgumentException("the endpoint URL must start with http:// or https:// (got " + uri + ")");
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "rtc4j-whip-client-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Settings of a {@link WhipClient} (and of a {@link WhepClient}). */
  public static final class Builder {
    private HttpClient http;
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration gatherTimeout = Duration.ofSeconds(3);
    private boolean trickle;
    private Executor executor;

    private Builder() {}

    /** The HTTP client to use (default: a new one with a 5 s connect timeout). */
    public Builder httpClient(HttpClient http) {
      this.http = Objects.requireNonNull(http, "http");
      return this;
    }

    /** How long each request, and each step of the connection, may take (default 10 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /** How long the offer waits for candidate gathering (default 3 s); then the candidates so far go. */
    public Builder gatherTimeout(Duration timeout) {
      this.gatherTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Whether to POST the offer at once, without waiting for candidates (default false): the
     * application then sends them with {@link WhipSession#patchCandidates} (RFC 9725 §4.3.1).
     */
    public Builder trickle(boolean trickle) {
      this.trickle = trickle;
      return this;
    }

    /** Where the blocking steps of each call run (default: a shared pool of daemon threads). */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    public WhipClient build() {
      return new WhipClient(this);
    }
  }
}
