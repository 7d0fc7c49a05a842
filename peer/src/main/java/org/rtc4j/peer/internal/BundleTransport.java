package org.rtc4j.peer.internal;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.dtls.Fingerprint;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.CandidatePair;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceDropReason;
import org.rtc4j.ice.IceEvent;
import org.rtc4j.ice.IceRole;
import org.rtc4j.ice.Received;
import org.rtc4j.ice.Transmit;
import org.rtc4j.ice.turn.TurnClient;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.peer.internal.jfr.SrtpFailureEvent;
import org.rtc4j.rtcp.Rtcp;
import org.rtc4j.srtp.SrtpContext;
import org.rtc4j.srtp.SrtpKeyingMaterial;
import org.rtc4j.srtp.SrtpProfile;
import org.rtc4j.srtp.SrtpRole;
import org.rtc4j.srtp.SrtpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one bundled transport of a connection (max-bundle, rtcp-mux, RFC 8843): the ICE agent, the
 * DTLS endpoint and the SRTP contexts keyed from it, with every datagram demultiplexed by its first
 * byte (RFC 7983): STUN to ICE, DTLS records to DTLS, SRTP and SRTCP unprotected and handed up.
 * Everything it sends leaves through one {@link TransmitQueue}: ICE's own checks from the address
 * ICE chose, the rest on the selected pair while the peer's consent holds (RFC 7675).
 *
 * <p>Sans-IO like the engines it holds: inputs carry the time, output is polled. Datagrams that
 * nothing takes are counted by reason.
 */
final class BundleTransport {
  private static final Logger LOG = LoggerFactory.getLogger(BundleTransport.class);
  private static final int MAX_EARLY_PACKETS = 256;

  /** What the transport hands up to the connection. */
  interface Listener {
    void onIceEvent(long nowNanos, IceEvent event);

    /** DTLS is connected and SRTP keyed (or it failed, or the peer closed it): the state changed. */
    void onDtlsStateChanged(long nowNanos);

    void onRtp(long nowNanos, byte[] buf, int off, int len);

    void onRtcp(long nowNanos, byte[] buf, int off, int len);

    /** A DTLS application data record (an SCTP packet for data channels). */
    void onApplicationData(long nowNanos, byte[] data);
  }

  private final String connectionId;
  private final DtlsEndpoint dtls;
  private final BufferPool pool;
  private final TransmitQueue transmits;
  private final Listener listener;
  /** The debug capture, or null (the default): every use is behind one null check. */
  private final DebugCapture capture;
  private long lastInputNanos;
  private long lastCaptureFlushNanos;
  private final ArrayDeque<byte[]> early = new ArrayDeque<>();
  private IceAgent ice;
  private IceConfig iceConfig;
  private DtlsRole role;
  private SrtpContext srtpOut;
  private SrtpContext srtpIn;
  private volatile SrtpProfile srtpProfile;
  private boolean closed;
  long datagramsDropped;
  /** {@link #datagramsDropped} by reason (the ice module's {@link IceDropReason}), indexed by ordinal. */
  final long[] datagramsDroppedBy = new long[IceDropReason.values().length];
  long srtpDropped;
  /** SRTP and SRTCP packets that did not unprotect, by {@link SrtpStatus}, indexed by ordinal. */
  final long[] srtpDroppedBy = new long[SrtpStatus.values().length];
  /** SRTP packets dropped because they came before the keys and the early queue was full or over. */
  long srtpDroppedEarly;
  long sendRefused;

  BundleTransport(String connectionId, DtlsConfig dtlsConfig, Runnable dtlsWakeup, BufferPool pool,
      Listener listener, DebugCapture capture) {
    this.connectionId = connectionId;
    this.capture = capture;
    this.dtls = new DtlsEndpoint(dtlsConfig, dtlsWakeup);
    this.pool = pool;
    this.transmits = new TransmitQueue(pool);
    this.listener = listener;
  }

  // ------------------------------------------------------------------ inputs

