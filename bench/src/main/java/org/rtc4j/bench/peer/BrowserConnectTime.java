package org.rtc4j.bench.peer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.IceConnectionState;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;

/**
 * Time from a browser's {@code createOffer()} to both sides connected, the browser offering (one
 * audio section) and rtc4j answering over 127.0.0.1, SDP and trickled candidates over HTTP. Each
 * run is a fresh pair of connections in one browser page. The browser reports its own ICE
 * connected and connected times and when it posted the offer; rtc4j's times are added to the
 * latter (HTTP on loopback costs well under a millisecond), and the later of the two connected
 * times counts. {@link ChromiumConnectTime} and {@link FirefoxConnectTime} launch the browsers.
 *
 * <p>Runs only where nothing but loopback is up: browsers gather on every interface they see.
 */
final class BrowserConnectTime {
  private BrowserConnectTime() {}

  /** Starts a browser showing {@code url} with its profile in {@code profile}. */
  @FunctionalInterface
  interface Launcher {
    Process launch(String url, Path profile) throws IOException;
  }

  private static final String PAGE = """
      <!doctype html><html><body><script>
      const params = new URLSearchParams(location.search);
      const total = Number(params.get('n'));
      async function post(path, body) { return (await fetch(path, {method: 'POST', body})).text(); }
      async function once(i) {
        const pc = new RTCPeerConnection();
        pc.addTransceiver('audio', {direction: 'sendrecv'});
        let seen = 0, done = false, ice = -1;
        pc.onicecandidate = e => post('/candidate?i=' + i,
            e.candidate ? JSON.stringify(e.candidate.toJSON()) : '{"candidate":""}');
        const connected = new Promise(r => pc.onconnectionstatechange = () => {
          if (pc.connectionState === 'connected') r();
        });
        const t0 = performance.now();
        pc.oniceconnectionstatechange = () => {
          if (pc.iceConnectionState === 'connected' && ice < 0) ice = performance.now() - t0;
        };
        await pc.setLocalDescription(await pc.createOffer());
        const tPost = performance.now();
        const answer = await post('/offer?i=' + i + '&t=' + (tPost - t0), pc.localDescription.sdp);
        await pc.setRemoteDescription({type: 'answer', sdp: answer});
        (async () => {
          while (!done) {
            const list = await (await fetch('/candidates?i=' + i + '&from=' + seen)).json();
            for (const c of list) { seen++; await pc.addIceCandidate(c).catch(() => {}); }
            await new Promise(r => setTimeout(r, 2));
          }
        })();
        await connected;
        const t1 = performance.now();
        done = true;
        await post('/connected?i=' + i, (t1 - t0) + ' ' + ice);
        pc.close();
      }
      (async () => {
        try {
          // media permission: the browser then signals plain host addresses, not mDNS names
          (await navigator.mediaDevices.getUserMedia({audio: true})).getTracks().forEach(t => t.stop());
          for (let i = 0; i < total; i++) await once(i);
          await post('/done', '');
        } catch (e) { await post('/done', 'failed: ' + e); }
      })();
      </script></body></html>
      """;

  /** One connection attempt. */
  private static final class Session {
    PeerConnection pc;
    final List<String> ours = Collections.synchronizedList(new ArrayList<>());
    final List<IceCandidate> queued = new ArrayList<>();
    boolean ready;
    long offerReceived;
    long created;
    long remoteSet;
    long answered;
    double browserPostMs;
    final CompletableFuture<Long> rtcConnected = new CompletableFuture<>();
    final CompletableFuture<Long> rtcIceConnected = new CompletableFuture<>();
    final CompletableFuture<double[]> browserConnectedMs = new CompletableFuture<>();
  }

