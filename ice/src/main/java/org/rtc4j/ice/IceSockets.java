package org.rtc4j.ice;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.rtc4j.ice.mdns.Mdns;
import org.rtc4j.ice.mdns.MdnsEvent;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.net.Alarm;
import org.rtc4j.net.DatagramHandler;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.Resolver;
import org.rtc4j.net.TcpConnection;
import org.rtc4j.net.TcpHandler;
import org.rtc4j.net.TcpListener;
import org.rtc4j.net.TcpOptions;
import org.rtc4j.net.Tls;
import org.rtc4j.net.UdpEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one ICE agent on an {@link EventLoop}, for whoever drives the sans-IO agent
 * ({@link IceTransport}, or a connection core that owns its agent): one UDP socket per gathering
 * address, a TCP listener per address for passive ICE-TCP candidates (RFC 6544), the stream
 * connections the agent asks for (TURN over TCP and TLS, active ICE-TCP) cut into frames by a
 * {@link StreamFramer}, STUN and TURN host names resolved off the loop, and the mDNS socket and
 * engine (RFC 6762) that resolves remote {@code .local} candidates and answers for local ones.
 *
 * <p>Every input goes to the {@link Target} with the loop's time, then {@link Target#afterInput()}
 * lets the owner drain. Loop thread only. The mDNS engine keeps its own alarm while it has a query
 * or an answer to time: the agent's deadline knows nothing of it.
 */
