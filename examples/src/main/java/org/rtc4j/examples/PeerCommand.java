package org.rtc4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.MediaKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rtc4j peer}: a CLI peer that meets another through the {@link SignalServer}, sends video
 * and audio, and records what it receives. The second peer in a room makes the offer; both trickle
 * their candidates.
 */
@Command(name = "peer", mixinStandardHelpOptions = true,
        description = {"A peer that joins a room on the signaling server, sends VP8 video and Opus audio "
                + "(the bundled clips unless told otherwise) and records what it receives.",
            "The second peer to join a room makes the offer.",
            "Files cannot be re-encoded: the live line shows the target bitrate rtc4j's congestion control sets for each sender, and the file keeps its own bitrate."})
public final class PeerCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    Common common;

    @Option(names = "--signal", required = true, paramLabel = "ws://HOST:PORT/ROOM", description = "The signaling server and room.")
    URI signal;

    @Option(names = "--send-video", paramLabel = "F.ivf", description = "Video to send (IVF; default: the bundled VP8 clip).")
    Path sendVideo;

    @Option(names = "--send-audio", paramLabel = "F.ogg", description = "Audio to send (Ogg Opus; default: the bundled clip).")
    Path sendAudio;

    @Option(names = "--no-send", description = "Send nothing, only receive.")
    boolean noSend;

    @Option(names = "--record", paramLabel = "DIR", description = "Record received tracks to DIR (video.ivf, audio.ogg), and a file the other peer sends.")
    Path record;

    @Option(names = "--send-file", paramLabel = "F", description = "Send the file F on a data channel; the other peer saves it under its --record DIR. Both SHA-256s go in the summary.")
    Path sendFile;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to exchange media once connected (default ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--loop", description = "Send the clips in a loop (default: once if they are long enough, else in a loop).")
    boolean loop;

    @Option(names = "--name", description = "Prefix for progress lines.")
    String name;

    @Option(names = "--wait", defaultValue = "30", description = "Seconds to wait for the other peer and the connection (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    private final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> signalClosed = new CompletableFuture<>();

    @Override
    public Integer call() {
        MediaClip video = noSend ? null : MediaClip.load(sendVideo, MediaClip.BUNDLED_VIDEO, false);
        MediaClip audio = noSend ? null : MediaClip.load(sendAudio, MediaClip.BUNDLED_AUDIO, true);
        if (sendFile != null && !Files.isReadable(sendFile)) {
            throw new Failure("cannot read " + sendFile + ".");
        }
        try (Run run = new Run("peer", name)) {
            Progress progress = run.progress;
            progress.step("connecting to %s", signal);
            try (SignalClient sig = SignalClient.connect(signal, inbox::add, signalClosed::complete)) {
                JsonNode joined = next(waitSeconds, "joined");
                int peers = joined.path("peers").asInt();
                boolean offerer = peers == 2;
                progress.step("joined room %s as peer %d of 2", joined.path("room").asText(), peers);
                if (!offerer) {
                    next(waitSeconds, "peer-joined");
                    progress.step("the other peer joined");
                }
                boolean sendLoop = loop || (video != null && video.durationTicks() / 90_000.0 < seconds);
                RtcSession session = new RtcSession(RtcSession.configuration(common), progress, run.report,
                        run.scheduler, record, "");
                DataChannelExchange data = new DataChannelExchange(session.peerConnection(), progress, run.report, record,
                        !noSend);
                String channelName = name != null ? name : offerer ? "offerer" : "answerer";
                try {
                    session.onTrickle(c -> sig.send(candidateMessage(c)));
                    if (offerer) {
                        addMedia(session, video, audio, sendLoop);
                        openChannels(data, channelName); // before the offer: it carries the data section
                        String offer = session.offer();
                        sig.send(sdpMessage("offer", offer));
                        progress.step("sent the offer");
                        JsonNode answer = next(waitSeconds, "answer");
                        session.remoteAnswer(answer.path("sdp").asText());
                        progress.step("applied the answer");
                    } else {
                        JsonNode offer = next(waitSeconds, "offer");
                        session.remoteOffer(offer.path("sdp").asText());
                        progress.step("applied the offer");
                        addMedia(session, video, audio, sendLoop);
                        openChannels(data, channelName);
                        sig.send(sdpMessage("answer", session.answerAfterRemote()));
                        progress.step("sent the answer");
                    }
                    Thread relay = new Thread(() -> relayCandidates(session), "rtc4j-signal-in");
                    relay.setDaemon(true);
                    relay.start();
                    session.awaitConnected(waitSeconds);
                    progress.step("connected in %d ms; sending for %.0f s", run.report.connectionMs(), seconds);
                    session.startSending();
                    run.liveLines(session);
                    long start = System.nanoTime();
                    Run.sleep(seconds, () -> session.ended().isDone() || peerLeft);
                    double ran = (System.nanoTime() - start) / 1e9;
                    boolean early = ran < seconds * 0.8;
                    String endReason = session.ended().getNow(null);
                    if (early && (peerLeft || RtcSession.CLOSED_BY_PEER.equals(endReason))) {
                        run.report.error(String.format(java.util.Locale.ROOT, "the other peer left after %.1f s", ran));
                    } else if (early && endReason != null) {
                        run.report.error(endReason);
                    }
                    if (!early) {
                        data.awaitFiles(60);
                    }
                    if (!peerLeft) {
                        sig.send(Report.JSON.createObjectNode().put("type", "bye"));
                    }
                    session.updateStats();
                    progress.tracks(run.report.tracks());
                    session.close();
                    relay.interrupt();
                    boolean ok = run.report.connectionMs() != null;
                    for (TrackCounter t : run.report.tracks()) {
                        ok &= t.frames() > 0;
                    }
                    if (run.report.tracks().isEmpty()) {
                        ok = false;
                    }
                    data.summarize(run.report.extra());
                    ok &= data.ok();
                    if (!run.report.errors().isEmpty()) {
                        System.err.println("rtc4j peer: " + run.report.errors().get(0) + ".");
                    }
                    return run.finish(ok);
                } finally {
                    session.close();
                }
            }
        }
    }

    private volatile boolean peerLeft;

    private void openChannels(DataChannelExchange data, String channelName) {
        data.open(channelName);
        if (sendFile != null) {
            data.sendFile(sendFile);
        }
    }

    private static void addMedia(RtcSession session, MediaClip video, MediaClip audio, boolean loop) {
        if (video != null) {
            session.send(video, loop);
        } else {
            session.receive(MediaKind.VIDEO);
        }
        if (audio != null) {
            session.send(audio, loop);
        } else {
            session.receive(MediaKind.AUDIO);
        }
    }

    private void relayCandidates(RtcSession session) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                JsonNode m = inbox.take();
                String type = m.path("type").asText();
                if (type.equals("candidate")) {
                    session.remoteCandidate(candidate(m));
                } else if (type.equals("bye") || type.equals("peer-left")) {
                    peerLeft = true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The next message of {@code type}; candidates that come early are kept for later. */
    private JsonNode next(int seconds, String type) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        java.util.List<JsonNode> early = new java.util.ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                JsonNode m = left <= 0 ? null : inbox.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)), TimeUnit.NANOSECONDS);
                if (m == null) {
                    if (signalClosed.isDone()) {
                        throw new Failure(signalClosed.join() + " while waiting for " + what(type) + ".");
                    }
                    if (left <= 0) {
                        throw new Failure("no " + what(type) + " within " + seconds + " s.");
                    }
                    continue;
                }
                String t = m.path("type").asText();
                if (t.equals(type)) {
                    return m;
                }
                if (t.equals("error")) {
                    throw new Failure("the signaling server says: " + m.path("message").asText() + ".");
                }
                if (t.equals("bye") || t.equals("peer-left")) {
                    throw new Failure("the other peer left before the connection was set up.");
                }
                if (t.equals("candidate")) {
                    early.add(m);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted.");
        } finally {
            for (int i = early.size() - 1; i >= 0; i--) {
                inbox.add(early.get(i));
            }
        }
    }

    private static String what(String type) {
        switch (type) {
            case "joined":
                return "an answer from the signaling server";
            case "peer-joined":
                return "another peer in the room";
            default:
                return "an " + type + " from the other peer";
        }
    }

    static ObjectNode sdpMessage(String type, String sdp) {
        return Report.JSON.createObjectNode().put("type", type).put("sdp", sdp);
    }

    static ObjectNode candidateMessage(IceCandidate c) {
        ObjectNode m = Report.JSON.createObjectNode().put("type", "candidate");
        m.put("candidate", c.candidate() == null ? "" : c.candidate());
        m.put("sdpMid", c.sdpMid());
        if (c.sdpMLineIndex() == null) {
            m.putNull("sdpMLineIndex");
        } else {
            m.put("sdpMLineIndex", c.sdpMLineIndex());
        }
        return m;
    }

    static IceCandidate candidate(JsonNode m) {
        JsonNode mid = m.get("sdpMid");
        JsonNode index = m.get("sdpMLineIndex");
        return new IceCandidate(m.path("candidate").asText(""), mid == null || mid.isNull() ? null : mid.asText(),
                index == null || index.isNull() ? null : index.asInt());
    }
}