  /** A datagram from the network, borrowed for the call. */
  void handleDatagram(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
    if (closed) {
      return;
    }
    if (len == 0) {
      drop(IceDropReason.EMPTY);
      return;
    }
    lastInputNanos = nowNanos;
    int first = buf[off] & 0xFF;
    if (ice == null) {
      drop(first <= 3 ? IceDropReason.NOT_STUN : IceDropReason.UNKNOWN_SOURCE);
      return;
    }
    if (first <= 3 && capture != null) { // STUN as it arrived (RFC 7983)
      capture.packet(nowNanos, from, to, buf, off, len);
    }
    // STUN, and everything a TURN server relays (ChannelData, Data indications), go through the
    // agent first; what it hands back is application data from the peer, unwrapped.
    deliver(nowNanos, ice.handleReceive(nowNanos, buf, off, len, from, to));
  }

  /**
   * One frame of a stream connection (TURN over TCP or TLS, ICE-TCP), cut by its framer; borrowed
   * for the call. The agent unwraps it like a datagram.
   */
  void handleFrame(long nowNanos, long connection, byte[] buf, int off, int len) {
    if (closed || ice == null) {
      return;
    }
    lastInputNanos = nowNanos;
    deliver(nowNanos, ice.handleFrame(nowNanos, connection, buf, off, len));
  }

  /** Application data the agent handed back goes to DTLS or SRTP by its first byte (RFC 7983). */
  private void deliver(long nowNanos, Received r) {
    if (!r.isApplication()) {
      pump(nowNanos);
      return;
    }
    byte[] data = r.buffer();
    int o = r.offset();
    int n = r.length();
    int b = n == 0 ? 0 : data[o] & 0xFF;
    if (n == 0) {
      drop(IceDropReason.EMPTY);
    } else if (b <= 3) {
      drop(IceDropReason.NOT_STUN); // STUN's first bytes, but not a STUN message
    } else if (!ice.isRemoteAddress(r.from())) {
      drop(IceDropReason.UNKNOWN_SOURCE);
    } else if (b >= 20 && b <= 63) { // DTLS
      if (capture != null) {
        capture.packet(nowNanos, r.from(), r.to(), data, o, n);
      }
      dtls.handleDatagram(nowNanos, data, o, n);
    } else if (b >= 128 && b <= 191) { // SRTP and SRTCP
      handleSrtp(nowNanos, data, o, n, r.from(), r.to());
    } else {
      drop(IceDropReason.UNKNOWN_PROTOCOL);
    }
    pump(nowNanos);
  }

  /** A stream connection the agent asked for is up, from {@code local}. */
  void handleConnected(long nowNanos, long connection, InetSocketAddress local) {
    if (ice != null && !closed) {
      ice.handleConnected(nowNanos, connection, local);
      pump(nowNanos);
    }
  }

  /** A stream connection failed to open, or closed. */
  void handleDisconnected(long nowNanos, long connection) {
    if (ice != null && !closed) {
      ice.handleDisconnected(nowNanos, connection);
      pump(nowNanos);
    }
  }

  /** A connection accepted on a passive ICE-TCP candidate's listener: its id, or 0 to refuse it. */
  long handleAccepted(long nowNanos, InetSocketAddress listener, InetSocketAddress remote) {
    if (ice == null || closed) {
      return 0;
    }
    long id = ice.handleAccepted(nowNanos, listener, remote);
    pump(nowNanos);
    return id;
  }

  private void drop(IceDropReason reason) {
    datagramsDropped++;
    datagramsDroppedBy[reason.ordinal()]++;
    LOG.trace("dropping a datagram: {}", reason);
  }

  private void dropSrtp(int result) {
    srtpDropped++;
    srtpDroppedBy[SrtpStatus.of(result).ordinal()]++;
  }

  /** DTLS datagrams the endpoint dropped (malformed framing, unknown epoch, queue full, ...), by reason. */
  long dtlsDropped(org.rtc4j.dtls.DtlsDropReason reason) {
    return dtls.droppedDatagrams(reason);
  }

