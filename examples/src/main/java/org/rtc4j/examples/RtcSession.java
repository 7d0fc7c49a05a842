package org.rtc4j.examples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.RtpCodec;
import org.rtc4j.peer.RtpReceiver;
import org.rtc4j.peer.RtpSender;
import org.rtc4j.peer.Stats;
import org.rtc4j.peer.StatsReport;
import org.rtc4j.peer.TrackEvent;

/**
 * One PeerConnection with the plumbing every example needs: clips paced out on senders, received
 * tracks counted and recorded, W3C stats folded into the {@link Report}'s track counters, and the
 * connection's progress printed. Shared by the CLI peer, the WHIP/WHEP clients and servers and the
 * demo, which differ only in how offer and answer travel.
 *
 * <p>Callbacks from the PeerConnection run on its event loop; everything here that they call is
 * quick (a counter, a file append) and never blocks on the network.
 */
public final class RtcSession implements AutoCloseable {

    /** What {@link #ended()} says when the other side closed the connection. */
    static final String CLOSED_BY_PEER = "the other peer closed the connection";

    private final PeerConnection pc;
    private final Progress progress;
    private final Report report;
    private final ScheduledExecutorService scheduler;
    private final Path recordDir;
    private final String recordPrefix;
    private final List<Pacer> pacers = new CopyOnWriteArrayList<>();
    private final List<Recorder> recorders = new CopyOnWriteArrayList<>();
    private final Map<RtpSender, TrackCounter> outbound = new ConcurrentHashMap<>();
    private final Map<String, TrackCounter> inbound = new ConcurrentHashMap<>();
    private final List<String> candidates = new CopyOnWriteArrayList<>();
    private final Map<RtpReceiver, Consumer<EncodedFrame>> taps = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> gathered = new CompletableFuture<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private volatile Consumer<IceCandidate> trickle;
    private volatile Consumer<TrackEvent> onTrack;
    private volatile boolean closed;
    private volatile String label = "";
    private volatile long availableOutgoingBitrate = -1;
    private final long createdNanos = System.nanoTime();
    private volatile long connectedNanos;
    private volatile com.fasterxml.jackson.databind.node.ObjectNode selectedPair;

    /**
     * @param recordDir where received tracks are recorded, or null to only count them
     * @param recordPrefix file name prefix for recordings ({@code video.ivf} gets it in front)
     */
    public RtcSession(Configuration config, Progress progress, Report report, ScheduledExecutorService scheduler,
            Path recordDir, String recordPrefix) {
        this.progress = progress;
        this.report = report;
        this.scheduler = scheduler;
        this.recordDir = recordDir;
        this.recordPrefix = recordPrefix == null ? "" : recordPrefix;
        this.pc = PeerConnection.create(config);
        pc.onIceCandidate(this::candidate);
        pc.onConnectionStateChange(this::state);
        pc.onTrack(this::track);
    }

    /** 127.0.0.1 only, unless {@code --all-interfaces}: every example stays on this host unless told otherwise. */
    public static Configuration configuration(Common common) {
        return configurationBuilder(common).build();
    }

    /** {@link #configuration}'s builder, for more settings. */
    public static Configuration.Builder configurationBuilder(Common common) {
        Configuration.Builder b =
                common != null && common.allInterfaces ? Configuration.builder() : Configuration.builder().loopbackOnly();
        if (common != null) {
            java.util.List<org.rtc4j.peer.IceServer> servers = new java.util.ArrayList<>();
            for (String url : common.iceServers) {
                servers.add(org.rtc4j.peer.IceServer.of(url, common.iceUsername, common.iceCredential()));
            }
            b.iceServers(servers);
            if (common.relayOnly) {
                b.iceTransportPolicy(org.rtc4j.peer.IceTransportPolicy.RELAY);
            }
            b.iceTcpCandidates(common.iceTcp);
            if (common.turnCa != null) {
                b.turnTlsContext(Common.trusting(common.turnCa));
            }
        }
        return b;
    }

    /** Names this session's tracks {@code label/name} in the report (servers have many sessions). */
    public void label(String l) {
        this.label = l == null || l.isEmpty() ? "" : l + "/";
    }

    String labelPrefix() {
        return label;
    }

    /** The label set with {@link #label}, or "". */
    String label() {
        return label.isEmpty() ? "" : label.substring(0, label.length() - 1);
    }

    /** This session's selected candidate pair as in the summary ({@link Report#pairJson}), or null before connected. */
    com.fasterxml.jackson.databind.node.ObjectNode selectedPair() {
        return selectedPair;
    }

