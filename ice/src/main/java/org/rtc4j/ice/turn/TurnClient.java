package org.rtc4j.ice.turn;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.rtc4j.ice.internal.Retransmission;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunCredentials;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunParseException;
import org.rtc4j.stun.StunWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TURN client (RFC 8656) for one allocation on one server, as a sans-IO state machine: no
 * sockets, threads or clock. It is fed the server's messages and time, and hands back the bytes to
 * send to the server, events and its next deadline. The caller owns the route to the server (a
 * UDP socket, or a TCP/TLS connection whose bytes it frames with
 * {@link org.rtc4j.ice.StreamFramer.Mode#TURN}).
 *
 * <pre>{@code
 * TurnClient turn = new TurnClient(server, TurnClient.Options.defaults(random));
 * turn.start(now);                                  // Allocate (401 -> REALM/NONCE -> retry)
 * int kind = turn.handleMessage(now, buf, off, len); // one datagram / one stream frame from the server
 * if (kind == TurnClient.DATA) deliver(turn.dataBuffer(), turn.dataOffset(), turn.dataLength(), turn.dataPeer());
 * turn.createPermission(now, peerIp);  turn.bindChannel(now, peer);
 * int n = turn.wrap(payload, 0, len, peer, out, 0);   // ChannelData once bound, else a Send indication
 * for (byte[] b; (b = turn.pollTransmit()) != null; ) sendToServer(b);
 * for (TurnEvent e; (e = turn.pollEvent()) != null; ) dispatch(e);
 * timer.rearm(turn.pollTimeout());
 * turn.close(now);                                   // Refresh with LIFETIME 0
 * }</pre>
 *
 * <p>What it does: Allocate with long-term credentials (RFC 8489 §9.2): the first request goes
 * without credentials, a 401 brings REALM and NONCE, the retry carries USERNAME, REALM, NONCE and
 * MESSAGE-INTEGRITY; if the 401 offered PASSWORD-ALGORITHMS with SHA-256 and an RFC 8489 nonce
 * cookie, the retry uses the SHA-256 key and MESSAGE-INTEGRITY-SHA256 and echoes the algorithms.
 * A 438 (stale nonce) retries with the new nonce, at most three times in a row. Refresh before
 * expiry (a minute early, or at half the lifetime if shorter); CreatePermission per peer IP,
 * refreshed every 4 minutes (they last 5); ChannelBind per peer, refreshed every 9 minutes (they
 * last 10); Send indications until the channel is bound, ChannelData after; Data indications and
 * ChannelData in; REQUESTED-ADDRESS-FAMILY for an IPv6 relay; Refresh with LIFETIME 0 on close.
 * Retransmission over UDP follows RFC 8489 §6.2.1; over TCP/TLS one transmission and a 39.5 s
 * timeout.
 *
 * <p>Failures are typed ({@link TurnEvent.Failed} with a {@link TurnError}): a 401 after
 * authenticating is {@code WRONG_CREDENTIALS}, 486 {@code ALLOCATION_QUOTA_REACHED}, 508
 * {@code INSUFFICIENT_CAPACITY}, no answer {@code TIMEOUT}. Bad bytes from the network are counted
 * ({@link #droppedCount()}) and dropped, never thrown. The password and keys are never logged.
 *
 * <p>The data path allocates nothing once a channel is bound: {@link #wrap} writes a ChannelData
 * header into the caller's buffer, and {@link #handleMessage} on ChannelData only sets the view
 * ({@link #dataPeer()}, {@link #dataOffset()}...) over the caller's bytes.
 *
 * <p>Not thread-safe: one owner thread (the event loop) drives it.
 */
public final class TurnClient {
  private static final Logger LOG = LoggerFactory.getLogger(TurnClient.class);

  /** {@link #handleMessage}: a control message (response, or anything the client consumed). */
  public static final int CONTROL = 0;
  /** {@link #handleMessage}: data from a peer, readable through the {@code data*} view. */
  public static final int DATA = 1;
  /** {@link #handleMessage}: dropped (malformed, unknown transaction or channel), counted. */
  public static final int DROPPED = 2;

  /** Largest header a {@link #wrap} adds (a Send indication with an IPv6 peer and padding). */
  public static final int MAX_OVERHEAD = 20 + 24 + 4 + 3 + 8;

  static final long PERMISSION_REFRESH_NANOS = 240_000_000_000L;
  static final long CHANNEL_REFRESH_NANOS = 540_000_000_000L;
  private static final String NONCE_COOKIE = "obMatJos2";
  private static final int ALGORITHM_MD5 = 1;
  private static final int ALGORITHM_SHA256 = 2;
  private static final int MAX_STALE_RETRIES = 3;
  /** REALM and NONCE: fewer than 128 characters, at most 763 bytes (RFC 8489 §14.9, §14.10). */
  static final int MAX_REALM_NONCE_BYTES = 763;
  /** PASSWORD-ALGORITHMS (RFC 8489 §14.11): two algorithms are registered, without parameters. */
  static final int MAX_PASSWORD_ALGORITHMS_BYTES = 256;

  /** States of the allocation. */
  public enum State { NEW, ALLOCATING, ALLOCATED, FAILED, CLOSED }

  /**
   * Client settings.
   *
   * @param random transaction ids (a {@link java.security.SecureRandom} in production)
   * @param ipv6Relay ask for an IPv6 relayed address (REQUESTED-ADDRESS-FAMILY, RFC 8656 §18.6)
   * @param rtoNanos initial retransmission timeout over UDP (RFC 8489: 500 ms)
   * @param maxTransmits transmissions over UDP (Rc, RFC 8489: 7)
   * @param rm the last wait over UDP in RTOs (Rm, RFC 8489: 16)
   * @param streamTimeoutNanos transaction timeout over TCP/TLS (RFC 8489 Ti: 39.5 s)
   * @param software SOFTWARE attribute value, or null
   */
  public record Options(Random random, boolean ipv6Relay, long rtoNanos, int maxTransmits, int rm,
      long streamTimeoutNanos, String software) {
    public Options {
      Objects.requireNonNull(random, "random");
      if (rtoNanos <= 0 || maxTransmits < 1 || rm < 1 || streamTimeoutNanos <= 0) {
        throw new IllegalArgumentException("bad TURN timing options");
      }
    }

    /** The RFC 8489 defaults: RTO 500 ms, 7 transmissions, Rm 16, 39.5 s over streams; IPv4. */
    public static Options defaults(Random random) {
      return new Options(random, false, 500_000_000L, 7, 16, 39_500_000_000L, null);
    }

    public Options withIpv6Relay(boolean v) {
      return new Options(random, v, rtoNanos, maxTransmits, rm, streamTimeoutNanos, software);
    }

    public Options withTiming(long rto, int transmits, int lastWaitRtos, long streamTimeout) {
      return new Options(random, ipv6Relay, rto, transmits, lastWaitRtos, streamTimeout, software);
    }
  }

  private static final class Request {
    final int method;
    final List<InetAddress> peers;
    final Channel channel;
    final long lifetime;
    byte[] tid;
    byte[] data;
    Retransmission rtx;
    boolean authenticated;
    int staleRetries;

    Request(int method, List<InetAddress> peers, Channel channel, long lifetime) {
      this.method = method;
      this.peers = peers;
      this.channel = channel;
      this.lifetime = lifetime;
    }
  }

  private static final class Permission {
    boolean installed;
    boolean pending;
    long refreshAt = Long.MAX_VALUE;
  }

  private static final class Channel {
    final InetSocketAddress peer;
    final int number;
    boolean bound;
    boolean pending;
    long refreshAt = Long.MAX_VALUE;

    Channel(InetSocketAddress peer, int number) {
      this.peer = peer;
      this.number = number;
    }
  }

  private final TurnServer server;
  private final Options options;
  private final boolean stream;
  private final byte[] usernameBytes;
  private final byte[] softwareBytes;
  private final StunWriter writer = new StunWriter();
  private byte[] scratch = new byte[1500]; // grown by encode() for a request that needs more
  private final byte[] sendTid = new byte[12];

  private String realm;
  private String nonce;
  private byte[] key;
  private boolean sha256;
  private byte[] passwordAlgorithms;

  private State state = State.NEW;
  private InetSocketAddress relayed;
  private InetSocketAddress mapped;
  private long refreshAt = Long.MAX_VALUE;
  private long expiresAt = Long.MAX_VALUE;
  private boolean refreshPending;
  private final List<Request> requests = new ArrayList<>();
  private final ArrayDeque<byte[]> transmits = new ArrayDeque<>();
  private final ArrayDeque<TurnEvent> events = new ArrayDeque<>();
  private final Map<InetAddress, Permission> permissions = new LinkedHashMap<>();
  private final Map<InetSocketAddress, Channel> channels = new HashMap<>();
  private Channel[] byNumber = new Channel[8];
  private int channelCount;

  private InetSocketAddress dataPeer;
  private byte[] dataBuf;
  private int dataOff;
  private int dataLen;
  private long dropped;
  private long integrityFailures;

  /** A client for {@code server}; nothing is sent before {@link #start}. */
  public TurnClient(TurnServer server, Options options) {
    this.server = Objects.requireNonNull(server, "server");
    this.options = Objects.requireNonNull(options, "options");
    this.stream = server.transport().isStream();
    this.usernameBytes = server.username().getBytes(StandardCharsets.UTF_8);
    this.softwareBytes = options.software() == null ? null : options.software().getBytes(StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------------------------ inputs

  /** Sends the first Allocate request (without credentials: the server answers 401 with a nonce). */
  public void start(long nowNanos) {
    if (state != State.NEW) {
      throw new IllegalStateException("start() twice: the client is " + state);
    }
    state = State.ALLOCATING;
    send(nowNanos, new Request(StunMessage.ALLOCATE, null, null, -1));
  }

  /**
   * One message from the server: a UDP datagram, or one frame of the TCP/TLS stream. Returns
   * {@link #CONTROL}, {@link #DATA} (read the {@code data*} view, valid until the next call) or
   * {@link #DROPPED}. The bytes are borrowed for the call.
   */
  public int handleMessage(long nowNanos, byte[] buf, int off, int len) {
    dataPeer = null;
    if (state == State.CLOSED || state == State.FAILED || state == State.NEW) {
      dropped++;
      return DROPPED;
    }
    if (ChannelData.isChannelData(buf, off, len)) {
      int dl = ChannelData.check(buf, off, len);
      int index = dl < 0 ? -1 : ChannelData.channel(buf, off) - ChannelData.MIN_CHANNEL;
      Channel c = index >= 0 && index < channelCount ? byNumber[index] : null;
      // RFC 8656 §12.6: only on a channel that is bound, or whose ChannelBind the server may have
      // taken before its answer reached us; never before the allocation exists.
      if (c == null || state != State.ALLOCATED || !(c.bound || c.pending)) {
        dropped++;
        return DROPPED;
      }
      dataPeer = c.peer;
      dataBuf = buf;
      dataOff = off + ChannelData.HEADER_LENGTH;
      dataLen = dl;
      return DATA;
    }
    if (!StunMessage.isStun(buf, off, len)) {
      dropped++;
      return DROPPED;
    }
    StunMessage msg;
    try {
      msg = StunMessage.parse(buf, off, len);
    } catch (StunParseException e) {
      dropped++;
      LOG.debug("dropping malformed message from TURN server {}: {}", server.host(), e.getMessage());
      return DROPPED;
    }
    if (msg.messageClass() == StunClass.INDICATION && msg.method() == StunMessage.DATA) {
      StunAttribute.XorPeerAddress peer = msg.attribute(StunAttribute.XorPeerAddress.class);
      StunAttribute.Data data = msg.attribute(StunAttribute.Data.class);
      if (peer == null || data == null || state != State.ALLOCATED) {
        dropped++;
        return DROPPED;
      }
      dataPeer = peer.address();
      dataBuf = data.value();
      dataOff = 0;
      dataLen = data.value().length;
      return DATA;
    }
    if (!msg.messageClass().isResponse()) {
      dropped++;
      return DROPPED;
    }
    Request r = null;
    for (Request x : requests) {
      if (msg.hasTransactionId(x.tid)) {
        r = x;
        break;
      }
    }
    if (r == null || msg.method() != r.method) {
      dropped++;
      return DROPPED;
    }
    if (msg.messageClass() == StunClass.SUCCESS_RESPONSE) {
      onSuccess(nowNanos, r, msg);
    } else {
      onError(nowNanos, r, msg);
    }
    return CONTROL;
  }

  /** Time passed: retransmissions, refreshes of the allocation, permissions and channels. */
  public void handleTimeout(long nowNanos) {
    if (state != State.ALLOCATING && state != State.ALLOCATED) {
      return;
    }
    for (int i = 0; i < requests.size(); i++) {
      Request r = requests.get(i);
      if (nowNanos < r.rtx.deadline()) {
        continue;
      }
      if (r.rtx.exhausted()) {
        requests.remove(i--);
        onTimeout(r);
        if (state == State.FAILED) {
          return;
        }
      } else {
        transmits.add(r.data);
        r.rtx.sent(nowNanos);
      }
    }
    if (state != State.ALLOCATED) {
      return;
    }
    if (nowNanos >= expiresAt) {
      fail(TurnError.TIMEOUT, 0, "the allocation expired without a successful refresh");
      return;
    }
    if (nowNanos >= refreshAt && !refreshPending) {
      refreshPending = true;
      refreshAt = Long.MAX_VALUE;
      send(nowNanos, new Request(StunMessage.REFRESH, null, null, -1));
    }
    List<InetAddress> due = null;
    for (Map.Entry<InetAddress, Permission> e : permissions.entrySet()) {
      Permission p = e.getValue();
      if (!p.pending && p.installed && nowNanos >= p.refreshAt) {
        (due == null ? due = new ArrayList<>() : due).add(e.getKey());
      }
    }
    if (due != null) {
      sendPermissions(nowNanos, due);
    }
    for (Channel c : channels.values()) {
      if (!c.pending && c.bound && nowNanos >= c.refreshAt) {
        sendChannelBind(nowNanos, c);
      }
    }
  }

  /**
   * The TCP or TLS connection to the server failed or closed: the allocation is lost with it
   * (RFC 8656 §3.1), reported as {@link TurnError#CONNECTION_FAILED} unless already closed.
   */
  public void handleConnectionLost(long nowNanos) {
    fail(TurnError.CONNECTION_FAILED, 0, "the connection to " + server.host() + ":" + server.port() + " failed or closed");
  }

  /**
   * Installs a permission for {@code peer} (RFC 8656 §9), kept fresh while the client lives.
   * Before the allocation exists the request waits for it. Idempotent.
   */
  public void createPermission(long nowNanos, InetAddress peer) {
    Objects.requireNonNull(peer, "peer");
    if (permissions.containsKey(peer) || state == State.FAILED || state == State.CLOSED) {
      return;
    }
    permissions.put(peer, new Permission());
    if (state == State.ALLOCATED) {
      sendPermissions(nowNanos, List.of(peer));
    }
  }

  /**
   * Binds a channel to {@code peer} (RFC 8656 §11); data to and from it uses ChannelData once
   * the server confirms. Idempotent; waits for the allocation if it does not exist yet.
   *
   * @throws IllegalStateException when all 4,096 channel numbers are in use
   */
  public void bindChannel(long nowNanos, InetSocketAddress peer) {
    Objects.requireNonNull(peer, "peer");
    if (channels.containsKey(peer) || state == State.FAILED || state == State.CLOSED) {
      return;
    }
    if (channelCount > ChannelData.MAX_CHANNEL - ChannelData.MIN_CHANNEL) {
      throw new IllegalStateException("no channel number left on " + server.host());
    }
    Channel c = new Channel(peer, ChannelData.MIN_CHANNEL + channelCount);
    if (channelCount == byNumber.length) {
      byNumber = Arrays.copyOf(byNumber, byNumber.length * 2);
    }
    byNumber[channelCount++] = c;
    channels.put(peer, c);
    if (state == State.ALLOCATED) {
      sendChannelBind(nowNanos, c);
    }
  }

  /**
   * Deletes the allocation: a Refresh with LIFETIME 0 (RFC 8656 §7), sent once and not awaited.
   * The client is CLOSED afterwards and emits {@link TurnEvent.Closed}.
   */
  public void close(long nowNanos) {
    if (state == State.CLOSED) {
      return;
    }
    boolean allocated = state == State.ALLOCATED;
    requests.clear();
    if (allocated) {
      Request r = new Request(StunMessage.REFRESH, null, null, 0);
      r.tid = StunMessage.newTransactionId(options.random());
      r.data = encode(r);
      transmits.add(r.data);
    }
    state = State.CLOSED;
    events.add(new TurnEvent.Closed());
  }

  // ------------------------------------------------------------------------------ data path

  /**
   * Wraps application data for {@code peer} into {@code dst[dstOff...]}: a ChannelData message
   * once the channel to the peer is bound (padded over TCP/TLS), a Send indication before. Returns
   * the bytes written, or -1 when there is no allocation. Allocates nothing on the ChannelData
   * path. {@code dst} needs {@code len + } {@value #MAX_OVERHEAD} bytes.
   */
  public int wrap(byte[] buf, int off, int len, InetSocketAddress peer, byte[] dst, int dstOff) {
    if (state != State.ALLOCATED) {
      return -1;
    }
    Channel c = channels.get(peer);
    if (c != null && c.bound) {
      return ChannelData.write(dst, dstOff, c.number, buf, off, len, stream);
    }
    options.random().nextBytes(sendTid);
    writer.begin(dst, dstOff, StunMessage.SEND, StunClass.INDICATION, sendTid)
        .address(StunAttribute.XOR_PEER_ADDRESS, peer, true)
        .bytes(StunAttribute.DATA, buf, off, len);
    return writer.length();
  }

  /** The channel bound to {@code peer}, or -1. */
  public int channelOf(InetSocketAddress peer) {
    Channel c = channels.get(peer);
    return c != null && c.bound ? c.number : -1;
  }

  /** The peer of the last {@link #DATA} message. */
  public InetSocketAddress dataPeer() {
    return dataPeer;
  }

  /** The buffer holding the last {@link #DATA} message's payload (the caller's, for ChannelData). */
  public byte[] dataBuffer() {
    return dataBuf;
  }

  public int dataOffset() {
    return dataOff;
  }

  public int dataLength() {
    return dataLen;
  }

  // ------------------------------------------------------------------------------ outputs

  /** The next message to send to the server (ownership passes to the caller), or null. */
  public byte[] pollTransmit() {
    return transmits.poll();
  }

  /** The next event, or null. */
  public TurnEvent pollEvent() {
    return events.poll();
  }

  /** The absolute deadline for {@link #handleTimeout}, or {@code Long.MAX_VALUE}. */
  public long pollTimeout() {
    if (state != State.ALLOCATING && state != State.ALLOCATED) {
      return Long.MAX_VALUE;
    }
    long t = Long.MAX_VALUE;
    for (Request r : requests) {
      t = Math.min(t, r.rtx.deadline());
    }
    if (state == State.ALLOCATED) {
      t = Math.min(t, Math.min(refreshAt, expiresAt));
      for (Permission p : permissions.values()) {
        if (!p.pending) {
          t = Math.min(t, p.refreshAt);
        }
      }
      for (Channel c : channels.values()) {
        if (!c.pending) {
          t = Math.min(t, c.refreshAt);
        }
      }
    }
    return t;
  }

  // ------------------------------------------------------------------------------ queries

  public State state() {
    return state;
  }

  public TurnServer server() {
    return server;
  }

  /** The relayed transport address, once allocated. */
  public InetSocketAddress relayedAddress() {
    return relayed;
  }

  /** Our address as the server sees it (XOR-MAPPED-ADDRESS of the Allocate response). */
  public InetSocketAddress mappedAddress() {
    return mapped;
  }

  /** Whether a permission for {@code peer} is installed. */
  public boolean hasPermission(InetAddress peer) {
    Permission p = permissions.get(peer);
    return p != null && p.installed;
  }

  /** Messages dropped: malformed, unknown channel or transaction, data before the allocation. */
  public long droppedCount() {
    return dropped;
  }

  /** Success responses whose MESSAGE-INTEGRITY did not verify (dropped). */
  public long integrityFailureCount() {
    return integrityFailures;
  }

  /** Transactions awaiting an answer (for tests: bounded by the permissions and channels asked for). */
  int requestCount() {
    return requests.size();
  }

  // ------------------------------------------------------------------------------ internals

  private void onSuccess(long now, Request r, StunMessage msg) {
    if (r.authenticated && !msg.verifyIntegrity(key)) {
      integrityFailures++;
      return; // RFC 8489 §9.2.5: discard, keep waiting for the real answer
    }
    requests.remove(r);
    switch (r.method) {
      case StunMessage.ALLOCATE -> {
        StunAttribute.XorRelayedAddress rel = msg.attribute(StunAttribute.XorRelayedAddress.class);
        StunAttribute.XorMappedAddress map = msg.attribute(StunAttribute.XorMappedAddress.class);
        StunAttribute.Lifetime life = msg.attribute(StunAttribute.Lifetime.class);
        if (rel == null) {
          fail(TurnError.SERVER_ERROR, 0, "Allocate success without XOR-RELAYED-ADDRESS");
          return;
        }
        relayed = rel.address();
        mapped = map == null ? null : map.address();
        long lifetime = life == null ? 600 : life.seconds();
        state = State.ALLOCATED;
        scheduleRefresh(now, lifetime);
        LOG.debug("TURN allocation on {}: relayed {}, lifetime {} s", server.host(), relayed, lifetime);
        events.add(new TurnEvent.Allocated(relayed, mapped, lifetime));
        List<InetAddress> waiting = new ArrayList<>(permissions.keySet());
        if (!waiting.isEmpty()) {
          sendPermissions(now, waiting);
        }
        for (int i = 0; i < channelCount; i++) {
          sendChannelBind(now, byNumber[i]);
        }
      }
      case StunMessage.REFRESH -> {
        refreshPending = false;
        StunAttribute.Lifetime life = msg.attribute(StunAttribute.Lifetime.class);
        scheduleRefresh(now, life == null ? 600 : life.seconds());
      }
      case StunMessage.CREATE_PERMISSION -> {
        for (InetAddress peer : r.peers) {
          Permission p = permissions.get(peer);
          if (p != null) {
            p.pending = false;
            p.installed = true;
            p.refreshAt = now + PERMISSION_REFRESH_NANOS;
            events.add(new TurnEvent.PermissionCreated(peer));
          }
        }
      }
      case StunMessage.CHANNEL_BIND -> {
        Channel c = r.channel;
        c.pending = false;
        c.refreshAt = now + CHANNEL_REFRESH_NANOS;
        if (!c.bound) {
          c.bound = true;
          events.add(new TurnEvent.ChannelBound(c.peer, c.number));
        }
        Permission p = permissions.get(c.peer.getAddress());
        if (p != null && !p.installed) {
          p.installed = true; // ChannelBind installs the permission too (RFC 8656 §11.2)
          p.refreshAt = now + PERMISSION_REFRESH_NANOS;
        }
      }
      default -> { }
    }
  }

  private void onError(long now, Request r, StunMessage msg) {
    requests.remove(r);
    StunAttribute.ErrorCode err = msg.attribute(StunAttribute.ErrorCode.class);
    int code = err == null ? 0 : err.code();
    String reason = err == null ? "" : err.reason();
    StunAttribute.Nonce n = msg.attribute(StunAttribute.Nonce.class);
    StunAttribute.Realm rl = msg.attribute(StunAttribute.Realm.class);
    if ((code == StunAttribute.ErrorCode.UNAUTHENTICATED || code == StunAttribute.ErrorCode.STALE_NONCE)
        && oversized(msg)) {
      // They would be echoed in every request: refuse them rather than build requests around them.
      fail(TurnError.SERVER_ERROR, code, code + " with a REALM, NONCE or PASSWORD-ALGORITHMS too long");
      return;
    }
    if (code == StunAttribute.ErrorCode.UNAUTHENTICATED && !r.authenticated) {
      if (n == null || rl == null) {
        fail(TurnError.SERVER_ERROR, code, "401 without REALM and NONCE");
        return;
      }
      realm = rl.value();
      nonce = n.value();
      chooseAlgorithm(msg);
      send(now, r);
      return;
    }
    if (code == StunAttribute.ErrorCode.STALE_NONCE && n != null && r.staleRetries < MAX_STALE_RETRIES) {
      nonce = n.value();
      if (rl != null && !rl.value().equals(realm)) {
        realm = rl.value();
        chooseAlgorithm(msg);
      }
      r.staleRetries++;
      send(now, r);
      return;
    }
    if (r.method == StunMessage.REFRESH && r.lifetime == 0) {
      return;
    }
    TurnError e = switch (code) {
      case StunAttribute.ErrorCode.UNAUTHENTICATED, StunAttribute.ErrorCode.WRONG_CREDENTIALS ->
          TurnError.WRONG_CREDENTIALS;
      case StunAttribute.ErrorCode.ALLOCATION_QUOTA_REACHED -> TurnError.ALLOCATION_QUOTA_REACHED;
      case StunAttribute.ErrorCode.INSUFFICIENT_CAPACITY -> TurnError.INSUFFICIENT_CAPACITY;
      case StunAttribute.ErrorCode.ALLOCATION_MISMATCH -> TurnError.ALLOCATION_MISMATCH;
      case StunAttribute.ErrorCode.FORBIDDEN, StunAttribute.ErrorCode.ADDRESS_FAMILY_NOT_SUPPORTED,
          StunAttribute.ErrorCode.UNSUPPORTED_TRANSPORT_PROTOCOL,
          StunAttribute.ErrorCode.PEER_ADDRESS_FAMILY_MISMATCH -> TurnError.REFUSED;
      default -> TurnError.SERVER_ERROR;
    };
    if (r.method == StunMessage.CREATE_PERMISSION || r.method == StunMessage.CHANNEL_BIND) {
      if (e != TurnError.WRONG_CREDENTIALS && e != TurnError.ALLOCATION_MISMATCH) {
        // A refused peer (403, 443) affects that peer only.
        LOG.debug("TURN {} on {} refused: {} {}", r.method == StunMessage.CHANNEL_BIND ? "ChannelBind"
            : "CreatePermission", server.host(), code, reason);
        if (r.channel != null) {
          r.channel.pending = false;
        }
        if (r.peers != null) {
          for (InetAddress peer : r.peers) {
            Permission p = permissions.get(peer);
            if (p != null) {
              p.pending = false;
            }
          }
        }
        return;
      }
    }
    fail(e, code, (r.method == StunMessage.ALLOCATE ? "Allocate" : "request") + " refused: " + code + " " + reason);
  }

  private void onTimeout(Request r) {
    if (r.method == StunMessage.REFRESH && r.lifetime == 0) {
      return;
    }
    fail(TurnError.TIMEOUT, 0, "no answer from " + server.host() + ":" + server.port() + " over "
        + server.transport());
  }

  private void chooseAlgorithm(StunMessage msg) {
    passwordAlgorithms = null;
    sha256 = false;
    for (StunAttribute a : msg.attributes()) {
      if (a instanceof StunAttribute.Unknown u && u.type() == StunAttribute.PASSWORD_ALGORITHMS
          && nonce.startsWith(NONCE_COOKIE)) {
        passwordAlgorithms = u.value();
        sha256 = offers(u.value(), ALGORITHM_SHA256);
        if (!sha256 && !offers(u.value(), ALGORITHM_MD5)) {
          passwordAlgorithms = null; // nothing we support: plain MD5 as RFC 5389 clients do
        }
      }
    }
    key = sha256 ? StunCredentials.longTermKeySha256(server.username(), realm, server.password())
        : StunCredentials.longTermKey(server.username(), realm, server.password());
  }

  /** Whether a 401 or 438 carries a REALM, NONCE or PASSWORD-ALGORITHMS past its bound. */
  private static boolean oversized(StunMessage msg) {
    for (StunAttribute a : msg.attributes()) {
      if (a instanceof StunAttribute.Realm rl && utf8Length(rl.value()) > MAX_REALM_NONCE_BYTES
          || a instanceof StunAttribute.Nonce n && utf8Length(n.value()) > MAX_REALM_NONCE_BYTES
          || a instanceof StunAttribute.Unknown u && u.type() == StunAttribute.PASSWORD_ALGORITHMS
              && u.value().length > MAX_PASSWORD_ALGORITHMS_BYTES) {
        return true;
      }
    }
    return false;
  }

  private static int utf8Length(String v) {
    return v.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Whether a PASSWORD-ALGORITHMS value (RFC 8489 §14.11) lists {@code algorithm}. */
  static boolean offers(byte[] v, int algorithm) {
    for (int i = 0; i + 4 <= v.length; ) {
      int alg = ((v[i] & 0xFF) << 8) | (v[i + 1] & 0xFF);
      int plen = ((v[i + 2] & 0xFF) << 8) | (v[i + 3] & 0xFF);
      if (alg == algorithm) {
        return true;
      }
      i += 4 + ((plen + 3) & ~3);
    }
    return false;
  }

  private void scheduleRefresh(long now, long lifetimeSeconds) {
    long life = Math.max(1, lifetimeSeconds) * 1_000_000_000L;
    expiresAt = now + life;
    refreshAt = now + Math.min(life / 2 > 60_000_000_000L ? life - 60_000_000_000L : life / 2, life);
  }

  private void sendPermissions(long now, List<InetAddress> peers) {
    for (InetAddress p : peers) {
      permissions.get(p).pending = true;
    }
    send(now, new Request(StunMessage.CREATE_PERMISSION, List.copyOf(peers), null, -1));
  }

  private void sendChannelBind(long now, Channel c) {
    c.pending = true;
    send(now, new Request(StunMessage.CHANNEL_BIND, null, c, -1));
  }

  private void send(long now, Request r) {
    r.tid = StunMessage.newTransactionId(options.random());
    r.authenticated = key != null;
    r.data = encode(r);
    r.rtx = stream ? new Retransmission(options.streamTimeoutNanos(), 1, 1)
        : new Retransmission(options.rtoNanos(), options.maxTransmits(), options.rm());
    r.rtx.sent(now);
    requests.add(r);
    transmits.add(r.data);
  }

  private byte[] encode(Request r) {
    // An upper bound of the request: fixed attributes, the peers, and what is echoed or configured.
    int need = 160 + 24 * (r.peers == null ? 1 : r.peers.size()) + usernameBytes.length
        + (softwareBytes == null ? 0 : softwareBytes.length) + 2 * MAX_REALM_NONCE_BYTES
        + (passwordAlgorithms == null ? 0 : passwordAlgorithms.length);
    if (scratch.length < need) {
      scratch = new byte[need];
    }
    StunWriter w = writer.begin(scratch, 0, r.method, StunClass.REQUEST, r.tid);
    switch (r.method) {
      case StunMessage.ALLOCATE -> {
        w.u32(StunAttribute.REQUESTED_TRANSPORT, 17 << 24); // UDP relaying (RFC 8656 §18.7)
        if (options.ipv6Relay()) {
          w.u32(StunAttribute.REQUESTED_ADDRESS_FAMILY, 0x02 << 24);
        }
      }
      case StunMessage.REFRESH -> {
        if (r.lifetime >= 0) {
          w.u32(StunAttribute.LIFETIME, (int) r.lifetime);
        }
      }
      case StunMessage.CREATE_PERMISSION -> {
        for (InetAddress p : r.peers) {
          w.address(StunAttribute.XOR_PEER_ADDRESS, new InetSocketAddress(p, 0), true);
        }
      }
      case StunMessage.CHANNEL_BIND -> {
        w.u32(StunAttribute.CHANNEL_NUMBER, r.channel.number << 16);
        w.address(StunAttribute.XOR_PEER_ADDRESS, r.channel.peer, true);
      }
      default -> throw new IllegalStateException("not a TURN request: " + r.method);
    }
    if (softwareBytes != null) {
      w.bytes(StunAttribute.SOFTWARE, softwareBytes, 0, softwareBytes.length);
    }
    if (key != null) {
      w.username(usernameBytes).string(StunAttribute.REALM, realm).string(StunAttribute.NONCE, nonce);
      if (passwordAlgorithms != null) {
        w.bytes(StunAttribute.PASSWORD_ALGORITHMS, passwordAlgorithms, 0, passwordAlgorithms.length);
        w.u32(StunAttribute.PASSWORD_ALGORITHM, (sha256 ? ALGORITHM_SHA256 : ALGORITHM_MD5) << 16);
      }
      if (sha256) {
        w.messageIntegritySha256(key);
      } else {
        w.messageIntegrity(key);
      }
    }
    w.fingerprint();
    return Arrays.copyOf(scratch, w.length());
  }

  private void fail(TurnError error, int code, String message) {
    if (state == State.FAILED || state == State.CLOSED) {
      return;
    }
    state = State.FAILED;
    requests.clear();
    transmits.clear(); // retransmissions queued by the same input: the allocation is gone, send nothing more
    LOG.debug("TURN allocation on {} failed: {} ({})", server.host(), error, message);
    events.add(new TurnEvent.Failed(error, code, message));
  }

  @Override
  public String toString() {
    return "TurnClient[" + server + ", " + state + (relayed == null ? "" : ", relayed " + relayed) + "]";
  }
}
