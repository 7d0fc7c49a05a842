package org.rtc4j.examples;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.rtc4j.peer.MediaKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code rtc4j whep URL}: plays (and records) a stream from any WHEP endpoint. */
@Command(name = "whep", mixinStandardHelpOptions = true,
        description = {"Receives video and audio from a WHEP endpoint and records them (IVF / Ogg / Annex B).",
            "It sends no media, so it has no target bitrate: its live line shows the packets lost; the sender's "
                + "estimate of the path is on the server (rtc4j whep-server shows it on its live line)."})
public final class WhepCommand implements Callable<Integer> {

    @Mixin
    Common common;

    @Parameters(paramLabel = "URL", description = "The WHEP endpoint, e.g. http://127.0.0.1:8081/whep")
    String url;

    @Option(names = "--record", paramLabel = "DIR", description = "Record to DIR/video.ivf and DIR/audio.ogg.")
    Path record;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to receive once connected (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--token", description = "Send Authorization: Bearer TOKEN.")
    String token;

    @Override
    public Integer call() {
        var endpoint = HttpSignal.parse(url);
        HttpSignal http = HttpSignal.whep(token);
        try (Run run = new Run("whep", null);
                RtcSession session = new RtcSession(RtcSession.configuration(common), run.progress, run.report,
                        run.scheduler, record, "")) {
            session.receive(MediaKind.VIDEO);
            session.receive(MediaKind.AUDIO);
            http.exchange(run, session, endpoint, "receiving", seconds, () -> { });
            boolean ok = run.report.connectionMs() != null && !run.report.tracks().isEmpty()
                    && run.report.tracks().stream().allMatch(t -> t.frames() > 0);
            if (!run.report.errors().isEmpty()) {
                System.err.println("rtc4j whep: " + run.report.errors().get(0) + ".");
            } else if (!ok) {
                System.err.println("rtc4j whep: no media arrived from " + endpoint + ".");
            }
            return run.finish(ok);
        }
    }
}