    public PeerConnection peerConnection() {
        return pc;
    }

    /** Trickled candidates go here (the empty / end-of-candidates one included). */
    public void onTrickle(Consumer<IceCandidate> c) {
        this.trickle = c;
    }

    /** Called for each remote track after it is set up for counting and recording. */
    public void onTrack(Consumer<TrackEvent> c) {
        this.onTrack = c;
    }

    /** Completes when the PeerConnection reaches {@code connected}; fails when it fails. */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    /** Completes with a reason when the connection fails, disconnects or closes. */
    public CompletableFuture<String> ended() {
        return ended;
    }

    /**
     * Milliseconds (to the microsecond) from this session's creation, just before its
     * PeerConnection is made (for a server: as soon as it has read the offer), to the first
     * {@code connected}; null before that.
     */
    public Double connectMillis() {
        long c = connectedNanos;
        return c == 0 ? null : (c - createdNanos) / 1_000 / 1e3;
    }

    /** This session's track counters, sent and received. */
    public List<TrackCounter> counters() {
        List<TrackCounter> all = new ArrayList<>(outbound.values());
        all.addAll(inbound.values());
        return all;
    }

    public boolean isConnected() {
        return connected.isDone() && !connected.isCompletedExceptionally() && !ended.isDone();
    }

    private void candidate(IceCandidate c) {
        if (c == null || c.isEndOfCandidates()) {
            gathered.complete(null);
        } else {
            candidates.add(c.candidate());
        }
        Consumer<IceCandidate> t = trickle;
        if (t != null) {
            t.accept(c == null ? IceCandidate.endOfCandidates(null, 0) : c);
        }
    }

    private void state(PeerConnectionState s) {
        if (!closed) { // once we close, the summary may already be out
            progress.step("connection %s", s.w3cName());
        }
        switch (s) {
            case CONNECTED:
                if (connectedNanos == 0) {
                    connectedNanos = System.nanoTime();
                }
                report.connected((connectedNanos - createdNanos) / 1_000_000);
                pc.getStats().thenAccept(stats -> {
                    selectedPair = Report.pairJson(stats);
                    report.selectedPair(stats);
                });
                connected.complete(null);
                break;
            case FAILED:
                connected.completeExceptionally(new Failure("the connection failed (ICE or DTLS did not complete)."));
                ended.complete("the connection failed");
                break;
            case DISCONNECTED:
                ended.complete("the connection was lost (the peer stopped answering)");
                break;
            case CLOSED:
                connected.completeExceptionally(new Failure("the connection was closed before it connected."));
                ended.complete(CLOSED_BY_PEER);
                break;
            default:
                break;
        }
    }

    private void track(TrackEvent e) {
        String name = e.kind() == MediaKind.VIDEO ? "video" : "audio";
        TrackCounter counter = report.track(label + "remote-" + name, TrackCounter.Direction.RECV, null);
        counter.kind(name);
        inbound.put(e.transceiver().mid() == null ? name : e.transceiver().mid(), counter);
        progress.step("receiving %s track %s (mid %s)", name, e.trackId(), e.transceiver().mid());
        Recorder[] recorder = new Recorder[1];
        RtpReceiver receiver = e.receiver();
        long[] keyframeAskedNanos = {Long.MIN_VALUE};
        boolean[] decodable = {e.kind() == MediaKind.AUDIO};
        receiver.onFrame(frame -> {
            if (closed) {
                return; // the summary counts what the session took while open: what its recordings hold
            }
            counter.codec(frame.codec());
            counter.frame(frame.size());
            if (!decodable[0]) {
                // A recording must start with a keyframe: ask for one (at most twice a second) until it comes.
                decodable[0] = frame.keyframe();
                long now = System.nanoTime();
                if (!decodable[0] && now - keyframeAskedNanos[0] > 500_000_000L) {
                    keyframeAskedNanos[0] = now;
                    receiver.requestKeyFrame();
                }
            }
            if (recordDir != null && decodable[0]) {
                try {
                    if (recorder[0] == null) {
                        recorder[0] = Recorder.open(recordDir, recordPrefix + name, frame.codec());
                        recorders.add(recorder[0]);
                    }
                    recorder[0].write(frame);
                } catch (RuntimeException ex) {
                    report.error("recording " + name + " failed: " + rootMessage(ex));
                }
            }
            Consumer<EncodedFrame> tap = taps.get(receiver);
            if (tap != null) {
                tap.accept(frame);
            }
        });
        Consumer<TrackEvent> t = onTrack;
        if (t != null) {
            t.accept(e);
        }
    }

