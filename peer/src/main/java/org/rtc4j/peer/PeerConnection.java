package org.rtc4j.peer;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.internal.BufferPool;
import org.rtc4j.peer.internal.CodecParams;
import org.rtc4j.peer.internal.LogContext;
import org.rtc4j.peer.internal.PeerCore;
import org.rtc4j.peer.internal.SharedLoops;
import org.rtc4j.peer.internal.Sockets;
import org.rtc4j.peer.internal.Transceiver;

/**
 * A WebRTC peer connection, shaped after the W3C {@code RTCPeerConnection}: offer/answer (JSEP,
 * RFC 9429) over one bundled ICE transport (RFC 8445, RFC 8843), DTLS-SRTP (RFC 5763, RFC 5764)
 * and RTP media with RTCP reports and feedback (RFC 3550, RFC 4585, RFC 4588).
 *
 * <h2>Driving contract</h2>
 *
 * <ul>
 *   <li>A connection is bound to one {@link EventLoop} for its whole life; all its state is touched
 *       only on that thread, so nothing on the packet path is locked.
 *   <li>Every public method may be called from any thread. The JSEP methods post their work to the
 *       loop and return a {@link CompletableFuture}; calling them out of order fails the future
 *       with {@link IllegalStateException} whose message starts with the W3C error name
 *       ({@code InvalidStateError: ...}); a description that cannot be applied fails it with
 *       {@link IllegalArgumentException} ({@code OperationError: ...}).
 *   <li>Listeners ({@link #onIceCandidate}, {@link #onTrack}, state changes, frames) run on the
 *       loop thread. They must not block: post slow work elsewhere. They may call any method of
 *       the connection, including {@link #close()}.
 *   <li>The connection is a thin shell around a sans-IO core (the protocol engines: ICE, DTLS,
 *       SRTP, JSEP, media, RTCP). After every input (datagram, timer, API call, DTLS handshake
 *       wake-up) it drains the core: it sends every pending datagram, dispatches every event and
 *       re-arms its one timer at the core's earliest deadline.
 * </ul>
 *
 * <pre>{@code
 * PeerConnection pc = PeerConnection.create(Configuration.builder().build());
 * RtpSender video = pc.addTrack(MediaStreamTrack.video("camera"), "stream");
 * pc.onIceCandidate(c -> signalling.send(c));                // trickle; null when gathering ends
 * pc.onTrack(e -> e.receiver().onFrame(frame -> decode(frame)));
 * Description offer = pc.createOffer().join();
 * pc.setLocalDescription(offer).join();
 * signalling.send(offer);
 * pc.setRemoteDescription(signalling.receiveAnswer()).join();
 * video.sendFrame(new EncodedFrame(vp8Bytes, rtpTimestamp, keyframe, Codec.VP8));
 * pc.close();
 * }</pre>
 */
public final class PeerConnection implements AutoCloseable {
  private static final Duration DTLS_INITIAL_RETRANSMIT = Duration.ofMillis(100);

  private final Configuration config;
  private final EventLoop loop;
  private final Random random = new SecureRandom();
  private final PeerCore core;
  private final CoreDriver driver;
  private volatile boolean closed;

  private final Listeners listeners = new Listeners();

  private PeerConnection(Configuration config, EventLoop loop, boolean usesSharedGroup) throws DtlsException {
    this.config = config;
    this.loop = loop;
    Certificate certificate = config.certificates().isEmpty() ? Certificate.generate() : config.certificates().get(0);
    long wallOffsetNanos = System.currentTimeMillis() * 1_000_000L - loop.clock().nanoTime();
    // A lost flight is sent again after 100 ms, not Bouncy Castle's 1 s (libwebrtc starts at 50 ms).
    DtlsConfig dtls = DtlsConfig.builder(certificate).initialRetransmit(DTLS_INITIAL_RETRANSMIT).build();
    this.core = new PeerCore(config, dtls, this::postDtlsWakeup,
        random, BufferPool.of(loop), loop.clock().nanoTime(), wallOffsetNanos);
    Sockets sockets = new Sockets(loop, config, this::onDatagram, this::drain);
    this.driver = new CoreDriver(this, loop, core, sockets, listeners, usesSharedGroup);
  }

  /**
   * A new connection on the configuration's event-loop group (or the shared default group, which
   * is started on first use and stopped when its last connection closes). Generates a DTLS
   * certificate unless one is configured. Nothing is bound until a description is set.
   */
  public static PeerConnection create(Configuration config) {
    Objects.requireNonNull(config, "config");
    boolean shared = config.eventLoopGroup() == null && config.udpMux() == null;
    EventLoopGroup group = shared ? SharedLoops.acquire() : config.eventLoopGroup();
    try {
      return new PeerConnection(config, config.udpMux() != null ? config.udpMux().loop() : group.next(), shared);
    } catch (DtlsException | RuntimeException e) {
      if (shared) {
        SharedLoops.release();
      }
      throw new IllegalStateException("cannot create a peer connection: " + e.getMessage(), e);
    }
  }

