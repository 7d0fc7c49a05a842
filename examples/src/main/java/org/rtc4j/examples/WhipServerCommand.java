package org.rtc4j.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rtc4j.peer.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rtc4j whip-server}: a WHIP endpoint (RFC 9725) that counts, and with {@code --record}
 * records, every track it receives. Its sessions share one DTLS certificate.
 */
@Command(name = "whip-server", mixinStandardHelpOptions = true,
        description = {"A WHIP endpoint (RFC 9725): POST /whip with an SDP offer (application/sdp) returns 201 Created, "
                + "a Location and the answer; DELETE on the Location ends the session. Every received track is counted "
                + "(frames, packets, bytes: live lines, GET /stats, the JSON summary) and, with --record, recorded "
                + "to DIR/<session>-video.ivf|.h264 and DIR/<session>-audio.ogg.",
            "All sessions share one DTLS certificate, made at startup: a certificate per session would cost a key "
                + "generation and its own key objects for every POST.",
            "GET /stats (with the token, if one is set): per open session its connectMs (offer read to connected) "
                + "and its tracks' counts.",
            "Example: ffmpeg -re -i in.webm -c:v libvpx -c:a libopus -f whip http://127.0.0.1:8080/whip"})
public final class WhipServerCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Mixin
    ServerOptions server;

    @Option(names = "--token", description = "Require Authorization: Bearer TOKEN (RFC 9725 §4.5).")
    String token;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (0 picks one; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--record", paramLabel = "DIR",
            description = "Record every received track to DIR (default: count only, write nothing).")
    Path record;

    @Override
    public Integer call() {
        try (SharedUdpPort udp = SharedUdpPort.bindOrNull(common, server.udpPort); Run run = new Run("whip-server", null)) {
            Configuration config = MediaServer.sharedConfiguration(common, udp, server.iceLite);
            if (udp != null) {
                run.progress.step("every session on UDP port %d", udp.port());
            }
            return MediaServer.serve(run, server, port, token, "/whip",
                    (tag, progress) -> new RtcSession(config, progress, run.report, run.scheduler, record, tag + "-"));
        }
    }
}
