package org.rtc4j.peer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One headless Firefox ESR running {@code firefox/runner.html}, shared by every case of a test
 * class: each {@link #run} hands the page a task (one {@code RTCPeerConnection} against one rtc4j
 * {@link PeerConnection}), and SDP, trickled candidates and {@code getStats()} travel over HTTP on
 * 127.0.0.1.
 *
 * <p>Firefox starts from a fresh temporary profile whose {@code user.js} gives it fake media
 * without prompts and loopback ICE candidates, and turns off everything that reaches out (updates,
 * telemetry, remote settings, safe browsing, ...). It also runs with {@code
 * MOZ_DISABLE_NONLOCAL_CONNECTIONS=1}, Mozilla's own test switch, under which it refuses any
 * connection outside loopback and lets the remote-settings server be overridden (release builds
 * ignore that preference otherwise). It must still run in a network namespace with only loopback
 * up: {@link #unavailable()} says why it cannot run here.
 */
final class HeadlessFirefox implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeadlessFirefox.class);
  static final Path FIREFOX = Path.of("/usr/bin/firefox-esr");

  private final HttpServer http;
  private final Path profile;
  private final Process process;
  private final BlockingQueue<String> tasks = new LinkedBlockingQueue<>();
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final CompletableFuture<String> ready = new CompletableFuture<>();
  private final AtomicInteger ids = new AtomicInteger();

  /** Null if Firefox can run here, else why not. */
  static String unavailable() throws IOException {
    if (!Files.isExecutable(FIREFOX)) {
      return "firefox-esr is not installed at " + FIREFOX + " (apt-get install firefox-esr)";
    }
    List<String> others = Interfaces.upBesidesLoopback();
    return others.isEmpty() ? null : "Firefox interop runs only in a loopback-only network namespace (interfaces up "
        + "here: " + others + "); run ./run-tests as root, which creates one";
  }

  private HeadlessFirefox() throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.setExecutor(Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "firefox-signalling");
      t.setDaemon(true);
      return t;
    }));
    http.createContext("/", this::handle);
    http.start();
    profile = Files.createTempDirectory("rtc4j-firefox");
    try (InputStream prefs = HeadlessFirefox.class.getResourceAsStream("/firefox/user.js")) {
      Files.write(profile.resolve("user.js"), prefs.readAllBytes());
    }
    String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/runner.html";
    ProcessBuilder pb = new ProcessBuilder(FIREFOX.toString(), "--headless", "--no-remote", "--profile",
        profile.toString(), url).redirectErrorStream(true).redirectOutput(profile.resolve("firefox.log").toFile());
    pb.environment().put("MOZ_DISABLE_NONLOCAL_CONNECTIONS", "1");
    process = pb.start();
  }

  /** Starts Firefox and waits until the page has its fake camera and microphone. */
  static HeadlessFirefox start() throws Exception {
    HeadlessFirefox f = new HeadlessFirefox();
    try {
      String info = f.ready.get(60, TimeUnit.SECONDS);
      LOG.info("Firefox ready: {}", info.replace('\n', ' '));
      return f;
    } catch (Exception e) {
      f.close();
      throw e;
    }
  }

  /** The page's {@code navigator.userAgent}, then its video send codecs, one line each. */
  String info() {
    return ready.getNow("");
  }

  /** The ways a case starts. */
  enum Mode {
    /** Firefox adds its camera and microphone and offers; rtc4j answers. */
    FIREFOX_OFFERS("firefox-offers"),
    /**
     * As {@link #FIREFOX_OFFERS} with a data channel {@code from-firefox} made before the tracks:
     * the page sends it ten texts and counts rtc4j's echoes, and echoes what rtc4j sends on its own
     * channels (the "datachannel" stats line).
     */
    FIREFOX_OFFERS_DATA("firefox-offers-data"),
    /** rtc4j offers; Firefox answers, sending its camera and microphone back. */
    RTC4J_OFFERS("rtc4j-offers"),
    /** Firefox writes a full offer (camera, microphone, data channel; gathered); no connection. */
    CAPTURE_OFFER("capture-offer"),
    /** Firefox writes a full answer to rtc4j's offer (gathered); no connection. */
    CAPTURE_ANSWER("capture-answer");

    final String page;

    Mode(String page) {
      this.page = page;
    }
  }

  /**
   * Starts a case against {@code pc}. For {@link Mode#FIREFOX_OFFERS} rtc4j answers Firefox's
   * offer after {@code toRtc4j} has rewritten it; for {@link Mode#RTC4J_OFFERS} {@code pc} must
   * already have its local offer, which Firefox gets after {@code toFirefox}. {@code codec}
   * (e.g. "H264") makes Firefox prefer that video codec in its offer.
   */
  Session run(Mode mode, PeerConnection pc, String codec, UnaryOperator<String> toRtc4j,
      UnaryOperator<String> toFirefox) {
    String id = "t" + ids.incrementAndGet();
    Session s = new Session(id, mode, pc, toRtc4j, toFirefox);
    sessions.put(id, s);
    tasks.add("{\"id\":\"" + id + "\",\"mode\":\"" + mode.page + "\""
        + (codec == null ? "" : ",\"codec\":\"" + codec + "\"") + "}");
    return s;
  }

  /** One case: an rtc4j connection and the page's peer connection. */
  static final class Session {
    final String id;
    final Mode mode;
    final PeerConnection pc;
    private final UnaryOperator<String> toRtc4j;
    private final UnaryOperator<String> toFirefox;
    private final TrickleBridge trickle;
    private volatile boolean stopped;
    private volatile String stats = "";
    /** Firefox's offer (Firefox offers) or answer (rtc4j offers), as Firefox wrote it. */
    final CompletableFuture<String> firefoxSdp = new CompletableFuture<>();
    /** What Firefox wrote in a capture case. */
    final CompletableFuture<String> captured = new CompletableFuture<>();
    /** Completed with Firefox's video codecs when it cannot send the one asked for. */
    final CompletableFuture<String> noCodec = new CompletableFuture<>();
    /** Completed with the page's error when its part of the case threw. */
    final CompletableFuture<String> failed = new CompletableFuture<>();

    Session(String id, Mode mode, PeerConnection pc, UnaryOperator<String> toRtc4j, UnaryOperator<String> toFirefox) {
      this.id = id;
      this.mode = mode;
      this.pc = pc;
      this.toRtc4j = toRtc4j;
      this.toFirefox = toFirefox;
      this.trickle = pc == null ? null : new TrickleBridge(pc); // none in a capture-offer case
    }

    /** The page's last stats report, one line per object ("transport ...", "inbound video ..."). */
    String stats() {
      return stats;
    }

    /**
     * The members of the stats line that starts with {@code key} ("transport", "inbound video",
     * "outbound audio", "connection"), or an empty map.
     */
    Map<String, String> stat(String key) {
      for (String line : stats.split("\n")) {
        if (line.startsWith(key + " ")) {
          Map<String, String> m = new LinkedHashMap<>();
          for (String token : line.substring(key.length() + 1).split(" ")) {
            int eq = token.indexOf('=');
            if (eq > 0) {
              m.put(token.substring(0, eq), token.substring(eq + 1));
            }
          }
          return m;
        }
      }
      return Map.of();
    }

    long statLong(String key, String member) {
      String v = stat(key).get(member);
      try {
        return v == null ? 0 : Long.parseLong(v);
      } catch (NumberFormatException e) {
        return (long) Double.parseDouble(v);
      }
    }

    /** Tells the page to close its connection at its next stats report. */
    void stop() {
      stopped = true;
    }

    private String firefoxOffered(String offer) throws Exception {
      firefoxSdp.complete(offer);
      pc.setRemoteDescription(Description.offer(toRtc4j.apply(offer))).get(10, TimeUnit.SECONDS);
      trickle.remoteDescriptionSet();
      Description answer = pc.createAnswer().get(10, TimeUnit.SECONDS);
      pc.setLocalDescription(answer).get(10, TimeUnit.SECONDS);
      return answer.sdp();
    }

    private String ourOffer() {
      return toFirefox.apply(pc.localDescription().sdp());
    }

    private void firefoxAnswered(String answer) throws Exception {
      firefoxSdp.complete(answer);
      pc.setRemoteDescription(Description.answer(toRtc4j.apply(answer))).get(10, TimeUnit.SECONDS);
      trickle.remoteDescriptionSet();
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Session s = sessions.get(param(query, "id"));
    try {
      switch (path) {
        case "/runner.html" -> {
          try (InputStream in = getClass().getResourceAsStream("/firefox/runner.html")) {
            PageHttp.reply(ex, "text/html", new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
        case "/ready" -> {
          ready.complete(body);
          PageHttp.reply(ex, "text/plain", "");
        }
        case "/task" -> {
          String task = tasks.poll(20, TimeUnit.SECONDS);
          PageHttp.reply(ex, "application/json", task == null ? "{\"id\":null}" : task);
        }
        case "/offer" -> PageHttp.reply(ex, "text/plain",
            ex.getRequestMethod().equals("POST") ? s.firefoxOffered(body) : s.ourOffer());
        case "/answer" -> {
          s.firefoxAnswered(body);
          PageHttp.reply(ex, "text/plain", "");
        }
        case "/candidate" -> {
          s.trickle.fromBrowser(body);
          PageHttp.reply(ex, "text/plain", "");
        }
        case "/candidates" -> PageHttp.reply(ex, "application/json", s.trickle.toBrowser(Integer.parseInt(param(query, "from"))));
        case "/stats" -> {
          s.stats = body;
          PageHttp.reply(ex, "text/plain", s.stopped ? "stop" : "");
        }
        case "/captured" -> {
          s.captured.complete(body);
          PageHttp.reply(ex, "text/plain", "");
        }
        case "/nocodec" -> {
          s.noCodec.complete(body);
          PageHttp.reply(ex, "text/plain", "");
        }
        case "/failed" -> {
          s.failed.complete(body);
          LOG.warn("Firefox page, case {}: {}", s.id, body);
          PageHttp.reply(ex, "text/plain", "");
        }
        case "/log" -> {
          LOG.info("Firefox page: {}", body);
          PageHttp.reply(ex, "text/plain", "");
        }
        default -> {
          ex.sendResponseHeaders(404, -1);
          ex.close();
        }
      }
    } catch (Exception e) {
      LOG.warn("signalling request {} failed", path, e);
      if (s != null) {
        s.failed.complete("rtc4j side of " + path + " failed: " + e);
      }
      ex.sendResponseHeaders(500, -1);
      ex.close();
    }
  }

  private static String param(String query, String name) {
    for (String kv : query.split("&")) {
      if (kv.startsWith(name + "=")) {
        return kv.substring(name.length() + 1);
      }
    }
    return "";
  }

  /** Ends Firefox (and its content processes), the server, and deletes the profile. */
  @Override
  public void close() throws IOException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    http.stop(0);
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Firefox's own output (stdout and stderr), for a failure message. */
  String log() {
    try {
      return Files.readString(profile.resolve("firefox.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