  /** A connection with the default configuration. */
  public static PeerConnection create() {
    return create(Configuration.defaults());
  }

  /**
   * This connection's id, {@code pc-N} (unique in the JVM): the value of the SLF4J MDC key
   * {@code rtc4j.pc} on every log line the stack writes about it (loop and DTLS handshake threads),
   * and the {@code connectionId} of its {@code rtc4j.*} JFR events.
   */
  public String id() {
    return core.id();
  }

  /** The event loop this connection runs on. */
  public EventLoop eventLoop() {
    return loop;
  }

  public Configuration configuration() {
    return config;
  }

  /** The DTLS certificate in use. */
  public Certificate certificate() {
    return core.certificate();
  }

  // ------------------------------------------------------------------ events

  /**
   * Trickled local candidates (RFC 8838), and {@code null} once gathering is complete. Runs on the
   * loop; must not block.
   */
  public void onIceCandidate(Consumer<IceCandidate> listener) {
    listeners.iceCandidate = listener;
  }

  /** A STUN or TURN server gave no candidate (wrong credentials, refused, unreachable). Loop thread. */
  public void onIceCandidateError(Consumer<IceCandidateError> listener) {
    listeners.iceCandidateError = listener;
  }

  public void onIceGatheringStateChange(Consumer<IceGatheringState> listener) {
    listeners.gathering = listener;
  }

  public void onIceConnectionStateChange(Consumer<IceConnectionState> listener) {
    listeners.iceConnection = listener;
  }

  public void onConnectionStateChange(Consumer<PeerConnectionState> listener) {
    listeners.connection = listener;
  }

  public void onSignalingStateChange(Consumer<SignalingState> listener) {
    listeners.signaling = listener;
  }

  /** Runs when a change (tracks, directions, ICE restart) needs an offer/answer exchange. */
  public void onNegotiationNeeded(Runnable listener) {
    listeners.negotiationNeeded = listener;
  }

  /** A remote track appeared on a transceiver (fired while a remote description is applied). */
  public void onTrack(Consumer<TrackEvent> listener) {
    listeners.track = listener;
  }

  /** The peer opened a data channel (W3C {@code datachannel}); runs on the loop. */
  public void onDataChannel(Consumer<DataChannel> listener) {
    listeners.dataChannel = listener;
  }

  // ------------------------------------------------------------------ state

  public SignalingState signalingState() {
    return core.signalingState();
  }

  public IceGatheringState iceGatheringState() {
    return core.iceGatheringState();
  }

  public IceConnectionState iceConnectionState() {
    return core.iceConnectionState();
  }

  public PeerConnectionState connectionState() {
    return core.connectionState();
  }

  /** The pending local description if any, else the current one, with the candidates gathered so far. */
  public Description localDescription() {
    return core.localDescription();
  }

  public Description currentLocalDescription() {
    return core.currentLocalDescription();
  }

  public Description pendingLocalDescription() {
    return core.pendingLocalDescription();
  }

  public Description remoteDescription() {
    return core.remoteDescription();
  }

  public Description currentRemoteDescription() {
    return core.currentRemoteDescription();
  }

  public Description pendingRemoteDescription() {
    return core.pendingRemoteDescription();
  }

  /** Every transceiver, in creation order. */
  public List<RtpTransceiver> getTransceivers() {
    return core.transceivers().stream().map(this::view).toList();
  }

  public List<RtpSender> getSenders() {
    return core.transceivers().stream().filter(t -> !t.stopped).map(t -> view(t).sender()).toList();
  }

  public List<RtpReceiver> getReceivers() {
    return core.transceivers().stream().filter(t -> !t.stopped).map(t -> view(t).receiver()).toList();
  }

  /** The codecs rtc4j can send (and receive) for a kind. */
  public static List<RtpCodec> getSenderCapabilities(MediaKind kind) {
    List<RtpCodec> out = new ArrayList<>();
    for (CodecParams c : CodecParams.local(kind == MediaKind.AUDIO)) {
      out.add(new RtpCodec(kind.sdpName() + "/" + c.codec().encodingName(), c.codec().clockRate(), c.channels(),
          c.fmtpLine()));
    }
    return out;
  }

  /** The public view of a core transceiver, made on first use (a remote offer makes them on the loop). */
  RtpTransceiver view(Transceiver t) {
    Object o = t.owner;
    if (o == null) {
      synchronized (t) {
        if (t.owner == null) {
          t.owner = new RtpTransceiver(this, t);
        }
        o = t.owner;
      }
    }
    return (RtpTransceiver) o;
  }

