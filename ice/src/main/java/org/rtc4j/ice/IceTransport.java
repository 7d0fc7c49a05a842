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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.net.Alarm;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.Resolver;
import org.rtc4j.net.TcpConnection;
import org.rtc4j.net.TcpHandler;
import org.rtc4j.net.TcpOptions;
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
  private final Map<InetSocketAddress, UdpEndpoint> endpoints = new HashMap<>();
  private final Map<Long, TcpConnection> connections = new HashMap<>();
  private final List<org.rtc4j.net.TcpListener> listeners = new ArrayList<>();
  private final byte[] sendScratch = new byte[65_536 + 64];
  private volatile Resolver resolver = Resolver.system();
  private static final long MDNS_TIMEOUT_NANOS = 3_000_000_000L;
  private org.rtc4j.ice.mdns.Mdns mdns;
  private UdpEndpoint mdnsEndpoint;
  private final Map<String, List<Candidate>> mdnsWaiting = new HashMap<>();
  private volatile long mdnsResolved;
  private volatile PacketHandler dtlsHandler;
  private volatile PacketHandler rtpHandler;
  private volatile Function<String, CompletableFuture<InetAddress>> mdnsResolver;
  private volatile IceCredentials localCredentials;
  private volatile IceState state = IceState.NEW;
  private volatile GatheringState gatheringState = GatheringState.NEW;
  private volatile CandidatePair selectedPair;
  private Alarm alarm;
  private boolean closed;
  private long sendRefused;
  private long droppedUnknown;
  private long droppedUnknownSource;

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
   * server-reflexive ones as STUN servers answer. Completes with the bound addresses; fails if no
   * address could be bound.
   */
  public CompletableFuture<List<InetSocketAddress>> start() {
    CompletableFuture<List<InetSocketAddress>> done = new CompletableFuture<>();
    loop.execute(() -> {
      if (closed || !endpoints.isEmpty()) {
        done.completeExceptionally(new IllegalStateException(closed ? "InvalidStateError: closed" : "already started"));
        return;
      }
      try {
        List<InetSocketAddress> bound = new ArrayList<>();
        for (InetAddress address : hostAddresses(config)) {
          try {
            UdpEndpoint ep = config.minPort() > 0
                ? loop.bind(address, config.minPort(), config.maxPort(), this::onDatagram)
                : loop.bind(new InetSocketAddress(address, 0), this::onDatagram);
            endpoints.put(ep.localAddress(), ep);
            bound.add(ep.localAddress());
            agent.addHostCandidate(loop.clock().nanoTime(), ep.localAddress());
          } catch (IOException e) {
            LOG.debug("cannot bind {}: {}", address, e.toString());
          }
        }
        if (config.tcpCandidates() && !config.relayOnly()) {
          for (InetSocketAddress udp : bound) {
            listenTcp(udp.getAddress());
          }
        }
        if (config.mdnsMode() == IceConfig.MdnsMode.QUERY_AND_GATHER && ensureMdns()) {
          agent.mdnsHostNames().forEach(mdns::register); // answer for the names our candidates carry
        }
        resolveServersThenEndGathering();
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
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * STUN servers given unresolved and TURN servers named by host name are resolved off the loop
   * (the JDK resolver blocks); their gathering starts when the answer comes back to the loop, and
   * local gathering completes after that. IP literals need no lookup: the agent used them already.
   */
  private void resolveServersThenEndGathering() {
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    Resolver res = resolver;
    for (InetSocketAddress stun : config.stunServers()) {
      if (stun.isUnresolved()) {
        pending.add(res.resolve(stun.getHostString()).handleAsync((addrs, err) -> {
          if (!closed && err == null && !addrs.isEmpty()) {
            agent.addStunServer(loop.clock().nanoTime(), new InetSocketAddress(addrs.get(0), stun.getPort()));
          } else if (err != null) {
            LOG.debug("cannot resolve STUN server {}: {}", stun.getHostString(), err.toString());
          }
          return null;
        }, loop));
      }
    }
    if (!config.lite()) {
      for (TurnServer turn : config.turnServers()) {
        if (!Resolver.isLiteral(turn.host())) {
          pending.add(res.resolve(turn.host()).handleAsync((addrs, err) -> {
            if (!closed && err == null && !addrs.isEmpty()) {
              agent.addTurnServer(loop.clock().nanoTime(), turn, new InetSocketAddress(addrs.get(0), turn.port()));
            } else if (err != null) {
              LOG.debug("cannot resolve TURN server {}: {}", turn.host(), err.toString());
            }
            return null;
          }, loop));
        }
      }
    }
    if (pending.isEmpty()) {
      agent.endOfLocalCandidates();
      return;
    }
    CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).whenCompleteAsync((v, e) -> {
      if (!closed) {
        agent.endOfLocalCandidates();
        drain();
      }
    }, loop);
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
   * them to the agent. Without one (the default), they are ignored and the peer is reached through
   * the peer-reflexive candidate its first check creates. A resolver that fails or yields nothing
   * leaves the candidate ignored.
   */
  public void setMdnsResolver(Function<String, CompletableFuture<InetAddress>> resolver) {
    this.mdnsResolver = resolver;
  }

  /** Adds a remote candidate (trickled or from SDP). */
  public CompletableFuture<Void> addRemoteCandidate(Candidate candidate) {
    Function<String, CompletableFuture<InetAddress>> resolver = mdnsResolver;
    if (candidate.isMdns() && resolver != null) {
      return resolver.apply(candidate.address()).thenCompose(ip -> ip == null
          ? onLoop(() -> agent.addRemoteCandidate(candidate))
          : onLoop(() -> agent.addRemoteCandidate(candidate.withAddress(Candidate.literal(ip)))));
    }
    if (candidate.isMdns() && config.mdnsMode() != IceConfig.MdnsMode.DISABLED) {
      return onLoop(() -> {
        if (ensureMdns()) {
          String name = candidate.address().toLowerCase(java.util.Locale.ROOT);
          mdnsWaiting.computeIfAbsent(name, n -> new ArrayList<>()).add(candidate);
          mdns.query(loop.clock().nanoTime(), candidate.address());
        } else {
          agent.addRemoteCandidate(candidate); // ignored and counted by the agent
        }
      });
    }
    return onLoop(() -> agent.addRemoteCandidate(candidate));
  }

  /**
   * The mDNS engine and its multicast socket (RFC 6762), made on first use: on the interface of the
   * first host address (loopback in tests), bound to 5353 shared with other responders, or to any
   * port if 5353 cannot be had (answers then come back by unicast). False if no socket could be made.
   */
  private boolean ensureMdns() {
    if (mdnsEndpoint != null) {
      return true;
    }
    if (endpoints.isEmpty()) {
      return false;
    }
    mdns = new org.rtc4j.ice.mdns.Mdns(config.random(), MDNS_TIMEOUT_NANOS);
    try {
      InetAddress host = null;
      for (InetSocketAddress a : endpoints.keySet()) {
        if (a.getAddress() instanceof Inet4Address) {
          host = a.getAddress();
          break;
        }
      }
      NetworkInterface ni = host == null ? null : NetworkInterface.getByInetAddress(host);
      if (ni == null) {
        return false;
      }
      org.rtc4j.net.DatagramHandler h = (ep, buf, off, len, from) -> {
        if (!closed) {
          mdns.handleDatagram(loop.clock().nanoTime(), buf, off, len, from);
          drain();
        }
      };
      try {
        mdnsEndpoint = loop.bindMulticast(ni, org.rtc4j.ice.mdns.Mdns.GROUP_V4.getAddress(),
            org.rtc4j.ice.mdns.Mdns.PORT, h);
      } catch (IOException e) {
        mdnsEndpoint = loop.bindMulticast(ni, org.rtc4j.ice.mdns.Mdns.GROUP_V4.getAddress(), 0, h);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("no mDNS socket: {}", e.toString());
      return false;
    }
  }

  /** Sends the mDNS engine's datagrams; hands resolved names to the agent. */
  private void drainMdns() {
    if (mdns == null) {
      return;
    }
    for (org.rtc4j.ice.mdns.Mdns.Transmit t; (t = mdns.pollTransmit()) != null; ) {
      mdnsEndpoint.send(t.data(), 0, t.data().length, t.destination());
    }
    for (org.rtc4j.ice.mdns.MdnsEvent e; (e = mdns.pollEvent()) != null; ) {
      if (e instanceof org.rtc4j.ice.mdns.MdnsEvent.Resolved r) {
        List<Candidate> waiting = mdnsWaiting.remove(r.name().toLowerCase(java.util.Locale.ROOT));
        if (waiting != null) {
          mdnsResolved++;
          for (Candidate c : waiting) {
            agent.addRemoteCandidate(c.withAddress(Candidate.literal(r.address())));
          }
        }
      } else if (e instanceof org.rtc4j.ice.mdns.MdnsEvent.NotResolved n) {
        List<Candidate> waiting = mdnsWaiting.remove(n.name().toLowerCase(java.util.Locale.ROOT));
        if (waiting != null) {
          waiting.forEach(agent::addRemoteCandidate); // ignored and counted: the peer's checks will find it
        }
      }
    }
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
      UdpEndpoint ep = endpoints.get(pair.socketAddress());
      return ep != null && ep.send(buf, off, len, pair.remoteAddress());
    }
    int n = agent.wrap(buf, off, len, sendScratch, 0);
    if (n < 0) {
      sendRefused++;
      return false;
    }
    if (pair.connection() != 0) {
      TcpConnection c = connections.get(pair.connection());
      return c != null && c.write(sendScratch, 0, n);
    }
    UdpEndpoint ep = endpoints.get(pair.socketAddress());
    return ep != null && ep.send(sendScratch, 0, n, pair.sendAddress());
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

  /** Datagrams whose first byte is no known protocol (RFC 7983), or from an unknown remote address. */
  public long droppedCount() {
    return droppedUnknown + droppedUnknownSource;
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
      for (UdpEndpoint ep : endpoints.values()) {
        ep.close();
      }
      endpoints.clear();
      for (TcpConnection c : connections.values()) {
        c.close();
      }
      connections.clear();
      for (org.rtc4j.net.TcpListener l : listeners) {
        l.close();
      }
      listeners.clear();
      if (mdnsEndpoint != null) {
        mdnsEndpoint.close();
      }
    });
  }

  private void onDatagram(UdpEndpoint ep, byte[] buf, int off, int len, InetSocketAddress from) {
    if (closed || len == 0) {
      return;
    }
    Received r = agent.handleReceive(loop.clock().nanoTime(), buf, off, len, from, ep.localAddress());
    if (r.isApplication()) {
      deliver(r);
    }
    drain();
  }

  /** Application data by its first byte (RFC 7983), from known peers only. */
  private void deliver(Received r) {
    byte[] buf = r.buffer();
    int off = r.offset();
    int len = r.length();
    if (len == 0) {
      droppedUnknown++;
      return;
    }
    int b = buf[off] & 0xFF;
    PacketHandler h = b >= 20 && b <= 63 ? dtlsHandler : b >= 128 && b <= 191 ? rtpHandler : null;
    if (h == null) {
      droppedUnknown++;
      return;
    }
    if (!agent.isRemoteAddress(r.from())) {
      droppedUnknownSource++;
      return;
    }
    h.onPacket(buf, off, len, r.from());
  }

  /** A passive ICE-TCP candidate (RFC 6544): a listener whose connections the agent adopts. */
  private void listenTcp(InetAddress address) {
    try {
      InetSocketAddress[] at = new InetSocketAddress[1];
      org.rtc4j.net.TcpListener l = loop.listenTcp(new InetSocketAddress(address, 0), c -> {
        long id = closed ? 0 : agent.handleAccepted(loop.clock().nanoTime(), at[0], c.remoteAddress());
        if (id == 0) {
          return null;
        }
        TcpHandler h = streamHandler(id, new StreamFramer(StreamFramer.Mode.RFC4571), c.remoteAddress());
        connections.put(id, c);
        return h;
      });
      at[0] = l.localAddress();
      listeners.add(l);
      agent.addTcpHostCandidates(loop.clock().nanoTime(), l.localAddress());
    } catch (IOException e) {
      LOG.debug("cannot listen on TCP {}: {}", address, e.toString());
    }
  }

  /** A stream connection the agent asked for (TURN over TCP/TLS, ICE-TCP active). */
  private void open(IceEvent.OpenConnection o) {
    long id = o.connection();
    TcpHandler handler = streamHandler(id, new StreamFramer(o.framing()), o.remote());
    try {
      TcpOptions options = TcpOptions.PLAIN;
      if (o.tls()) {
        options = TcpOptions.tls(config.tlsContext() != null ? config.tlsContext() : org.rtc4j.net.Tls.system(),
            o.serverName());
      }
      connections.put(id, loop.connectTcp(o.local(), o.remote(), options, handler));
    } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
      LOG.debug("cannot open connection {} to {}: {}", id, o.remote(), e.toString());
      agent.handleDisconnected(loop.clock().nanoTime(), id);
    }
  }

  /** Frames a connection's bytes into the agent; reports its life. */
  private TcpHandler streamHandler(long id, StreamFramer framer, InetSocketAddress remote) {
    return new TcpHandler() {
      @Override
      public void onConnected(TcpConnection c) {
        if (!closed) {
          agent.handleConnected(loop.clock().nanoTime(), id, c.localAddress());
          drain();
        }
      }

      @Override
      public void onData(TcpConnection c, byte[] buf, int off, int len) {
        if (closed) {
          return;
        }
        boolean ok = framer.feed(buf, off, len, (b, fo, fl) -> {
          Received r = agent.handleFrame(loop.clock().nanoTime(), id, b, fo, fl);
          if (r.isApplication()) {
            deliver(r);
          }
        });
        if (!ok) {
          LOG.debug("corrupt stream on connection {} to {}: closing", id, remote);
          c.close();
        }
        drain();
      }

      @Override
      public void onClosed(TcpConnection c, Throwable cause) {
        if (connections.remove(id) != null && !closed) {
          agent.handleDisconnected(loop.clock().nanoTime(), id);
          drain();
        }
      }
    };
  }

  private void onTimer() {
    if (closed) {
      return;
    }
    long now = loop.clock().nanoTime();
    agent.handleTimeout(now);
    if (mdns != null) {
      mdns.handleTimeout(now);
    }
    drain();
  }

  /** Sends every transmit, dispatches every event, re-arms the one timer. */
  private void drain() {
    for (int round = 0; round < 8; round++) {
      drainMdns();
      for (Transmit t; (t = agent.pollTransmit()) != null; ) {
        if (t.isStream()) {
          TcpConnection c = connections.get(t.connection());
          if (c != null) {
            c.write(t.data(), 0, t.data().length);
          }
        } else {
          UdpEndpoint ep = endpoints.get(t.source());
          if (ep != null) {
            ep.send(t.data(), 0, t.data().length, t.destination());
          }
        }
      }
      if (!dispatchEvents()) {
        break;
      }
    }
    long deadline = closed ? Alarm.NEVER : Math.min(agent.pollTimeout(), mdns == null ? Alarm.NEVER : mdns.pollTimeout());
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
          open(o);
        }
        continue;
      }
      if (e instanceof IceEvent.CloseConnection c) {
        TcpConnection conn = connections.remove(c.connection());
        if (conn != null) {
          conn.close();
        }
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
