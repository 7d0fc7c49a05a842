package org.rtc4j.peer;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.dtls.DtlsSetup;
import org.rtc4j.dtls.Fingerprint;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.CandidateParseException;
import org.rtc4j.ice.CandidatePair;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceRole;
import org.rtc4j.ice.IceState;
import org.rtc4j.ice.IceTransport;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.FrameAssembler;
import org.rtc4j.media.FrameLoss;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.Packetizer;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.net.Timer;
import org.rtc4j.peer.internal.CodecParams;
import org.rtc4j.peer.internal.Rtcp;
import org.rtc4j.peer.internal.Rtp;
import org.rtc4j.sdp.ExtMap;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.Msid;
import org.rtc4j.sdp.SdpParseException;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.sdp.Ssrc;
import org.rtc4j.sdp.SsrcGroup;
import org.rtc4j.srtp.SrtpContext;
import org.rtc4j.srtp.SrtpKeyingMaterial;
import org.rtc4j.srtp.SrtpProfile;
import org.rtc4j.srtp.SrtpRole;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A WebRTC peer connection, shaped after the W3C {@code RTCPeerConnection}: offer/answer (JSEP,
 * RFC 8829) over one bundled ICE transport (RFC 8445, RFC 8843), DTLS-SRTP (RFC 5763, RFC 5764)
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
 *   <li>After every input (datagram, timer, API call) the connection drains its engines: it sends
 *       every pending datagram, dispatches every event and re-arms its timer at the earliest
 *       deadline of its parts.
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
  private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
  static final String MID_URI = "urn:ietf:params:rtp-hdrext:sdes:mid";
  private static final long TICK_NANOS = 10_000_000L;
  private static final int SRTP_TAG_ROOM = 16;

  private static final Object SHARED_LOCK = new Object();
  private static EventLoopGroup sharedGroup;
  private static int sharedUsers;

  private final Configuration config;
  private final EventLoop loop;
  private final boolean usesSharedGroup;
  private final Random random = new SecureRandom();
  private final Certificate certificate;
  private final DtlsEndpoint dtls;
  private final String cname;
  private final long sessionId;
  private long sessionVersion = 1;
  private final long epochMillisBase = System.currentTimeMillis();
  private final long nanosBase;

  // Loop-thread state
  /** Iterated by index on the loop: a for-each over a copy-on-write list allocates an iterator. */
  private final List<RtpTransceiver> transceivers = new CopyOnWriteArrayList<>();
  private final List<Object> mLines = new ArrayList<>(); // RtpTransceiver or Rejected, by m-line index
  private IceCredentials localCredentials;
  private IceCredentials pendingCredentials;
  private IceCredentials remoteCredentials;
  private boolean restartRequested;
  private IceTransport ice;
  private boolean gatheringStarted;
  private final List<String> localCandidates = new CopyOnWriteArrayList<>();
  private volatile boolean gatheringComplete;
  private DtlsRole dtlsRole;
  private boolean remoteFingerprintSet;
  private SrtpContext srtpOut;
  private SrtpContext srtpIn;
  private SrtpProfile srtpProfile;
  private int midExtId = 1;
  private int remoteMidExtId = -1;
  private Timer timer;
  private long armedDeadline = Long.MAX_VALUE;
  private long nextTick = Long.MAX_VALUE;
  private long nextRtcp = Long.MAX_VALUE;
  private final byte[] out = new byte[2048];
  private final byte[] rtcpBuf = new byte[1500];
  private final Rtcp.Visitor rtcpVisitor = this::onRtcpPacket;
  private long rtcpNow;
  private static final int MAX_EARLY_PACKETS = 256;
  private final java.util.ArrayDeque<byte[]> early = new java.util.ArrayDeque<>();
  private volatile boolean closed;
  private int changes;
  private int changesAtOffer = -1;
  private boolean negotiationNeededQueued;
  private final List<Runnable> pendingEvents = new ArrayList<>();
  private byte[] rtcpCname;
  private final long rtcpSsrc;

  // Published state (read from any thread)
  private volatile SignalingState signalingState = SignalingState.STABLE;
  private volatile IceGatheringState iceGatheringState = IceGatheringState.NEW;
  private volatile IceConnectionState iceConnectionState = IceConnectionState.NEW;
  private volatile PeerConnectionState connectionState = PeerConnectionState.NEW;
  private volatile Description currentLocal;
  private volatile Description pendingLocal;
  private volatile Description currentRemote;
  private volatile Description pendingRemote;
  private SessionDescription remoteParsed;
  private Description lastOffer;
  private Description lastAnswer;
  private volatile boolean dtlsConnected;
  private CandidatePair selectedPair;

  // Listeners
  private volatile Consumer<IceCandidate> iceCandidateListener;
  private volatile Consumer<IceGatheringState> gatheringListener;
  private volatile Consumer<IceConnectionState> iceConnectionListener;
  private volatile Consumer<PeerConnectionState> connectionListener;
  private volatile Consumer<SignalingState> signalingListener;
  private volatile Runnable negotiationNeededListener;
  private volatile Consumer<TrackEvent> trackListener;

  /** A media section rtc4j rejected (kind it does not handle, e.g. data channels). */
  private record Rejected(String kind, String proto, String formats, String mid) {}

  private PeerConnection(Configuration config, EventLoop loop, boolean usesSharedGroup) throws DtlsException {
    this.config = config;
    this.loop = loop;
    this.usesSharedGroup = usesSharedGroup;
    this.nanosBase = loop.clock().nanoTime();
    this.certificate = config.certificates().isEmpty() ? Certificate.generate() : config.certificates().get(0);
    this.dtls = new DtlsEndpoint(DtlsConfig.builder(certificate).build(), () -> loop.execute(this::drainOnLoop));
    this.cname = randomToken(16);
    this.rtcpCname = cname.getBytes(StandardCharsets.US_ASCII);
    this.sessionId = random.nextLong() & Long.MAX_VALUE;
    this.localCredentials = IceCredentials.random(random);
    this.rtcpSsrc = random.nextInt() & 0xFFFF_FFFFL;
  }

  /**
   * A new connection on the configuration's event-loop group (or the shared default group, which
   * is started on first use and stopped when its last connection closes). Generates a DTLS
   * certificate unless one is configured. Nothing is bound until a description is set.
   */
  public static PeerConnection create(Configuration config) {
    Objects.requireNonNull(config, "config");
    EventLoopGroup group = config.eventLoopGroup();
    boolean shared = group == null;
    if (shared) {
      synchronized (SHARED_LOCK) {
        if (sharedGroup == null) {
          sharedGroup = new EventLoopGroup();
        }
        sharedUsers++;
        group = sharedGroup;
      }
    }
    try {
      return new PeerConnection(config, group.next(), shared);
    } catch (DtlsException | RuntimeException e) {
      if (shared) {
        releaseShared();
      }
      throw new IllegalStateException("cannot create a peer connection: " + e.getMessage(), e);
    }
  }

  /** A connection with the default configuration. */
  public static PeerConnection create() {
    return create(Configuration.defaults());
  }

  private static void releaseShared() {
    EventLoopGroup stop = null;
    synchronized (SHARED_LOCK) {
      if (--sharedUsers == 0) {
        stop = sharedGroup;
        sharedGroup = null;
      }
    }
    if (stop != null) {
      stop.shutdownGracefully();
    }
  }

  Random random() {
    return random;
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
    return certificate;
  }

  // ------------------------------------------------------------------ events

  /**
   * Trickled local candidates (RFC 8838), and {@code null} once gathering is complete. Runs on the
   * loop; must not block.
   */
  public void onIceCandidate(Consumer<IceCandidate> listener) {
    iceCandidateListener = listener;
  }

  public void onIceGatheringStateChange(Consumer<IceGatheringState> listener) {
    gatheringListener = listener;
  }

  public void onIceConnectionStateChange(Consumer<IceConnectionState> listener) {
    iceConnectionListener = listener;
  }

  public void onConnectionStateChange(Consumer<PeerConnectionState> listener) {
    connectionListener = listener;
  }

  public void onSignalingStateChange(Consumer<SignalingState> listener) {
    signalingListener = listener;
  }

  /** Runs when a change (tracks, directions, ICE restart) needs an offer/answer exchange. */
  public void onNegotiationNeeded(Runnable listener) {
    negotiationNeededListener = listener;
  }

  /** A remote track appeared on a transceiver (fired while a remote description is applied). */
  public void onTrack(Consumer<TrackEvent> listener) {
    trackListener = listener;
  }

  // ------------------------------------------------------------------ state getters

  public SignalingState signalingState() {
    return signalingState;
  }

  public IceGatheringState iceGatheringState() {
    return iceGatheringState;
  }

  public IceConnectionState iceConnectionState() {
    return iceConnectionState;
  }

  public PeerConnectionState connectionState() {
    return connectionState;
  }

  /** The pending local description if any, else the current one, with the candidates gathered so far. */
  public Description localDescription() {
    Description d = pendingLocal != null ? pendingLocal : currentLocal;
    return d == null ? null : new Description(d.type(), withCandidates(d.sdp()));
  }

  public Description currentLocalDescription() {
    Description d = currentLocal;
    return d == null ? null : new Description(d.type(), withCandidates(d.sdp()));
  }

  public Description pendingLocalDescription() {
    Description d = pendingLocal;
    return d == null ? null : new Description(d.type(), withCandidates(d.sdp()));
  }

  public Description remoteDescription() {
    Description d = pendingRemote;
    return d != null ? d : currentRemote;
  }

  public Description currentRemoteDescription() {
    return currentRemote;
  }

  public Description pendingRemoteDescription() {
    return pendingRemote;
  }

  /** Every transceiver, in creation order. */
  public List<RtpTransceiver> getTransceivers() {
    return List.copyOf(transceivers);
  }

  public List<RtpSender> getSenders() {
    List<RtpSender> out = new ArrayList<>();
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (!t.stopped) {
        out.add(t.sender);
      }
    }
    return out;
  }

  public List<RtpReceiver> getReceivers() {
    List<RtpReceiver> out = new ArrayList<>();
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (!t.stopped) {
        out.add(t.receiver);
      }
    }
    return out;
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

  // ------------------------------------------------------------------ transceivers

  /**
   * Adds a local track: reuses a transceiver of the same kind that has no track and was never used
   * to send, else creates a send-receive one. Fires negotiation-needed. May be called from any
   * thread; the transceiver exists when this returns.
   */
  public RtpSender addTrack(MediaStreamTrack track, String... streamIds) {
    Objects.requireNonNull(track, "track");
    checkNotClosed();
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (t.sender.track != null && t.sender.track.id().equals(track.id())) {
        throw new IllegalArgumentException("InvalidAccessError: track " + track.id() + " already has a sender");
      }
    }
    synchronized (transceivers) {
      for (int ti = 0; ti < transceivers.size(); ti++) {
        RtpTransceiver t = transceivers.get(ti);
        if (!t.stopped && t.kind == track.kind() && t.sender.track == null && !t.sentBefore) {
          t.sender.track = track;
          t.sender.streamIds = List.of(streamIds);
          t.direction = t.direction.withSend(true);
          onLoop(this::negotiationChanged);
          return t.sender;
        }
      }
      RtpTransceiver t = new RtpTransceiver(this, track.kind(), Direction.SENDRECV, track, List.of(streamIds));
      t.fromAddTrack = true;
      transceivers.add(t);
      onLoop(this::negotiationChanged);
      return t.sender;
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
    if (sender.track == null) {
      return;
    }
    sender.track = null;
    RtpTransceiver t = sender.transceiver;
    t.direction = t.direction.withSend(false);
    onLoop(this::negotiationChanged);
  }

  /** Adds a transceiver without a track (W3C {@code addTransceiver(kind, {direction})}). */
  public RtpTransceiver addTransceiver(MediaKind kind, Direction direction) {
    checkNotClosed();
    if (direction == Direction.STOPPED) {
      throw new IllegalArgumentException("TypeError: a new transceiver cannot be stopped");
    }
    RtpTransceiver t = new RtpTransceiver(this, kind, direction, null, List.of());
    transceivers.add(t);
    onLoop(this::negotiationChanged);
    return t;
  }

  /** Adds a transceiver sending {@code track}. */
  public RtpTransceiver addTransceiver(MediaStreamTrack track, Direction direction, String... streamIds) {
    checkNotClosed();
    RtpTransceiver t = new RtpTransceiver(this, track.kind(), direction, track, List.of(streamIds));
    transceivers.add(t);
    onLoop(this::negotiationChanged);
    return t;
  }

  void setDirection(RtpTransceiver t, Direction d) {
    checkNotClosed();
    if (t.direction != d) {
      t.direction = d;
      onLoop(this::negotiationChanged);
    }
  }

  void stopTransceiver(RtpTransceiver t) {
    onLoop(() -> {
      if (!t.stopped) {
        t.stopped = true;
        t.currentDirection = Direction.STOPPED;
        negotiationChanged();
      }
    });
  }

  void checkCodecPreferences(MediaKind kind, List<RtpCodec> codecs) {
    List<RtpCodec> caps = getSenderCapabilities(kind);
    for (RtpCodec c : codecs) {
      boolean ok = false;
      for (RtpCodec cap : caps) {
        if (cap.mimeType().equalsIgnoreCase(c.mimeType()) && cap.clockRate() == c.clockRate()) {
          ok = true;
        }
      }
      if (!ok) {
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
    return call(() -> {
      requireOpen();
      if (signalingState != SignalingState.STABLE && signalingState != SignalingState.HAVE_LOCAL_OFFER) {
        throw new IllegalStateException("InvalidStateError: createOffer in state " + signalingState.w3cName());
      }
      return doCreateOffer(options.iceRestart() || restartRequested);
    });
  }

  /** Creates an answer to the remote offer (JSEP §5.3). */
  public CompletableFuture<Description> createAnswer() {
    return call(() -> {
      requireOpen();
      if (signalingState != SignalingState.HAVE_REMOTE_OFFER && signalingState != SignalingState.HAVE_LOCAL_PRANSWER) {
        throw new IllegalStateException("InvalidStateError: createAnswer in state " + signalingState.w3cName());
      }
      return doCreateAnswer();
    });
  }

  /**
   * Applies a local description (offer, answer, pranswer or rollback). Applying the first one
   * binds the sockets and starts gathering.
   */
  public CompletableFuture<Void> setLocalDescription(Description description) {
    Objects.requireNonNull(description, "description");
    return call(() -> {
      requireOpen();
      applyLocal(description);
      return null;
    });
  }

  /**
   * The implicit form (W3C "perfect negotiation"): creates and applies an offer in stable or
   * have-local-offer, an answer in have-remote-offer or have-local-pranswer.
   */
  public CompletableFuture<Void> setLocalDescription() {
    return call(() -> {
      requireOpen();
      Description d;
      if (signalingState == SignalingState.STABLE || signalingState == SignalingState.HAVE_LOCAL_OFFER) {
        d = doCreateOffer(restartRequested);
      } else {
        d = doCreateAnswer();
      }
      applyLocal(d);
      return null;
    });
  }

  /** Applies a remote description (offer, answer, pranswer or rollback). */
  public CompletableFuture<Void> setRemoteDescription(Description description) {
    Objects.requireNonNull(description, "description");
    return call(() -> {
      requireOpen();
      applyRemote(description);
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
      requireOpen();
      if (remoteDescription() == null) {
        throw new IllegalStateException("InvalidStateError: addIceCandidate without a remote description");
      }
      if (candidate.sdpMid() == null && candidate.sdpMLineIndex() == null && !candidate.isEndOfCandidates()) {
        throw new IllegalArgumentException("TypeError: a candidate needs sdpMid or sdpMLineIndex");
      }
      if (candidate.isEndOfCandidates()) {
        ice.setRemoteEndOfCandidates();
        return null;
      }
      String line = candidate.candidate();
      if (line.startsWith("a=")) {
        line = line.substring(2);
      }
      if (!line.startsWith("candidate:")) {
        line = "candidate:" + line;
      }
      Candidate c;
      try {
        c = Candidate.parse(line);
      } catch (CandidateParseException e) {
        throw new IllegalArgumentException("OperationError: bad candidate: " + e.getMessage(), e);
      }
      if (c.ufrag() != null && remoteCredentials != null && !c.ufrag().equals(remoteCredentials.ufrag())) {
        return null; // a candidate of an older generation (W3C: ignored)
      }
      ice.addRemoteCandidate(c);
      return null;
    });
  }

  /**
   * Asks for an ICE restart: the next offer carries new credentials (W3C {@code restartIce()}).
   * Fires negotiation-needed.
   */
  public void restartIce() {
    onLoop(() -> {
      if (!closed) {
        restartRequested = true;
        negotiationChanged();
      }
    });
  }

  private Description doCreateOffer(boolean iceRestart) {
    if (iceRestart) {
      pendingCredentials = IceCredentials.random(random);
    }
    int nextMid = 0;
    for (Object o : mLines) {
      String mid = o instanceof RtpTransceiver t ? t.mid : ((Rejected) o).mid;
      try {
        nextMid = Math.max(nextMid, Integer.parseInt(mid) + 1);
      } catch (NumberFormatException ignored) {
        // a remote peer's non-numeric MID
      }
    }
    // JSEP §5.2.2: transceivers without an m-line get one, re-using rejected slots is not done here.
    List<Object> sections = new ArrayList<>(mLines);
    List<String> newMids = new ArrayList<>();
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (t.mLineIndex < 0 && !t.stopped) {
        String mid = t.mid != null ? t.mid : String.valueOf(nextMid++);
        newMids.add(mid);
        sections.add(new PendingSection(t, mid));
      }
    }
    IceCredentials creds = pendingCredentials != null ? pendingCredentials : localCredentials;
    StringBuilder sb = sessionHeader(sections);
    for (Object o : sections) {
      if (o instanceof PendingSection p) {
        appendOfferSection(sb, p.t, p.mid, creds);
      } else if (o instanceof RtpTransceiver t) {
        if (t.stopped) {
          appendRejected(sb, t.kind.sdpName(), MediaDescription.PROTO_RTP, t.negotiated.isEmpty() ? "0"
              : String.valueOf(t.negotiated.get(0).payloadType()), t.mid);
        } else {
          appendOfferSection(sb, t, t.mid, creds);
        }
      } else {
        Rejected r = (Rejected) o;
        appendRejected(sb, r.kind, r.proto, r.formats, r.mid);
      }
    }
    changesAtOffer = changes;
    lastOffer = Description.offer(sb.toString());
    return lastOffer;
  }

  /** A transceiver given an m-line by an offer that is not applied yet. */
  private record PendingSection(RtpTransceiver t, String mid) {}

  private StringBuilder sessionHeader(List<Object> sections) {
    StringBuilder sb = new StringBuilder(2048);
    sb.append("v=0\r\n");
    sb.append("o=rtc4j ").append(sessionId).append(' ').append(sessionVersion++).append(" IN IP4 127.0.0.1\r\n");
    sb.append("s=-\r\n");
    sb.append("t=0 0\r\n");
    StringBuilder bundle = new StringBuilder("a=group:BUNDLE");
    for (Object o : sections) {
      if (o instanceof PendingSection p) {
        bundle.append(' ').append(p.mid);
      } else if (o instanceof RtpTransceiver t && !t.stopped) {
        bundle.append(' ').append(t.mid);
      }
    }
    sb.append(bundle).append("\r\n");
    sb.append("a=msid-semantic: WMS *\r\n");
    return sb;
  }

  private List<CodecParams> localCodecs(RtpTransceiver t) {
    List<CodecParams> all = CodecParams.local(t.kind == MediaKind.AUDIO);
    List<RtpCodec> prefs = t.codecPreferences;
    if (prefs.isEmpty()) {
      return all;
    }
    List<CodecParams> out = new ArrayList<>();
    for (RtpCodec p : prefs) {
      for (CodecParams c : all) {
        if (c.codec().encodingName().equalsIgnoreCase(p.encodingName()) && !out.contains(c)
            && (p.sdpFmtpLine().isEmpty() || p.sdpFmtpLine().equals(c.fmtpLine()))) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private void appendOfferSection(StringBuilder sb, RtpTransceiver t, String mid, IceCredentials creds) {
    List<CodecParams> codecs = !t.negotiated.isEmpty() && t.codecPreferences.isEmpty() ? t.negotiated : localCodecs(t);
    String setup = dtlsRole == null ? "actpass" : dtlsRole == DtlsRole.CLIENT ? "active" : "passive";
    appendSection(sb, t, mid, codecs, t.direction, creds, setup, midExtId);
  }

  private void appendRejected(StringBuilder sb, String kind, String proto, String formats, String mid) {
    sb.append("m=").append(kind).append(" 0 ").append(proto).append(' ').append(formats).append("\r\n");
    sb.append("c=IN IP4 0.0.0.0\r\n");
    if (mid != null) {
      sb.append("a=mid:").append(mid).append("\r\n");
    }
    sb.append("a=inactive\r\n");
  }

  private void appendSection(StringBuilder sb, RtpTransceiver t, String mid, List<CodecParams> codecs,
      Direction direction, IceCredentials creds, String setup, int extId) {
    StringBuilder fmts = new StringBuilder();
    for (CodecParams c : codecs) {
      fmts.append(' ').append(c.payloadType());
      if (c.rtxPayloadType() >= 0) {
        fmts.append(' ').append(c.rtxPayloadType());
      }
    }
    sb.append("m=").append(t.kind.sdpName()).append(" 9 UDP/TLS/RTP/SAVPF").append(fmts).append("\r\n");
    sb.append("c=IN IP4 0.0.0.0\r\n");
    sb.append("a=rtcp:9 IN IP4 0.0.0.0\r\n");
    sb.append("a=ice-ufrag:").append(creds.ufrag()).append("\r\n");
    sb.append("a=ice-pwd:").append(creds.password()).append("\r\n");
    sb.append("a=ice-options:trickle\r\n");
    sb.append("a=fingerprint:").append(certificate.fingerprint()).append("\r\n");
    sb.append("a=setup:").append(setup).append("\r\n");
    sb.append("a=mid:").append(mid).append("\r\n");
    if (extId > 0) {
      sb.append("a=extmap:").append(extId).append(' ').append(MID_URI).append("\r\n");
    }
    sb.append("a=").append(direction.sdpName()).append("\r\n");
    MediaStreamTrack track = t.sender.track;
    String streamId = t.sender.streamIds.isEmpty() ? "-" : t.sender.streamIds.get(0);
    if (track != null && direction.sends()) {
      for (String s : t.sender.streamIds.isEmpty() ? List.of("-") : t.sender.streamIds) {
        sb.append("a=msid:").append(s).append(' ').append(track.id()).append("\r\n");
      }
    }
    sb.append("a=rtcp-mux\r\n");
    sb.append("a=rtcp-rsize\r\n");
    boolean rtx = false;
    for (CodecParams c : codecs) {
      sb.append("a=rtpmap:").append(c.payloadType()).append(' ').append(c.codec().encodingName()).append('/')
          .append(c.codec().clockRate());
      if (c.codec() == Codec.OPUS) {
        sb.append("/2");
      }
      sb.append("\r\n");
      for (String fb : c.feedback()) {
        sb.append("a=rtcp-fb:").append(c.payloadType()).append(' ').append(fb).append("\r\n");
      }
      if (!c.fmtp().isEmpty()) {
        sb.append("a=fmtp:").append(c.payloadType()).append(' ').append(c.fmtpLine()).append("\r\n");
      }
      if (c.rtxPayloadType() >= 0) {
        rtx = true;
        sb.append("a=rtpmap:").append(c.rtxPayloadType()).append(" rtx/").append(c.codec().clockRate()).append("\r\n");
        sb.append("a=fmtp:").append(c.rtxPayloadType()).append(" apt=").append(c.payloadType()).append("\r\n");
      }
    }
    if (track != null && direction.sends()) {
      SendStream s = t.sender.stream;
      if (rtx) {
        sb.append("a=ssrc-group:FID ").append(s.ssrc).append(' ').append(s.rtxSsrc).append("\r\n");
      }
      sb.append("a=ssrc:").append(s.ssrc).append(" cname:").append(cname).append("\r\n");
      sb.append("a=ssrc:").append(s.ssrc).append(" msid:").append(streamId).append(' ').append(track.id()).append("\r\n");
      if (rtx) {
        sb.append("a=ssrc:").append(s.rtxSsrc).append(" cname:").append(cname).append("\r\n");
        sb.append("a=ssrc:").append(s.rtxSsrc).append(" msid:").append(streamId).append(' ').append(track.id())
            .append("\r\n");
      }
    }
  }

  private Description doCreateAnswer() {
    SessionDescription offer = remoteParsed;
    IceCredentials creds = pendingCredentials != null ? pendingCredentials : localCredentials;
    StringBuilder sb = sessionHeader(new ArrayList<>(mLines));
    for (int i = 0; i < mLines.size(); i++) {
      Object o = mLines.get(i);
      MediaDescription m = offer.media().get(i);
      if (o instanceof Rejected r || (o instanceof RtpTransceiver tt && tt.stopped)) {
        String mid = m.mid().orElse(null);
        appendRejected(sb, m.kind(), m.proto(), String.join(" ", m.formats()), mid);
        continue;
      }
      RtpTransceiver t = (RtpTransceiver) o;
      List<CodecParams> codecs = CodecParams.answer(CodecParams.parse(m), localCodecs(t));
      if (codecs.isEmpty()) {
        appendRejected(sb, m.kind(), m.proto(), String.join(" ", m.formats()), t.mid);
        continue;
      }
      Direction offered = remoteDirection(offer, m);
      Direction answerDir = Direction.of(t.direction.sends() && offered.receives(),
          t.direction.receives() && offered.sends());
      String setup = dtlsRole != null ? (dtlsRole == DtlsRole.CLIENT ? "active" : "passive")
          : answerSetup(offer, m);
      appendSection(sb, t, t.mid, codecs, answerDir, creds, setup, remoteMidExtId);
    }
    lastAnswer = Description.answer(sb.toString());
    return lastAnswer;
  }

  private static String answerSetup(SessionDescription s, MediaDescription m) {
    String offered = m.setup().or(s::setup).map(x -> x.sdp()).orElse("actpass");
    try {
      return DtlsSetup.answerTo(DtlsSetup.parse(offered)).sdpValue();
    } catch (DtlsException e) {
      throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
    }
  }

  private static Direction remoteDirection(SessionDescription s, MediaDescription m) {
    org.rtc4j.sdp.Direction d = m.direction().or(s::direction).orElse(org.rtc4j.sdp.Direction.SENDRECV);
    return Direction.fromSdp(d.sdp());
  }

  private void applyLocal(Description d) {
    switch (d.type()) {
      case ROLLBACK:
        if (signalingState != SignalingState.HAVE_LOCAL_OFFER) {
          throw new IllegalStateException("InvalidStateError: rollback of a local description in state "
              + signalingState.w3cName());
        }
        pendingLocal = null;
        pendingCredentials = null;
        // transceivers that got an m-line only from the rolled-back offer lose their MID again
        for (int ti = 0; ti < transceivers.size(); ti++) {
          RtpTransceiver t = transceivers.get(ti);
          if (t.mLineIndex < 0) {
            t.mid = null;
          }
        }
        setSignaling(SignalingState.STABLE);
        return;
      case OFFER:
        if (signalingState != SignalingState.STABLE && signalingState != SignalingState.HAVE_LOCAL_OFFER) {
          throw new IllegalStateException("InvalidStateError: setLocalDescription(offer) in state "
              + signalingState.w3cName());
        }
        if (lastOffer == null || !lastOffer.sdp().equals(d.sdp())) {
          throw new IllegalStateException(
              "InvalidModificationError: the offer was not created by the last createOffer()");
        }
        commitOfferSections();
        pendingLocal = d;
        if (pendingCredentials != null && !pendingCredentials.equals(localCredentials)) {
          localCredentials = pendingCredentials;
          if (ice != null) {
            ice.restart(localCredentials);
            remoteCredentials = null;
          }
        }
        pendingCredentials = null;
        restartRequested = false;
        ensureIce(IceRole.CONTROLLING);
        setSignaling(SignalingState.HAVE_LOCAL_OFFER);
        return;
      case ANSWER:
      case PRANSWER:
        if (signalingState != SignalingState.HAVE_REMOTE_OFFER
            && signalingState != SignalingState.HAVE_LOCAL_PRANSWER) {
          throw new IllegalStateException("InvalidStateError: setLocalDescription(" + d.type().w3cName()
              + ") in state " + signalingState.w3cName());
        }
        if (lastAnswer == null || !lastAnswer.sdp().equals(d.sdp())) {
          throw new IllegalStateException(
              "InvalidModificationError: the answer was not created by the last createAnswer()");
        }
        SessionDescription answer = parse(d.sdp());
        if (pendingCredentials != null) {
          localCredentials = pendingCredentials;
          pendingCredentials = null;
        }
        applyNegotiated(answer, remoteParsed, false);
        if (dtlsRole == null) {
          MediaDescription first = firstActive(answer);
          try {
            dtlsRole = DtlsRole.of(DtlsSetup.parse(first.setup().or(answer::setup).map(x -> x.sdp()).orElse("active")));
          } catch (DtlsException e) {
            throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
          }
        }
        ensureIce(IceRole.CONTROLLED);
        if (d.type() == Description.Type.ANSWER) {
          currentLocal = d;
          currentRemote = pendingRemote;
          pendingLocal = null;
          pendingRemote = null;
          setSignaling(SignalingState.STABLE);
        } else {
          pendingLocal = d;
          setSignaling(SignalingState.HAVE_LOCAL_PRANSWER);
        }
        maybeStartDtls();
        return;
      default:
        throw new IllegalArgumentException("TypeError: unknown description type " + d.type());
    }
  }

  /** Transceivers that got an m-line in the offer keep it from now on. */
  private void commitOfferSections() {
    int nextMid = 0;
    for (Object o : mLines) {
      String mid = o instanceof RtpTransceiver t ? t.mid : ((Rejected) o).mid;
      try {
        nextMid = Math.max(nextMid, Integer.parseInt(mid) + 1);
      } catch (NumberFormatException ignored) {
        // non-numeric
      }
    }
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (t.mLineIndex < 0 && !t.stopped) {
        if (t.mid == null) {
          t.mid = String.valueOf(nextMid++);
        }
        t.mLineIndex = mLines.size();
        mLines.add(t);
      }
    }
  }

  private MediaDescription firstActive(SessionDescription s) {
    for (MediaDescription m : s.media()) {
      if (!m.isRejected()) {
        return m;
      }
    }
    throw new IllegalArgumentException("OperationError: every media section is rejected");
  }

  private static SessionDescription parse(String sdp) {
    try {
      return SessionDescription.parse(sdp);
    } catch (SdpParseException e) {
      throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
    }
  }

  private void applyRemote(Description d) {
    if (d.type() == Description.Type.ROLLBACK) {
      if (signalingState != SignalingState.HAVE_REMOTE_OFFER) {
        throw new IllegalStateException("InvalidStateError: rollback of a remote description in state "
            + signalingState.w3cName());
      }
      pendingRemote = null;
      remoteParsed = currentRemote == null ? null : parse(currentRemote.sdp());
      for (int i = mLines.size() - 1; i >= 0; i--) {
        if (mLines.get(i) instanceof RtpTransceiver t && t.createdByRemoteOffer && t.mLineIndex == i
            && t.currentDirection == null) {
          mLines.remove(i);
          transceivers.remove(t);
        } else if (mLines.get(i) instanceof Rejected && currentRemote == null) {
          mLines.remove(i);
        }
      }
      setSignaling(SignalingState.STABLE);
      return;
    }
    boolean offer = d.type() == Description.Type.OFFER;
    if (offer) {
      if (signalingState != SignalingState.STABLE && signalingState != SignalingState.HAVE_REMOTE_OFFER
          && signalingState != SignalingState.HAVE_LOCAL_OFFER) {
        throw new IllegalStateException("InvalidStateError: setRemoteDescription(offer) in state "
            + signalingState.w3cName());
      }
    } else if (signalingState != SignalingState.HAVE_LOCAL_OFFER
        && signalingState != SignalingState.HAVE_REMOTE_PRANSWER) {
      throw new IllegalStateException("InvalidStateError: setRemoteDescription(" + d.type().w3cName()
          + ") in state " + signalingState.w3cName());
    }
    SessionDescription s = parse(d.sdp());
    if (offer && signalingState == SignalingState.HAVE_LOCAL_OFFER) {
      applyLocal(Description.rollback()); // implicit rollback (W3C perfect negotiation)
    }
    MediaDescription first = firstActive(s);
    String ufrag = first.iceUfrag().or(s::iceUfrag).orElseThrow(
        () -> new IllegalArgumentException("OperationError: the description has no ice-ufrag"));
    String pwd = first.icePwd().or(s::icePwd).orElseThrow(
        () -> new IllegalArgumentException("OperationError: the description has no ice-pwd"));
    IceCredentials creds;
    try {
      creds = new IceCredentials(ufrag, pwd);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
    }
    List<org.rtc4j.sdp.Fingerprint> fps = first.fingerprints().isEmpty() ? s.fingerprints() : first.fingerprints();
    if (fps.isEmpty()) {
      throw new IllegalArgumentException("OperationError: the description has no a=fingerprint");
    }
    List<Fingerprint> fingerprints = new ArrayList<>();
    for (org.rtc4j.sdp.Fingerprint f : fps) {
      try {
        fingerprints.add(Fingerprint.parse(f.hashFunction() + " " + f.fingerprint()));
      } catch (DtlsException e) {
        LOG.debug("ignoring fingerprint {}: {}", f.hashFunction(), e.getMessage());
      }
    }
    if (fingerprints.isEmpty()) {
      throw new IllegalArgumentException("OperationError: no usable a=fingerprint");
    }
    if (!first.rtcpMux()) {
      throw new IllegalArgumentException("OperationError: rtcp-mux is required (RTCRtcpMuxPolicy require)");
    }
    DtlsRole role = null;
    if (!offer && dtlsRole == null) {
      try {
        role = DtlsRole.forOfferer(DtlsSetup.parse(first.setup().or(s::setup).map(x -> x.sdp()).orElse("active")));
      } catch (DtlsException e) {
        throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
      }
    }
    if (offer) {
      matchOfferedSections(s);
    } else {
      if (s.media().size() != mLines.size()) {
        throw new IllegalArgumentException("OperationError: the answer has " + s.media().size()
            + " media sections, the offer " + mLines.size());
      }
      applyNegotiated(s, s, true);
    }
    // From here on nothing can fail: commit.
    remoteParsed = s;
    if (!remoteFingerprintSet) {
      dtls.setRemoteFingerprints(fingerprints);
      remoteFingerprintSet = true;
    }
    if (role != null) {
      dtlsRole = role;
    }
    ensureIce(offer ? IceRole.CONTROLLED : IceRole.CONTROLLING);
    if (remoteCredentials != null && !remoteCredentials.equals(creds)) {
      if (offer) {
        // The peer restarts ICE: so do we, with new credentials in our answer (RFC 8839 §4.4.1.1.1).
        pendingCredentials = IceCredentials.random(random);
        ice.restart(pendingCredentials);
      }
    }
    if (!creds.equals(remoteCredentials)) {
      remoteCredentials = creds;
      ice.setRemoteCredentials(creds, s.iceLite());
    }
    for (MediaDescription m : s.media()) {
      if (m.isRejected()) {
        continue;
      }
      for (String c : m.candidates()) {
        try {
          ice.addRemoteCandidate(Candidate.parse("candidate:" + c));
        } catch (CandidateParseException e) {
          LOG.debug("ignoring remote candidate: {}", e.getMessage());
        }
      }
      if (m.endOfCandidates()) {
        ice.setRemoteEndOfCandidates();
      }
      break; // bundled: the first active section carries the transport
    }
    if (offer) {
      pendingRemote = d;
      setSignaling(SignalingState.HAVE_REMOTE_OFFER);
    } else if (d.type() == Description.Type.ANSWER) {
      currentRemote = d;
      currentLocal = pendingLocal;
      pendingRemote = null;
      pendingLocal = null;
      setSignaling(SignalingState.STABLE);
    } else {
      pendingRemote = d;
      setSignaling(SignalingState.HAVE_REMOTE_PRANSWER);
    }
    fireTracks(s);
    maybeStartDtls();
  }

  /** JSEP §5.10: pairs each offered m-section with a transceiver, creating ones as needed. */
  private void matchOfferedSections(SessionDescription s) {
    if (s.media().size() < mLines.size()) {
      throw new IllegalArgumentException("OperationError: the offer removes media sections");
    }
    for (int i = 0; i < s.media().size(); i++) {
      MediaDescription m = s.media().get(i);
      String mid = m.mid().orElseThrow(() -> new IllegalArgumentException("OperationError: a media section has no a=mid"));
      boolean rtp = (m.kind().equals("audio") || m.kind().equals("video")) && m.proto().contains("RTP");
      if (i < mLines.size()) {
        Object o = mLines.get(i);
        String existing = o instanceof RtpTransceiver t ? t.mid : ((Rejected) o).mid;
        if (!mid.equals(existing)) {
          throw new IllegalArgumentException("OperationError: media section " + i + " changed its MID");
        }
        continue;
      }
      if (!rtp || m.isRejected()) {
        mLines.add(new Rejected(m.kind(), m.proto(), String.join(" ", m.formats()), mid));
        continue;
      }
      MediaKind kind = m.kind().equals("audio") ? MediaKind.AUDIO : MediaKind.VIDEO;
      RtpTransceiver match = null;
      for (int ti = 0; ti < transceivers.size(); ti++) {
        RtpTransceiver t = transceivers.get(ti);
        if (t.mLineIndex < 0 && !t.stopped && t.kind == kind && t.fromAddTrack) {
          match = t;
          break;
        }
      }
      if (match == null) {
        match = new RtpTransceiver(this, kind, Direction.RECVONLY, null, List.of());
        match.createdByRemoteOffer = true;
        transceivers.add(match);
      }
      match.mid = mid;
      match.mLineIndex = i;
      mLines.add(match);
    }
    for (ExtMap x : firstActive(s).extMaps()) {
      if (x.uri().equals(MID_URI)) {
        remoteMidExtId = x.id();
      }
    }
    if (remoteMidExtId > 0) {
      midExtId = remoteMidExtId;
    }
  }

  /**
   * Applies a completed negotiation: codecs, directions, SSRCs. {@code answer} holds the final
   * codecs and directions; {@code remote} the peer's SSRCs and track ids.
   */
  private void applyNegotiated(SessionDescription answer, SessionDescription remote, boolean remoteIsAnswer) {
    for (int i = 0; i < mLines.size(); i++) {
      if (!(mLines.get(i) instanceof RtpTransceiver t) || i >= answer.media().size()) {
        continue;
      }
      MediaDescription m = answer.media().get(i);
      if (m.isRejected()) {
        t.currentDirection = t.stopped ? Direction.STOPPED : Direction.INACTIVE;
        t.negotiated = List.of();
        continue;
      }
      List<CodecParams> codecs = CodecParams.accepted(CodecParams.parse(m), CodecParams.local(t.kind == MediaKind.AUDIO));
      t.negotiated = codecs;
      Direction answered = remoteDirection(answer, m);
      t.currentDirection = remoteIsAnswer ? answered.reverse() : answered;
      if (t.currentDirection.sends()) {
        t.sentBefore = true;
      }
      for (ExtMap x : m.extMaps()) {
        if (x.uri().equals(MID_URI)) {
          remoteMidExtId = x.id();
          midExtId = x.id();
        }
      }
      if (remoteIsAnswer && m.extMaps().stream().noneMatch(x -> x.uri().equals(MID_URI))) {
        midExtId = -1;
      }
    }
  }

  /** Learns remote SSRCs and track ids, and fires onTrack for sections the peer now sends on. */
  private void fireTracks(SessionDescription s) {
    for (int i = 0; i < mLines.size() && i < s.media().size(); i++) {
      if (!(mLines.get(i) instanceof RtpTransceiver t)) {
        continue;
      }
      MediaDescription m = s.media().get(i);
      if (m.isRejected()) {
        continue;
      }
      ReceiveStream rs = t.receiver.stream;
      List<Msid> msids = m.msids();
      List<String> streams = new ArrayList<>();
      String trackId = null;
      for (Msid x : msids) {
        if (!x.streamId().equals("-")) {
          streams.add(x.streamId());
        }
        if (x.trackId() != null) {
          trackId = x.trackId();
        }
      }
      long fidRtx = -1;
      long fidMedia = -1;
      for (SsrcGroup g : m.ssrcGroups()) {
        if (g.semantics().equals("FID") && g.ssrcs().size() == 2) {
          fidMedia = g.ssrcs().get(0);
          fidRtx = g.ssrcs().get(1);
        }
      }
      long mediaSsrc = fidMedia;
      for (Ssrc x : m.ssrcs()) {
        if (mediaSsrc < 0) {
          mediaSsrc = x.ssrc();
        }
        if (trackId == null && x.attribute().equals("msid") && x.value() != null) {
          String[] parts = x.value().trim().split(" ");
          if (parts.length == 2) {
            trackId = parts[1];
            if (!parts[0].equals("-")) {
              streams.add(parts[0]);
            }
          }
        }
      }
      if (mediaSsrc >= 0) {
        rs.ssrc = mediaSsrc;
      }
      if (fidRtx >= 0) {
        rs.rtxSsrc = fidRtx;
      }
      boolean sends = remoteDirection(s, m).sends();
      if (sends && !t.trackFired) {
        t.trackFired = true;
        rs.trackId = trackId != null ? trackId : java.util.UUID.randomUUID().toString();
        rs.streamIds = streams;
        Consumer<TrackEvent> l = trackListener;
        if (l != null) {
          TrackEvent e = new TrackEvent(t.receiver, t, rs.trackId, t.kind, streams);
          safely(() -> l.accept(e), "onTrack");
        }
      } else if (!sends) {
        t.trackFired = false;
      }
    }
  }

  private void setSignaling(SignalingState s) {
    if (signalingState == s) {
      return;
    }
    signalingState = s;
    Consumer<SignalingState> l = signalingListener;
    if (l != null) {
      safely(() -> l.accept(s), "onSignalingStateChange");
    }
    if (s == SignalingState.STABLE && changes != changesAtOffer && changesAtOffer >= 0) {
      negotiationChanged();
    }
  }

  private void negotiationChanged() {
    if (closed) {
      return;
    }
    changes++;
    if (signalingState != SignalingState.STABLE || negotiationNeededQueued) {
      return;
    }
    negotiationNeededQueued = true;
    loop.execute(() -> {
      negotiationNeededQueued = false;
      Runnable l = negotiationNeededListener;
      if (!closed && signalingState == SignalingState.STABLE && l != null) {
        safely(l, "onNegotiationNeeded");
      }
    });
  }

  // ------------------------------------------------------------------ transport

  private void ensureIce(IceRole role) {
    if (ice != null) {
      if (!gatheringStarted) {
        startGathering();
      }
      return;
    }
    List<InetSocketAddress> stun = new ArrayList<>();
    for (IceServer server : config.iceServers()) {
      for (String url : server.urls()) {
        IceServer.Url u = IceServer.parse(url);
        if (u.isStun() && config.iceTransportPolicy() == IceTransportPolicy.ALL) {
          InetSocketAddress a = u.resolve();
          if (!a.isUnresolved()) {
            stun.add(a);
          }
        }
      }
    }
    IceConfig.Builder b = IceConfig.builder()
        .ta(config.iceCheckInterval())
        .nominationDelay(config.nominationDelay())
        .stunServers(stun)
        .interfaceFilter(config.interfaceFilter())
        .addressFilter(config.iceTransportPolicy() == IceTransportPolicy.RELAY ? a -> false : config.addressFilter())
        .includeLoopback(config.includeLoopback())
        .ipv6(config.ipv6())
        .random(random);
    if (config.minPort() > 0) {
      b.portRange(config.minPort(), config.maxPort());
    }
    ice = new IceTransport(loop, b.build(), localCredentials, role, this::onIceEvent);
    ice.onDtls(this::onDtlsDatagram);
    ice.onRtp(this::onRtpDatagram);
    startGathering();
  }

  private void startGathering() {
    if (gatheringStarted) {
      return;
    }
    gatheringStarted = true;
    ice.start().whenComplete((addrs, err) -> {
      if (err != null) {
        LOG.warn("gathering failed: {}", err.toString());
        loop.execute(() -> setIceConnection(IceConnectionState.FAILED));
      }
    });
  }

  private void onIceEvent(IceEvent e) {
    if (closed) {
      return;
    }
    if (e instanceof IceEvent.LocalCandidate c) {
      String line = c.candidate().toString();
      localCandidates.add(line);
      Consumer<IceCandidate> l = iceCandidateListener;
      if (l != null) {
        String mid = firstMid();
        IceCandidate ic = new IceCandidate(line, mid, 0);
        safely(() -> l.accept(ic), "onIceCandidate");
      }
    } else if (e instanceof IceEvent.GatheringStateChanged g) {
      IceGatheringState s = IceGatheringState.valueOf(g.state().name());
      if (s == IceGatheringState.GATHERING) {
        gatheringComplete = false;
      }
      if (s != iceGatheringState) {
        iceGatheringState = s;
        Consumer<IceGatheringState> l = gatheringListener;
        if (l != null) {
          safely(() -> l.accept(s), "onIceGatheringStateChange");
        }
      }
      if (s == IceGatheringState.COMPLETE) {
        gatheringComplete = true;
        Consumer<IceCandidate> l = iceCandidateListener;
        if (l != null) {
          safely(() -> l.accept(null), "onIceCandidate");
        }
      }
    } else if (e instanceof IceEvent.StateChanged s) {
      setIceConnection(IceConnectionState.valueOf(s.state().name()));
      maybeStartDtls();
    } else if (e instanceof IceEvent.SelectedPair p) {
      selectedPair = p.pair();
      LOG.debug("selected pair {}", p.pair());
      maybeStartDtls();
    }
    drain();
  }

  private String firstMid() {
    for (Object o : mLines) {
      if (o instanceof RtpTransceiver t && !t.stopped) {
        return t.mid;
      }
    }
    return "0";
  }

  private void setIceConnection(IceConnectionState s) {
    if (s == iceConnectionState) {
      return;
    }
    iceConnectionState = s;
    Consumer<IceConnectionState> l = iceConnectionListener;
    if (l != null) {
      safely(() -> l.accept(s), "onIceConnectionStateChange");
    }
    updateConnectionState();
  }

  private void updateConnectionState() {
    PeerConnectionState s;
    IceConnectionState i = iceConnectionState;
    DtlsEndpoint.State d = dtls.state();
    if (closed) {
      s = PeerConnectionState.CLOSED;
    } else if (i == IceConnectionState.FAILED || d == DtlsEndpoint.State.FAILED) {
      s = PeerConnectionState.FAILED;
    } else if (i == IceConnectionState.DISCONNECTED) {
      s = PeerConnectionState.DISCONNECTED;
    } else if ((i == IceConnectionState.CONNECTED || i == IceConnectionState.COMPLETED) && dtlsConnected) {
      s = PeerConnectionState.CONNECTED;
    } else if (i == IceConnectionState.NEW && d == DtlsEndpoint.State.NEW) {
      s = PeerConnectionState.NEW;
    } else {
      s = PeerConnectionState.CONNECTING;
    }
    if (s != connectionState) {
      connectionState = s;
      LOG.debug("connection state {}", s);
      Consumer<PeerConnectionState> l = connectionListener;
      if (l != null) {
        safely(() -> l.accept(s), "onConnectionStateChange");
      }
    }
  }

  private void maybeStartDtls() {
    if (closed || dtlsRole == null || dtls.state() != DtlsEndpoint.State.NEW) {
      return;
    }
    boolean iceUp = ice != null && ice.agent().selectedPair() != null;
    if (dtlsRole == DtlsRole.SERVER || iceUp) {
      dtls.start(loop.clock().nanoTime(), dtlsRole);
      LOG.debug("DTLS started as {}", dtlsRole);
      updateConnectionState();
      drain();
    }
  }

  private void onDtlsDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
    if (closed) {
      return;
    }
    dtls.handleDatagram(loop.clock().nanoTime(), buf, off, len);
    drain();
  }

  private void drainOnLoop() {
    if (!closed) {
      drain();
    }
  }

  /** Sends what DTLS has, dispatches its events, re-arms the timer. */
  private void drain() {
    if (closed) {
      return;
    }
    for (byte[] d; (d = dtls.pollTransmit()) != null; ) {
      if (ice != null) {
        ice.send(d, 0, d.length);
      }
    }
    for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) {
      if (e instanceof DtlsEvent.Connected c) {
        srtpProfile = SrtpProfile.fromId(c.profile().id());
        SrtpKeyingMaterial km = SrtpKeyingMaterial.split(srtpProfile, c.keyingMaterial().exported());
        SrtpRole role = dtlsRole == DtlsRole.CLIENT ? SrtpRole.CLIENT : SrtpRole.SERVER;
        srtpOut = km.outbound(role);
        srtpIn = km.inbound(role);
        dtlsConnected = true;
        long now = loop.clock().nanoTime();
        nextTick = now + TICK_NANOS;
        nextRtcp = now + rtcpInterval();
        LOG.debug("DTLS connected, SRTP profile {}", srtpProfile);
        updateConnectionState();
        for (byte[] p; (p = early.poll()) != null && srtpIn != null; ) {
          handleSrtp(p, 0, p.length);
        }
      } else if (e instanceof DtlsEvent.Failed f) {
        LOG.warn("DTLS failed: {} {}", f.reason(), f.message());
        updateConnectionState();
      } else if (e instanceof DtlsEvent.Closed c) {
        LOG.debug("DTLS closed (by peer: {})", c.byPeer());
        if (c.byPeer()) {
          dtlsConnected = false;
          srtpOut = null;
          srtpIn = null;
          connectionState = PeerConnectionState.CLOSED;
          Consumer<PeerConnectionState> l = connectionListener;
          if (l != null) {
            safely(() -> l.accept(PeerConnectionState.CLOSED), "onConnectionStateChange");
          }
        }
      }
    }
    rearm();
  }

  private long rtcpInterval() {
    // RFC 3550 §6.3.1: randomized over [0.5, 1.5] of the interval; 1 s as WebRTC stacks use.
    return (long) ((0.5 + random.nextDouble()) * 1_000_000_000L);
  }

  private void rearm() {
    long deadline = dtls.pollTimeout();
    if (dtlsConnected) {
      deadline = Math.min(deadline, Math.min(nextTick, nextRtcp));
      for (int ti = 0; ti < transceivers.size(); ti++) {
        RtpTransceiver t = transceivers.get(ti);
        FrameAssembler a = t.receiver.stream.assembler;
        if (a != null) {
          deadline = Math.min(deadline, a.pollTimeout());
        }
      }
    }
    if (deadline == armedDeadline && timer != null) {
      return;
    }
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
    armedDeadline = deadline;
    if (deadline != Long.MAX_VALUE) {
      timer = loop.schedule(Math.max(deadline, loop.clock().nanoTime()), this::onTimer);
    }
  }

  private void onTimer() {
    timer = null;
    armedDeadline = Long.MAX_VALUE;
    if (closed) {
      return;
    }
    long now = loop.clock().nanoTime();
    dtls.handleTimeout(now);
    if (dtlsConnected) {
      for (int ti = 0; ti < transceivers.size(); ti++) {
        RtpTransceiver t = transceivers.get(ti);
        pollFrames(t, now);
      }
      if (now >= nextTick) {
        nextTick = now + TICK_NANOS;
        for (int ti = 0; ti < transceivers.size(); ti++) {
          RtpTransceiver t = transceivers.get(ti);
          sendNacks(t, now);
        }
      }
      if (now >= nextRtcp) {
        nextRtcp = now + rtcpInterval();
        sendReports(now);
      }
    }
    drain();
  }

  // ------------------------------------------------------------------ media out

  void sendFrame(RtpSender sender, EncodedFrame frame) {
    Objects.requireNonNull(frame, "frame");
    onLoop(() -> doSendFrame(sender, frame));
  }

  private void doSendFrame(RtpSender sender, EncodedFrame frame) {
    RtpTransceiver t = sender.transceiver;
    SendStream s = sender.stream;
    if (closed || srtpOut == null || sender.track == null || t.stopped || t.currentDirection == null
        || !t.currentDirection.sends()) {
      s.framesDropped++;
      return;
    }
    CodecParams codec = null;
    for (CodecParams c : t.negotiated) {
      if (c.codec() == frame.codec()) {
        codec = c;
        break;
      }
    }
    if (codec == null) {
      s.framesDropped++;
      return;
    }
    byte[] mid = t.midBytes();
    int headerLen = Rtp.HEADER_SIZE + (midExtId > 0 ? Rtp.midExtensionSize(mid.length) : 0);
    int maxPayload = config.mtu() - headerLen - SRTP_TAG_ROOM - 2; // 2: the RTX OSN
    Packetizer p = s.packetizer(frame.codec(), maxPayload);
    try {
      p.packetize(frame.data(), 0, frame.data().length, frame.rtpTimestamp());
    } catch (MediaFormatException e) {
      LOG.debug("cannot packetize a {} frame: {}", frame.codec(), e.getMessage());
      s.framesDropped++;
      return;
    }
    long now = loop.clock().nanoTime();
    while (p.hasNext()) {
      int payloadLen = p.next(out, headerLen);
      int seq = s.seq;
      s.seq = (s.seq + 1) & 0xFFFF;
      Rtp.writeHeader(out, 0, p.marker(), codec.payloadType(), seq, p.timestamp(), s.ssrc, midExtId, mid);
      int len = headerLen + payloadLen;
      if (codec.nack() && !codec.codec().isAudio()) {
        s.remember(seq, out, 0, len);
      }
      s.packetsSent++;
      s.payloadBytesSent += payloadLen;
      s.headerBytesSent += headerLen;
      s.lastRtpTimestamp = p.timestamp();
      s.lastPayloadType = codec.payloadType();
      sendRtp(out, len);
    }
    s.lastSendNanos = now;
    s.framesSent++;
    if (frame.keyframe() && !frame.codec().isAudio()) {
      s.keyFramesSent++;
    }
  }

  /** Protects {@code out[0, len)} in place and sends it. */
  private void sendRtp(byte[] buf, int len) {
    int n = srtpOut.protectRtp(buf, 0, len);
    if (n > 0) {
      ice.send(buf, 0, n);
    }
  }

  private void sendRtcp(byte[] buf, int len) {
    if (srtpOut == null) {
      return;
    }
    int n = srtpOut.protectRtcp(buf, 0, len);
    if (n > 0) {
      ice.send(buf, 0, n);
    }
  }

  private void retransmit(SendStream s, RtpTransceiver t, int seq) {
    int slot = s.find(seq);
    if (slot < 0) {
      return;
    }
    byte[] pkt = s.history[slot];
    int len = s.historyLen[slot];
    int pt = Rtp.payloadType(pkt, 0);
    int rtxPt = -1;
    for (CodecParams c : t.negotiated) {
      if (c.payloadType() == pt) {
        rtxPt = c.rtxPayloadType();
      }
    }
    int n;
    if (rtxPt >= 0) {
      int hl = Rtp.headerLength(pkt, 0, len);
      int headerLen = Rtp.writeHeader(out, 0, Rtp.marker(pkt, 0), rtxPt, s.rtxSeq, Rtp.timestamp(pkt, 0), s.rtxSsrc,
          midExtId, t.midBytes());
      s.rtxSeq = (s.rtxSeq + 1) & 0xFFFF;
      Rtp.putU16(out, headerLen, seq);
      System.arraycopy(pkt, hl, out, headerLen + 2, len - hl);
      n = headerLen + 2 + len - hl;
    } else {
      System.arraycopy(pkt, 0, out, 0, len);
      n = len;
    }
    s.retransmittedPacketsSent++;
    s.retransmittedBytesSent += n;
    sendRtp(out, n);
  }

  void requestKeyFrame(RtpReceiver receiver) {
    onLoop(() -> sendPli(receiver.transceiver, loop.clock().nanoTime(), true));
  }

  private void sendPli(RtpTransceiver t, long now, boolean force) {
    ReceiveStream rs = t.receiver.stream;
    if (srtpOut == null || rs.ssrc < 0 || (!force && now - rs.lastPliNanos < 200_000_000L)) {
      return;
    }
    rs.lastPliNanos = now;
    rs.pliCount++;
    int n = Rtcp.writePli(rtcpBuf, 0, localSsrc(), rs.ssrc);
    sendRtcp(rtcpBuf, n);
  }

  private long localSsrc() {
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (t.sender.track != null) {
        return t.sender.stream.ssrc;
      }
    }
    return rtcpSsrc;
  }

  private void sendNacks(RtpTransceiver t, long now) {
    ReceiveStream rs = t.receiver.stream;
    FrameAssembler a = rs.assembler;
    if (a == null || rs.ssrc < 0 || rs.kind != MediaKind.VIDEO || !nackNegotiated(t)) {
      return;
    }
    int n = a.missingSequenceNumbers(rs.missing);
    int k = 0;
    for (int i = 0; i < n; i++) {
      int seq = rs.missing[i];
      int slot = seq & (ReceiveStream.NACK_SLOTS - 1);
      if (rs.nackSeq[slot] != seq) {
        rs.nackSeq[slot] = seq;
        rs.nackTimes[slot] = 0;
        rs.nackAt[slot] = Long.MIN_VALUE / 2;
      }
      if (rs.nackTimes[slot] < ReceiveStream.MAX_NACKS_PER_PACKET && now - rs.nackAt[slot] >= retryNanos()) {
        rs.nackTimes[slot]++;
        rs.nackAt[slot] = now;
        rs.missing[k++] = seq;
      }
    }
    if (k > 0) {
      rs.nackCount++;
      int len = Rtcp.writeNack(rtcpBuf, 0, localSsrc(), rs.ssrc, rs.missing, Math.min(k, 300));
      sendRtcp(rtcpBuf, len);
    }
  }

  /** NACK retry spacing: a little more than a round trip, at least 15 ms. */
  private long retryNanos() {
    double rtt = Double.NaN;
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (!Double.isNaN(t.sender.stream.roundTripTime)) {
        rtt = t.sender.stream.roundTripTime;
      }
    }
    return Double.isNaN(rtt) ? 15_000_000L : Math.max(15_000_000L, (long) (rtt * 1.5e9));
  }

  private static boolean nackNegotiated(RtpTransceiver t) {
    for (CodecParams c : t.negotiated) {
      if (c.nack()) {
        return true;
      }
    }
    return false;
  }

  /** RFC 3550 §6.4: an SR per sending stream (or one RR), report blocks, and SDES CNAME. */
  private void sendReports(long now) {
    long ntp = ntp(now);
    int off = 0;
    List<RtpTransceiver> receiving = new ArrayList<>();
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (t.receiver.stream.started) {
        receiving.add(t);
      }
    }
    long reporter = -1;
    boolean first = true;
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      SendStream s = t.sender.stream;
      if (s.packetsSent == 0) {
        continue;
      }
      int blocks = first ? Math.min(receiving.size(), 31) : 0;
      int at = off + 28;
      if (first) {
        for (int i = 0; i < blocks; i++) {
          writeBlock(receiving.get(i).receiver.stream, now, at);
          at += Rtcp.REPORT_BLOCK_SIZE;
        }
        reporter = s.ssrc;
      }
      long elapsedTs = (now - s.lastSendNanos) * clockRateOf(s, t) / 1_000_000_000L;
      off += Rtcp.writeSr(rtcpBuf, off, s.ssrc, ntp, (s.lastRtpTimestamp + elapsedTs) & 0xFFFF_FFFFL,
          s.packetsSent, s.payloadBytesSent, blocks);
      first = false;
      if (off > 1000) {
        break;
      }
    }
    if (first) {
      if (receiving.isEmpty()) {
        return;
      }
      int blocks = Math.min(receiving.size(), 31);
      int at = off + 8;
      for (int i = 0; i < blocks; i++) {
        writeBlock(receiving.get(i).receiver.stream, now, at);
        at += Rtcp.REPORT_BLOCK_SIZE;
      }
      reporter = rtcpSsrc;
      off += Rtcp.writeRr(rtcpBuf, off, rtcpSsrc, blocks);
    }
    off += Rtcp.writeSdesCname(rtcpBuf, off, reporter, rtcpCname);
    sendRtcp(rtcpBuf, off);
  }

  private static long clockRateOf(SendStream s, RtpTransceiver t) {
    for (CodecParams c : t.negotiated) {
      if (c.payloadType() == s.lastPayloadType) {
        return c.codec().clockRate();
      }
    }
    return 90_000;
  }

  private void writeBlock(ReceiveStream rs, long now, int at) {
    long expected = rs.expected();
    long expectedInterval = expected - rs.expectedPrior;
    long receivedInterval = rs.received - rs.receivedPrior;
    rs.expectedPrior = expected;
    rs.receivedPrior = rs.received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    long dlsr = rs.lastSrArrivalNanos == 0 ? 0 : (now - rs.lastSrArrivalNanos) * 65536 / 1_000_000_000L;
    Rtcp.writeReportBlock(rtcpBuf, at, rs.ssrc, fraction, rs.cumulativeLost(), rs.extendedMax() & 0xFFFF_FFFFL,
        (long) rs.jitter, rs.lastSrNtpMiddle, rs.lastSrNtpMiddle == 0 ? 0 : dlsr);
  }

  /** NTP time for a loop-clock instant (RFC 3550 §4). */
  private long ntp(long nowNanos) {
    long epochNanos = epochMillisBase * 1_000_000L + (nowNanos - nanosBase);
    long seconds = epochNanos / 1_000_000_000L + 2_208_988_800L;
    long fraction = ((epochNanos % 1_000_000_000L) << 32) / 1_000_000_000L;
    return (seconds << 32) | fraction;
  }

  // ------------------------------------------------------------------ media in

  private void onRtpDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
    if (closed) {
      return;
    }
    if (srtpIn == null) {
      // The DTLS server has its keys one flight before the client: keep what it sends meanwhile.
      if (dtls.state() != DtlsEndpoint.State.CLOSED && dtls.state() != DtlsEndpoint.State.FAILED
          && early.size() < MAX_EARLY_PACKETS) {
        early.add(java.util.Arrays.copyOfRange(buf, off, off + len));
      }
      return;
    }
    handleSrtp(buf, off, len);
    drain();
  }

  private void handleSrtp(byte[] buf, int off, int len) {
    long now = loop.clock().nanoTime();
    if (Rtp.isRtcp(buf, off, len)) {
      int n = srtpIn.unprotectRtcp(buf, off, len);
      if (n > 0) {
        onRtcp(buf, off, n, now);
      }
    } else {
      int n = srtpIn.unprotectRtp(buf, off, len);
      if (n > 0) {
        onRtp(buf, off, n, now);
      }
    }
  }

  private RtpTransceiver route(long ssrc, byte[] buf, int off, int len, int pt) {
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      ReceiveStream rs = t.receiver.stream;
      if (rs.ssrc == ssrc || rs.rtxSsrc == ssrc) {
        return t;
      }
    }
    // Unsignaled SSRC: by MID header extension (RFC 8843 §9.2), else by payload type.
    RtpTransceiver found = null;
    if (remoteMidExtId > 0) {
      long x = Rtp.findExtension(buf, off, len, remoteMidExtId);
      if (x >= 0) {
        String mid = new String(buf, (int) (x >> 16), (int) (x & 0xFFFF), StandardCharsets.US_ASCII);
        for (int ti = 0; ti < transceivers.size(); ti++) {
          RtpTransceiver t = transceivers.get(ti);
          if (mid.equals(t.mid)) {
            found = t;
          }
        }
      }
    }
    if (found == null) {
      for (int ti = 0; ti < transceivers.size(); ti++) {
        RtpTransceiver t = transceivers.get(ti);
        if (t.receiver.stream.ssrc < 0 && payloadTypeOf(t, pt) != null) {
          found = t;
          break;
        }
      }
    }
    if (found == null) {
      return null;
    }
    CodecParams c = payloadTypeOf(found, pt);
    if (c != null && c.rtxPayloadType() == pt) {
      found.receiver.stream.rtxSsrc = ssrc;
    } else {
      found.receiver.stream.ssrc = ssrc;
    }
    return found;
  }

  private static CodecParams payloadTypeOf(RtpTransceiver t, int pt) {
    for (CodecParams c : t.negotiated) {
      if (c.payloadType() == pt || c.rtxPayloadType() == pt) {
        return c;
      }
    }
    return null;
  }

  private void onRtp(byte[] buf, int off, int len, long now) {
    int hl = Rtp.headerLength(buf, off, len);
    if (hl < 0) {
      return;
    }
    int pl = Rtp.payloadLength(buf, off, len, hl);
    if (pl < 0) {
      return;
    }
    long ssrc = Rtp.ssrc(buf, off);
    int pt = Rtp.payloadType(buf, off);
    RtpTransceiver t = route(ssrc, buf, off, len, pt);
    if (t == null || t.stopped) {
      return;
    }
    ReceiveStream rs = t.receiver.stream;
    CodecParams c = payloadTypeOf(t, pt);
    if (c == null) {
      rs.packetsDiscarded++;
      return;
    }
    int seq = Rtp.sequence(buf, off);
    int payloadOff = off + hl;
    boolean gap = false;
    if (c.rtxPayloadType() == pt) {
      if (pl < 2) {
        return; // RTX padding probe
      }
      seq = Rtp.u16(buf, payloadOff);
      payloadOff += 2;
      pl -= 2;
      rs.retransmittedPacketsReceived++;
    } else {
      gap = rs.count(seq, Rtp.timestamp(buf, off), now);
    }
    rs.payloadBytesReceived += pl;
    rs.headerBytesReceived += hl;
    rs.lastPacketReceivedMillis = epochMillisBase + (now - nanosBase) / 1_000_000L;
    FrameAssembler a = rs.assembler(c.codec(), c.payloadType());
    a.handlePacket(now, seq, Rtp.timestamp(buf, off), Rtp.marker(buf, off), buf, payloadOff, pl);
    if (gap) {
      sendNacks(t, now); // at once, not at the next tick: the frame's playout deadline is near
    }
    pollFrames(t, now);
  }

  private void pollFrames(RtpTransceiver t, long now) {
    ReceiveStream rs = t.receiver.stream;
    FrameAssembler a = rs.assembler;
    if (a == null) {
      return;
    }
    for (EncodedFrame f; (f = a.pollFrame(now)) != null; ) {
      rs.framesReceived++;
      if (f.keyframe() && !f.codec().isAudio()) {
        rs.keyFramesReceived++;
      }
      Consumer<EncodedFrame> l = t.receiver.frameListener;
      if (l != null) {
        try {
          l.accept(f);
        } catch (RuntimeException e) {
          LOG.warn("onFrame listener failed", e);
        }
      }
    }
    boolean lost = false;
    for (FrameLoss loss; (loss = a.pollLoss()) != null; ) {
      rs.framesLost++;
      lost = true;
    }
    if ((lost || a.keyframeNeeded()) && rs.kind == MediaKind.VIDEO) {
      sendPli(t, now, false);
    }
  }

  private void onRtcp(byte[] buf, int off, int len, long now) {
    rtcpNow = now;
    Rtcp.walk(buf, off, len, rtcpVisitor);
  }

  /** One packet of a received compound RTCP packet (a field, so that no visitor is made per packet). */
  private void onRtcpPacket(int fmt, int type, byte[] b, int p, int plen) {
    long now = rtcpNow;
    switch (type) {
      case Rtcp.SR:
        if (plen >= 28) {
          long ssrc = Rtp.u32(b, p + 4);
          for (int ti = 0; ti < transceivers.size(); ti++) {
            RtpTransceiver t = transceivers.get(ti);
            if (t.receiver.stream.ssrc == ssrc) {
              t.receiver.stream.lastSrNtpMiddle = (Rtp.u32(b, p + 8) << 16 | Rtp.u32(b, p + 12) >>> 16) & 0xFFFF_FFFFL;
              t.receiver.stream.lastSrArrivalNanos = now;
            }
          }
          reportBlocks(b, p + 28, Math.min(fmt, (plen - 28) / Rtcp.REPORT_BLOCK_SIZE), now);
        }
        break;
      case Rtcp.RR:
        if (plen >= 8) {
          reportBlocks(b, p + 8, Math.min(fmt, (plen - 8) / Rtcp.REPORT_BLOCK_SIZE), now);
        }
        break;
      case Rtcp.RTPFB:
        if (fmt == Rtcp.FMT_NACK && plen >= 16) {
          RtpTransceiver t = senderOf(Rtp.u32(b, p + 8));
          if (t != null) {
            t.sender.stream.nackCount++;
            for (int q = p + 12; q + 4 <= p + plen; q += 4) {
              int pid = Rtp.u16(b, q);
              int blp = Rtp.u16(b, q + 2);
              retransmit(t.sender.stream, t, pid);
              for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                  retransmit(t.sender.stream, t, (pid + bit + 1) & 0xFFFF);
                }
              }
            }
          }
        }
        break;
      case Rtcp.PSFB:
        if (fmt == Rtcp.FMT_PLI && plen >= 12) {
          RtpTransceiver t = senderOf(Rtp.u32(b, p + 8));
          if (t != null) {
            t.sender.stream.pliCount++;
            keyFrameRequested(t);
          }
        } else if (fmt == Rtcp.FMT_FIR && plen >= 20) {
          for (int q = p + 12; q + 8 <= p + plen; q += 8) {
            RtpTransceiver t = senderOf(Rtp.u32(b, q));
            if (t != null) {
              t.sender.stream.firCount++;
              keyFrameRequested(t);
            }
          }
        }
        break;
      default:
        break;
    }
  }

  private void keyFrameRequested(RtpTransceiver t) {
    Runnable l = t.sender.keyFrameRequestListener;
    if (l != null) {
      safely(l, "onKeyFrameRequest");
    }
  }

  private RtpTransceiver senderOf(long ssrc) {
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      if (t.sender.stream.ssrc == ssrc) {
        return t;
      }
    }
    return null;
  }

  private void reportBlocks(byte[] b, int at, int count, long now) {
    for (int i = 0; i < count; i++, at += Rtcp.REPORT_BLOCK_SIZE) {
      RtpTransceiver t = senderOf(Rtp.u32(b, at));
      if (t == null) {
        continue;
      }
      SendStream s = t.sender.stream;
      s.reportsReceived++;
      s.fractionLost = b[at + 4] & 0xFF;
      long lost = Rtp.u32(b, at + 4) & 0xFFFFFF;
      s.packetsLost = (lost & 0x800000) != 0 ? lost - 0x1000000 : lost;
      s.remoteJitter = Rtp.u32(b, at + 12);
      long lsr = Rtp.u32(b, at + 16);
      long dlsr = Rtp.u32(b, at + 20);
      if (lsr != 0) {
        long nowMiddle = (ntp(now) >>> 16) & 0xFFFF_FFFFL;
        long rtt = (nowMiddle - lsr - dlsr) & 0xFFFF_FFFFL;
        if (rtt < 0x8000_0000L) {
          s.roundTripTime = rtt / 65536.0;
          s.totalRoundTripTime += s.roundTripTime;
          s.roundTripTimeMeasurements++;
        }
      }
    }
  }

  // ------------------------------------------------------------------ stats

  /** W3C {@code getStats()}: a snapshot taken on the loop. */
  public CompletableFuture<StatsReport> getStats() {
    return call(this::buildStats);
  }

  private StatsReport buildStats() {
    double ts = System.currentTimeMillis();
    List<Stats> out = new ArrayList<>();
    long now = loop.clock().nanoTime();
    out.add(new Stats("P", "peer-connection", ts, java.util.Map.of(
        "dataChannelsOpened", 0L, "dataChannelsClosed", 0L)));
    java.util.Map<String, Object> transport = new java.util.LinkedHashMap<>();
    transport.put("dtlsState", dtls.state().name().toLowerCase(Locale.ROOT));
    transport.put("iceState", iceConnectionState.w3cName());
    transport.put("iceRole", ice == null ? "unknown" : ice.agent().role().name().toLowerCase(Locale.ROOT));
    transport.put("iceLocalUsernameFragment", localCredentials.ufrag());
    if (dtlsRole != null) {
      transport.put("dtlsRole", dtlsRole == DtlsRole.CLIENT ? "client" : "server");
    }
    if (srtpProfile != null) {
      transport.put("srtpCipher", srtpProfile.name());
    }
    transport.put("localCertificateId", "CF" + certificate.fingerprint().toString().hashCode());
    out.add(new Stats("CF" + certificate.fingerprint().toString().hashCode(), "certificate", ts, java.util.Map.of(
        "fingerprint", hex(certificate.fingerprint()), "fingerprintAlgorithm", "sha-256",
        "base64Certificate", java.util.Base64.getEncoder().encodeToString(certificate.der()))));
    CandidatePair pair = ice == null ? null : ice.agent().selectedPair();
    java.util.Map<String, Stats> candidates = new java.util.LinkedHashMap<>();
    if (ice != null) {
      for (Candidate c : ice.agent().localCandidates()) {
        candidates.putIfAbsent(candidateId(c, true), candidateStats(candidateId(c, true), "local-candidate", c, ts));
      }
      for (Candidate c : ice.agent().remoteCandidates()) {
        candidates.putIfAbsent(candidateId(c, false), candidateStats(candidateId(c, false), "remote-candidate", c, ts));
      }
    }
    if (pair != null) {
      // The selected pair's candidates are reported even if the agent no longer lists them.
      candidates.putIfAbsent(candidateId(pair.local(), true),
          candidateStats(candidateId(pair.local(), true), "local-candidate", pair.local(), ts));
      candidates.putIfAbsent(candidateId(pair.remote(), false),
          candidateStats(candidateId(pair.remote(), false), "remote-candidate", pair.remote(), ts));
    }
    out.addAll(candidates.values());
    if (pair != null) {
      String lid = candidateId(pair.local(), true);
      String rid = candidateId(pair.remote(), false);
      String id = "CP" + lid + "_" + rid;
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("transportId", "T01");
      m.put("localCandidateId", lid);
      m.put("remoteCandidateId", rid);
      m.put("state", pair.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      m.put("nominated", pair.nominated());
      m.put("priority", pair.priority());
      long[] sent = new long[4];
      for (int ti = 0; ti < transceivers.size(); ti++) {
        RtpTransceiver t = transceivers.get(ti);
        sent[0] += t.sender.stream.packetsSent;
        sent[1] += t.sender.stream.payloadBytesSent + t.sender.stream.headerBytesSent;
        sent[2] += t.receiver.stream.received;
        sent[3] += t.receiver.stream.payloadBytesReceived + t.receiver.stream.headerBytesReceived;
      }
      m.put("packetsSent", sent[0]);
      m.put("bytesSent", sent[1]);
      m.put("packetsReceived", sent[2]);
      m.put("bytesReceived", sent[3]);
      out.add(new Stats(id, "candidate-pair", ts, m));
      transport.put("selectedCandidatePairId", id);
    }
    out.add(new Stats("T01", "transport", ts, transport));
    java.util.Set<String> codecIds = new java.util.LinkedHashSet<>();
    for (int ti = 0; ti < transceivers.size(); ti++) {
      RtpTransceiver t = transceivers.get(ti);
      for (CodecParams c : t.negotiated) {
        String cid = "CIT01_" + c.payloadType();
        if (codecIds.add(cid)) {
          java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
          m.put("transportId", "T01");
          m.put("payloadType", (long) c.payloadType());
          m.put("mimeType", t.kind.sdpName() + "/" + c.codec().encodingName());
          m.put("clockRate", (long) c.codec().clockRate());
          if (c.codec().isAudio()) {
            m.put("channels", (long) c.channels());
          }
          if (!c.fmtp().isEmpty()) {
            m.put("sdpFmtpLine", c.fmtpLine());
          }
          out.add(new Stats(cid, "codec", ts, m));
        }
      }
      SendStream s = t.sender.stream;
      if (s.packetsSent > 0 || (t.sender.track != null && t.currentDirection != null && t.currentDirection.sends())) {
        String id = "OT01" + (t.kind == MediaKind.AUDIO ? "A" : "V") + s.ssrc;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("ssrc", s.ssrc);
        m.put("kind", t.kind.sdpName());
        m.put("transportId", "T01");
        if (s.lastPayloadType >= 0) {
          m.put("codecId", "CIT01_" + s.lastPayloadType);
        }
        m.put("mid", t.mid);
        m.put("packetsSent", s.packetsSent);
        m.put("bytesSent", s.payloadBytesSent);
        m.put("headerBytesSent", s.headerBytesSent);
        m.put("retransmittedPacketsSent", s.retransmittedPacketsSent);
        m.put("retransmittedBytesSent", s.retransmittedBytesSent);
        if (s.rtxSsrc >= 0) {
          m.put("rtxSsrc", s.rtxSsrc);
        }
        m.put("nackCount", s.nackCount);
        if (t.kind == MediaKind.VIDEO) {
          m.put("framesSent", s.framesSent);
          m.put("keyFramesEncoded", s.keyFramesSent);
          m.put("pliCount", s.pliCount);
          m.put("firCount", s.firCount);
        }
        if (t.sender.track != null) {
          m.put("trackIdentifier", t.sender.track.id());
        }
        if (s.reportsReceived > 0) {
          m.put("remoteId", "RI" + id);
        }
        out.add(new Stats(id, "outbound-rtp", ts, m));
        if (s.reportsReceived > 0) {
          java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
          r.put("ssrc", s.ssrc);
          r.put("kind", t.kind.sdpName());
          r.put("transportId", "T01");
          r.put("localId", id);
          r.put("packetsLost", s.packetsLost);
          r.put("fractionLost", s.fractionLost / 256.0);
          r.put("jitter", s.remoteJitter / (double) clockRateOf(s, t));
          r.put("reportsReceived", s.reportsReceived);
          if (!Double.isNaN(s.roundTripTime)) {
            r.put("roundTripTime", s.roundTripTime);
            r.put("totalRoundTripTime", s.totalRoundTripTime);
            r.put("roundTripTimeMeasurements", s.roundTripTimeMeasurements);
          }
          out.add(new Stats("RI" + id, "remote-inbound-rtp", ts, r));
        }
      }
      ReceiveStream rs = t.receiver.stream;
      if (rs.started) {
        String id = "IT01" + (t.kind == MediaKind.AUDIO ? "A" : "V") + rs.ssrc;
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("ssrc", rs.ssrc);
        m.put("kind", t.kind.sdpName());
        m.put("transportId", "T01");
        if (rs.assemblerPayloadType >= 0) {
          m.put("codecId", "CIT01_" + rs.assemblerPayloadType);
        }
        m.put("mid", t.mid);
        if (rs.trackId != null) {
          m.put("trackIdentifier", rs.trackId);
        }
        m.put("packetsReceived", rs.received);
        m.put("packetsLost", rs.cumulativeLost());
        m.put("packetsDiscarded", rs.packetsDiscarded);
        m.put("bytesReceived", rs.payloadBytesReceived);
        m.put("headerBytesReceived", rs.headerBytesReceived);
        m.put("jitter", rs.jitter / rs.clockRate);
        m.put("lastPacketReceivedTimestamp", (double) rs.lastPacketReceivedMillis);
        m.put("retransmittedPacketsReceived", rs.retransmittedPacketsReceived);
        m.put("nackCount", rs.nackCount);
        // rtc4j does not decode: frames assembled are reported as received, not decoded.
        m.put("framesReceived", rs.framesReceived);
        m.put("framesAssembled", rs.framesReceived);
        m.put("framesLost", rs.framesLost);
        if (t.kind == MediaKind.VIDEO) {
          m.put("keyFramesReceived", rs.keyFramesReceived);
          m.put("pliCount", rs.pliCount);
        }
        out.add(new Stats(id, "inbound-rtp", ts, m));
      }
    }
    if (now < 0) {
      LOG.trace("clock before its origin");
    }
    return new StatsReport(out);
  }

  private static String hex(Fingerprint f) {
    String s = f.toString();
    return s.substring(s.indexOf(' ') + 1);
  }

  private static String candidateId(Candidate c, boolean local) {
    return (local ? "IL" : "IR") + c.type().sdpName() + "_" + c.address() + "_" + c.port();
  }

  private static Stats candidateStats(String id, String type, Candidate c, double ts) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("transportId", "T01");
    m.put("address", c.address());
    m.put("port", (long) c.port());
    m.put("protocol", c.transport().toLowerCase(Locale.ROOT));
    m.put("candidateType", c.type().sdpName());
    m.put("priority", c.priority());
    m.put("foundation", c.foundation());
    return new Stats(id, type, ts, m);
  }

  // ------------------------------------------------------------------ close

  /**
   * Closes the connection: stops ICE and DTLS, releases every socket and timer and its handshake
   * thread, and sets every state to closed. Safe to call twice, from any thread and from inside a
   * listener; never blocks. The future completes once the sockets are closed.
   */
  public CompletableFuture<Void> closeAsync() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable task = () -> {
      if (closed) {
        done.complete(null);
        return;
      }
      closed = true;
      if (timer != null) {
        timer.cancel();
        timer = null;
      }
      dtls.close();
      for (byte[] d; (d = dtls.pollTransmit()) != null; ) {
        if (ice != null) {
          ice.send(d, 0, d.length); // close_notify
        }
      }
      srtpOut = null;
      srtpIn = null;
      CompletableFuture<Void> iceClosed = ice == null ? CompletableFuture.completedFuture(null) : ice.closeAsync();
      signalingState = SignalingState.CLOSED;
      iceConnectionState = IceConnectionState.CLOSED;
      connectionState = PeerConnectionState.CLOSED;
      for (int ti = 0; ti < transceivers.size(); ti++) {
        RtpTransceiver t = transceivers.get(ti);
        t.stopped = true;
        t.currentDirection = Direction.STOPPED;
      }
      iceClosed.whenComplete((v, e) -> {
        done.complete(null);
        if (usesSharedGroup) {
          releaseShared();
        }
      });
    };
    if (loop.inEventLoop()) {
      task.run();
    } else {
      try {
        loop.execute(task);
      } catch (RuntimeException rejected) {
        closed = true;
        done.complete(null);
      }
    }
    return done;
  }

  /** {@link #closeAsync()} without waiting. */
  @Override
  public void close() {
    closeAsync();
  }

  // ------------------------------------------------------------------ plumbing

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("InvalidStateError: the peer connection is closed");
    }
  }

  private <T> CompletableFuture<T> call(Supplier<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    Runnable task = () -> {
      try {
        T v = work.get();
        drain();
        done.complete(v);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    };
    if (loop.inEventLoop()) {
      task.run();
    } else {
      try {
        loop.execute(task);
      } catch (RuntimeException rejected) {
        done.completeExceptionally(new IllegalStateException("InvalidStateError: the event loop is shut down"));
      }
    }
    return done;
  }

  private void onLoop(Runnable r) {
    if (loop.inEventLoop()) {
      r.run();
      drain();
    } else {
      try {
        loop.execute(() -> {
          r.run();
          drain();
        });
      } catch (RuntimeException rejected) {
        LOG.debug("event loop shut down; task dropped");
      }
    }
  }

  private static void safely(Runnable r, String what) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warn("{} listener failed", what, e);
    }
  }

  private String randomToken(int n) {
    String chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append(chars.charAt(random.nextInt(chars.length())));
    }
    return sb.toString();
  }

  /** The SDP with the gathered candidates added to each active media section. */
  private String withCandidates(String sdp) {
    if (localCandidates.isEmpty() && !gatheringComplete) {
      return sdp;
    }
    StringBuilder cands = new StringBuilder();
    for (String c : localCandidates) {
      cands.append("a=").append(c).append("\r\n");
    }
    if (gatheringComplete) {
      cands.append("a=end-of-candidates\r\n");
    }
    StringBuilder sb = new StringBuilder(sdp.length() + 4 * cands.length());
    boolean active = false;
    for (String line : sdp.split("\r\n")) {
      if (line.startsWith("m=")) {
        if (active) {
          sb.append(cands);
        }
        String[] f = line.split(" ", 3);
        active = f.length > 1 && !f[1].equals("0");
      }
      sb.append(line).append("\r\n");
    }
    if (active) {
      sb.append(cands);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "PeerConnection[" + signalingState.w3cName() + ", " + connectionState.name().toLowerCase(Locale.ROOT) + "]";
  }

}