  // ------------------------------------------------------------------ transceivers

  /**
   * Adds a local track: reuses a transceiver of the same kind that has no track and was never used
   * to send, else creates a send-receive one. Fires negotiation-needed. May be called from any
   * thread; the transceiver exists when this returns.
   */
  public RtpSender addTrack(MediaStreamTrack track, String... streamIds) {
    Objects.requireNonNull(track, "track");
    checkNotClosed();
    List<Transceiver> all = core.transceivers();
    for (Transceiver t : all) {
      if (t.track != null && t.track.id().equals(track.id())) {
        throw new IllegalArgumentException("InvalidAccessError: track " + track.id() + " already has a sender");
      }
    }
    synchronized (all) {
      for (Transceiver t : all) {
        if (!t.stopped && t.kind == track.kind() && t.track == null && !t.sentBefore) {
          t.streamIds = List.of(streamIds);
          t.track = track;
          t.direction = t.direction.withSend(true);
          onLoop(core::negotiationChanged);
          return view(t).sender();
        }
      }
      Transceiver t = newTransceiver(track.kind(), Direction.SENDRECV, track, streamIds);
      t.fromAddTrack = true;
      return view(t).sender();
    }
  }

  /**
   * Stops sending a track: the sender keeps its transceiver but loses its track, and the direction
   * no longer includes sending. Fires negotiation-needed.
   */
  public void removeTrack(RtpSender sender) {
    checkNotClosed();
    if (sender.transceiver.pc != this) {
      throw new IllegalArgumentException("InvalidAccessError: the sender belongs to another connection");
    }
    Transceiver t = sender.transceiver.state;
    if (t.track == null) {
      return;
    }
    t.track = null;
    t.direction = t.direction.withSend(false);
    onLoop(core::negotiationChanged);
  }

  /** Adds a transceiver without a track (W3C {@code addTransceiver(kind, {direction})}). */
  public RtpTransceiver addTransceiver(MediaKind kind, Direction direction) {
    checkNotClosed();
    if (direction == Direction.STOPPED) {
      throw new IllegalArgumentException("TypeError: a new transceiver cannot be stopped");
    }
    return view(newTransceiver(kind, direction, null));
  }

  /** Adds a transceiver sending {@code track}. */
  public RtpTransceiver addTransceiver(MediaStreamTrack track, Direction direction, String... streamIds) {
    checkNotClosed();
    return view(newTransceiver(track.kind(), direction, track, streamIds));
  }

  private Transceiver newTransceiver(MediaKind kind, Direction direction, MediaStreamTrack track, String... streamIds) {
    Transceiver t = new Transceiver(kind, direction, track, List.of(streamIds), random);
    core.addTransceiver(t);
    onLoop(core::negotiationChanged);
    return t;
  }

  void setDirection(RtpTransceiver t, Direction d) {
    checkNotClosed();
    if (t.state.direction != d) {
      t.state.direction = d;
      onLoop(core::negotiationChanged);
    }
  }

  void stopTransceiver(RtpTransceiver t) {
    onLoop(() -> core.stopTransceiver(t.state));
  }

  static void checkCodecPreferences(MediaKind kind, List<RtpCodec> codecs) {
    for (RtpCodec c : codecs) {
      if (getSenderCapabilities(kind).stream().noneMatch(
          cap -> cap.mimeType().equalsIgnoreCase(c.mimeType()) && cap.clockRate() == c.clockRate())) {
        throw new IllegalArgumentException("InvalidModificationError: codec not supported: " + c.mimeType());
      }
    }
  }

  private void checkNotClosed() {
    if (closed) {
      throw new IllegalStateException("InvalidStateError: the peer connection is closed");
    }
  }

  // ------------------------------------------------------------------ JSEP

  /** Creates an offer (JSEP §5.2). */
  public CompletableFuture<Description> createOffer() {
    return createOffer(OfferOptions.DEFAULT);
  }

  /** Creates an offer; {@code options.iceRestart()} gives it new ICE credentials (RFC 8445 §9). */
  public CompletableFuture<Description> createOffer(OfferOptions options) {
    return call(() -> core.createOffer(now(), options));
  }

  /** Creates an answer to the remote offer (JSEP §5.3). */
  public CompletableFuture<Description> createAnswer() {
    return call(() -> core.createAnswer(now()));
  }

  /**
   * Applies a local description (offer, answer, pranswer or rollback). Applying the first one
   * binds the sockets and starts gathering.
   */
  public CompletableFuture<Void> setLocalDescription(Description description) {
    Objects.requireNonNull(description, "description");
    return call(() -> {
      core.setLocalDescription(now(), description);
      return null;
    });
  }

