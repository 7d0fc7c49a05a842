package org.rtc4j.ice;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.net.Alarm;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.Resolver;
import org.rtc4j.net.UdpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IceAgent} bound to an {@link EventLoop} and its UDP sockets: the W3C
 * {@code RTCIceTransport}. It gathers host candidates (one socket per address, on the interfaces
 * and addresses {@link IceConfig} allows, in an optional port range), lets the agent gather
 * server-reflexive candidates and run its checks, and demultiplexes every received datagram by its
 * first byte (RFC 7983): 0-3 STUN to the agent, 20-63 DTLS and 128-191 RTP/RTCP to the handlers
 * set by the next layer, anything else dropped and counted.
 *
 * <p>Threads: every method may be called from any thread; work is posted to the loop, except
 * {@link #send}, which must run on the loop (as {@link UdpEndpoint#send} does). Callbacks (events,
 * received packets) run on the loop thread and must not block. The received bytes are borrowed for
 * the duration of the callback.
 *
 * <p>The driving rule of the sans-IO agent is kept here: after every input the transport sends
 * every {@link IceAgent#pollTransmit()}, dispatches every {@link IceAgent#pollEvent()} and re-arms
 * its one {@link Alarm} at {@link IceAgent#pollTimeout()}.
 *
 * <pre>{@code
 * IceTransport t = new IceTransport(loop, config, IceCredentials.random(rnd), IceRole.CONTROLLING, event -> {
 *   if (event instanceof IceEvent.LocalCandidate c) signalling.send(c.candidate().toString());
 * });
 * t.onDtls((buf, off, len, from) -> dtls.handle(buf, off, len));
 * t.start();                                   // gather
 * t.setRemoteCredentials(remoteCreds, false);
 * t.addRemoteCandidate(Candidate.parse(line)); // trickled
 * t.setRemoteEndOfCandidates();
 * loop.execute(() -> t.send(packet, 0, packet.length)); // over the selected pair, with consent
 * }</pre>
 */
public final class IceTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IceTransport.class);

  /** Receives non-STUN datagrams; {@code buf} is borrowed for the call. */
  @FunctionalInterface
  public interface PacketHandler {
    void onPacket(byte[] buf, int off, int len, InetSocketAddress from);
  }

  private final EventLoop loop;
  private final IceConfig config;
  private final IceAgent agent;
  private final Consumer<IceEvent> listener;
  private final IceSockets sockets;
  private final byte[] sendScratch = new byte[65_536 + 64];
  private volatile PacketHandler dtlsHandler;
  private volatile PacketHandler rtpHandler;
  private volatile Function<String, CompletableFuture<InetAddress>> mdnsResolver;
  private volatile IceCredentials localCredentials;
  private volatile IceState state = IceState.NEW;
  private volatile GatheringState gatheringState = GatheringState.NEW;
  private volatile CandidatePair selectedPair;
  private volatile long mdnsResolved;
  private Alarm alarm;
  private boolean started;
  private boolean closed;
  private long sendRefused;
  // Written on the loop thread only, read from any thread.
  private final AtomicLongArray dropped = new AtomicLongArray(IceDropReason.values().length);

  /**
   * A transport on {@code loop}. {@code listener} receives every {@link IceEvent} on the loop
   * thread. Nothing happens until {@link #start()}.
   */
  public IceTransport(EventLoop loop, IceConfig config, IceCredentials local, IceRole role,
      Consumer<IceEvent> listener) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.config = Objects.requireNonNull(config, "config");
    this.agent = new IceAgent(config, local, role);
    this.localCredentials = local;
    this.listener = Objects.requireNonNull(listener, "listener");
    this.sockets = new IceSockets(loop, config, new AgentTarget());
  }

  /** DTLS records (first byte 20-63) from a known remote address go here. */
  public void onDtls(PacketHandler handler) {
    this.dtlsHandler = handler;
  }

  /** RTP and RTCP packets (first byte 128-191) from a known remote address go here. */
  public void onRtp(PacketHandler handler) {
    this.rtpHandler = handler;
  }

  /**
   * Binds one socket per usable local address and starts gathering: host candidates at once,
   * server-reflexive and relayed ones as servers answer. Completes with the bound addresses; fails
   * if no address could be bound.
   */
  public CompletableFuture<List<InetSocketAddress>> start() {
    CompletableFuture<List<InetSocketAddress>> done = new CompletableFuture<>();
    loop.execute(() -> {
      if (closed || started) {
        done.completeExceptionally(new IllegalStateException(closed ? "InvalidStateError: closed" : "already started"));
        return;
      }
      started = true;
      try {
        List<InetSocketAddress> bound = sockets.gather();
        drain();
        if (bound.isEmpty()) {
          done.completeExceptionally(new IOException("no local address could be bound"));
        } else {
          done.complete(List.copyOf(bound));
        }
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  /** Resolves host names (STUN, TURN) with this resolver, off the loop; default {@link Resolver#system()}. */
  public void setResolver(Resolver resolver) {
    sockets.setResolver(resolver);
  }

  /**
   * The addresses host candidates are gathered on, in RFC 8421 order (IPv6 and IPv4 interleaved,
   * IPv6 first): up interfaces accepted by the filters, without link-local IPv6; loopback only
   * when {@link IceConfig#includeLoopback()} or when nothing else is available.
   */
  public static List<InetAddress> hostAddresses(IceConfig config) {
    List<InetAddress> v4 = new ArrayList<>();
    List<InetAddress> v6 = new ArrayList<>();
    List<InetAddress> loopback4 = new ArrayList<>();
    List<InetAddress> loopback6 = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || !config.interfaceFilter().test(ni)) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          boolean is4 = a instanceof Inet4Address;
          if ((is4 && !config.ipv4()) || (!is4 && !config.ipv6()) || a.isAnyLocalAddress() || a.isMulticastAddress()
              || (a instanceof Inet6Address && a.isLinkLocalAddress()) || !config.addressFilter().test(a)) {
            continue;
          }
          if (a.isLoopbackAddress() || ni.isLoopback()) {
            (is4 ? loopback4 : loopback6).add(a);
          } else {
            (is4 ? v4 : v6).add(a);
          }
        }
      }
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    if (v4.isEmpty() && v6.isEmpty() || config.includeLoopback()) {
      v4.addAll(loopback4);
      v6.addAll(loopback6);
    }
    List<InetAddress> out = new ArrayList<>(v4.size() + v6.size());
    for (int i = 0; i < Math.max(v4.size(), v6.size()); i++) {
      if (i < v6.size()) {
        out.add(v6.get(i));
      }
      if (i < v4.size()) {
        out.add(v4.get(i));
      }
    }
    return out;
  }

  /** The peer's credentials, and whether it is ICE-lite. The future fails if they change without a restart. */
  public CompletableFuture<Void> setRemoteCredentials(IceCredentials remote, boolean lite) {
    return onLoop(() -> agent.setRemoteCredentials(remote, lite));
  }

  /**
   * Resolves remote mDNS candidates ({@code <uuid>.local}) with {@code resolver} before handing
   * them to the agent, instead of the built-in one-shot mDNS query. A resolver that fails or yields
   * nothing leaves the candidate ignored.
   */
  public void setMdnsResolver(Function<String, CompletableFuture<InetAddress>> resolver) {
    this.mdnsResolver = resolver;
  }

  /** Adds a remote candidate (trickled or from SDP); a {@code .local} one is resolved first. */
  public CompletableFuture<Void> addRemoteCandidate(Candidate candidate) {
    Function<String, CompletableFuture<InetAddress>> resolver = mdnsResolver;
    if (candidate.isMdns() && resolver != null) {
      return resolver.apply(candidate.address()).thenCompose(ip -> ip == null
          ? onLoop(() -> agent.addRemoteCandidate(candidate))
          : onLoop(() -> agent.addRemoteCandidate(candidate.withAddress(Candidate.literal(ip)))));
    }
    if (candidate.isMdns() && config.mdnsMode() != IceConfig.MdnsMode.DISABLED) {
      return onLoop(() -> sockets.resolve(candidate));
    }
    return onLoop(() -> agent.addRemoteCandidate(candidate));
  }

  /** Remote {@code .local} names resolved over mDNS so far (any thread, eventually). */
  public long mdnsResolvedCount() {
    return mdnsResolved;
  }

  /** Parses and adds a remote candidate line ({@code candidate:...}, with or without {@code a=}). */
  public CompletableFuture<Void> addRemoteCandidate(String line) throws CandidateParseException {
    return addRemoteCandidate(Candidate.parse(line));
  }

  /** The peer signalled end-of-candidates (RFC 8838). */
  public CompletableFuture<Void> setRemoteEndOfCandidates() {
    return onLoop(agent::setRemoteEndOfCandidates);
  }

  /** ICE restart with new local credentials; media stays on the current pair until a new one is selected. */
  public CompletableFuture<Void> restart(IceCredentials newLocal) {
    return onLoop(() -> {
      agent.restart(newLocal);
      localCredentials = newLocal;
    });
  }

  /** The connection state as of the last event dispatched (any thread). */
  public IceState state() {
    return state;
  }

  /** The gathering state as of the last event dispatched (any thread). */
  public GatheringState gatheringState() {
    return gatheringState;
  }

  /** The selected pair as of the last event dispatched, or null (any thread). */
  public CandidatePair selectedPair() {
    return selectedPair;
  }

  /** The current local ufrag and password (any thread). */
  public IceCredentials localCredentials() {
    return localCredentials;
  }

  /**
   * Sends one datagram (DTLS, SRTP) over the selected pair. Must be called on the loop thread.
   * Refused (false, counted) while no pair is selected or the peer's consent has expired
   * (RFC 7675).
   */
  public boolean send(byte[] buf, int off, int len) {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("IceTransport.send must be called on the event loop thread");
    }
    CandidatePair pair = agent.selectedPair();
    if (closed || pair == null || !agent.canSend()) {
      sendRefused++;
      return false;
    }
    if (!pair.needsWrap()) {
      return sockets.sendDatagram(pair.socketAddress(), buf, off, len, pair.remoteAddress());
    }
    int n = agent.wrap(buf, off, len, sendScratch, 0);
    if (n < 0) {
      sendRefused++;
      return false;
    }
    return pair.connection() != 0 ? sockets.sendStream(pair.connection(), sendScratch, 0, n)
        : sockets.sendDatagram(pair.socketAddress(), sendScratch, 0, n, pair.sendAddress());
  }

  /** The agent, for queries on the loop thread (state, selected pair, stats). */
  public IceAgent agent() {
    return agent;
  }

  public EventLoop loop() {
    return loop;
  }

  /** Datagrams refused by {@link #send} for want of a selected pair or consent. */
  public long sendRefusedCount() {
    return sendRefused;
  }

  /** Received datagrams dropped for any {@link IceDropReason}; readable from any thread. */
  public long droppedCount() {
    long n = 0;
    for (IceDropReason r : IceDropReason.values()) {
      n += dropped.get(r.ordinal());
    }
    return n;
  }

  /** Received datagrams dropped for {@code reason}; readable from any thread. */
  public long droppedCount(IceDropReason reason) {
    return dropped.get(reason.ordinal());
  }

  /** Closes the agent and every socket. */
  @Override
  public void close() {
    closeAsync();
  }

  /** Closes the agent and every socket; completes on the loop when done. */
  public CompletableFuture<Void> closeAsync() {
    return onLoop(() -> {
      if (closed) {
        return;
      }
      closed = true;
      agent.close();
      drain();
      if (alarm != null) {
        alarm.clear();
      }
      sockets.close();
    });
  }

  /** Application data by its first byte (RFC 7983), from known peers only. */
  private void deliver(Received r) {
    byte[] buf = r.buffer();
    int off = r.offset();
    int len = r.length();
    if (len == 0) {
      drop(IceDropReason.EMPTY, len, r.from());
      return;
    }
    int b = buf[off] & 0xFF;
    if (b <= 3) {
      drop(IceDropReason.NOT_STUN, len, r.from()); // STUN's first bytes, but not a STUN message
      return;
    }
    boolean dtls = b >= 20 && b <= 63;
    if (!dtls && (b < 128 || b > 191)) {
      drop(IceDropReason.UNKNOWN_PROTOCOL, len, r.from());
      return;
    }
    PacketHandler h = dtls ? dtlsHandler : rtpHandler;
    if (h == null) {
      drop(IceDropReason.NO_HANDLER, len, r.from());
      return;
    }
    if (!agent.isRemoteAddress(r.from())) {
      drop(IceDropReason.UNKNOWN_SOURCE, len, r.from());
      return;
    }
    h.onPacket(buf, off, len, r.from());
  }

  /** The sockets feed the agent; application data goes to the handlers. */
  private final class AgentTarget implements IceSockets.Target {
    @Override
    public void handleDatagram(long now, byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
      if (closed) {
        drop(IceDropReason.CLOSED, len, from);
        return;
      }
      Received r = agent.handleReceive(now, buf, off, len, from, to);
      if (r.isApplication()) {
        deliver(r);
      }
    }

    @Override
    public void handleFrame(long now, long connection, byte[] buf, int off, int len) {
      Received r = agent.handleFrame(now, connection, buf, off, len);
      if (r.isApplication()) {
        deliver(r);
      }
    }

    @Override
    public void handleConnected(long now, long connection, InetSocketAddress local) {
      agent.handleConnected(now, connection, local);
    }

    @Override
    public void handleDisconnected(long now, long connection) {
      agent.handleDisconnected(now, connection);
    }

    @Override
    public long handleAccepted(long now, InetSocketAddress listener, InetSocketAddress remote) {
      return agent.handleAccepted(now, listener, remote);
    }

    @Override
    public void addHostCandidate(long now, InetSocketAddress udp) {
      agent.addHostCandidate(now, udp);
    }

    @Override
    public void addTcpHostCandidates(long now, InetSocketAddress listener) {
      agent.addTcpHostCandidates(now, listener);
    }

    @Override
    public void addStunServer(long now, InetSocketAddress server) {
      agent.addStunServer(now, server);
    }

    @Override
    public void addTurnServer(long now, TurnServer server, InetSocketAddress resolved) {
      agent.addTurnServer(now, server, resolved);
    }

    @Override
    public void endOfLocalCandidates(long now) {
      agent.endOfLocalCandidates();
    }

    @Override
    public void addRemoteCandidate(long now, Candidate candidate) {
      if (!candidate.isMdns()) {
        mdnsResolved++;
      }
      agent.addRemoteCandidate(candidate);
    }

    @Override
    public Map<String, InetAddress> mdnsHostNames() {
      return agent.mdnsHostNames();
    }

    @Override
    public void afterInput() {
      drain();
    }
  }

  private void drop(IceDropReason reason, int len, InetSocketAddress from) {
    dropped.getAndIncrement(reason.ordinal());
    if (LOG.isDebugEnabled()) {
      LOG.debug("dropped a {}-byte datagram from {}: {}", len, from, reason);
    }
  }

  private void onTimer() {
    if (closed) {
      return;
    }
    agent.handleTimeout(loop.clock().nanoTime());
    drain();
  }

  /** Sends every transmit, dispatches every event, re-arms the one timer. */
  private void drain() {
    for (int round = 0; round < 8; round++) {
      for (Transmit t; (t = agent.pollTransmit()) != null; ) {
        if (t.isStream()) {
          sockets.sendStream(t.connection(), t.data(), 0, t.data().length);
        } else {
          sockets.sendDatagram(t.source(), t.data(), 0, t.data().length, t.destination());
        }
      }
      if (!dispatchEvents()) {
        break;
      }
    }
    long deadline = closed ? Alarm.NEVER : agent.pollTimeout();
    if (alarm == null) {
      if (deadline == Alarm.NEVER) {
        return;
      }
      alarm = loop.newAlarm(this::onTimer);
    }
    // A deadline already passed (the agent uses Long.MIN_VALUE for "now") fires next iteration.
    alarm.set(deadline == Alarm.NEVER ? Alarm.NEVER : Math.max(deadline, loop.clock().nanoTime()));
  }

  /** Dispatches every queued event; true if any was dispatched (transmits may have followed). */
  private boolean dispatchEvents() {
    boolean any = false;
    for (IceEvent e; (e = agent.pollEvent()) != null; ) {
      any = true;
      if (e instanceof IceEvent.OpenConnection o) {
        if (!closed) {
          sockets.open(o);
        }
        continue;
      }
      if (e instanceof IceEvent.CloseConnection c) {
        sockets.closeConnection(c.connection());
        continue;
      }
      if (e instanceof IceEvent.StateChanged c) {
        state = c.state();
      } else if (e instanceof IceEvent.GatheringStateChanged g) {
        gatheringState = g.state();
      } else if (e instanceof IceEvent.SelectedPair p) {
        selectedPair = p.pair();
      }
      try {
        listener.accept(e);
      } catch (RuntimeException ex) {
        LOG.warn("ICE event listener failed on {}", e.getClass().getSimpleName(), ex);
      }
    }
    return any;
  }

  private CompletableFuture<Void> onLoop(Runnable r) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Runnable task = () -> {
      if (closed) {
        done.complete(null);
        return;
      }
      try {
        r.run();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      } finally {
        drain();
      }
    };
    if (loop.inEventLoop()) {
      task.run();
    } else {
      try {
        loop.execute(task);
      } catch (RuntimeException rejected) {
        done.completeExceptionally(rejected);
      }
    }
    return done;
  }
}
