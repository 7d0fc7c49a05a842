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
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;

/**
 * Time from Chromium's {@code createOffer()} to both sides connected, Chromium offering (one
 * audio section) and rtc4j answering over 127.0.0.1, SDP and trickled candidates over HTTP.
 * Each run is a fresh pair of connections. Chromium reports its own connected time and when it
 * posted the offer; rtc4j's connected time is added to the latter (HTTP on loopback costs well
 * under a millisecond), and the later of the two counts.
 *
 * <p>Runs only where nothing but loopback is up (Chromium gathers on every interface and sends
 * mDNS): inside a loopback-only network namespace.
 *
 * <pre>
 * ip netns add rtc4j-bench; ip netns exec rtc4j-bench ip link set lo up
 * ip netns exec rtc4j-bench java -cp bench/target/benchmarks.jar org.rtc4j.bench.peer.ChromiumConnectTime 50 20
 * ip netns del rtc4j-bench
 * </pre>
 */
public final class ChromiumConnectTime {
  private ChromiumConnectTime() {}

  private static final String PAGE = """
      <!doctype html><html><body><script>
      const params = new URLSearchParams(location.search);
      const total = Number(params.get('n'));
      async function post(path, body) { return (await fetch(path, {method: 'POST', body})).text(); }
      async function once(i) {
        const pc = new RTCPeerConnection();
        pc.addTransceiver('audio', {direction: 'sendrecv'});
        let seen = 0, done = false;
        pc.onicecandidate = e => post('/candidate?i=' + i,
            e.candidate ? JSON.stringify(e.candidate.toJSON()) : '{"candidate":""}');
        const connected = new Promise(r => pc.onconnectionstatechange = () => {
          if (pc.connectionState === 'connected') r();
        });
        const t0 = performance.now();
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
        await post('/connected?i=' + i, String(t1 - t0));
        pc.close();
      }
      (async () => {
        try {
          // media permission: Chromium then signals plain host addresses, not mDNS names
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
    double chromePostMs;
    final CompletableFuture<Long> rtcConnected = new CompletableFuture<>();
    final CompletableFuture<Long> rtcIceConnected = new CompletableFuture<>();
    final CompletableFuture<Double> chromeConnectedMs = new CompletableFuture<>();
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && !ni.isLoopback()) {
        System.err.println("refusing to start Chromium: interface " + ni.getName()
            + " is up; run inside a loopback-only network namespace (see the class comment)");
        System.exit(2);
      }
    }
    Map<Integer, Session> sessions = new ConcurrentHashMap<>();
    CompletableFuture<String> done = new CompletableFuture<>();
    Pattern cand = Pattern.compile("\"candidate\":\"([^\"]*)\"");
    Pattern mid = Pattern.compile("\"sdpMid\":\"([^\"]*)\"");
    try (EventLoopGroup group = new EventLoopGroup("bench-chromium", 1, Clock.system())) {
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
              s.chromePostMs = Double.parseDouble(query.replaceAll(".*t=", ""));
              PeerConnection pc = PeerConnection.create(config);
              s.pc = pc;
              pc.onIceCandidate(c -> s.ours.add(c == null ? "{\"candidate\":\"\",\"sdpMid\":\"0\"}"
                  : "{\"candidate\":\"" + c.candidate() + "\",\"sdpMid\":\"" + c.sdpMid() + "\"}"));
              pc.onIceConnectionStateChange(st -> {
                if (st == org.rtc4j.peer.IceConnectionState.CONNECTED) {
                  s.rtcIceConnected.complete(System.nanoTime());
                }
              });
              pc.onConnectionStateChange(st -> {
                if (st == PeerConnectionState.CONNECTED) {
                  s.rtcConnected.complete(System.nanoTime());
                }
              });
              pc.setRemoteDescription(Description.offer(body)).get(5, TimeUnit.SECONDS);
              List<IceCandidate> flush;
              synchronized (s) {
                s.ready = true;
                flush = new ArrayList<>(s.queued);
              }
              flush.forEach(pc::addIceCandidate);
              pc.setLocalDescription().get(5, TimeUnit.SECONDS);
              reply(ex, "text/plain", pc.localDescription().sdp()); // with the candidates gathered so far
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
              Session s = sessions.get(i);
              s.chromeConnectedMs.complete(Double.parseDouble(body));
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
      Path profile = Files.createTempDirectory("rtc4j-chromium-bench");
      int total = runs + warmup;
      Process chromium = new ProcessBuilder("/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
          "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
          "--allow-loopback-in-peer-connection", "--disable-background-networking", "--no-first-run",
          "--disable-component-update", "--disable-sync", "--disable-quic",
          "--disable-features=WebRtcHideLocalIpsWithMdns", "--user-data-dir=" + profile,
          "http://127.0.0.1:" + http.getAddress().getPort() + "/page.html?n=" + total)
          .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
      try {
        String result = done.get(10L * total + 30, TimeUnit.SECONDS);
        if (!result.isEmpty()) {
          throw new IllegalStateException("the page " + result);
        }
      } finally {
        chromium.descendants().forEach(ProcessHandle::destroy);
        chromium.destroy();
        chromium.waitFor(5, TimeUnit.SECONDS);
        http.stop(0);
        try (Stream<Path> s = Files.walk(profile)) {
          s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      double[] both = new double[runs];
      double[] chrome = new double[runs];
      double[] rtc = new double[runs];
      double[] ice = new double[runs];
      for (int i = 0; i < runs; i++) {
        Session s = sessions.get(warmup + i);
        chrome[i] = s.chromeConnectedMs.get(1, TimeUnit.SECONDS);
        rtc[i] = s.chromePostMs + (s.rtcConnected.get(1, TimeUnit.SECONDS) - s.offerReceived) / 1e6;
        both[i] = Math.max(chrome[i], rtc[i]);
        ice[i] = s.chromePostMs + (s.rtcIceConnected.get(1, TimeUnit.SECONDS) - s.offerReceived) / 1e6;
      }
      for (Session s : sessions.values()) {
        if (s.pc != null) {
          s.pc.closeAsync().get(5, TimeUnit.SECONDS);
        }
      }
      System.out.printf(Locale.ROOT, "Chromium offers, rtc4j answers, 127.0.0.1: %d runs after %d warm-up (ms)%n", runs,
          warmup);
      print("offer posted", runs(sessions, warmup, runs));
      print("rtc4j ICE connected", ice);
      print("Chromium connected", chrome);
      print("rtc4j connected", rtc);
      print("both connected", both);
    }
  }

  private static double[] runs(Map<Integer, Session> sessions, int warmup, int runs) {
    double[] v = new double[runs];
    for (int i = 0; i < runs; i++) {
      v[i] = sessions.get(warmup + i).chromePostMs;
    }
    return v;
  }

  private static void print(String name, double[] v) {
    double[] s = v.clone();
    java.util.Arrays.sort(s);
    double median = s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    System.out.printf(Locale.ROOT, "%-20s p10 %7.2f  median %7.2f  p90 %7.2f%n", name, s[s.length / 10], median,
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