  /**
   * Runs {@code runs} measured connections after {@code warmup} unmeasured ones and prints
   * milestones. With {@code rtc4jDtlsServer}, the browser's offer reaches rtc4j with {@code
   * a=setup:active} instead of {@code actpass}, so rtc4j answers {@code passive} and the browser is
   * the DTLS client; otherwise rtc4j answers {@code active} and is the client.
   */
  static void run(String browser, Launcher launcher, int runs, int warmup, boolean rtc4jDtlsServer) throws Exception {
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && !ni.isLoopback()) {
        System.err.println("refusing to start " + browser + ": interface " + ni.getName()
            + " is up; run inside a loopback-only network namespace (see the class comment)");
        System.exit(2);
      }
    }
    // The JDK's server writes the response headers and body in two segments; without TCP_NODELAY
    // Nagle holds the body until the browser's delayed ACK, 40 ms later on Linux, and the answer
    // reaches the browser that much late (seen in a packet capture of this harness).
    // -Dsun.net.httpserver.nodelay=false measures it that way.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    CompletableFuture<String> done = new CompletableFuture<>();
    Pattern cand = Pattern.compile("\"candidate\":\"([^\"]*)\"");
    Pattern mid = Pattern.compile("\"sdpMid\":\"([^\"]*)\"");
    try (EventLoopGroup group = new EventLoopGroup("bench-browser", 1, Clock.system())) {
      Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
      HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.setExecutor(Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-http");
        t.setDaemon(true);
        return t;
      }));
      http.createContext("/", ex -> {
        try {
          String path = ex.getRequestURI().getPath();
          String query = ex.getRequestURI().getQuery() == null ? "" : ex.getRequestURI().getQuery();
          String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          int i = query.startsWith("i=") ? Integer.parseInt(query.substring(2).split("&")[0]) : -1;
          switch (path) {
            case "/page.html":
              reply(ex, "text/html", PAGE);
              return;
            case "/offer": {
              Session s = sessions.computeIfAbsent(i, k -> new Session());
              s.offerReceived = System.nanoTime();
              s.browserPostMs = Double.parseDouble(query.replaceAll(".*t=", ""));
              PeerConnection pc = PeerConnection.create(config);
              s.created = System.nanoTime();
              s.pc = pc;
              pc.onIceCandidate(c -> s.ours.add(c == null ? "{\"candidate\":\"\",\"sdpMid\":\"0\"}"
                  : "{\"candidate\":\"" + c.candidate() + "\",\"sdpMid\":\"" + c.sdpMid() + "\"}"));
              pc.onIceConnectionStateChange(st -> {
                if (st == IceConnectionState.CONNECTED) {
                  s.rtcIceConnected.complete(System.nanoTime());
                }
              });
              pc.onConnectionStateChange(st -> {
                if (st == PeerConnectionState.CONNECTED) {
                  s.rtcConnected.complete(System.nanoTime());
                }
              });
              String offer = rtc4jDtlsServer ? body.replace("a=setup:actpass", "a=setup:active") : body;
              pc.setRemoteDescription(Description.offer(offer)).get(5, TimeUnit.SECONDS);
              s.remoteSet = System.nanoTime();
              List<IceCandidate> flush;
              synchronized (s) {
                s.ready = true;
                flush = new ArrayList<>(s.queued);
              }
              flush.forEach(pc::addIceCandidate);
              pc.setLocalDescription().get(5, TimeUnit.SECONDS);
              String answer = pc.localDescription().sdp(); // with the candidates gathered so far
              s.answered = System.nanoTime();
              reply(ex, "text/plain", answer);
              return;
            }
            case "/candidate": {
              Session s = sessions.computeIfAbsent(i, k -> new Session());
              Matcher c = cand.matcher(body);
              Matcher m = mid.matcher(body);
              IceCandidate ic = new IceCandidate(c.find() ? c.group(1) : "", m.find() ? m.group(1) : "0", 0);
              boolean now;
              synchronized (s) {
                now = s.ready;
                if (!now) {
                  s.queued.add(ic);
                }
              }
              if (now) {
                s.pc.addIceCandidate(ic);
              }
              reply(ex, "text/plain", "");
              return;
            }
            case "/candidates": {
              Session s = sessions.computeIfAbsent(i, k -> new Session());
              int from = Integer.parseInt(query.replaceAll(".*from=", ""));
              List<String> out;
              synchronized (s.ours) {
                out = new ArrayList<>(s.ours.subList(Math.min(from, s.ours.size()), s.ours.size()));
              }
              reply(ex, "application/json", "[" + String.join(",", out) + "]");
              return;
            }
            case "/connected": {
              String[] ms = body.trim().split(" ");
              sessions.get(i).browserConnectedMs.complete(
                  new double[] {Double.parseDouble(ms[0]), Double.parseDouble(ms[1])});
              reply(ex, "text/plain", "");
              return;
            }
            case "/done":
              done.complete(body);
              reply(ex, "text/plain", "");
              return;
            default:
              ex.sendResponseHeaders(404, -1);
              ex.close();
          }
        } catch (Exception e) {
          e.printStackTrace();
          ex.sendResponseHeaders(500, -1);
          ex.close();
        }
      });
      http.start();
      Path profile = Files.createTempDirectory("rtc4j-bench-" + browser.toLowerCase(Locale.ROOT));
      int total = runs + warmup;
      Process process = launcher.launch("http://127.0.0.1:" + http.getAddress().getPort() + "/page.html?n=" + total,
          profile);
      try {
        String result = done.get(10L * total + 60, TimeUnit.SECONDS);
        if (!result.isEmpty()) {
          throw new IllegalStateException("the page " + result);
        }
      } finally {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
        }
        http.stop(0);
        try (Stream<Path> s = Files.walk(profile)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      double[] both = new double[runs];
      double[] browserIce = new double[runs];
      double[] browserConnected = new double[runs];
      double[] rtc = new double[runs];
      double[] ice = new double[runs];
      double[] posted = new double[runs];
      double[] created = new double[runs];
      double[] remoteSet = new double[runs];
      double[] answered = new double[runs];
      for (int i = 0; i < runs; i++) {
        Session s = sessions.get(warmup + i);
        double[] b = s.browserConnectedMs.get(1, TimeUnit.SECONDS);
        browserConnected[i] = b[0];
        browserIce[i] = b[1];
        posted[i] = s.browserPostMs;
        created[i] = s.browserPostMs + (s.created - s.offerReceived) / 1e6;
        remoteSet[i] = s.browserPostMs + (s.remoteSet - s.offerReceived) / 1e6;
        answered[i] = s.browserPostMs + (s.answered - s.offerReceived) / 1e6;
        rtc[i] = s.browserPostMs + (s.rtcConnected.get(1, TimeUnit.SECONDS) - s.offerReceived) / 1e6;
        both[i] = Math.max(browserConnected[i], rtc[i]);
        ice[i] = s.browserPostMs + (s.rtcIceConnected.get(1, TimeUnit.SECONDS) - s.offerReceived) / 1e6;
        if (Boolean.getBoolean("rtc4j.bench.perRun")) { // one line per run, to match with a packet capture
          System.out.printf(Locale.ROOT, "run %d: posted %.1f created %.1f applied %.1f answered %.1f rtc4j-ice %.1f "
              + "%s-ice %.1f %s-connected %.1f rtc4j-connected %.1f%n", warmup + i, posted[i], created[i], remoteSet[i],
              answered[i], ice[i], browser, browserIce[i], browser, browserConnected[i], rtc[i]);
        }
      }
      for (Session s : sessions.values()) {
        if (s.pc != null) {
          s.pc.closeAsync().get(5, TimeUnit.SECONDS);
        }
      }
      System.out.printf(Locale.ROOT, "%s offers, rtc4j answers as DTLS %s, 127.0.0.1: %d runs after %d warm-up "
          + "(ms from createOffer)%n", browser, rtc4jDtlsServer ? "server" : "client", runs, warmup);
      print("offer posted", posted);
      print("rtc4j created", created);
      print("rtc4j offer applied", remoteSet);
      print("rtc4j answer sent", answered);
      print("rtc4j ICE connected", ice);
      print(browser + " ICE connected", browserIce);
      print(browser + " connected", browserConnected);
      print("rtc4j connected", rtc);
      print("both connected", both);
    }
  }

  private static void print(String name, double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    System.out.printf(Locale.ROOT, "%-22s p10 %7.2f  median %7.2f  p90 %7.2f%n", name, s[s.length / 10], median,
        s[s.length * 9 / 10]);
  }

  private static void reply(HttpExchange ex, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", type);
    ex.sendResponseHeaders(200, b.length == 0 ? -1 : b.length);
    if (b.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(b);
      }
    }
    ex.close();
  }
}
