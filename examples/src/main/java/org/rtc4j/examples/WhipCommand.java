package org.rtc4j.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rtc4j.peer.Direction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc4j whip URL}: publishes video and audio to any WHIP endpoint. */
@Command(name = "whip", mixinStandardHelpOptions = true,
        description = {"Publishes video and audio (the bundled clips unless told otherwise) to a WHIP endpoint (RFC 9725).",
            "Files cannot be re-encoded: the live line shows the target bitrate rtc4j's congestion control sets for each sender, and the file keeps its own bitrate."})
public final class WhipCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Parameters(paramLabel = "URL", description = "The WHIP endpoint, e.g. http://127.0.0.1:8080/whip")
    String url;

    @Option(names = "--video", paramLabel = "F", description = "Video to send: IVF (VP8) or H.264 Annex B (default: bundled VP8).")
    Path video;

    @Option(names = "--audio", paramLabel = "F", description = "Audio to send: Ogg Opus (default: bundled).")
    Path audio;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to publish once connected (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--token", description = "Send Authorization: Bearer TOKEN.")
    String token;

    @Override
    public Integer call() {
        var endpoint = HttpSignal.parse(url);
        MediaClip v = MediaClip.load(video, MediaClip.BUNDLED_VIDEO, false);
        MediaClip a = MediaClip.load(audio, MediaClip.BUNDLED_AUDIO, true);
        HttpSignal http = HttpSignal.whip(token);
        try (Run run = new Run("whip", null);
                RtcSession session = new RtcSession(RtcSession.configuration(common), run.progress, run.report,
                        run.scheduler, null, null)) {
            session.send(v, true, Direction.SENDONLY);
            session.send(a, true, Direction.SENDONLY);
            http.exchange(run, session, endpoint, "publishing", seconds, session::startSending);
            boolean ok = run.report.connectionMs() != null && run.report.tracks().stream().allMatch(t -> t.frames() > 0);
            if (!run.report.errors().isEmpty()) {
                System.err.println("rtc4j whip: " + run.report.errors().get(0) + ".");
            }
            return run.finish(ok);
        }
    }
}
