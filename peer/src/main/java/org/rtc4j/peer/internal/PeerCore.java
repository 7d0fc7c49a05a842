package org.rtc4j.peer.internal;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.dtls.Fingerprint;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceRole;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.IceConnectionState;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.IceTransportPolicy;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.OfferOptions;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.SignalingState;
import org.rtc4j.peer.StatsReport;
import org.rtc4j.peer.internal.jfr.DtlsHandshakeEvent;
import org.rtc4j.peer.internal.jfr.IceSelectedPairEvent;
import org.rtc4j.peer.internal.jfr.IceStateEvent;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.SdpParseException;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.srtp.SrtpProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One peer connection as a sans-IO state machine, in the shape of str0m's {@code Rtc}: it owns the
 * ICE agent, the DTLS endpoint, the SRTP contexts, JSEP, media in and out, and RTCP, and holds no
 * thread, socket or clock.
 *
 * <ul>
 *   <li>Inputs: {@link #handleDatagram} (every datagram of the connection's sockets, demultiplexed
 *       here by its first byte, RFC 7983), {@link #handleTimeout}, {@link #handleDtlsWakeup}, and
 *       commands ({@link #setRemoteDescription}, {@link #sendFrame}, ...). Each takes the time.
 *   <li>Outputs: {@link #pollTransmit()} (datagrams to send), {@link #pollEvent()} (what the
 *       application hears), {@link #pollTimeout()} (the one deadline of every part).
 * </ul>
 *
 * <p>The owner's rule: after every input, drain — send every transmit, dispatch every event,
 * re-arm its one timer at {@link #pollTimeout()}. The DTLS handshake runs on Bouncy Castle's
 * blocking API on a handshake thread ({@link DtlsEndpoint}); when it has output it runs the wakeup
 * the owner gave, and the owner then calls {@link #handleDtlsWakeup} on its own thread.
 */
public final class PeerCore {
  private static final Logger LOG = LoggerFactory.getLogger(PeerCore.class);
  private static final int MAX_EARLY_PACKETS = 256;
  /**
   * First retransmission of a connectivity check (then doubling). RFC 8445 §14.3 suggests 500 ms;
   * WebRTC stacks check far more often while a pair is not yet confirmed (libwebrtc pings a weak
   * pair every 48 ms, Pion every 200 ms), and at 500 ms one lost check or response kept a
   * connection under 10% loss waiting half a second (a third of the connects against Chromium).
   */
  private static final Duration ICE_CHECK_RTO = Duration.ofMillis(100);

  private final String id = LogContext.newId();
  private final Configuration config;
  private final Random random;
  private final Certificate certificate;
  private final String cname;
  private final List<Transceiver> transceivers = new CopyOnWriteArrayList<>();
  private final Jsep jsep;
  private final BundleTransport transport;
  private final ArrayDeque<PeerEvent> events = new ArrayDeque<>();
  private final MediaSender sender;
  private final MediaReceiver receiver;
  private final RtcpSession rtcp;
  private final CongestionControl congestion;
  private final DataChannels dataChannels;
  private final List<String> localCandidates = new CopyOnWriteArrayList<>();

  private volatile boolean gatheringComplete;
  private volatile IceGatheringState gatheringState = IceGatheringState.NEW;
  private volatile IceConnectionState iceConnectionState = IceConnectionState.NEW;
  private volatile PeerConnectionState connectionState = PeerConnectionState.NEW;
  private volatile boolean closed;
  private boolean dtlsConnected;

  /**
   * @param dtlsConfig the DTLS configuration, with this connection's certificate
   * @param dtlsWakeup run from a handshake thread when DTLS has output; must make the owner call
   *     {@link #handleDtlsWakeup} on its own thread
   * @param nowNanos the owner's clock now
   * @param wallOffsetNanos Unix time minus the owner's clock, in nanoseconds (for NTP times)
   */
  public PeerCore(Configuration config, DtlsConfig dtlsConfig, Runnable dtlsWakeup, Random random, BufferPool pool,
      long nowNanos, long wallOffsetNanos) {
    this.config = config;
    this.random = random;
    this.certificate = dtlsConfig.certificate();
    this.cname = randomToken(16);
    this.jsep = new Jsep(this, random);
    this.transport = new BundleTransport(id, dtlsConfig, dtlsWakeup, pool, new TransportEvents(),
        DebugCapture.open(config.debugCaptureDirectory(), id, wallOffsetNanos));
    this.sender = new MediaSender(this, pool, config.mtu());
    this.receiver = new MediaReceiver(this, pool);
    int rtcpSsrc = random.nextInt();
    this.rtcp = new RtcpSession(this, pool, random, cname.getBytes(StandardCharsets.US_ASCII), rtcpSsrc,
        wallOffsetNanos);
    this.congestion = new CongestionControl(this, pool, rtcpSsrc, nowNanos);
    this.dataChannels = new DataChannels(this, config.maxMessageSize(), config.mtu() - 100);
  }

  // ------------------------------------------------------------------ inputs: network and time

  /** A datagram that arrived on the local address {@code to} from {@code from}; borrowed for the call. */
  public void handleDatagram(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from,
      InetSocketAddress to) {
    if (!closed) {
      transport.handleDatagram(nowNanos, buf, off, len, from, to);
    }
  }

  /** Time has reached {@link #pollTimeout()} (or passed it). */
  public void handleTimeout(long nowNanos) {
    if (closed) {
      return;
    }
    transport.handleTimeout(nowNanos);
    if (dtlsConnected) {
      receiver.handleTimeout(nowNanos);
      rtcp.handleTimeout(nowNanos);
      congestion.handleTimeout(nowNanos);
      dataChannels.handleTimeout(nowNanos);
    }
  }

  /** The DTLS handshake thread has output: take it over. */
  public void handleDtlsWakeup(long nowNanos) {
    transport.handleDtlsWakeup(nowNanos);
  }

  /** A local socket is bound at {@code address}: a host candidate (after {@link PeerEvent.GatherRequested}). */
  public void addHostCandidate(long nowNanos, InetSocketAddress address) {
    transport.addHostCandidate(nowNanos, address);
  }

  /** One frame of stream connection {@code connection} (after {@link PeerEvent.OpenConnection} or an accept). */
  public void handleFrame(long nowNanos, long connection, byte[] buf, int off, int len) {
    if (!closed) {
      transport.handleFrame(nowNanos, connection, buf, off, len);
    }
  }

  /** The stream connection asked for by {@link PeerEvent.OpenConnection} is up, from {@code local}. */
  public void handleConnected(long nowNanos, long connection, InetSocketAddress local) {
    if (!closed) {
      transport.handleConnected(nowNanos, connection, local);
    }
  }

  /** A stream connection could not be opened, or it closed. */
  public void handleDisconnected(long nowNanos, long connection) {
    if (!closed) {
      transport.handleDisconnected(nowNanos, connection);
    }
  }

  /** A TCP connection accepted on the ICE-TCP listener at {@code listener}: its id, or 0 to close it. */
  public long handleAccepted(long nowNanos, InetSocketAddress listener, InetSocketAddress remote) {
    return closed ? 0 : transport.handleAccepted(nowNanos, listener, remote);
  }

  /** A TCP listener is bound at {@code listener}: ICE-TCP host candidates (RFC 6544). */
  public void addTcpHostCandidates(long nowNanos, InetSocketAddress listener) {
    transport.addTcpHostCandidates(nowNanos, listener);
  }

  /** A STUN server's host name was resolved (off the loop). */
  public void addStunServer(long nowNanos, InetSocketAddress server) {
    transport.addStunServer(nowNanos, server);
  }

  /** A TURN server's host name was resolved (off the loop). */
  public void addTurnServer(long nowNanos, org.rtc4j.ice.turn.TurnServer server, InetSocketAddress resolved) {
    transport.addTurnServer(nowNanos, server, resolved);
  }

  /** A remote candidate after {@link PeerEvent.ResolveMdns}: with its address, or as it was (then ignored). */
  public void addResolvedRemoteCandidate(long nowNanos, Candidate candidate) {
    if (!closed) {
      transport.addRemoteCandidate(candidate);
    }
  }

  /** The {@code <uuid>.local} names the local candidates carry, with their addresses, to answer for. */
  public java.util.Map<String, java.net.InetAddress> mdnsHostNames() {
    IceAgent agent = transport.ice();
    return agent == null ? java.util.Map.of() : agent.mdnsHostNames();
  }

  /** Every local socket is bound: host gathering is done (server-reflexive ones may follow). */
  public void endOfLocalCandidates(long nowNanos) {
    transport.endOfLocalCandidates(nowNanos);
  }

  /** Gathering could not bind anything: ICE has failed. */
  public void gatheringFailed(long nowNanos) {
    setIceConnection(IceConnectionState.FAILED);
  }

  // ------------------------------------------------------------------ inputs: commands

  public Description createOffer(long nowNanos, OfferOptions options) {
    requireOpen();
    return jsep.createOffer(options.iceRestart());
  }

  public Description createAnswer(long nowNanos) {
    requireOpen();
    return jsep.createAnswer();
  }

  public void setLocalDescription(long nowNanos, Description description) {
    requireOpen();
    jsep.setLocal(nowNanos, description);
    congestion.configure(transceivers);
  }

  /** The implicit form: creates and applies an offer or an answer as the state requires. */
  public void setLocalDescription(long nowNanos) {
    requireOpen();
    jsep.setLocal(nowNanos);
    congestion.configure(transceivers);
  }

  public void setRemoteDescription(long nowNanos, Description description) {
    requireOpen();
    jsep.setRemote(nowNanos, description);
    congestion.configure(transceivers);
  }

  public void addIceCandidate(long nowNanos, IceCandidate candidate) {
    requireOpen();
    jsep.addIceCandidate(candidate);
  }

  public void restartIce(long nowNanos) {
    if (!closed) {
      jsep.restartIce();
    }
  }

  /** A transceiver made by the API: it joins the next offer. Any thread may have made it. */
  public void addTransceiver(Transceiver t) {
    transceivers.add(t);
  }

  /** Something the application changed needs negotiation (tracks, directions, stopping). */
  public void negotiationChanged() {
    if (!closed) {
      jsep.negotiationChanged();
    }
  }

  /** The facade fires a queued negotiation-needed: true if it still applies. */
  public boolean takeNegotiationNeeded() {
    return jsep.takeNegotiationNeeded() && !closed;
  }

  /** Stops a transceiver: it neither sends nor receives, and the next offer rejects its m-line. */
  public void stopTransceiver(Transceiver t) {
    if (!t.stopped) {
      t.stopped = true;
      t.currentDirection = Direction.STOPPED;
      t.send.release();
      t.receive.release();
      negotiationChanged();
    }
  }

  /** The data channel bytes callers may queue before W3C {@code send()} refuses (OperationError). */
  public static final long DATA_CHANNEL_SEND_BUFFER = DataChannels.SEND_BUFFER_BYTES;

  /**
   * W3C {@code createDataChannel} on the loop: a channel that opens once the association is up;
   * fires negotiation-needed when the connection has no data section yet.
   */
  public org.rtc4j.sctp.dcep.DataChannel createDataChannel(long nowNanos, String label,
      org.rtc4j.sctp.dcep.DataChannelInit init) {
    requireOpen();
    return dataChannels.create(nowNanos, label, init);
  }

  /** Hands the association's packets (after a channel send or close) to DTLS. */
  public void flushDataChannels(long nowNanos) {
    dataChannels.pump();
  }

  /** The peer's max-message-size (RFC 8841 §6), or {@link Long#MAX_VALUE} for none (any thread). */
  public long dataChannelMaxMessageSize() {
    return dataChannels.remoteMaxMessageSize();
  }

  /** Data channel bytes queued in the SCTP association, as of the last input (any thread). */
  public long dataChannelQueuedBytes() {
    return dataChannels.queuedBytes();
  }

  public void sendFrame(long nowNanos, Transceiver t, EncodedFrame frame) {
    sendFrame(nowNanos, t, frame, -1);
  }

  /**
   * Sends a frame; {@code audioLevel} is the RFC 6464 header extension byte (V flag and -dBov) its
   * packets carry when the extension is negotiated, or -1 for none.
   */
  public void sendFrame(long nowNanos, Transceiver t, EncodedFrame frame, int audioLevel) {
    if (closed) {
      t.send.countDropped();
      return;
    }
    sender.sendFrame(nowNanos, t, frame, audioLevel);
    congestion.drain(nowNanos);
  }

  /** A sender's maximum bitrate changed: the estimate's cap follows. */
  public void maxBitrateChanged() {
    congestion.updateMaxBitrate(transceivers);
  }

  /** Asks the peer for a keyframe on {@code t}'s receive stream (PLI, RFC 4585 §6.3.1). */
  public void requestKeyFrame(long nowNanos, Transceiver t) {
    if (srtpReady()) {
      rtcp.sendPli(nowNanos, t);
    }
  }

  public StatsReport getStats(long nowNanos, double wallMillis) {
    return StatsBuilder.build(this, nowNanos, wallMillis);
  }

  /**
   * Closes the connection: RTCP BYE for our streams, DTLS close_notify, ICE stopped. What they
   * send stays queued for {@link #pollTransmit()}; the owner sends it and then closes its sockets.
   */
  public void close(long nowNanos) {
    if (closed) {
      return;
    }
    congestion.close(); // media still waiting in the pacer is dropped
    dataChannels.close(nowNanos);
    if (srtpReady()) {
      rtcp.sendBye();
    }
    transport.close();
    closed = true;
    rtcp.stop();
    jsep.close();
    iceConnectionState = IceConnectionState.CLOSED;
    connectionState = PeerConnectionState.CLOSED;
    for (int i = 0; i < transceivers.size(); i++) {
      Transceiver t = transceivers.get(i);
      t.stopped = true;
      t.currentDirection = Direction.STOPPED;
      t.send.release();
      t.receive.release();
    }
    events.add(new PeerEvent.Closed());
  }

  // ------------------------------------------------------------------ outputs

  /** The next datagram to send, or null. The view is valid until the next call. */
  public Datagram pollTransmit() {
    return transport.pollTransmit();
  }

  /** The next event, or null. */
  public PeerEvent pollEvent() {
    PeerEvent e = events.poll();
    return e != null ? e : dataChannels.pollEvent();
  }

  /** The earliest deadline of every part, or {@link Long#MAX_VALUE}. */
  public long pollTimeout() {
    if (closed) {
      return Long.MAX_VALUE;
    }
    long t = transport.pollTimeout();
    if (dtlsConnected) {
      t = Math.min(t, Math.min(rtcp.pollTimeout(), receiver.pollTimeout()));
      t = Math.min(t, congestion.pollTimeout());
      t = Math.min(t, dataChannels.pollTimeout());
    }
    return t;
  }

  // ------------------------------------------------------------------ the inside

  /** What the transport reports: ICE events, DTLS state, unprotected RTP and RTCP. */
  private final class TransportEvents implements BundleTransport.Listener {
    @Override
    public void onIceEvent(long nowNanos, IceEvent e) {
      if (e instanceof IceEvent.LocalCandidate c) {
        String line = c.candidate().toString();
        localCandidates.add(line);
        emit(new PeerEvent.LocalCandidate(new IceCandidate(line, jsep.firstMid(), 0)));
      } else if (e instanceof IceEvent.GatheringStateChanged g) {
        IceGatheringState s = IceGatheringState.valueOf(g.state().name());
        if (s == IceGatheringState.GATHERING) {
          gatheringComplete = false;
        }
        if (s != gatheringState) {
          gatheringState = s;
          emit(new PeerEvent.GatheringStateChanged(s));
        }
        if (s == IceGatheringState.COMPLETE) {
          gatheringComplete = true;
          emit(new PeerEvent.LocalCandidate(null));
        }
      } else if (e instanceof IceEvent.StateChanged s) {
        setIceConnection(IceConnectionState.valueOf(s.state().name()));
        maybeStartDtls(nowNanos);
      } else if (e instanceof IceEvent.TurnFailed f) {
        int code = f.code() > 0 ? f.code() : 701; // W3C: 701 when the server could not be reached
        emit(new PeerEvent.IceCandidateError(new org.rtc4j.peer.IceCandidateError(
            serverUrl(f.server()), code, f.message(), f.error().name())));
      } else if (e instanceof IceEvent.OpenConnection o) {
        emit(new PeerEvent.OpenConnection(o));
      } else if (e instanceof IceEvent.CloseConnection c) {
        emit(new PeerEvent.CloseConnection(c.connection()));
      } else if (e instanceof IceEvent.SelectedPair p) {
        LOG.debug("selected pair {}", p.pair());
        IceSelectedPairEvent.emit(id, p.pair());
        maybeStartDtls(nowNanos);
      }
    }

    @Override
    public void onDtlsStateChanged(long nowNanos) {
      boolean connected = transport.dtlsConnected();
      if (connected && !dtlsConnected) {
        DtlsHandshakeEvent.emit(id, String.valueOf(jsep.dtlsRole).toLowerCase(java.util.Locale.ROOT),
            transport.dtlsHandshakeNanos(), transport.dtlsCipherSuite(), String.valueOf(transport.srtpProfile()));
        rtcp.start(nowNanos);
      } else if (!connected && dtlsConnected) {
        rtcp.stop();
      }
      dtlsConnected = connected;
      dataChannels.dtlsStateChanged(nowNanos, connected);
      if (transport.dtlsState() == DtlsEndpoint.State.CLOSED && !closed) {
        // The peer sent close_notify. Reported once: when it came with the handshake's last flight,
        // the endpoint is already closed when its Connected event is handled, and Closed follows.
        if (connectionState != PeerConnectionState.CLOSED) {
          connectionState = PeerConnectionState.CLOSED;
          emit(new PeerEvent.ConnectionStateChanged(PeerConnectionState.CLOSED));
        }
        return;
      }
      updateConnectionState();
    }

    @Override
    public void onRtp(long nowNanos, byte[] buf, int off, int len) {
      receiver.handleRtp(nowNanos, buf, off, len);
    }

    @Override
    public void onRtcp(long nowNanos, byte[] buf, int off, int len) {
      rtcp.handleRtcp(nowNanos, buf, off, len);
    }

    @Override
    public void onApplicationData(long nowNanos, byte[] data) {
      dataChannels.handleApplicationData(nowNanos, data, 0, data.length);
    }
  }

  /** Sends an SCTP packet as a DTLS application data record. */
  void sendApplicationData(byte[] buf, int off, int len) {
    transport.sendApplicationData(buf, off, len);
  }

  int protectRtp(byte[] buf, int len) {
    return transport.protectRtp(buf, len);
  }

  /** The SRTP authentication tag's length in RTP packets (0 before keys). */
  int srtpTagLength() {
    return transport.srtpProfile() == null ? 0 : transport.srtpProfile().rtpTagLength();
  }

  int protectRtcp(byte[] buf, int len) {
    return transport.protectRtcp(buf, len);
  }

  /** Queues a pooled buffer for the selected pair; the queue owns it from now on. */
  void transmitPooled(byte[] buf, int len) {
    transport.send(buf, 0, len, true);
  }

  boolean srtpReady() {
    return dtlsConnected && !closed;
  }

  void emit(PeerEvent e) {
    events.add(e);
  }

  /** Whether this connection is ICE-lite ({@link Configuration#iceLite()}). */
  boolean iceLite() {
    return config.iceLite();
  }

  /** The server's URL without its username. */
  private static String serverUrl(org.rtc4j.ice.turn.TurnServer server) {
    String s = server.toString();
    int user = s.indexOf(" (user");
    return user < 0 ? s : s.substring(0, user);
  }

  // ------------------------------------------------------------------ ICE and DTLS for JSEP

  /** Creates the ICE agent on first use, and asks the owner to gather. */
  void ensureIce(IceRole role) {
    IceConfig.Builder b = IceConfig.builder()
        .ta(config.iceCheckInterval())
        .checkRto(ICE_CHECK_RTO)
        // STUN/TURN server transactions, and connects and transactions over TCP/TLS, give up when
        // the checks do (7.9 s), not after RFC 8489's 39.5 s: with every path blocked, ICE fails
        // on time instead of waiting for a relay that cannot come.
        .stunRto(ICE_CHECK_RTO)
        .nominationDelay(config.nominationDelay())
        .interfaceFilter(config.interfaceFilter())
        .addressFilter(config.addressFilter())
        // Under the relay policy the host sockets stay (they reach the TURN servers) but are
        // neither signalled nor paired: only relayed candidates are (W3C RTCIceTransportPolicy).
        .relayOnly(config.iceTransportPolicy() == IceTransportPolicy.RELAY)
        .turnServers(IceServers.turnServers(config))
        .failureTimeout(config.iceFailureTimeout())
        .lite(config.iceLite())
        .tcpCandidates(config.iceTcpCandidates())
        .mdnsMode(config.udpMux() == null ? config.mdnsMode() : IceConfig.MdnsMode.DISABLED)
        .tlsContext(config.turnTlsContext())
        .aggressiveNomination(config.aggressiveNomination())
        .includeLoopback(config.includeLoopback())
        .ipv6(config.ipv6())
        .random(random);
    if (config.minPort() > 0) {
      b.portRange(config.minPort(), config.maxPort());
    }
    if (transport.ice() == null && transport.ensureIce(b.stunServers(IceServers.stunAddresses(config)).build(),
        jsep.localCredentials, role)) {
      emit(new PeerEvent.LocalUfrag(jsep.localCredentials.ufrag()));
      emit(new PeerEvent.GatherRequested());
    }
  }

  boolean iceRestart(IceCredentials credentials) {
    emit(new PeerEvent.LocalUfrag(credentials.ufrag()));
    return transport.restartIce(credentials);
  }

  void setRemoteCredentials(IceCredentials credentials, boolean lite) {
    transport.setRemoteCredentials(credentials, lite);
  }

  void addRemoteCandidate(Candidate c) {
    IceConfig ice = transport.iceConfig();
    if (c.isMdns() && ice != null && ice.mdnsMode() != IceConfig.MdnsMode.DISABLED) {
      emit(new PeerEvent.ResolveMdns(c)); // the owner's mDNS query; the agent ignores the name
    } else {
      transport.addRemoteCandidate(c);
    }
  }

  void remoteEndOfCandidates() {
    transport.remoteEndOfCandidates();
  }

  void setRemoteFingerprints(List<Fingerprint> fingerprints) {
    transport.setRemoteFingerprints(fingerprints);
  }

  void maybeStartDtls(long nowNanos) {
    if (!closed) {
      transport.maybeStartDtls(nowNanos, jsep.dtlsRole);
    }
  }

  /** A new transceiver for a remote offer's section. */
  Transceiver newTransceiver(MediaKind kind, Direction direction) {
    Transceiver t = new Transceiver(kind, direction, null, List.of(), random);
    transceivers.add(t);
    return t;
  }

  private void setIceConnection(IceConnectionState s) {
    if (s == iceConnectionState) {
      return;
    }
    iceConnectionState = s;
    IceStateEvent.emit(id, s.name().toLowerCase(java.util.Locale.ROOT));
    emit(new PeerEvent.IceConnectionStateChanged(s));
    updateConnectionState();
  }

  private void updateConnectionState() {
    IceConnectionState i = iceConnectionState;
    DtlsEndpoint.State d = transport.dtlsState();
    PeerConnectionState s;
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
      emit(new PeerEvent.ConnectionStateChanged(s));
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("InvalidStateError: the peer connection is closed");
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

  // ------------------------------------------------------------------ state (any thread unless said)

  /** This connection's id in logs (the MDC key {@link LogContext#KEY}), JFR events and stats: {@code pc-N}. */
  public String id() {
    return id;
  }

  public List<Transceiver> transceivers() {
    return transceivers;
  }

  public SignalingState signalingState() {
    return jsep.signalingState;
  }

  public IceGatheringState iceGatheringState() {
    return gatheringState;
  }

  public IceConnectionState iceConnectionState() {
    return iceConnectionState;
  }

  public PeerConnectionState connectionState() {
    return connectionState;
  }

  public boolean isClosed() {
    return closed;
  }

  public Certificate certificate() {
    return certificate;
  }

  /** The pending local description if any, else the current one, with the candidates gathered so far. */
  public Description localDescription() {
    Description d = jsep.pendingLocal != null ? jsep.pendingLocal : jsep.currentLocal;
    return withCandidates(d);
  }

  public Description currentLocalDescription() {
    return withCandidates(jsep.currentLocal);
  }

  public Description pendingLocalDescription() {
    return withCandidates(jsep.pendingLocal);
  }

  public Description remoteDescription() {
    Description d = jsep.pendingRemote;
    return d != null ? d : jsep.currentRemote;
  }

  public Description currentRemoteDescription() {
    return jsep.currentRemote;
  }

  public Description pendingRemoteDescription() {
    return jsep.pendingRemote;
  }

  /** The description with the gathered candidates added to each section in use. */
  private Description withCandidates(Description d) {
    List<String> candidates = new ArrayList<>(localCandidates);
    boolean complete = gatheringComplete;
    if (d == null || (candidates.isEmpty() && !complete)) {
      return d;
    }
    try {
      SessionDescription.Builder b = SessionDescription.parse(d.sdp()).toBuilder();
      SessionDescription s = b.build();
      for (int i = 0; i < s.media().size(); i++) {
        MediaDescription m = s.media().get(i);
        if (m.port() == 0) {
          continue;
        }
        b.updateMedia(i, mb -> {
          for (String c : candidates) {
            mb.addCandidate(c.startsWith("candidate:") ? c.substring("candidate:".length()) : c);
          }
          return mb.endOfCandidates(complete);
        });
      }
      return new Description(d.type(), b.build().toString());
    } catch (SdpParseException e) {
      return d; // our own description always parses
    }
  }

  /** The ICE configuration (which addresses to gather on), once the agent exists; else null. */
  public IceConfig iceConfig() {
    return transport.iceConfig();
  }

  // Loop-thread accessors for the parts.

  IceAgent iceAgent() {
    return transport.ice();
  }

  DtlsEndpoint.State dtlsState() {
    return transport.dtlsState();
  }

  DtlsRole dtlsRole() {
    return jsep.dtlsRole;
  }

  SrtpProfile srtpProfile() {
    return transport.srtpProfile();
  }

  IceCredentials localCredentials() {
    return jsep.localCredentials;
  }

  Fingerprint fingerprint() {
    return certificate.fingerprint();
  }

  String cname() {
    return cname;
  }

  HeaderExtensions extensions() {
    return jsep.extensions;
  }

  DataChannels dataChannels() {
    return dataChannels;
  }

  CongestionControl congestion() {
    return congestion;
  }

  MediaSender sender() {
    return sender;
  }

  MediaReceiver receiver() {
    return receiver;
  }

  RtcpSession rtcp() {
    return rtcp;
  }

  BundleTransport transport() {
    return transport;
  }

  /** Whether the DTLS handshake is under way (started and not yet over). */
  public boolean dtlsHandshaking() {
    return transport.dtlsState() == DtlsEndpoint.State.CONNECTING;
  }

  /** Whether the DTLS handshake thread has nothing in hand: idle, waiting for the peer, or not running. */
  public boolean dtlsQuiescent() {
    return transport.dtlsQuiescent();
  }
}
