package org.rtc4j.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code rtc4j whip-server}: a WHIP endpoint (RFC 9725) that records every track it receives. */
@Command(name = "whip-server", mixinStandardHelpOptions = true,
        description = {"A WHIP endpoint (RFC 9725): POST /whip with an SDP offer (application/sdp) returns 201 Created, "
                + "a Location and the answer; DELETE on the Location ends the session. Every received track is recorded "
                + "to DIR/<session>-video.ivf|.h264 and DIR/<session>-audio.ogg.",
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

    @Option(names = "--record", required = true, paramLabel = "DIR", description = "Directory for the recordings.")
    Path record;

    @Override
    public Integer call() {
        try (Run run = new Run("whip-server", null)) {
            return MediaServer.serve(run, server, port, token, "/whip", (id, offer) -> {
                String tag = id.substring(0, 8);
                Progress progress = run.progress.withPrefix("[" + tag + "]");
                RtcSession session = new RtcSession(RtcSession.configuration(common), progress, run.report, run.scheduler,
                        record, tag + "-");
                session.label(tag);
                MediaServer.applyOffer(session, offer);
                String answer = session.withCandidates(MediaServer.requireMedia(session, session.answerAfterRemote()));
                progress.step("session created");
                return new MediaServer.PeerSession(session, answer, () -> progress.step("session ended"));
            });
        }
    }
}
