package org.rtc4j.dtls;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.rtc4j.dtls.bc.BcDtlsAdapter;
import org.rtc4j.dtls.bc.RecordFraming;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One DTLS 1.2 association with DTLS-SRTP keying (RFC 6347, RFC 5764), as a sans-IO engine: it
 * owns no socket and reads no clock, and the owner drives it with the same shape as every other
 * rtc4j engine.
 *
 * <pre>{@code
 * var dtls = new DtlsEndpoint(config, () -> loop.execute(peer::drain)); // wakeup from handshake thread
 * dtls.setRemoteFingerprints(List.of(Fingerprint.parse("sha-256 AB:CD:...")));
 * dtls.start(now, DtlsRole.forAnswerer(offerSetup));
 * // on every DTLS datagram from ICE:    dtls.handleDatagram(now, buf, off, len);
 * // when pollTimeout() is reached:      dtls.handleTimeout(now);
 * // after every input and every wakeup, drain:
 * for (byte[] d; (d = dtls.pollTransmit()) != null; ) ice.send(d);
 * for (DtlsEvent e; (e = dtls.pollEvent()) != null; ) {
 *   if (e instanceof DtlsEvent.Connected c) srtp.start(c.keyingMaterial(), dtls.role());
 * }
 * timer.rearm(dtls.pollTimeout());
 * }</pre>
 *
 * <p><b>Threads.</b> All methods are called on the owner's thread (its event loop) and never
 * block. Bouncy Castle's handshake API blocks, so the handshake itself runs on a {@link
 * DtlsHandshakeExecutor} thread fed by a bounded queue of datagrams; what it sends appears in
 * {@link #pollTransmit()} and its result in {@link #pollEvent()}. Because that output appears
 * without an input from the owner, the endpoint runs the {@code wakeup} callback (on the handshake
 * thread, coalesced until the owner polls again); the owner must then drain. After the handshake,
 * records are protected and unprotected on the owner's thread.
 *
 * <p><b>Time.</b> {@code nowNanos} is any monotonic clock of the owner. It governs the handshake
 * deadline ({@link #pollTimeout()}); flight retransmission (RFC 6347 §4.2.4) runs inside Bouncy
 * Castle on the handshake thread's wall clock, with {@link DtlsConfig#initialRetransmit()} as the
 * first timeout.
 */
public final class DtlsEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);

  /** The association's lifecycle. */
  public enum State {
    /** Created; {@link #start} not called yet. */
    NEW,
    /** Handshaking (a server waits for the first ClientHello in this state too). */
    CONNECTING,
    /** Handshake done, SRTP keys exported; application data flows. */
    CONNECTED,
    /** Ended by close_notify (either side) or {@link #close()}. */
    CLOSED,
    /** Ended by a failure (see {@link DtlsEvent.Failed}). */
    FAILED
  }

  private final DtlsConfig config;
  private final Runnable wakeup;
  private final AtomicBoolean wakePending = new AtomicBoolean();
  private final CompletableFuture<List<Fingerprint>> remoteFingerprints = new CompletableFuture<>();
  private final ArrayDeque<DtlsEvent> events = new ArrayDeque<>();
  private final ArrayDeque<byte[]> early = new ArrayDeque<>();
  private volatile BcDtlsAdapter adapter;
  private DtlsRole role;
  private State state = State.NEW;
  private boolean submitted;
  private long deadlineNanos = Long.MAX_VALUE;
  private final AtomicLongArray dropped = new AtomicLongArray(DtlsDropReason.values().length);

  /** An endpoint whose owner polls on its own schedule (tests, or a loop that polls often). */
  public DtlsEndpoint(DtlsConfig config) {
    this(config, () -> {});
  }

  /**
   * @param wakeup run from a handshake thread when output is ready; it must be cheap and
   *     thread-safe, and must make the owner drain this endpoint on its own thread
   */
  public DtlsEndpoint(DtlsConfig config, Runnable wakeup) {
    this.config = Objects.requireNonNull(config, "config");
    this.wakeup = Objects.requireNonNull(wakeup, "wakeup");
    // The constructor runs where the owner creates the connection, typically not its loop: the
    // one-time initialization belongs here rather than in start(), which runs on the loop.
    BcDtlsAdapter.preload(config);
    config.handshakeExecutor().prestartThread();
  }

  /**
   * The fingerprints from the remote SDP (RFC 8122 §5; any one may match). May be called before or
   * after {@link #start}: a handshake that reaches the peer's certificate first waits for them, up
   * to the handshake deadline. Only the first call counts.
   */
  public void setRemoteFingerprints(List<Fingerprint> fingerprints) {
    if (fingerprints.isEmpty()) {
      throw new IllegalArgumentException("at least one remote fingerprint is needed");
    }
    remoteFingerprints.complete(List.copyOf(fingerprints));
  }

  /**
   * Starts the association in the given role: a client sends its ClientHello at once, a server
   * waits for one. The handshake must finish by {@code nowNanos + handshakeTimeout}.
   */
  public void start(long nowNanos, DtlsRole role) {
    if (state != State.NEW) {
      throw new IllegalStateException("InvalidStateError: DTLS endpoint already started (" + state + ")");
    }
    this.role = Objects.requireNonNull(role, "role");
    this.state = State.CONNECTING;
    long timeoutNanos = config.handshakeTimeout().toNanos();
    this.deadlineNanos = saturatedAdd(nowNanos, timeoutNanos);
    this.adapter = new BcDtlsAdapter(config, role, remoteFingerprints, this::signal);
    boolean received = !early.isEmpty();
    for (byte[] d; (d = early.poll()) != null; ) {
      adapter.offerInbound(d);
    }
    if (role == DtlsRole.CLIENT || received) {
      submit();
    }
  }

  /** The role given to {@link #start}, or null before it. */
  public DtlsRole role() {
    return role;
  }

  /** Where the association is in its lifecycle. */
  public State state() {
    return state;
  }

  /**
   * Whether the handshake thread has nothing in hand: the handshake is not running (not started,
   * a server still waiting for its first ClientHello, or over), its outcome waits to be taken, or
   * the thread waits for the peer with no datagram queued. A driver that steps time by hand (a
   * test on a manual clock) waits for this before it moves time on, because Bouncy Castle's
   * handshake runs on wall time on its own thread.
   */
  public boolean handshakeQuiescent() {
    if (state != State.CONNECTING || adapter == null || !submitted) {
      return true;
    }
    return adapter.outcome() != null || adapter.isIdle();
  }

  /** Datagrams dropped for any reason (see {@link DtlsDropReason}); readable from any thread. */
  public long droppedDatagrams() {
    long n = 0;
    for (DtlsDropReason r : DtlsDropReason.values()) {
      n += droppedDatagrams(r);
    }
    return n;
  }

  /**
   * Datagrams dropped for {@code reason}; for {@link DtlsDropReason#CHANGE_CIPHER_SPEC_HELD},
   * records. Readable from any thread.
   */
  public long droppedDatagrams(DtlsDropReason reason) {
    if (reason == DtlsDropReason.CHANGE_CIPHER_SPEC_HELD) {
      BcDtlsAdapter a = adapter;
      return a == null ? 0 : a.droppedChangeCipherSpecs();
    }
    return dropped.get(reason.ordinal());
  }

  /**
   * The negotiated cipher suite's IANA name (W3C {@code RTCTransportStats.dtlsCipher}), e.g.
   * {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}; null until connected.
   */
  public String cipherSuite() {
    BcDtlsAdapter a = adapter;
    return state == State.CONNECTED || state == State.CLOSED ? (a == null ? null : a.cipherSuiteName()) : null;
  }

  /**
   * How long the handshake took on its thread (from the client's first flight, or the server's
   * first ClientHello, to success), in wall-clock nanoseconds; -1 until connected.
   */
  public long handshakeNanos() {
    BcDtlsAdapter a = adapter;
    return state == State.CONNECTED && a != null ? a.handshakeNanos() : -1;
  }

  /** Our certificate's sha-256 fingerprint, for the local SDP. */
  public Fingerprint localFingerprint() {
    return config.certificate().fingerprint();
  }

  /**
   * A datagram from the peer, of any size UDP carries (up to 65,507 bytes, whatever the send MTU);
   * the bytes are copied. A datagram that is not well-framed DTLS (RFC 7983 §7 first byte, RFC 6347
   * §4.1 record headers and lengths), or that arrives when it cannot be queued, is dropped, counted
   * by {@link DtlsDropReason} and logged at DEBUG.
   */
  public void handleDatagram(long nowNanos, byte[] buf, int off, int len) {
    sync();
    DtlsDropReason bad = RecordFraming.check(buf, off, len);
    if (bad != null) {
      drop(bad, len);
      return;
    }
    byte[] copy = new byte[len];
    System.arraycopy(buf, off, copy, 0, len);
    switch (state) {
      case NEW:
        // An offerer may get the ClientHello before the answer tells it to be the server.
        if (early.size() < config.inboundQueueCapacity()) {
          early.add(copy);
        } else {
          drop(DtlsDropReason.QUEUE_FULL, len);
        }
        return;
      case CONNECTING:
        if (!adapter.offerInbound(copy)) {
          drop(DtlsDropReason.QUEUE_FULL, len);
        }
        if (!submitted) {
          submit();
        }
        return;
      case CONNECTED:
        if (!adapter.offerInbound(copy)) {
          drop(DtlsDropReason.QUEUE_FULL, len);
        }
        pump();
        return;
      default:
        drop(DtlsDropReason.ENDED, len);
    }
  }

  private void drop(DtlsDropReason reason, int len) {
    dropped.getAndIncrement(reason.ordinal());
    LOG.debug("dropped a {}-byte datagram: {} (state {})", len, reason, state);
  }

  /** Fails the handshake with {@link DtlsFailure#TIMEOUT} once its deadline has passed. */
  public void handleTimeout(long nowNanos) {
    sync();
    if (state == State.CONNECTING && nowNanos - deadlineNanos >= 0) {
      adapter.abort();
      fail(DtlsFailure.TIMEOUT, -1, "handshake did not finish within " + config.handshakeTimeout());
    }
  }

  /** The next datagram to send to the peer, or null. */
  public byte[] pollTransmit() {
    sync();
    return adapter == null ? null : adapter.pollOutbound();
  }

  /** The next event, or null. */
  public DtlsEvent pollEvent() {
    sync();
    return events.poll();
  }

  /** The handshake deadline while connecting, else {@link Long#MAX_VALUE}. */
  public long pollTimeout() {
    return state == State.CONNECTING ? deadlineNanos : Long.MAX_VALUE;
  }

  /** The largest payload {@link #sendApplicationData} takes in one record. */
  public int maxApplicationDataLength() {
    requireConnected();
    try {
      return adapter.sendLimit();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Sends one application_data record; its datagram appears in {@link #pollTransmit()}. */
  public void sendApplicationData(byte[] buf, int off, int len) {
    sync();
    requireConnected();
    Objects.checkFromIndexSize(off, len, buf.length);
    try {
      if (len > adapter.sendLimit()) {
        throw new IllegalArgumentException("record payload " + len + " exceeds " + adapter.sendLimit());
      }
      adapter.send(buf, off, len);
    } catch (IOException e) {
      fail(DtlsFailure.PROTOCOL_ERROR, -1, "send failed: " + e);
    }
  }

  /**
   * Ends the association: after the handshake a close_notify alert is sent (RFC 5246 §7.2.1);
   * during it the handshake is abandoned. Emits {@link DtlsEvent.Closed}.
   */
  public void close() {
    sync();
    if (state == State.CLOSED || state == State.FAILED) {
      return;
    }
    if (adapter != null) {
      adapter.close();
    }
    releaseHandshakeThread();
    state = State.CLOSED;
    events.add(new DtlsEvent.Closed(false));
  }

  private void requireConnected() {
    if (state != State.CONNECTED) {
      throw new IllegalStateException("InvalidStateError: DTLS endpoint is " + state + ", not CONNECTED");
    }
  }

  private void submit() {
    submitted = true;
    if (!config.handshakeExecutor().submit(withCallerContext(adapter))) {
      adapter.abort();
      fail(DtlsFailure.EXECUTOR_SATURATED, -1, "DTLS handshake executor queue is full");
    }
  }

  /**
   * The handshake runs with the submitting thread's SLF4J MDC (the connection's id, set by the
   * owner around its work), so the handshake thread's log lines name their connection too. One
   * copy per handshake; nothing when the MDC is empty or the backend keeps none.
   */
  private static Runnable withCallerContext(Runnable handshake) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    if (context == null || context.isEmpty()) {
      return handshake;
    }
    return () -> {
      MDC.setContextMap(context);
      try {
        handshake.run();
      } finally {
        MDC.clear();
      }
    };
  }

  /** Takes over what the handshake thread produced. */
  private void sync() {
    wakePending.set(false);
    if (state != State.CONNECTING) {
      return;
    }
    BcDtlsAdapter.Outcome outcome = adapter.outcome();
    if (outcome == null) {
      return;
    }
    if (!outcome.succeeded()) {
      fail(outcome.failure(), outcome.alert(), outcome.message());
      return;
    }
    adapter.adopt();
    state = State.CONNECTED;
    KeyingMaterial km = adapter.keyingMaterial();
    LOG.debug("DTLS connected as {} with {}", role, km.profile());
    events.add(new DtlsEvent.PeerCertificate(adapter.peerCertificate().clone()));
    events.add(new DtlsEvent.Connected(km.profile(), km));
    pump(); // records that arrived while the handshake thread finished
  }

  private void pump() {
    BcDtlsAdapter.PumpResult r = adapter.pump(data -> events.add(new DtlsEvent.ApplicationData(data)));
    if (r == BcDtlsAdapter.PumpResult.CLOSED) {
      LOG.debug("DTLS close_notify received");
      state = State.CLOSED;
      events.add(new DtlsEvent.Closed(true));
    } else if (r == BcDtlsAdapter.PumpResult.FAILED) {
      BcDtlsAdapter.Outcome f = adapter.failure();
      fail(f.failure(), f.alert(), f.message());
    }
  }

  private void fail(DtlsFailure reason, int alert, String message) {
    LOG.debug("DTLS failed: {} {}", reason, message);
    releaseHandshakeThread();
    state = State.FAILED;
    events.add(new DtlsEvent.Failed(reason, alert, message));
  }

  /** A handshake thread waiting for fingerprints that will never come stops waiting now. */
  private void releaseHandshakeThread() {
    remoteFingerprints.completeExceptionally(new java.util.concurrent.CancellationException("endpoint ended"));
  }

  /** Runs on the handshake thread; a faulty callback must not kill it. */
  private void signal() {
    if (wakePending.compareAndSet(false, true)) {
      try {
        wakeup.run();
      } catch (RuntimeException e) {
        LOG.warn("DTLS wakeup callback failed", e);
      }
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
