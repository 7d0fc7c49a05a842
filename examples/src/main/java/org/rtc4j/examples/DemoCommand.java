package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.TrackEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rtc4j demo}: a page on 127.0.0.1 whose browser connects to an rtc4j peer. rtc4j sends the
 * test video and audio and echoes the browser's camera back; the page shows both videos and a live
 * chart of bitrate and round-trip time, and reports its stats back here.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Serves a page at http://127.0.0.1:PORT/ where your browser connects to an rtc4j peer: rtc4j sends "
                + "a test pattern and tones and echoes your camera back; the page charts bitrate and round-trip time."})
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
        try (Run run = new Run("demo", null)) {
            AtomicReference<JsonNode> browser = new AtomicReference<>();
            return MediaServer.serve(run, server, port, null, "/demo", (id, offer) -> {
                String tag = id.substring(0, 8);
                Progress progress = run.progress.withPrefix("[" + tag + "]");
                RtcSession session = new RtcSession(RtcSession.configuration(common), progress, run.report, run.scheduler,
                        null, null);
                AtomicReference<TrackEvent> camera = new AtomicReference<>();
                session.onTrack(e -> {
                    if (e.kind() == MediaKind.VIDEO) {
                        camera.compareAndSet(null, e);
                    }
                });
                session.label(tag);
                MediaServer.applyOffer(session, offer);
                session.send(video, true);
                session.send(audio, true);
                if (camera.get() != null) {
                    session.echo(camera.get());
                }
                String answer = session.withCandidates(MediaServer.requireMedia(session, session.answerAfterRemote()));
                session.connected().thenRun(session::startSending);
                progress.step("browser session created%s", camera.get() == null ? " (no camera: nothing to echo)" : "");
                return new MediaServer.PeerSession(session, answer, () -> progress.step("browser session ended"));
            }, endpoint -> {
                endpoint.addPage("/", "text/html; charset=utf-8", page);
                endpoint.addJsonSink("/demo/stats", stats -> {
                    if (browser.getAndSet(stats) == null) {
                        run.progress.step("browser stats: %s", stats);
                    }
                    run.report.extra().set("browser", stats);
                });
            });
        }
    }
}
