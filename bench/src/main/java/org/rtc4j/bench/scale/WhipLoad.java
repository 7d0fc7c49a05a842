package org.rtc4j.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;

/**
 * rtc4j's own WHIP load generator (issue 21): starts {@code rtc4j whip-server} (count-only, no
 * {@code --record}) as a separate process on 127.0.0.1, opens N audio-only WHIP sessions at a
 * given rate, lets them all send Opus at 50 packets/s for a steady-state window, and prints ONE
 * JSON line on standard output (progress and the heap histogram go to standard error):
 *
 * <ul>
 *   <li>{@code connected} of {@code sessions}; {@code clientConnectMs} (POST sent → the client's
 *       {@code connected}) and {@code serverConnectMs} (the server read the offer → its
 *       {@code connected}, from its {@code GET /stats}), median and p95; {@code answerMs} (POST →
 *       201 with the answer, client side);
 *   <li>{@code serverCpuPercent}: the server's utime + stime over the steady-state window, in % of
 *       one core (and per 100 sessions); {@code clientCpuPercent} the same for this JVM;
 *   <li>{@code heapPerSessionKb}: live heap at N minus live heap with no session (each from
 *       {@code jcmd GC.class_histogram}, which runs a full GC), divided by the sessions connected;
 *   <li>{@code rss*Mb} (VmRSS) and {@code threads*} (kernel threads of the server) fresh, after the
 *       warm-up with no session, and at N;
 *   <li>{@code packetsSent} by the clients ({@code outbound-rtp}) and {@code packetsReceived} by
 *       the server (its {@code /stats}, matched by session tag) after sending stops, and
 *       {@code lossPercent}.
 * </ul>
 *
 * Order: start the server; W warm-up sessions (connect, 2 s of audio, DELETE); baseline (GC,
 * histogram, RSS, threads); N sessions at R per second, each sending from its {@code connected};
 * once all are connected (or failed), S seconds of steady state measured for CPU; RSS, threads
 * and the histogram at N; sending stops, 1 s later packets are counted on both sides; DELETE
 * all; the server is killed in every case (SIGTERM, then SIGKILL). The clients share one
 * {@link EventLoopGroup} of {@code --client-loops} loops and one certificate.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.scale.WhipLoad --sessions 100 [--rate 20]
 *     [--seconds 30] [--server-jvm "-Xmx192m"] [--udp-port P] [--warmup 20] [--client-loops 2]
 *     [--jar examples/target/rtc4j.jar] [--connect-timeout 20] [--top 25] [--heap-dumps DIR]
 * </pre>
 *
 * With {@code --heap-dumps DIR} it also dumps the server's live heap with no session and at N
 * (files in DIR, deleted once read) and prints which primitive arrays (type and length) the
 * sessions hold ({@link PrimitiveArrays}).
 */
public final class WhipLoad {
  private WhipLoad() {}

  /** The command line. */
  record Options(int sessions, double rate, int seconds, List<String> serverJvm, Integer udpPort, int warmup,
      int clientLoops, Path jar, int connectTimeoutSeconds, int top, Path heapDumps) {

    static Options parse(String[] args) {
      Map<String, String> m = new HashMap<>();
      for (int i = 0; i < args.length; i++) {
        if (!args[i].startsWith("--") || i + 1 == args.length) {
          throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
        }
        m.put(args[i].substring(2), args[++i]);
      }
      Options o = new Options(Integer.parseInt(required(m, "sessions")), Double.parseDouble(m.getOrDefault("rate", "20")),
          Integer.parseInt(m.getOrDefault("seconds", "30")), split(m.getOrDefault("server-jvm", "")),
          m.containsKey("udp-port") ? Integer.valueOf(m.get("udp-port")) : null, Integer.parseInt(m.getOrDefault("warmup", "20")),
          Integer.parseInt(m.getOrDefault("client-loops", "2")), Path.of(m.getOrDefault("jar", "examples/target/rtc4j.jar")),
          Integer.parseInt(m.getOrDefault("connect-timeout", "20")), Integer.parseInt(m.getOrDefault("top", "25")),
          m.containsKey("heap-dumps") ? Path.of(m.get("heap-dumps")) : null);
      m.keySet().removeAll(List.of("sessions", "rate", "seconds", "server-jvm", "udp-port", "warmup", "client-loops", "jar",
          "connect-timeout", "top", "heap-dumps"));
      if (!m.isEmpty()) {
        throw new IllegalArgumentException("unknown options " + m.keySet());
      }
      if (o.sessions < 1 || o.rate <= 0 || o.seconds < 1 || o.warmup < 0 || o.clientLoops < 1) {
        throw new IllegalArgumentException("need --sessions >= 1, --rate > 0, --seconds >= 1, --warmup >= 0, --client-loops >= 1");
      }
      return o;
    }

    private static String required(Map<String, String> m, String name) {
      String v = m.get(name);
      if (v == null) {
        throw new IllegalArgumentException("--" + name + " is required");
      }
      return v;
    }

    private static List<String> split(String flags) {
      return flags.isBlank() ? List.of() : List.of(flags.trim().split("\\s+"));
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("WhipLoad: " + e.getMessage());
      System.err.println("usage: WhipLoad --sessions N [--rate 20] [--seconds 30] [--server-jvm \"-Xmx192m\"] [--udp-port P] "
          + "[--warmup 20] [--client-loops 2] [--jar examples/target/rtc4j.jar] [--connect-timeout 20] [--top 25] [--heap-dumps DIR]");
      System.exit(2);
      return;
    }
    if (!Files.isRegularFile(o.jar())) {
      System.err.println("WhipLoad: " + o.jar() + " is missing: mvn -B -ntp -q -pl examples -am package -DskipTests");
      System.exit(2);
    }
    System.out.println(run(o));
    System.exit(0);
  }