  void handleTimeout(long nowNanos) {
    if (closed) {
      return;
    }
    lastInputNanos = nowNanos;
    if (capture != null && nowNanos - lastCaptureFlushNanos >= 1_000_000_000L) {
      lastCaptureFlushNanos = nowNanos;
      capture.flush(); // readable while the call goes on
    }
    if (ice != null) {
      ice.handleTimeout(nowNanos);
    }
    dtls.handleTimeout(nowNanos);
    pump(nowNanos);
  }

  /** Takes over what the DTLS handshake thread produced. */
  void handleDtlsWakeup(long nowNanos) {
    if (!closed) {
      lastInputNanos = nowNanos;
      pump(nowNanos);
    }
  }

  Datagram pollTransmit() {
    return transmits.poll();
  }

  long pollTimeout() {
    if (closed) {
      return Long.MAX_VALUE;
    }
    long t = dtls.pollTimeout();
    return ice == null ? t : Math.min(t, ice.pollTimeout());
  }

  // ------------------------------------------------------------------ ICE

  /** Creates the ICE agent on first use; true if this call created it (gathering is due). */
  boolean ensureIce(IceConfig config, IceCredentials local, IceRole iceRole) {
    if (ice != null) {
      return false;
    }
    iceConfig = config;
    ice = new IceAgent(config, local, iceRole);
    return true;
  }

  IceAgent ice() {
    return ice;
  }

  IceConfig iceConfig() {
    return iceConfig;
  }

  void addHostCandidate(long nowNanos, InetSocketAddress address) {
    if (ice != null && !closed) {
      ice.addHostCandidate(nowNanos, address);
      pump(nowNanos);
    }
  }

  /** The ICE-TCP host candidates (RFC 6544) of a listener bound at {@code listener}. */
  void addTcpHostCandidates(long nowNanos, InetSocketAddress listener) {
    if (ice != null && !closed) {
      ice.addTcpHostCandidates(nowNanos, listener);
      pump(nowNanos);
    }
  }

  /** A STUN server whose host name was resolved off the loop. */
  void addStunServer(long nowNanos, InetSocketAddress server) {
    if (ice != null && !closed) {
      ice.addStunServer(nowNanos, server);
      pump(nowNanos);
    }
  }

  /** A TURN server whose host name was resolved off the loop. */
  void addTurnServer(long nowNanos, TurnServer server, InetSocketAddress resolved) {
    if (ice != null && !closed) {
      ice.addTurnServer(nowNanos, server, resolved);
      pump(nowNanos);
    }
  }

  void endOfLocalCandidates(long nowNanos) {
    if (ice != null && !closed) {
      ice.endOfLocalCandidates();
      pump(nowNanos);
    }
  }

  /** ICE restart with new local credentials; false if there is no agent yet. */
  boolean restartIce(IceCredentials credentials) {
    if (ice == null) {
      return false;
    }
    ice.restart(credentials);
    return true;
  }

  void setRemoteCredentials(IceCredentials credentials, boolean lite) {
    ice.setRemoteCredentials(credentials, lite);
  }

  void addRemoteCandidate(Candidate c) {
    if (ice != null) {
      ice.addRemoteCandidate(c);
    }
  }

  void remoteEndOfCandidates() {
    if (ice != null) {
      ice.setRemoteEndOfCandidates();
    }
  }

  // ------------------------------------------------------------------ DTLS and SRTP

  void setRemoteFingerprints(List<Fingerprint> fingerprints) {
    dtls.setRemoteFingerprints(fingerprints);
  }

  /** Starts DTLS once the role is known: a server at once, a client when ICE has a pair. */
  void maybeStartDtls(long nowNanos, DtlsRole dtlsRole) {
    if (closed || dtlsRole == null || dtls.state() != DtlsEndpoint.State.NEW) {
      return;
    }
    if (dtlsRole == DtlsRole.SERVER || (ice != null && ice.selectedPair() != null)) {
      role = dtlsRole;
      dtls.start(nowNanos, dtlsRole);
      LOG.debug("DTLS started as {}", dtlsRole);
      listener.onDtlsStateChanged(nowNanos);
    }
  }

  DtlsEndpoint.State dtlsState() {
    return dtls.state();
  }

