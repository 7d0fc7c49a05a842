package org.rtc4j.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rtc4j.peer.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rtc4j whep-server}: a WHEP endpoint streaming clips in a loop at their real pace. */
@Command(name = "whep-server", mixinStandardHelpOptions = true,
        description = {"A WHEP endpoint: POST /whep with a recvonly SDP offer returns 201 Created, a Location and the "
                + "answer, then streams the video and audio in a loop at their real pace; DELETE ends the session.",
            "Files cannot be re-encoded: the live line shows the target bitrate rtc4j's congestion control sets for each sender, and the file keeps its own bitrate.",
            "All sessions share one DTLS certificate, made at startup. GET /stats: per open session its connectMs and "
                + "its tracks' counts."})
public final class WhepServerCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Mixin
    ServerOptions server;

    @Option(names = "--token", description = "Require Authorization: Bearer TOKEN (RFC 9725 §4.5).")
    String token;

    @Option(names = "--port", defaultValue = "8081", description = "TCP port (0 picks one; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--video", paramLabel = "F.ivf", description = "Video to stream (default: the bundled VP8 clip).")
    Path video;

    @Option(names = "--audio", paramLabel = "F.ogg", description = "Audio to stream (default: the bundled Opus clip).")
    Path audio;

    @Override
    public Integer call() {
        MediaClip v = MediaClip.load(video, MediaClip.BUNDLED_VIDEO, false);
        MediaClip a = MediaClip.load(audio, MediaClip.BUNDLED_AUDIO, true);
        try (SharedUdpPort udp = SharedUdpPort.bindOrNull(common, server.udpPort); Run run = new Run("whep-server", null)) {
            Configuration config = MediaServer.sharedConfiguration(common, udp, server.iceLite);
            if (udp != null) {
                run.progress.step("every session on UDP port %d", udp.port());
            }
            return MediaServer.serve(run, server, port, token, "/whep", new MediaServer.SessionSetup() {
                @Override
                public RtcSession create(String tag, Progress progress) {
                    return new RtcSession(config, progress, run.report, run.scheduler, null, null);
                }

                @Override
                public void offerApplied(String id, RtcSession session) {
                    session.send(v, true);
                    session.send(a, true);
                }

                @Override
                public void created(String id, RtcSession session, Progress progress) {
                    session.connected().thenRun(session::startSending);
                    progress.step("session created");
                }
            });
        }
    }
}
