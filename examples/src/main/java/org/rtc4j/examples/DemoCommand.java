package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.rtc4j.peer.DataChannel;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.TrackEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rtc4j demo}: a page on 127.0.0.1 whose browser connects to an rtc4j peer. rtc4j sends the
 * test video and audio and echoes the browser's camera back; the page shows both videos and a live
 * chart of bitrate, round-trip time and both sides' bandwidth estimates, and reports its stats back
 * here. Each stats post gets rtc4j's side in return: its estimate of the path towards the browser
 * (W3C {@code availableOutgoingBitrate}, from the browser's transport-wide feedback) and its
 * senders' targets. A data channel carries a chat box rtc4j echoes and a ping a second, whose
 * round trip the chart shows beside ICE's.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Serves a page at http://127.0.0.1:PORT/ where your browser connects to an rtc4j peer: rtc4j sends "
                + "a test pattern and tones and echoes your camera back; the page charts bitrate, round-trip time, and "
                + "the bandwidth both sides estimate (rtc4j's from the browser's feedback, the browser's from rtc4j's).",
            "A data channel carries a chat box that rtc4j echoes, and a ping a second whose round trip is charted.",
            "Files cannot be re-encoded: rtc4j reports the target bitrate its congestion control sets for each sender "
                + "(live line and chart), and the test clip keeps its own bitrate."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Mixin
    ServerOptions server;

    @Option(names = "--port", defaultValue = "8000", description = "TCP port (0 picks one; default ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() throws IOException {
        MediaClip video = MediaClip.load(null, MediaClip.BUNDLED_VIDEO, false);
        MediaClip audio = MediaClip.load(null, MediaClip.BUNDLED_AUDIO, true);
        byte[] page;
        try (InputStream in = DemoCommand.class.getResourceAsStream("demo/index.html")) {
            page = in.readAllBytes();
        }
        try (SharedUdpPort udp = SharedUdpPort.bindOrNull(common, server.udpPort); Run run = new Run("demo", null)) {
            if (udp != null) {
                run.progress.step("every session on UDP port %d", udp.port());
            }
            AtomicReference<JsonNode> browser = new AtomicReference<>();
            Map<String, RtcSession> sessions = new ConcurrentHashMap<>();
            // Weak keys: a session refused before its offer was applied leaves no entry behind.
            Map<RtcSession, AtomicReference<TrackEvent>> cameras = Collections.synchronizedMap(new WeakHashMap<>());
            Set<RtcSession> echoing = ConcurrentHashMap.newKeySet();
            return MediaServer.serve(run, server, port, null, "/demo", new MediaServer.SessionSetup() {
                @Override
                public RtcSession create(String tag, Progress progress) {
                    RtcSession session = new RtcSession(SharedUdpPort.apply(RtcSession.configurationBuilder(common), udp).build(), progress, run.report, run.scheduler,
                            null, null);
                    AtomicReference<TrackEvent> camera = new AtomicReference<>();
                    cameras.put(session, camera);
                    session.peerConnection().onDataChannel(dc -> echoChat(dc, progress));
                    session.onTrack(e -> {
                        if (e.kind() == MediaKind.VIDEO) {
                            camera.compareAndSet(null, e);
                        }
                    });
                    return session;
                }

                @Override
                public void offerApplied(String id, RtcSession session) {
                    session.send(video, true);
                    session.send(audio, true);
                    TrackEvent camera = cameras.remove(session).get();
                    if (camera != null) {
                        session.echo(camera);
                        echoing.add(session);
                    }
                }

                @Override
                public void created(String id, RtcSession session, Progress progress) {
                    session.connected().thenRun(session::startSending);
                    progress.step("browser session created%s", echoing.remove(session) ? "" : " (no camera: nothing to echo)");
                    sessions.put(id, session);
                }

                @Override
                public void ended(String id, RtcSession session, Progress progress) {
                    sessions.remove(id);
                    progress.step("browser session ended");
                }
            }, endpoint -> {
                endpoint.route("/", false, HttpRoutes.page("text/html; charset=utf-8", page));
                endpoint.route("/demo/stats", false, HttpRoutes.jsonSink(stats -> {
                    if (browser.getAndSet(stats) == null) {
                        run.progress.step("browser stats: %s", stats);
                    }
                    run.report.extra().set("browser", stats);
                    String location = stats.path("session").asText("");
                    RtcSession s = sessions.get(location.substring(location.lastIndexOf('/') + 1));
                    return s == null ? null : rtc4jSide(s);
                }));
            });
        }
    }

    /**
     * The page's data channel: pings ("ping N") come back as they are, for the page's round trip;
     * chat lines come back prefixed, so the page can tell rtc4j's echo from its own line.
     */
    static void echoChat(DataChannel dc, Progress progress) {
        progress.step("data channel %s open", dc.label());
        dc.onMessage(m -> {
            if (m.binary()) {
                dc.send(m.data());
                return;
            }
            String text = m.text();
            if (text.startsWith("ping ")) {
                dc.send(text);
            } else {
                progress.step("chat: %s", text.length() > 200 ? text.substring(0, 200) + "..." : text);
                dc.send("echo: " + text);
            }
        });
    }

    /** rtc4j's side of a session for the page's chart (updated each second by the server's stats loop). */
    static JsonNode rtc4jSide(RtcSession s) {
        ObjectNode n = Report.JSON.createObjectNode();
        long available = s.availableOutgoingBitrate();
        if (available >= 0) {
            n.put("availableOutgoingBitrate", available);
        }
        ObjectNode targets = n.putObject("targetBitrate");
        s.targetBitrates().forEach(targets::put);
        return n;
    }
}