  boolean dtlsConnected() {
    return srtpOut != null;
  }

  boolean dtlsQuiescent() {
    return dtls.handshakeQuiescent();
  }

  SrtpProfile srtpProfile() {
    return srtpProfile;
  }

  /** The DTLS cipher suite's IANA name once connected, else null. */
  String dtlsCipherSuite() {
    return dtls.cipherSuite();
  }

  /** How long the DTLS handshake took (wall time on its thread), or -1. */
  long dtlsHandshakeNanos() {
    return dtls.handshakeNanos();
  }

  /** Protects an RTP packet in place (room for the tag after it): the new length, or negative. */
  int protectRtp(byte[] buf, int len) {
    SrtpContext out = srtpOut;
    if (capture != null && out != null) {
      captureOutbound(buf, 0, len);
    }
    return out == null ? -1 : out.protectRtp(buf, 0, len);
  }

  int protectRtcp(byte[] buf, int len) {
    SrtpContext out = srtpOut;
    if (capture != null && out != null) {
      captureOutbound(buf, 0, len);
    }
    return out == null ? -1 : out.protectRtcp(buf, 0, len);
  }

  /** Captures a datagram going out on the selected pair (RTP and RTCP before protection, DTLS). */
  private void captureOutbound(byte[] buf, int off, int len) {
    CandidatePair pair = ice == null ? null : ice.selectedPair();
    if (pair != null) {
      capture.packet(lastInputNanos, pair.localAddress(), pair.remoteAddress(), buf, off, len);
    }
  }

  /** Queues a DTLS datagram on the selected pair. */
  private void sendDtls(byte[] d) {
    if (capture != null) {
      captureOutbound(d, 0, d.length);
    }
    send(d, 0, d.length, false);
  }

  /** Queues {@code buf[off, off + len)} on the selected pair; with {@code pooled} the queue owns the buffer. */
  void send(byte[] buf, int off, int len, boolean pooled) {
    CandidatePair pair = ice == null ? null : ice.selectedPair();
    if (closed || pair == null || !ice.canSend()) {
      sendRefused++;
      if (pooled) {
        pool.give(buf);
      }
      return;
    }
    if (!pair.needsWrap()) {
      transmits.add(buf, off, len, pair.localAddress(), pair.remoteAddress(), pooled);
      return;
    }
    // A relayed pair (ChannelData or a Send indication) or ICE-TCP framing: the agent frames it.
    byte[] framed = pool.take(len + TurnClient.MAX_OVERHEAD);
    int n = ice.wrap(buf, off, len, framed, 0);
    if (pooled) {
      pool.give(buf);
    }
    if (n < 0) {
      sendRefused++;
      pool.give(framed);
      return;
    }
    // A stream route (TURN over TCP/TLS, ICE-TCP) writes the framed bytes on its connection.
    transmits.add(framed, 0, n, pair.socketAddress(), pair.sendAddress(), true, pair.connection());
  }

  /** Sends one DTLS application data record (an SCTP packet); false before DTLS is connected. */
  boolean sendApplicationData(byte[] buf, int off, int len) {
    if (closed || dtls.state() != DtlsEndpoint.State.CONNECTED) {
      return false;
    }
    dtls.sendApplicationData(buf, off, len);
    for (byte[] d; (d = dtls.pollTransmit()) != null; ) {
      sendDtls(d);
    }
    return true;
  }

  /** DTLS close_notify and ICE stopped; what they send stays queued for {@link #pollTransmit()}. */
  void close() {
    if (closed) {
      return;
    }
    dtls.close();
    for (byte[] d; (d = dtls.pollTransmit()) != null; ) {
      sendDtls(d);
    }
    if (capture != null) {
      capture.close();
    }
    closed = true;
    srtpOut = null;
    srtpIn = null;
    if (ice != null) {
      ice.close();
    }
    early.clear();
  }

  // ------------------------------------------------------------------ the inside