    /**
     * Adds a track that sends {@code clip} once connected (in a loop when {@code loop}).
     *
     * @return its sender
     */
    public RtpSender send(MediaClip clip, boolean loop) {
        return send(clip, loop, null);
    }

    /**
     * Like {@link #send(MediaClip, boolean)}, on a new transceiver of {@code direction} (WHIP
     * clients offer {@code sendonly}); a null direction reuses a transceiver as {@code addTrack} does.
     */
    public RtpSender send(MediaClip clip, boolean loop, Direction direction) {
        String name = clip.isAudio() ? "audio" : "video";
        MediaStreamTrack track = clip.isAudio() ? MediaStreamTrack.audio("rtc4j-" + name) : MediaStreamTrack.video("rtc4j-" + name);
        RtpSender sender = direction == null ? pc.addTrack(track, "rtc4j")
                : pc.addTransceiver(track, direction, "rtc4j").sender();
        preferCodec(sender, clip);
        TrackCounter counter = report.track(label + name, TrackCounter.Direction.SEND, clip.codec());
        outbound.put(sender, counter);
        Pacer pacer = new Pacer(clip, loop, scheduler, frame -> {
            counter.frame(frame.size());
            sender.sendFrame(frame);
        }, null);
        pacers.add(pacer);
        if (!clip.isAudio()) {
            sender.onKeyFrameRequest(pacer::requestKeyframe);
        }
        return sender;
    }

    /** Negotiates the clip's codec on its transceiver (an H.264 file must not end up on VP8). */
    private static void preferCodec(RtpSender sender, MediaClip clip) {
        MediaKind kind = clip.isAudio() ? MediaKind.AUDIO : MediaKind.VIDEO;
        List<RtpCodec> codecs = new ArrayList<>();
        for (RtpCodec c : PeerConnection.getSenderCapabilities(kind)) {
            if (c.encodingName().equalsIgnoreCase(clip.codec().encodingName())) {
                codecs.add(c);
            }
        }
        if (codecs.isEmpty()) {
            throw new Failure(clip.name() + " is " + clip.codec().encodingName() + ", which rtc4j does not send.");
        }
        sender.transceiver().setCodecPreferences(codecs);
    }

    /** Adds a receive-only transceiver of {@code kind}. */
    public void receive(MediaKind kind) {
        pc.addTransceiver(kind, Direction.RECVONLY);
    }

    /** Starts the pacers (call once connected). */
    public void startSending() {
        for (Pacer p : pacers) {
            p.start();
        }
    }

    /**
     * Adds a video track that sends back every frame of the remote track {@code from} (the demo's
     * echo); a keyframe request on it is passed on to the remote sender.
     */
    public RtpSender echo(TrackEvent from) {
        RtpSender to = pc.addTrack(MediaStreamTrack.video("rtc4j-echo"), "rtc4j-echo");
        TrackCounter counter = report.track(label + "echo", TrackCounter.Direction.SEND, null);
        counter.kind("video");
        outbound.put(to, counter);
        taps.put(from.receiver(), frame -> {
            counter.codec(frame.codec());
            counter.frame(frame.size());
            to.sendFrame(frame);
        });
        to.onKeyFrameRequest(from.receiver()::requestKeyFrame);
        return to;
    }

    /** Creates the offer, applies it, and returns its SDP. */
    public String offer() {
        Description offer = await(pc.createOffer(), "create the offer");
        await(pc.setLocalDescription(offer), "apply the local offer");
        return offer.sdp();
    }

    /** Applies a remote offer, then creates and applies the answer and returns its SDP. */
    public String answer(String remoteOffer) {
        await(pc.setRemoteDescription(Description.offer(remoteOffer)), "apply the remote offer");
        return answerAfterRemote();
    }

    /** Creates and applies the answer once the remote offer is set (tracks may be added in between). */
    public String answerAfterRemote() {
        Description answer = await(pc.createAnswer(), "create the answer");
        await(pc.setLocalDescription(answer), "apply the local answer");
        return answer.sdp();
    }

    /** Applies a remote offer. */
    public void remoteOffer(String sdp) {
        await(pc.setRemoteDescription(Description.offer(sdp)), "apply the remote offer");
    }

    /** Applies a remote answer. */
    public void remoteAnswer(String sdp) {
        await(pc.setRemoteDescription(Description.answer(sdp)), "apply the remote answer");
    }

