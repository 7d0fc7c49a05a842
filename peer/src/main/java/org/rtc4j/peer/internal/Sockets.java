package org.rtc4j.peer.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceSockets;
import org.rtc4j.ice.UdpMux;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.Resolver;
import org.rtc4j.peer.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sockets of one connection, on its event loop. By default the {@code ice} module's
 * {@link IceSockets}: a UDP socket per gathering address, ICE-TCP listeners, the stream connections
 * ICE asks for (TURN over TCP and TLS, active ICE-TCP), STUN and TURN host names resolved off the
 * loop, and the mDNS socket that resolves the peer's {@code .local} names and answers for ours.
 * With {@link Configuration#udpMux()}, a session of one UDP socket shared by every connection
 * instead (UDP only: no stream connections, no mDNS).
 *
 * <p>Bound when the core asks ({@link PeerEvent.GatherRequested}); every input goes to the core
 * with the loop's time and the connection's id in the log context, then the owner drains the core.
 * Loop thread only.
 */
public final class Sockets {
  private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);

  /** Receives a datagram, borrowed for the call, with the local address it arrived on; drains the core. */
  @FunctionalInterface
  public interface Receiver {
    void onDatagram(byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to);
  }

  private final EventLoop loop;
  private final Configuration config;
  private final Receiver receiver;
  private final Runnable drain;
  private PeerCore core;
  private IceSockets ice;
  private UdpMux.Session muxSession;
  private final List<String> pendingUfrags = new ArrayList<>(1);
  private final List<Candidate> pendingMdns = new ArrayList<>(1);
  private final CoreTarget target = new CoreTarget();
  private boolean closed;
  private long sendFailures;

  /**
   * @param receiver takes each UDP datagram (and drains the core itself)
   * @param drain drains the core after any other input (stream frames, connections, gathering)
   */
  public Sockets(EventLoop loop, Configuration config, Receiver receiver, Runnable drain) {
    this.loop = loop;
    this.config = config;
    this.receiver = receiver;
    this.drain = drain;
  }

  /**
   * Binds the sockets and reports each local address to {@code core} (host, ICE-TCP), resolves the
   * named STUN and TURN servers off the loop, and ends local gathering when all are in.
   */
  public void gather(PeerCore core) {
    this.core = core;
    IceConfig iceConfig = core.iceConfig();
    long now = loop.clock().nanoTime();
    UdpMux mux = config.udpMux();
    if (mux != null) {
      if (muxSession == null) {
        muxSession = mux.register(receiver::onDatagram);
        for (String u : pendingUfrags) {
          muxSession.addUfrag(u);
        }
        pendingUfrags.clear();
      }
      for (InetSocketAddress a : mux.hostAddresses(iceConfig)) {
        core.addHostCandidate(now, a);
      }
      resolveNamedServers(iceConfig);
      core.endOfLocalCandidates(now);
      return;
    }
    if (ice == null) {
      ice = new IceSockets(loop, iceConfig, target);
      if (ice.gather().isEmpty()) {
        LOG.warn("gathering failed: no local address could be bound");
        core.gatheringFailed(now);
      }
      for (Candidate c : pendingMdns) {
        ice.resolve(c);
      }
      pendingMdns.clear();
    }
  }

  /**
   * On a shared socket STUN and TURN host names are resolved off the loop the way the sockets'
   * own gathering does, and reach the core when they are back (after the end of host gathering,
   * which does not wait for them).
   */
  private void resolveNamedServers(IceConfig iceConfig) {
    IceSockets.resolveServers(loop, iceConfig, Resolver.system(), target, () -> !closed)
        .whenCompleteAsync((v, e) -> {
          if (!closed) {
            target.afterInput();
          }
        }, loop);
  }

  /** ICE has a new local ufrag: on a shared socket, its checks now come here. */
  public void addUfrag(String ufrag) {
    if (config.udpMux() == null) {
      return;
    }
    if (muxSession != null) {
      muxSession.addUfrag(ufrag);
    } else {
      pendingUfrags.add(ufrag);
    }
  }

  /** Opens the stream connection ICE asked for (TURN over TCP or TLS, active ICE-TCP). */
  public void open(PeerEvent.OpenConnection o) {
    if (ice != null) {
      ice.open(o.request());
    } else if (core != null) { // a shared UDP socket has no stream connections
      core.handleDisconnected(loop.clock().nanoTime(), o.request().connection());
    }
  }

  /** Closes a stream connection ICE is done with. */
  public void closeConnection(long connection) {
    if (ice != null) {
      ice.closeConnection(connection);
    }
  }

  /** Resolves a remote {@code .local} candidate with an mDNS query; the core gets it back either way. */
  public void resolve(Candidate candidate) {
    if (ice != null) {
      ice.resolve(candidate);
    } else if (config.udpMux() == null && !closed) {
      pendingMdns.add(candidate); // before gathering: the mDNS socket sits beside the host sockets
    } else if (core != null) {
      core.addResolvedRemoteCandidate(loop.clock().nanoTime(), candidate);
    }
  }

  /** Sends a datagram of the core (or framed bytes on its stream connection) from its source address. */
  public void send(Datagram d) {
    boolean sent;
    if (muxSession != null) {
      sent = muxSession.send(d.buffer(), d.offset(), d.length(), d.destination());
    } else if (ice == null) {
      sent = false;
    } else if (d.connection() != 0) {
      sent = ice.sendStream(d.connection(), d.buffer(), d.offset(), d.length());
    } else {
      sent = ice.sendDatagram(d.source(), d.buffer(), d.offset(), d.length(), d.destination());
    }
    if (!sent) {
      sendFailures++;
    }
  }

  /** Datagrams that found no socket or that the socket refused. */
  public long sendFailures() {
    return sendFailures;
  }

  /** Remote {@code .local} names resolved over mDNS so far. */
  public long mdnsResolvedCount() {
    return ice == null ? 0 : ice.mdnsResolvedCount();
  }

  /** Closes every socket (a shared one stays open for the others); completes when all are closed. */
  public CompletableFuture<Void> closeAll() {
    closed = true;
    pendingMdns.clear();
    if (muxSession != null) {
      muxSession.close();
      muxSession = null;
    }
    if (ice != null) {
      CompletableFuture<Void> done = ice.closeAsync();
      ice = null;
      return done;
    }
    return CompletableFuture.completedFuture(null);
  }

  /**
   * What the sockets feed the core. UDP datagrams go through the receiver, which drains. Any other
   * input enters the connection's log context (once per input) and marks the core for draining;
   * {@link #afterInput()} drains and leaves the context. Inputs made while the owner is already
   * draining (host sockets bound during gathering) only mark: the owner's drain goes on after them.
   */
  private final class CoreTarget implements IceSockets.Target {
    private boolean undrained;
    private boolean inContext;
    private String outer;

    /**
     * Enters the log context for an input from the loop; {@link #afterInput} leaves it. Within the
     * owner's own work (the context is already this connection's) there is nothing to leave.
     */
    private void input() {
      undrained = true;
      if (!inContext) {
        String previous = LogContext.enter(core.id());
        if (previous != core.id()) {
          inContext = true;
          outer = previous;
        }
      }
    }

    @Override
    public void handleDatagram(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from,
        InetSocketAddress to) {
      receiver.onDatagram(buf, off, len, from, to);
    }

    @Override
    public void handleFrame(long nowNanos, long connection, byte[] buf, int off, int len) {
      input();
      core.handleFrame(nowNanos, connection, buf, off, len);
    }

    @Override
    public void handleConnected(long nowNanos, long connection, InetSocketAddress local) {
      input();
      core.handleConnected(nowNanos, connection, local);
    }

    @Override
    public void handleDisconnected(long nowNanos, long connection) {
      input();
      core.handleDisconnected(nowNanos, connection);
    }

    @Override
    public long handleAccepted(long nowNanos, InetSocketAddress listener, InetSocketAddress remote) {
      input();
      return core.handleAccepted(nowNanos, listener, remote);
    }

    @Override
    public void addHostCandidate(long nowNanos, InetSocketAddress udp) {
      undrained = true; // during gathering, inside the owner's drain
      core.addHostCandidate(nowNanos, udp);
    }

    @Override
    public void addTcpHostCandidates(long nowNanos, InetSocketAddress listener) {
      undrained = true; // during gathering, inside the owner's drain
      core.addTcpHostCandidates(nowNanos, listener);
    }

    @Override
    public void addStunServer(long nowNanos, InetSocketAddress server) {
      input();
      core.addStunServer(nowNanos, server);
    }

    @Override
    public void addTurnServer(long nowNanos, TurnServer server, InetSocketAddress resolved) {
      input();
      core.addTurnServer(nowNanos, server, resolved);
    }

    @Override
    public void endOfLocalCandidates(long nowNanos) {
      undrained = true; // at once during gathering, or after the resolutions (then afterInput follows)
      core.endOfLocalCandidates(nowNanos);
    }

    @Override
    public void addRemoteCandidate(long nowNanos, Candidate candidate) {
      input();
      core.addResolvedRemoteCandidate(nowNanos, candidate);
    }

    @Override
    public Map<String, InetAddress> mdnsHostNames() {
      return core.mdnsHostNames();
    }

    @Override
    public void afterInput() {
      if (!undrained) {
        return;
      }
      undrained = false;
      boolean entered = inContext;
      String previous = entered ? outer : LogContext.enter(core.id());
      inContext = false;
      try {
        drain.run();
      } finally {
        LogContext.exit(core.id(), previous);
      }
    }
  }
}
