package org.rtc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser demo in headless Chromium: the page connects to the rtc4j peer, decodes rtc4j's test
 * video, and decodes its own (fake) camera echoed back through rtc4j. The test drives Chromium over
 * the DevTools protocol, checks {@code framesDecoded > 0} both ways and saves a screenshot to
 * {@code examples/target/demo-screenshot.png}.
 *
 * <p>Chromium gathers candidates on every interface and sends mDNS multicast, so it runs only in a
 * network namespace whose only interface is loopback ({@code ./run-tests} as root makes one).
 */
@Timeout(240)
class DemoIT {

    @TempDir
    Path profile;

    static boolean onlyLoopbackIsUp() throws Exception {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nif.isUp() && !nif.isLoopback()) {
                return false;
            }
        }
        return true;
    }

    static String chromium() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    @Test
    void browserDecodesRtc4jVideoAndItsOwnCameraEchoedBack() throws Exception {
        assumeTrue(onlyLoopbackIsUp(), "Chromium interop runs only where loopback is the only interface up: "
                + "run ./run-tests as root (it makes a loopback-only network namespace)");
        assumeTrue(chromium() != null, "chromium is not installed (apt-get install chromium)");

        try (Cli demo = Cli.start("demo", "--port", "0", "--seconds", "200");
                Browser browser = Browser.open(profile, MediaIT.url(demo, "/"))) {
            Cdp cdp = browser.cdp;
            JsonNode stats = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                stats = cdp.evaluate("JSON.stringify(window.rtc4jDemo || {})");
                if (stats.path("testFramesDecoded").asLong() > 30 && stats.path("echoFramesDecoded").asLong() > 30) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals("sent", cdp.evaluateAsync("Promise.resolve((rtc4jChat.send('hello rtc4j'), 'sent'))"),
                    "a chat line on the data channel");
            Thread.sleep(5000); // a few chart points for the screenshot
            stats = cdp.evaluate("JSON.stringify(window.rtc4jDemo || {})");
            Path shot = Path.of("target", "demo-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, cdp.screenshot());
            assertTrue(stats != null && stats.path("testFramesDecoded").asLong() > 0,
                    "the browser decodes rtc4j's test video: " + stats + "\n" + demo.stdout());
            assertTrue(stats.path("echoFramesDecoded").asLong() > 0,
                    "the browser decodes its camera echoed by rtc4j: " + stats + "\n" + demo.stdout());
            assertTrue(stats.path("audioPacketsReceived").asLong() > 0, "audio arrives: " + stats);
            assertEquals("connected", stats.path("state").asText());
            assertEquals("open", stats.path("dataChannel").asText(), stats.toString());
            assertTrue(stats.path("chatEchoes").asLong() >= 1, "rtc4j echoed the chat line: " + stats);
            assertTrue(stats.path("dataChannelRttMs").asDouble() > 0, "the data channel's round trip: " + stats);
            assertTrue(demo.stdout().contains("chat: hello rtc4j"), demo.stdout());
            assertTrue(Files.size(shot) > 10_000, "a real screenshot");
        }
    }

    /**
     * Chromium as a WHIP client (RFC 9725) of {@code whip-server}, from a page of another origin:
     * the CORS preflight, the Bearer token, the 201 with Location, media recorded, DELETE.
     */
    @Test
    void chromiumPublishesToTheWhipServerFromAnotherOrigin() throws Exception {
        assumeTrue(onlyLoopbackIsUp(), "Chromium interop runs only where loopback is the only interface up: "
                + "run ./run-tests as root (it makes a loopback-only network namespace)");
        assumeTrue(chromium() != null, "chromium is not installed (apt-get install chromium)");
        Path rec = profile.resolve("whip");
        try (Cli demo = Cli.start("demo", "--port", "0", "--seconds", "200");
                Cli whip = Cli.start("whip-server", "--port", "0", "--record", rec.toString(), "--token", "tok");
                Browser browser = Browser.open(profile.resolve("chromium"), MediaIT.url(demo, "/"))) {
            String endpoint = MediaIT.url(whip, "/whip");
            String script = "(async () => {"
                    + " const pc = new RTCPeerConnection();"
                    + " const media = await navigator.mediaDevices.getUserMedia({video: {width: 320, height: 240}, audio: true});"
                    + " media.getTracks().forEach(t => pc.addTransceiver(t, {direction: 'sendonly'}));"
                    + " await pc.setLocalDescription(await pc.createOffer());"
                    + " await new Promise(r => { pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && r();"
                    + "   if (pc.iceGatheringState === 'complete') r(); setTimeout(r, 3000); });"
                    + " const res = await fetch('" + endpoint + "', {method: 'POST', headers: {'Content-Type': 'application/sdp',"
                    + "   'Authorization': 'Bearer tok'}, body: pc.localDescription.sdp});"
                    + " if (res.status !== 201) return 'HTTP ' + res.status + ' ' + await res.text();"
                    + " window.whipSession = new URL(res.headers.get('Location'), '" + endpoint + "').href;"
                    + " await pc.setRemoteDescription({type: 'answer', sdp: await res.text()});"
                    + " window.whipPc = pc; return 'posted';"
                    + "})()";
            assertEquals("posted", browser.cdp.evaluateAsync(script));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String state = "";
            while (System.nanoTime() < deadline && !state.equals("connected")) {
                state = browser.cdp.evaluateAsync("Promise.resolve(window.whipPc.connectionState)");
                Thread.sleep(250);
            }
            assertEquals("connected", state, whip.stdout());
            Thread.sleep(4000); // four seconds of media
            assertEquals("200", browser.cdp.evaluateAsync(
                    "fetch(window.whipSession, {method: 'DELETE', headers: {'Authorization': 'Bearer tok'}}).then(r => '' + r.status)"));
            whip.await(l -> l.contains("session ended"), 30);
        }
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> s = Files.list(rec)) {
            files = s.sorted().collect(java.util.stream.Collectors.toList());
        }
        assertEquals(2, files.size(), "a video and an audio recording: " + files);
        for (Path f : files) {
            MediaClip clip = MediaClip.load(f);
            assertTrue(clip.frames().size() > 30, f + " holds " + clip.frames().size() + " frames");
            if (!clip.isAudio()) {
                assertTrue(clip.frames().get(0).keyframe(), "the recording starts with a keyframe");
            }
        }
    }

    /** Headless Chromium showing {@code url}, driven over the DevTools protocol. */
    static final class Browser implements AutoCloseable {
        final Process process;
        final Cdp cdp;

        private Browser(Process process, Cdp cdp) {
            this.process = process;
            this.cdp = cdp;
        }

        static Browser open(Path profile, String url) throws Exception {
            Process p = new ProcessBuilder(chromium(), "--headless=new", "--no-sandbox", "--disable-gpu",
                    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
                    "--autoplay-policy=no-user-gesture-required", "--no-first-run", "--disable-extensions",
                    "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns", "--disable-quic",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--user-data-dir=" + profile, "--window-size=1000,800", url)
                    .redirectErrorStream(true).start();
            try {
                Browser b = new Browser(p, Cdp.connect(pageTarget(devtoolsPort(p))));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                String state = "";
                while (!state.equals("complete " + url) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                    state = b.cdp.evaluateAsync("Promise.resolve(document.readyState + ' ' + location.href)");
                }
                assertEquals("complete " + url, state, "the page loaded");
                return b;
            } catch (Exception | AssertionError e) {
                p.destroyForcibly();
                throw e;
            }
        }

        @Override
        public void close() {
            cdp.close();
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String devtoolsPort(Process browser) throws Exception {
        CompletableFuture<String> port = new CompletableFuture<>();
        StringBuilder log = new StringBuilder();
        Thread t = new Thread(() -> {
            Pattern p = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
            try (BufferedReader r = new BufferedReader(new InputStreamReader(browser.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (log) {
                        log.append(line).append('\n');
                    }
                    Matcher m = p.matcher(line);
                    if (m.find()) {
                        port.complete(m.group(1));
                    }
                }
            } catch (java.io.IOException e) {
                // browser gone
            }
            port.completeExceptionally(new AssertionError("chromium exited: " + log));
        });
        t.setDaemon(true);
        t.start();
        return port.get(60, TimeUnit.SECONDS);
    }

    private static URI pageTarget(String port) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : Report.JSON.readTree(body)) {
                if (target.path("type").asText().equals("page") && target.has("webSocketDebuggerUrl")) {
                    return URI.create(target.get("webSocketDebuggerUrl").asText());
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no page target in chromium");
    }

    /** A minimal Chrome DevTools Protocol client: Runtime.evaluate and Page.captureScreenshot. */
    static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private final List<CompletableFuture<?>> sends = new ArrayList<>();
        private WebSocket ws;

        static Cdp connect(URI uri) throws Exception {
            Cdp cdp = new Cdp();
            cdp.ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, cdp).get(20, TimeUnit.SECONDS);
            return cdp;
        }

        JsonNode call(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            ObjectNode msg = Report.JSON.createObjectNode().put("id", id).put("method", method);
            msg.set("params", params);
            CompletableFuture<JsonNode> f = new CompletableFuture<>();
            pending.put(id, f);
            synchronized (this) {
                sends.add(ws.sendText(msg.toString(), true));
            }
            JsonNode res = f.get(30, TimeUnit.SECONDS);
            if (res.has("error")) {
                throw new AssertionError(method + ": " + res.get("error"));
            }
            return res.get("result");
        }

        JsonNode evaluate(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", Report.JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
            return Report.JSON.readTree(r.path("result").path("value").asText("{}"));
        }

        /** Evaluates {@code expression}, awaiting it if it is a promise, and returns its value as text. */
        String evaluateAsync(String expression) throws Exception {
            JsonNode r = call("Runtime.evaluate", Report.JSON.createObjectNode().put("expression", expression)
                    .put("returnByValue", true).put("awaitPromise", true));
            if (r.has("exceptionDetails")) {
                throw new AssertionError("the page threw: " + r.get("exceptionDetails"));
            }
            return r.path("result").path("value").asText();
        }

        byte[] screenshot() throws Exception {
            JsonNode r = call("Page.captureScreenshot", Report.JSON.createObjectNode().put("format", "png"));
            return Base64.getDecoder().decode(r.get("data").asText());
        }

        @Override
        public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode m = Report.JSON.readTree(partial.toString());
                    CompletableFuture<JsonNode> f = m.has("id") ? pending.remove(m.get("id").asInt()) : null;
                    if (f != null) {
                        f.complete(m);
                    }
                } catch (java.io.IOException e) {
                    // not for us
                }
                partial.setLength(0);
            }
            w.request(1);
            return null;
        }

        @Override
        public void close() {
            ws.abort();
        }
    }
}