public final class IceSockets implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IceSockets.class);
  private static final long MDNS_TIMEOUT_NANOS = 3_000_000_000L;

  /** What the sockets feed: an ICE agent, or the connection core that owns one. Loop thread. */
  public interface Target {
    /** A UDP datagram, borrowed for the call, from {@code from} to the local socket {@code to}. */
    void handleDatagram(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to);

    /** One frame of a stream connection, borrowed for the call. */
    void handleFrame(long nowNanos, long connection, byte[] buf, int off, int len);

    void handleConnected(long nowNanos, long connection, InetSocketAddress local);

    void handleDisconnected(long nowNanos, long connection);

    /** A connection accepted on an ICE-TCP listener; its id, or 0 to refuse it. */
    long handleAccepted(long nowNanos, InetSocketAddress listener, InetSocketAddress remote);

    void addHostCandidate(long nowNanos, InetSocketAddress udp);

    void addTcpHostCandidates(long nowNanos, InetSocketAddress listener);

    void addStunServer(long nowNanos, InetSocketAddress server);

    void addTurnServer(long nowNanos, TurnServer server, InetSocketAddress resolved);

    /** Every host socket is bound and every server added. */
    void endOfLocalCandidates(long nowNanos);

    /** A remote candidate whose {@code .local} name was resolved (or, unresolved, to be ignored). */
    void addRemoteCandidate(long nowNanos, Candidate candidate);

    /** The {@code .local} names the local candidates carry, with their addresses, to answer for. */
    Map<String, InetAddress> mdnsHostNames();

    /** An input was handed over: send, dispatch, re-arm. */
    void afterInput();
  }

  private final EventLoop loop;
  private final IceConfig config;
  private final Target target;
  private final Map<InetSocketAddress, UdpEndpoint> endpoints = new HashMap<>();
  private final Map<Long, TcpConnection> connections = new HashMap<>();
  private final List<TcpListener> listeners = new ArrayList<>();
  private final Map<String, List<Candidate>> mdnsWaiting = new HashMap<>();
  private Resolver resolver = Resolver.system();
  private Mdns mdns;
  private UdpEndpoint mdnsEndpoint;
  private Alarm mdnsAlarm;
  private long mdnsResolved;
  private boolean closed;

  public IceSockets(EventLoop loop, IceConfig config, Target target) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.config = Objects.requireNonNull(config, "config");
    this.target = Objects.requireNonNull(target, "target");
  }

  /** Resolves host names (STUN, TURN) with this resolver, off the loop; default {@link Resolver#system()}. */
  public void setResolver(Resolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  private long now() {
    return loop.clock().nanoTime();
  }

  // ------------------------------------------------------------------ gathering

  /**
   * Binds one UDP socket per address {@link IceTransport#hostAddresses} gives (in the configured
   * port range), a TCP listener beside each for ICE-TCP when enabled, registers local mDNS names,
   * and resolves the STUN and TURN servers off the loop; the target hears of each and finally of
   * the end of local candidates. Returns the bound UDP addresses (empty: nothing could be bound).
   */
  public List<InetSocketAddress> gather() {
    long now = now();
    List<InetSocketAddress> bound = new ArrayList<>();
    for (InetAddress address : IceTransport.hostAddresses(config)) {
      try {
        UdpEndpoint ep = config.minPort() > 0
            ? loop.bind(address, config.minPort(), config.maxPort(), this::onDatagram)
            : loop.bind(new InetSocketAddress(address, 0), this::onDatagram);
        endpoints.put(ep.localAddress(), ep);
        bound.add(ep.localAddress());
        target.addHostCandidate(now, ep.localAddress());
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
      target.mdnsHostNames().forEach(mdns::register);
      drainMdns();
    }
    resolveServersThenEndGathering();
    return bound;
  }

  /** Local gathering ends when every named server is resolved (at once when there is none). */
  private void resolveServersThenEndGathering() {
    CompletableFuture<Void> resolved = resolveServers(loop, config, resolver, target, () -> !closed);
    if (resolved.isDone()) {
      target.endOfLocalCandidates(now());
      return;
    }
    resolved.whenCompleteAsync((v, e) -> {
      if (!closed) {
        target.endOfLocalCandidates(now());
        target.afterInput();
      }
    }, loop);
  }

  /**
   * Resolves the STUN servers {@code config} gives unresolved and the TURN servers it names by host
   * name with {@code resolver}, off the loop (the JDK resolver blocks), and hands each answer to
   * {@code target} on the loop while {@code open} holds; the agent uses literal addresses from its
   * configuration itself. Completes on the loop when every answer is back (at once when nothing is
   * named). For an owner of other sockets too, such as a shared {@link UdpMux} session.
   */
  public static CompletableFuture<Void> resolveServers(EventLoop loop, IceConfig config, Resolver resolver,
      Target target, java.util.function.BooleanSupplier open) {
    List<CompletableFuture<Void>> pending = new ArrayList<>();
    for (InetSocketAddress stun : config.stunServers()) {
      if (!stun.isUnresolved()) {
        continue; // the agent takes resolved servers from its configuration
      }
      pending.add(resolver.resolve(stun.getHostString()).handleAsync((addrs, err) -> {
        if (open.getAsBoolean() && err == null && !addrs.isEmpty()) {
          target.addStunServer(loop.clock().nanoTime(), new InetSocketAddress(addrs.get(0), stun.getPort()));
        } else if (err != null) {
          LOG.debug("cannot resolve STUN server {}: {}", stun.getHostString(), err.toString());
        }
        return null;
      }, loop));
    }
    if (!config.lite()) {
      for (TurnServer turn : config.turnServers()) {
        if (Resolver.isLiteral(turn.host())) {
          continue; // the agent takes literal servers from its configuration
        }
        pending.add(resolver.resolve(turn.host()).handleAsync((addrs, err) -> {
          if (open.getAsBoolean() && err == null && !addrs.isEmpty()) {
            target.addTurnServer(loop.clock().nanoTime(), turn, new InetSocketAddress(addrs.get(0), turn.port()));
          } else if (err != null) {
            LOG.debug("cannot resolve TURN server {}: {}", turn.host(), err.toString());
          }
          return null;
        }, loop));
      }
    }
    return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
  }

  /** A passive ICE-TCP candidate (RFC 6544): a listener whose connections the agent adopts. */
  private void listenTcp(InetAddress address) {
    try {
      InetSocketAddress[] at = new InetSocketAddress[1];
      TcpListener l = loop.listenTcp(new InetSocketAddress(address, 0), c -> {
        long id = closed ? 0 : target.handleAccepted(now(), at[0], c.remoteAddress());
        if (id == 0) {
          return null;
        }
        connections.put(id, c);
        return streamHandler(id, new StreamFramer(StreamFramer.Mode.RFC4571), c.remoteAddress());
      });
      at[0] = l.localAddress();
      listeners.add(l);
      target.addTcpHostCandidates(now(), l.localAddress());
    } catch (IOException e) {
      LOG.debug("cannot listen on TCP {}: {}", address, e.toString());
    }
  }

  // ------------------------------------------------------------------ input

  private void onDatagram(UdpEndpoint ep, byte[] buf, int off, int len, InetSocketAddress from) {
    if (!closed) { // an empty datagram too: the target counts it
      target.handleDatagram(now(), buf, off, len, from, ep.localAddress());
      target.afterInput();
    }
  }

  /** Frames a connection's bytes into the target; reports its life. */
  private TcpHandler streamHandler(long id, StreamFramer framer, InetSocketAddress remote) {
    return new TcpHandler() {
      @Override
      public void onConnected(TcpConnection c) {
        if (!closed) {
          target.handleConnected(now(), id, c.localAddress());
          target.afterInput();
        }
      }

      @Override
      public void onData(TcpConnection c, byte[] buf, int off, int len) {
        if (closed) {
          return;
        }
        long now = now();
        boolean ok = framer.feed(buf, off, len, (b, fo, fl) -> target.handleFrame(now, id, b, fo, fl));
        if (!ok) {
          LOG.debug("corrupt stream on connection {} to {}: closing", id, remote);
          c.close();
        }
        target.afterInput();
      }

      @Override
      public void onClosed(TcpConnection c, Throwable cause) {
        if (cause instanceof javax.net.ssl.SSLException && !closed) {
          // Reported to the application as CONNECTION_FAILED; the certificate's reason is here.
          LOG.info("TLS connection {} to {} failed: {}", id, remote, cause.getMessage());
        } else if (cause != null && !closed) {
          LOG.debug("connection {} to {} closed: {}", id, remote, cause.toString());
        }
        if (connections.remove(id) != null && !closed) {
          target.handleDisconnected(now(), id);
          target.afterInput();
        }
      }
    };
  }

  // ------------------------------------------------------------------ output

  /** Sends a datagram from the socket bound to {@code source}; false if there is none or it refused. */
  public boolean sendDatagram(InetSocketAddress source, byte[] buf, int off, int len, InetSocketAddress to) {
    UdpEndpoint ep = endpoints.get(source);
    return ep != null && ep.send(buf, off, len, to);
  }

  /** Writes a framed packet on stream connection {@code id}; false if it is gone or its queue is full. */
  public boolean sendStream(long id, byte[] buf, int off, int len) {
    TcpConnection c = connections.get(id);
    return c != null && c.write(buf, off, len);
  }

  /** Opens the stream connection the agent asked for (TURN over TCP/TLS, active ICE-TCP). */
  public void open(IceEvent.OpenConnection o) {
    if (closed) {
      return;
    }
    long id = o.connection();
    TcpHandler handler = streamHandler(id, new StreamFramer(o.framing()), o.remote());
    try {
      TcpOptions options = TcpOptions.PLAIN;
      if (o.tls()) {
        options = TcpOptions.tls(config.tlsContext() != null ? config.tlsContext() : Tls.system(), o.serverName());
      }
      connections.put(id, loop.connectTcp(o.local(), o.remote(), options, handler));
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      LOG.debug("cannot open connection {} to {}: {}", id, o.remote(), e.toString());
      target.handleDisconnected(now(), id);
    }
  }

  /** Closes a stream connection the agent is done with. */
  public void closeConnection(long id) {
    TcpConnection c = connections.remove(id);
    if (c != null) {
      c.close();
    }
  }

  // ------------------------------------------------------------------ mDNS

  /**
   * Resolves a remote {@code .local} candidate with a one-shot mDNS query; the target then gets it
   * with the address, or as it was (to be ignored) when the name does not resolve in time.
   */
  public void resolve(Candidate candidate) {
    if (!closed && config.mdnsMode() != IceConfig.MdnsMode.DISABLED && ensureMdns()) {
      String name = candidate.address().toLowerCase(Locale.ROOT);
      mdnsWaiting.computeIfAbsent(name, n -> new ArrayList<>()).add(candidate);
      mdns.query(now(), candidate.address());
      drainMdns();
    } else {
      target.addRemoteCandidate(now(), candidate);
    }
  }

  /** Remote {@code .local} names resolved so far. */
  public long mdnsResolvedCount() {
    return mdnsResolved;
  }

  /**
   * The mDNS engine and its multicast socket, made on first use: on the interface of the first IPv4
   * host address (loopback in tests), bound to 5353 shared with other responders, or to any port if
   * 5353 cannot be had (answers then come back by unicast). False if no socket could be made.
   */
  private boolean ensureMdns() {
    if (mdnsEndpoint != null) {
      return true;
    }
    InetAddress host = null;
    for (InetSocketAddress a : endpoints.keySet()) {
      if (a.getAddress() instanceof Inet4Address) {
        host = a.getAddress();
        break;
      }
    }
    try {
      NetworkInterface ni = host == null ? null : NetworkInterface.getByInetAddress(host);
      if (ni == null) {
        return false;
      }
      mdns = new Mdns(config.random(), MDNS_TIMEOUT_NANOS);
      DatagramHandler h = (ep, buf, off, len, from) -> {
        if (!closed) {
          mdns.handleDatagram(now(), buf, off, len, from);
          drainMdns();
          target.afterInput();
        }
      };
      try {
        mdnsEndpoint = loop.bindMulticast(ni, Mdns.GROUP_V4.getAddress(), Mdns.PORT, h);
      } catch (IOException e) {
        mdnsEndpoint = loop.bindMulticast(ni, Mdns.GROUP_V4.getAddress(), 0, h);
      }
      mdnsAlarm = loop.newAlarm(() -> {
        if (!closed) {
          mdns.handleTimeout(now());
          drainMdns();
          target.afterInput();
        }
      });
      return true;
    } catch (IOException | RuntimeException e) {
      LOG.debug("no mDNS socket: {}", e.toString());
      return false;
    }
  }

  /** Sends the mDNS engine's datagrams, hands resolved names to the target, re-arms its alarm. */
  private void drainMdns() {
    if (mdns == null) {
      return;
    }
    for (Mdns.Transmit t; (t = mdns.pollTransmit()) != null; ) {
      mdnsEndpoint.send(t.data(), 0, t.data().length, t.destination());
    }
    for (MdnsEvent e; (e = mdns.pollEvent()) != null; ) {
      String name = e instanceof MdnsEvent.Resolved r ? r.name() : ((MdnsEvent.NotResolved) e).name();
      List<Candidate> waiting = mdnsWaiting.remove(name.toLowerCase(Locale.ROOT));
      if (waiting == null) {
        continue;
      }
      for (Candidate c : waiting) {
        if (e instanceof MdnsEvent.Resolved r) {
          target.addRemoteCandidate(now(), c.withAddress(Candidate.literal(r.address())));
        } else {
          target.addRemoteCandidate(now(), c); // ignored and counted: the peer's checks will find it
        }
      }
      if (e instanceof MdnsEvent.Resolved) {
        mdnsResolved++;
      }
    }
    long deadline = mdns.pollTimeout();
    mdnsAlarm.set(deadline == Alarm.NEVER ? Alarm.NEVER : Math.max(deadline, now()));
  }

  // ------------------------------------------------------------------ close

  /** Closes every socket, connection and listener. */
  @Override
  public void close() {
    closeAsync();
  }

  /** Closes every socket, connection and listener; completes when the UDP sockets are closed. */
  public CompletableFuture<Void> closeAsync() {
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    closed = true;
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (UdpEndpoint ep : endpoints.values()) {
      closing.add(ep.closeAsync());
    }
    endpoints.clear();
    List<TcpConnection> open = new ArrayList<>(connections.values());
    connections.clear(); // closing one on the loop reports it at once, and its handler removes it
    for (TcpConnection c : open) {
      c.close();
    }
    for (TcpListener l : listeners) {
      l.close();
    }
    listeners.clear();
    if (mdnsEndpoint != null) {
      closing.add(mdnsEndpoint.closeAsync());
      mdnsAlarm.clear();
    }
    return CompletableFuture.allOf(closing.toArray(CompletableFuture<?>[]::new));
  }
}