  static String run(Options o) throws Exception {
    List<byte[]> opus = OpusFrames.load(o.jar());
    Path logs = Files.createTempDirectory("whipload");
    List<String> serverArgs = new ArrayList<>(List.of("--port", "0", "--max-sessions", Integer.toString(o.sessions() + o.warmup() + 10),
        "--connect-timeout", Integer.toString(o.connectTimeoutSeconds())));
    // A bound on the server's life even if this JVM is killed: every phase below is bounded too.
    long budgetSeconds = 600 + (long) ((o.sessions() + o.warmup()) / o.rate()) + o.seconds() + 2L * o.connectTimeoutSeconds();
    serverArgs.addAll(List.of("--seconds", Long.toString(budgetSeconds)));
    if (o.udpPort() != null) {
      serverArgs.addAll(List.of("--udp-port", o.udpPort().toString()));
    }
    ObjectNode json = WhipServerProcess.JSON.createObjectNode();
    json.put("harness", "WhipLoad");
    json.put("sessions", o.sessions());
    json.put("rate", o.rate());
    json.put("seconds", o.seconds());
    json.put("serverJvm", String.join(" ", o.serverJvm()));
    json.put("warmup", o.warmup());
    json.put("clientLoops", o.clientLoops());
    json.put("loadAverageStart", ProcFigures.loadAverage());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    EventLoopGroup group = new EventLoopGroup("whipload", o.clientLoops(), Clock.system());
    Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).certificates(Certificate.generate()).build();
    try (WhipServerProcess server = WhipServerProcess.start(o.jar(), o.serverJvm(), serverArgs, logs, Duration.ofSeconds(60));
        AudioTicker audio = new AudioTicker(opus)) {
      Thread killer = new Thread(server::close, "whipload-kill-server");
      Runtime.getRuntime().addShutdownHook(killer);
      long pid = server.pid();
      progress("whip-server pid %d at %s, logs in %s", pid, server.endpoint(), logs);
      json.put("threadsFresh", ProcFigures.threads(pid));
      json.put("rssFreshMb", mb(ProcFigures.rssKb(pid) * 1024));

      if (o.warmup() > 0) {
        progress("warm-up: %d sessions", o.warmup());
        List<WhipClientSession> warm = open(o.warmup(), o.rate(), 0, config, http, server, audio, o.connectTimeoutSeconds());
        Thread.sleep(2000);
        end(warm, http);
        awaitNoSession(server, http);
      }
      Thread.sleep(1000);
      HeapHistogram base = HeapHistogram.of(pid);
      PrimitiveArrays baseArrays = o.heapDumps() == null ? null : PrimitiveArrays.of(pid, o.heapDumps().resolve("whipload-0.hprof"));
      json.put("threadsStart", ProcFigures.threads(pid));
      json.put("fdsStart", ProcFigures.openFdsOfTheStack(pid));
      progress("server threads with no session: %s", ProcFigures.threadNames(pid));
      json.put("rssStartMb", mb(ProcFigures.rssKb(pid) * 1024));
      json.put("heapBaselineMb", mb(base.totalBytes()));
      progress("baseline: live heap %.1f MB, %d threads", base.totalBytes() / 1e6, ProcFigures.threads(pid));

      progress("opening %d sessions at %.0f/s", o.sessions(), o.rate());
      List<WhipClientSession> sessions = open(o.sessions(), o.rate(), o.warmup(), config, http, server, audio, o.connectTimeoutSeconds());
      long connected = sessions.stream().filter(WhipClientSession::connected).count();
      json.put("connected", connected);
      sessions.stream().filter(s -> !s.connected()).map(WhipClientSession::failure).distinct().limit(5)
          .forEach(f -> progress("not connected: %s", f));

      Thread.sleep(2000); // the last sessions' first seconds out of the window
      progress("steady state: %d s with %d sessions", o.seconds(), connected);
      long cpu0 = ProcFigures.cpuNanos(pid);
      long self0 = ProcFigures.cpuNanos(ProcessHandle.current().pid());
      long skipped0 = audio.framesSkipped();
      long given0 = audio.framesGiven();
      long t0 = System.nanoTime();
      Thread.sleep(o.seconds() * 1000L);
      long wall = System.nanoTime() - t0;
      double serverCpu = 100.0 * (ProcFigures.cpuNanos(pid) - cpu0) / wall;
      json.put("serverCpuPercent", round(serverCpu, 1));
      json.put("serverCpuPercentPer100Sessions", connected == 0 ? null : round(serverCpu * 100 / connected, 2));
      json.put("clientCpuPercent", round(100.0 * (ProcFigures.cpuNanos(ProcessHandle.current().pid()) - self0) / wall, 1));
      // Below 100: the client could not offer 50 packets/s on every session (its loops were behind).
      long given = audio.framesGiven() - given0;
      long skipped = audio.framesSkipped() - skipped0;
      json.put("clientOfferedPercent", given + skipped == 0 ? null : round(100.0 * given / (given + skipped), 1));
      json.put("threadsAtN", ProcFigures.threads(pid));
      json.put("fdsAtN", ProcFigures.openFdsOfTheStack(pid));
      progress("server threads at N: %s", ProcFigures.threadNames(pid));
      json.put("rssAtNMb", mb(ProcFigures.rssKb(pid) * 1024));
      HeapHistogram atN = HeapHistogram.of(pid);
      PrimitiveArrays arraysAtN = baseArrays == null ? null : PrimitiveArrays.of(pid, o.heapDumps().resolve("whipload-n.hprof"));
      json.put("heapAtNMb", mb(atN.totalBytes()));
      json.put("heapPerSessionKb", connected == 0 ? null : round((atN.totalBytes() - base.totalBytes()) / 1024.0 / connected, 1));

      audio.close();
      Thread.sleep(1000);
      countPackets(sessions, server.stats(http), json);
      json.put("loadAverageEnd", ProcFigures.loadAverage());
      end(sessions, http);
      System.err.printf(Locale.ROOT, "%nlive heap at %d sessions minus at none, top %d classes (jcmd GC.class_histogram):%n%s",
          connected, o.top(), HeapHistogram.table(atN.minus(base), o.top(), (int) connected));
      System.err.printf(Locale.ROOT, "%nlive heap at %d sessions, top %d classes:%n%s", connected, o.top(),
          HeapHistogram.table(atN.top(o.top()), o.top(), 0));
      if (arraysAtN != null) {
        System.err.printf(Locale.ROOT, "%nprimitive arrays at %d sessions minus at none, by type and length (heap dumps):%n%s", connected,
            PrimitiveArrays.table(arraysAtN.minus(baseArrays), o.top(), (int) Math.max(1, connected)));
      }
      Runtime.getRuntime().removeShutdownHook(killer);
    } finally {
      group.shutdownGracefully().get(10, TimeUnit.SECONDS);
    }
    return WhipServerProcess.JSON.writeValueAsString(json);
  }

  /**
   * Starts {@code n} sessions at {@code rate} per second, each handed to {@code audio} once
   * connected, and waits (bounded) until each is connected or has failed.
   */
  private static List<WhipClientSession> open(int n, double rate, int firstIndex, Configuration config, HttpClient http,
      WhipServerProcess server, AudioTicker audio, int timeoutSeconds) throws InterruptedException {
    List<WhipClientSession> sessions = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      if (!server.isAlive()) {
        throw new IllegalStateException("whip-server died; see " + server.stderr());
      }
      sessions.add(WhipClientSession.start(firstIndex + i, config, http, server.endpoint(), Duration.ofSeconds(timeoutSeconds),
          s -> audio.add(s.loop(), s.sender())));
    }
    CompletableFuture<?>[] all = sessions.stream().map(s -> s.done().exceptionally(e -> null)).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(all).get(timeoutSeconds + 10L, TimeUnit.SECONDS);
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      progress("some sessions neither connected nor failed in time");
    }
    progress("%d of %d connected", sessions.stream().filter(WhipClientSession::connected).count(), n);
    return sessions;
  }

  /** Sent by the clients, received by the server (matched by tag), loss. */
  private static void countPackets(List<WhipClientSession> sessions, JsonNode stats, ObjectNode json) throws Exception {
    Map<String, JsonNode> byTag = new HashMap<>();
    for (JsonNode s : stats.get("sessions")) {
      byTag.put(s.get("session").asText(), s);
    }
    long sent = 0;
    long received = 0;
    long gaps = 0;
    List<Double> serverConnect = new ArrayList<>();
    List<Double> clientConnect = new ArrayList<>();
    List<Double> answer = new ArrayList<>();
    List<WhipClientSession> connected = sessions.stream().filter(WhipClientSession::connected).toList();
    List<CompletableFuture<Long>> sentBy = connected.stream().map(WhipClientSession::packetsSent).toList();
    try {
      CompletableFuture.allOf(sentBy.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      progress("the clients' stats did not all come within 30 s; the client's loops are doing this:");
      Thread.getAllStackTraces().forEach((t, stack) -> {
        if (t.getName().startsWith("whipload") || t.getName().startsWith("rtc4j")) {
          System.err.println("  " + t.getName() + " " + t.getState());
          for (int i = 0; i < Math.min(25, stack.length); i++) {
            System.err.println("      at " + stack[i]);
          }
        }
      });
    }
    int missing = 0;
    for (int i = 0; i < connected.size(); i++) {
      WhipClientSession c = connected.get(i);
      clientConnect.add(c.connectMillis());
      answer.add(c.answerMillis());
      CompletableFuture<Long> n = sentBy.get(i);
      JsonNode s = byTag.get(c.tag());
      if (s != null && s.hasNonNull("connectMs")) {
        serverConnect.add(s.get("connectMs").asDouble());
      }
      if (!n.isDone() || n.isCompletedExceptionally() || s == null) {
        missing++; // neither side's count is added, so the loss stays a like-for-like comparison
        continue;
      }
      sent += n.join();
      for (JsonNode t : s.get("tracks")) {
        if (t.get("direction").asText().equals("recv")) {
          received += t.get("packets").asLong();
          gaps += t.get("lost").asLong();
        }
      }
    }
    putQuantiles(json, "clientConnectMs", Quantiles.of(clientConnect));
    putQuantiles(json, "serverConnectMs", Quantiles.of(serverConnect));
    putQuantiles(json, "answerMs", Quantiles.of(answer));
    json.put("sessionsUncounted", missing);
    json.put("packetsSent", sent);
    json.put("packetsReceived", received);
    json.put("lossPercent", sent == 0 ? null : round(100.0 * (sent - received) / sent, 3));
    json.put("serverPacketsLost", gaps); // inbound-rtp packetsLost: sequence gaps the server saw (RFC 3550 §6.4.1)
  }

  /** DELETE every session (8 at a time, so as not to flood the server's HTTP queue), then close them. */
  private static void end(List<WhipClientSession> sessions, HttpClient http) throws Exception {
    ExecutorService deleters = Executors.newFixedThreadPool(8);
    for (WhipClientSession s : sessions) {
      deleters.execute(() -> s.delete(http));
    }
    deleters.shutdown();
    if (!deleters.awaitTermination(120, TimeUnit.SECONDS)) {
      deleters.shutdownNow();
      progress("DELETEs still running after 120 s");
    }
    CompletableFuture<?>[] closes = sessions.stream().map(WhipClientSession::close).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(closes).get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      progress("client connections still closing after 60 s");
    }
  }

  private static void awaitNoSession(WhipServerProcess server, HttpClient http) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.stats(http).get("open").asInt() > 0) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the server still has open sessions 30 s after the warm-up's DELETEs");
      }
      Thread.sleep(100);
    }
  }

  private static void putQuantiles(ObjectNode json, String name, Quantiles q) {
    ObjectNode o = json.putObject(name);
    o.put("n", q.count());
    if (q.count() == 0) {
      o.putNull("median");
      o.putNull("p95");
      o.putNull("max");
      return;
    }
    o.put("median", round(q.median(), 2));
    o.put("p95", round(q.p95(), 2));
    o.put("max", round(q.max(), 2));
  }

  private static double mb(long bytes) {
    return round(bytes / 1e6, 1);
  }

  private static double round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  static void progress(String format, Object... args) {
    System.err.printf(Locale.ROOT, "[whipload] " + format + "%n", args);
  }
}