  /**
   * The implicit form (W3C "perfect negotiation"): creates and applies an offer in stable or
   * have-local-offer, an answer in have-remote-offer or have-local-pranswer.
   */
  public CompletableFuture<Void> setLocalDescription() {
    return call(() -> {
      core.setLocalDescription(now());
      return null;
    });
  }

  /** Applies a remote description (offer, answer, pranswer or rollback). */
  public CompletableFuture<Void> setRemoteDescription(Description description) {
    Objects.requireNonNull(description, "description");
    return call(() -> {
      core.setRemoteDescription(now(), description);
      return null;
    });
  }

  /**
   * Adds a trickled remote candidate, or end-of-candidates when {@code candidate.candidate()} is
   * empty. Needs a remote description.
   */
  public CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
    Objects.requireNonNull(candidate, "candidate");
    return call(() -> {
      core.addIceCandidate(now(), candidate);
      return null;
    });
  }

  /**
   * Asks for an ICE restart: the next offer carries new credentials (W3C {@code restartIce()}).
   * Fires negotiation-needed.
   */
  public void restartIce() {
    onLoop(() -> core.restartIce(now()));
  }

  // ------------------------------------------------------------------ data channels

  /** A reliable, ordered data channel (W3C {@code createDataChannel(label)}). */
  public DataChannel createDataChannel(String label) {
    return createDataChannel(label, DataChannelInit.defaults());
  }

  /**
   * A data channel (RFC 8831): it exists at once, in state connecting, and opens once the
   * connection's SCTP association is up and (unless negotiated) the peer acknowledged it. The first
   * channel adds a data section to the next offer, so it fires negotiation-needed.
   *
   * @throws IllegalArgumentException {@code TypeError} for a bad label or init
   * @throws IllegalStateException {@code InvalidStateError} once the connection is closed
   */
  public DataChannel createDataChannel(String label, DataChannelInit init) {
    Objects.requireNonNull(label, "label");
    checkNotClosed();
    org.rtc4j.sctp.dcep.DataChannelInit sctpInit = init.toDcep(label);
    DataChannel channel = new DataChannel(this, label, init);
    onLoop(() -> channel.create(core, now(), sctpInit));
    return channel;
  }

  // ------------------------------------------------------------------ media

  /** {@code audioLevel}: the RFC 6464 byte for the frame's packets, or -1 for none. */
  void sendFrame(RtpSender sender, EncodedFrame frame, int audioLevel) {
    Objects.requireNonNull(frame, "frame");
    Transceiver t = sender.transceiver.state;
    driver.post(() -> {
      String outer = LogContext.enter(driver.id());
      try {
        core.sendFrame(now(), t, frame, audioLevel); // counted as dropped once closed
        driver.drain();
      } finally {
        LogContext.exit(driver.id(), outer);
      }
    });
  }

  void maxBitrateChanged() {
    onLoop(core::maxBitrateChanged);
  }

  void requestKeyFrame(RtpReceiver receiver) {
    onLoop(() -> core.requestKeyFrame(now(), receiver.transceiver.state));
  }

  /** W3C {@code getStats()}: a snapshot taken on the loop. */
  public CompletableFuture<StatsReport> getStats() {
    return call(() -> core.getStats(now(), System.currentTimeMillis()));
  }

  // ------------------------------------------------------------------ close

  /**
   * Closes the connection: sends RTCP BYE and DTLS close_notify, stops ICE, releases every socket,
   * timer and its handshake thread, and sets every state to closed. Safe to call twice, from any
   * thread and from inside a listener; never blocks. The future completes once the sockets are
   * closed.
   */
  public CompletableFuture<Void> closeAsync() {
    return driver.close(() -> closed = true);
  }

  /** {@link #closeAsync()} without waiting. */
  @Override
  public void close() {
    closeAsync();
  }

  // ------------------------------------------------------------------ driving the core

  private long now() {
    return driver.now();
  }

  private void postDtlsWakeup() {
    driver.post(driver::onDtlsWakeup); // sets the MDC itself
  }

  private void onDatagram(byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
    driver.onDatagram(buf, off, len, from, to);
  }

  private <T> CompletableFuture<T> call(Supplier<T> work) {
    return driver.call(work);
  }

  void onLoop(Runnable r) {
    driver.onLoop(r);
  }

  void execute(Runnable r) {
    driver.execute(r);
  }

  void drain() {
    driver.drain();
  }

  long nowNanos() {
    return driver.now();
  }

  PeerCore core() {
    return core;
  }

  @Override
  public String toString() {
    return "PeerConnection[" + signalingState().w3cName() + ", " + connectionState().name().toLowerCase(java.util.Locale.ROOT) + "]";
  }
}