    /** Adds a remote candidate (or the end of them); a bad one is reported, not fatal. */
    public void remoteCandidate(IceCandidate c) {
        pc.addIceCandidate(c).whenComplete((r, e) -> {
            if (e != null) {
                progress.step("ignored a remote candidate: %s", rootMessage(e));
            }
        });
    }

    /**
     * The local description {@code sdp} became, with every candidate gathered so far in it (waiting up
     * to 3 s for the end of gathering): the stack writes them into {@code localDescription()}.
     */
    public String withCandidates(String sdp) {
        try {
            gathered.get(3, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            progress.step("candidate gathering still going after 3 s; sending the %d candidates found", candidates.size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        Description local = pc.localDescription();
        return local != null ? local.sdp() : sdp;
    }

    /** Waits for {@link #connected()}, or throws a Failure after {@code seconds}. */
    public void awaitConnected(int seconds) {
        try {
            connected.get(seconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new Failure("the peers did not connect within " + seconds + " s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while connecting.");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Failure f ? f : new Failure("the connection failed: " + rootMessage(e) + ".", e);
        }
    }

    /**
     * The connection's estimate of what the path carries (W3C {@code availableOutgoingBitrate},
     * bit/s) at the last {@link #updateStats}, or -1 without one (the peer sends no congestion
     * feedback, or nothing was sent yet).
     */
    public long availableOutgoingBitrate() {
        return availableOutgoingBitrate;
    }

    /** Each sender's target (bit/s, what an encoder would produce) by track id, once it has one. */
    public Map<String, Long> targetBitrates() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (RtpSender s : outbound.keySet()) {
            if (s.track() != null && s.targetBitrate() >= 0) {
                out.put(s.track().id(), s.targetBitrate());
            }
        }
        return out;
    }

    /**
     * Folds the PeerConnection's stats into the track counters (outbound-rtp with the sender's
     * target bitrate, inbound-rtp by kind), and hands the round trip time to the file senders.
     */
    public void updateStats() {
        try {
            updateStatsAsync().get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the counters keep their previous figures
        }
    }

    /** {@link #updateStats()} without waiting: completes once the counters hold the new figures. */
    public CompletableFuture<Void> updateStatsAsync() {
        return pc.getStats().thenAccept(this::fold);
    }

    private void fold(StatsReport stats) {
        for (Stats s : stats.ofType("outbound-rtp")) {
            TrackCounter c = null;
            long ssrc = s.getLong("ssrc", -1);
            for (Map.Entry<RtpSender, TrackCounter> e : outbound.entrySet()) {
                if (e.getKey().ssrc() == ssrc) {
                    c = e.getValue();
                }
            }
            if (c != null) {
                c.rtp(s.getLong("packetsSent", 0), s.getLong("bytesSent", 0), 0);
                c.target(s.getLong("targetBitrate", -1));
            }
        }
        for (Stats s : stats.ofType("remote-inbound-rtp")) {
            Object rtt = s.get("roundTripTime");
            if (rtt instanceof Number n) {
                for (Pacer p : pacers) {
                    p.roundTripTime((long) (n.doubleValue() * 1e9));
                }
            }
        }
        for (Stats s : stats.ofType("candidate-pair")) {
            if (s.get("availableOutgoingBitrate") instanceof Number n) {
                availableOutgoingBitrate = n.longValue();
            }
        }
        for (Stats s : stats.ofType("inbound-rtp")) {
            String mid = s.getString("mid");
            TrackCounter c = mid == null ? null : inbound.get(mid);
            if (c == null) {
                c = inbound.get(s.getString("kind"));
            }
            if (c == null) {
                for (TrackCounter t : inbound.values()) {
                    if (t.kind().equals(s.getString("kind"))) {
                        c = t;
                    }
                }
            }
            if (c != null) {
                c.rtp(s.getLong("packetsReceived", 0), s.getLong("bytesReceived", 0), Math.max(0, s.getLong("packetsLost", 0)));
            }
        }
    }

    static <T> T await(CompletableFuture<T> f, String what) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new Failure("could not " + what + " within 10 s.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted while trying to " + what + ".");
        } catch (ExecutionException e) {
            throw new Failure("could not " + what + ": " + rootMessage(e) + ".", e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Pacer p : pacers) {
            p.close();
        }
        try {
            pc.closeAsync().get(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
        for (Recorder r : recorders) {
            try {
                r.close();
            } catch (IOException e) {
                report.error("could not finish " + r.file() + ": " + e.getMessage());
            }
        }
    }
}