  /** Moves ICE and DTLS output into the queue and reacts to their events, until both are quiet. */
  private void pump(long nowNanos) {
    boolean moved = true;
    while (moved) {
      moved = false;
      if (ice != null) {
        for (Transmit t; (t = ice.pollTransmit()) != null; moved = true) {
          if (capture != null && !t.isStream()) {
            capture.packet(nowNanos, t.source(), t.destination(), t.data(), 0, t.data().length);
          }
          transmits.add(t.data(), 0, t.data().length, t.source(), t.destination(), false, t.connection());
        }
        for (IceEvent e; (e = ice.pollEvent()) != null; moved = true) {
          listener.onIceEvent(nowNanos, e);
        }
      }
      for (byte[] d; (d = dtls.pollTransmit()) != null; moved = true) {
        sendDtls(d);
      }
      for (DtlsEvent e; (e = dtls.pollEvent()) != null; moved = true) {
        onDtlsEvent(nowNanos, e);
      }
    }
  }

  private void onDtlsEvent(long nowNanos, DtlsEvent e) {
    if (e instanceof DtlsEvent.Connected c) {
      SrtpProfile profile = SrtpProfile.fromId(c.profile().id());
      SrtpKeyingMaterial km = SrtpKeyingMaterial.split(profile, c.keyingMaterial().exported());
      SrtpRole srtpRole = role == DtlsRole.CLIENT ? SrtpRole.CLIENT : SrtpRole.SERVER;
      srtpOut = km.outbound(srtpRole);
      srtpIn = km.inbound(srtpRole);
      srtpProfile = profile;
      LOG.debug("DTLS connected, SRTP profile {}", profile);
      listener.onDtlsStateChanged(nowNanos);
      CandidatePair pair = ice == null ? null : ice.selectedPair();
      for (byte[] p; (p = early.poll()) != null && srtpIn != null; ) {
        handleSrtp(nowNanos, p, 0, p.length, pair == null ? null : pair.remoteAddress(),
            pair == null ? null : pair.localAddress());
      }
    } else if (e instanceof DtlsEvent.ApplicationData a) {
      listener.onApplicationData(nowNanos, a.data());
    } else if (e instanceof DtlsEvent.Failed f) {
      LOG.debug("DTLS failed: {} {}", f.reason(), f.message());
      listener.onDtlsStateChanged(nowNanos);
    } else if (e instanceof DtlsEvent.Closed c && c.byPeer()) {
      LOG.debug("DTLS closed by the peer");
      srtpOut = null;
      srtpIn = null;
      listener.onDtlsStateChanged(nowNanos);
    }
  }

  private void handleSrtp(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from,
      InetSocketAddress to) {
    SrtpContext in = srtpIn;
    if (in == null) {
      // The DTLS server has its keys one flight before the client: keep what it sends meanwhile.
      DtlsEndpoint.State s = dtls.state();
      if ((s == DtlsEndpoint.State.CONNECTING || s == DtlsEndpoint.State.NEW) && early.size() < MAX_EARLY_PACKETS) {
        early.add(Arrays.copyOfRange(buf, off, off + len));
      } else {
        srtpDropped++;
        srtpDroppedEarly++;
        SrtpFailureEvent.emit(connectionId, Rtcp.isRtcp(buf, off, len), "NO_KEYS", len);
      }
      return;
    }
    if (Rtcp.isRtcp(buf, off, len)) {
      int n = in.unprotectRtcp(buf, off, len);
      if (n > 0) {
        if (capture != null) {
          capture.packet(nowNanos, from, to, buf, off, n);
        }
        listener.onRtcp(nowNanos, buf, off, n);
      } else {
        dropSrtp(n);
        SrtpFailureEvent.emit(connectionId, true, SrtpStatus.of(n).name(), len);
      }
    } else {
      int n = in.unprotectRtp(buf, off, len);
      if (n > 0) {
        if (capture != null) {
          capture.packet(nowNanos, from, to, buf, off, n);
        }
        listener.onRtp(nowNanos, buf, off, n);
      } else {
        dropSrtp(n);
        SrtpFailureEvent.emit(connectionId, false, SrtpStatus.of(n).name(), len);
      }
    }
  }
}
