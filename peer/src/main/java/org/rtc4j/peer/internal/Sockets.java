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
import org.rtc4j.ice.UdpMux;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.UdpEndpoint;
import org.rtc4j.peer.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UDP sockets of one connection, on its event loop: one per local address that ICE gathers
 * on, bound when the core asks ({@link PeerEvent.GatherRequested}), each datagram handed to the
 * receiver with the local address it arrived on, and the core's datagrams sent from the socket
 * bound to their source address; or, with {@link Configuration#udpMux()}, a session of one socket
 * shared by every connection. Loop thread only.
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
  private UdpMux.Session muxSession;
  private final List<String> pendingUfrags = new ArrayList<>(1);
  private long sendFailures;

  public Sockets(EventLoop loop, Configuration config, Receiver receiver) {
    this.loop = loop;
    this.config = config;
    this.receiver = receiver;
  }

  /**
   * Binds a socket per gathering address and reports each to {@code core} as a host candidate; with
   * a shared socket ({@link Configuration#udpMux()}), registers with it and reports its addresses.
   */
  public void gather(PeerCore core) {
    IceConfig ice = core.iceConfig();
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
      for (InetSocketAddress a : mux.hostAddresses(ice)) {
        core.addHostCandidate(now, a);
      }
      core.endOfLocalCandidates(now);
      return;
    }
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

  /** Sends a datagram of the core from the socket bound to its source address. */
  public void send(Datagram d) {
    if (muxSession != null) {
      if (!muxSession.send(d.buffer(), d.offset(), d.length(), d.destination())) {
        sendFailures++;
      }
      return;
    }
    UdpEndpoint ep = endpoints.get(d.source());
    if (ep == null || !ep.send(d.buffer(), d.offset(), d.length(), d.destination())) {
      sendFailures++;
    }
  }

  /** Datagrams that found no socket or that the socket refused. */
  public long sendFailures() {
    return sendFailures;
  }

  /** Closes every socket (a shared one stays open for the others); completes when all are closed. */
  public CompletableFuture<Void> closeAll() {
    if (muxSession != null) {
      muxSession.close();
      muxSession = null;
    }
    List<CompletableFuture<Void>> closing = new ArrayList<>();
    for (UdpEndpoint ep : endpoints.values()) {
      closing.add(ep.closeAsync());
    }
    endpoints.clear();
    return CompletableFuture.allOf(closing.toArray(CompletableFuture<?>[]::new));
  }
}
