package org.rtc4j.peer.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceTransport;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.UdpEndpoint;
import org.rtc4j.peer.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sockets of one connection, on its event loop: one per local address that ICE gathers
 * on, bound when the core asks ({@link PeerEvent.GatherRequested}), each datagram handed to the
 * receiver with the local address it arrived on, and the core's datagrams sent from the socket
 * bound to their source address. Loop thread only.
 */
public final class Sockets {
  private static final Logger LOG = LoggerFactory.getLogger(Sockets.class);

  /** Receives a datagram, borrowed for the call, with the local address it arrived on. */
  @FunctionalInterface
  public interface Receiver {
    void onDatagram(byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to);
  }

  private final EventLoop loop;
  private final Configuration config;
  private final Receiver receiver;
  private final Map<InetSocketAddress, UdpEndpoint> endpoints = new HashMap<>();
  private long sendFailures;

  public Sockets(EventLoop loop, Configuration config, Receiver receiver) {
    this.loop = loop;
    this.config = config;
    this.receiver = receiver;
  }

  /** Binds a socket per gathering address and reports each to {@code core} as a host candidate. */
  public void gather(PeerCore core) {
    IceConfig ice = core.iceConfig();
    long now = loop.clock().nanoTime();
    int bound = 0;
    for (InetAddress address : IceTransport.hostAddresses(ice)) {
      try {
        UdpEndpoint ep = ice.minPort() > 0
            ? loop.bind(address, ice.minPort(), ice.maxPort(), this::onDatagram)
            : loop.bind(new InetSocketAddress(address, 0), this::onDatagram);
        endpoints.put(ep.localAddress(), ep);
        core.addHostCandidate(now, ep.localAddress());
        bound++;
      } catch (IOException e) {
        LOG.debug("cannot bind {}: {}", address, e.toString());
      }
    }
    if (bound == 0) {
      LOG.warn("gathering failed: no local address could be bound");
      core.gatheringFailed(now);
    }
    core.endOfLocalCandidates(now);
  }

  private void onDatagram(UdpEndpoint ep, byte[] buf, int off, int len, InetSocketAddress from) {
    receiver.onDatagram(buf, off, len, from, ep.localAddress());
  }

  /** Sends a datagram of the core from the socket bound to its source address. */
  public void send(Datagram d) {
    UdpEndpoint ep = endpoints.get(d.source());
    if (ep == null || !ep.send(d.buffer(), d.offset(), d.length(), d.destination())) {
      sendFailures++;
    }
  }

  /** Datagrams that found no socket or that the socket refused. */
  public long sendFailures() {
    return sendFailures;
  }

  /** Closes every socket; completes when all are closed. */
  public CompletableFuture<Void> closeAll() {
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (UdpEndpoint ep : endpoints.values()) {
      closing.add(ep.closeAsync());
    }
    endpoints.clear();
    return CompletableFuture.allOf(closing.toArray(CompletableFuture<?>[]::new));
  }
}
