package org.rtc4j.ice;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.UdpEndpoint;
import org.rtc4j.net.UdpOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket shared by many ICE agents (the single-port mode of libwebrtc, Pion's
 * {@code UDPMux}): a server's file descriptors stay constant however many connections it serves,
 * and it needs one open port. Datagrams are demultiplexed by the remote address once it is known;
 * the first one from a new address must be a STUN Binding request whose USERNAME starts with the
 * local ufrag of a registered session (RFC 8445 §7.2.2: {@code "local:remote"} from the receiver's
 * side), which then owns that address. Anything else from an unknown address is dropped and
 * counted, and creates nothing: a check with an unknown ufrag, a flood of checks from new
 * addresses beyond {@link #MAX_ADDRESSES_PER_SESSION} per session.
 *
 * <p>Everything runs on the loop the socket is bound to; the sessions registered here must use
 * that loop too. Server-reflexive gathering through the shared socket is not supported (responses
 * from a STUN server could not be told apart): a mux serves host candidates, as a server with a
 * public or 1:1 NAT address needs.
 */
public final class UdpMux implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(UdpMux.class);
  /** How many remote addresses one session may own (peer-reflexive candidates are capped alike). */
  public static final int MAX_ADDRESSES_PER_SESSION = 64;

  /** Receives a session's datagrams, borrowed for the call, with the local address they came to. */
  @FunctionalInterface
  public interface Receiver {
    void onDatagram(byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to);
  }

  private final EventLoop loop;
  private final UdpEndpoint endpoint;
  private final Map<String, Session> byUfrag = new HashMap<>();
  private final Map<InetSocketAddress, Session> byAddress = new HashMap<>();
  private long unknownUfrag;
  private long unknownSource;
  private long addressesRefused;
  private int sessions;
  private boolean closed;

  private UdpMux(EventLoop loop, UdpEndpoint endpoint) {
    this.loop = loop;
    this.endpoint = endpoint;
  }

  /** Binds the shared socket to {@code address} on {@code loop} (port 0: any free one). */
  public static UdpMux bind(EventLoop loop, InetSocketAddress address) throws IOException {
    return bind(loop, address, UdpOptions.DEFAULT);
  }

  /**
   * {@link #bind(EventLoop, InetSocketAddress)} with socket options: a socket that carries every
   * connection's traffic wants kernel buffers (and a send queue) sized for all of them, or a loop
   * that is late by a few milliseconds loses datagrams the per-connection sockets would have held.
   */
  public static UdpMux bind(EventLoop loop, InetSocketAddress address, UdpOptions options) throws IOException {
    Objects.requireNonNull(loop, "loop");
    UdpMux[] mux = new UdpMux[1];
    UdpEndpoint ep = loop.bind(address, (e, buf, off, len, from) -> mux[0].onDatagram(buf, off, len, from), options);
    mux[0] = new UdpMux(loop, ep);
    return mux[0];
  }

  /** The loop every session of this mux runs on. */
  public EventLoop loop() {
    return loop;
  }

  /** The bound address (with the port chosen). */
  public InetSocketAddress localAddress() {
    return endpoint.localAddress();
  }

  /**
   * The host candidate addresses this socket serves under {@code config}: the bound address, or for
   * a wildcard bind every address {@link IceTransport#hostAddresses} gathers on, with the bound port.
   */
  public List<InetSocketAddress> hostAddresses(IceConfig config) {
    InetSocketAddress bound = endpoint.localAddress();
    if (!bound.getAddress().isAnyLocalAddress()) {
      return List.of(bound);
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (InetAddress a : IceTransport.hostAddresses(config)) {
      out.add(new InetSocketAddress(a, bound.getPort()));
    }
    return out;
  }

  /** A new session (one ICE agent's traffic); loop thread only. */
  public Session register(Receiver receiver) {
    checkLoop();
    return new Session(Objects.requireNonNull(receiver, "receiver"));
  }

  /** Checks with a ufrag no session has. */
  public long unknownUfragCount() {
    return unknownUfrag;
  }

  /** Datagrams other than a STUN request from an address no session owns. */
  public long unknownSourceCount() {
    return unknownSource;
  }

  /** New remote addresses refused because their session owned {@link #MAX_ADDRESSES_PER_SESSION}. */
  public long addressesRefusedCount() {
    return addressesRefused;
  }

  /** Remote addresses owned now, over all sessions. */
  public int addressCount() {
    return byAddress.size();
  }

  /** Sessions registered now. */
  public int sessionCount() {
    return sessions;
  }

  /** Closes the socket; sessions receive nothing more. */
  @Override
  public void close() {
    closed = true;
    endpoint.close();
  }

  private void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
    Session s = byAddress.get(from);
    if (s == null) {
      String ufrag = localUfrag(buf, off, len);
      s = ufrag == null ? null : byUfrag.get(ufrag);
      if (s == null) {
        if (ufrag != null) {
          unknownUfrag++;
        } else {
          unknownSource++;
        }
        return;
      }
      if (s.addresses.size() >= MAX_ADDRESSES_PER_SESSION) {
        addressesRefused++;
        return;
      }
      s.addresses.add(from);
      byAddress.put(from, s);
    }
    s.receiver.onDatagram(buf, off, len, from, endpoint.localAddress());
  }

  /**
   * The first part of the USERNAME of a STUN Binding request (RFC 8489 §5, §14.3), or null if the
   * datagram is not one. Reads the attributes in place; allocates only the returned string.
   */
  static String localUfrag(byte[] b, int off, int len) {
    if (len < 20 || (b[off] & 0xC0) != 0 || ((b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF)) != 0x0001
        || (b[off + 4] & 0xFF) != 0x21 || (b[off + 5] & 0xFF) != 0x12 || (b[off + 6] & 0xFF) != 0xA4
        || (b[off + 7] & 0xFF) != 0x42) {
      return null; // not a Binding request (method 0x001, class request) with the magic cookie
    }
    int end = off + Math.min(len, 20 + ((b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF)));
    for (int p = off + 20; p + 4 <= end; ) {
      int type = (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
      int alen = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
      if (p + 4 + alen > end) {
        return null;
      }
      if (type == 0x0006) { // USERNAME
        int colon = p + 4;
        while (colon < p + 4 + alen && b[colon] != ':') {
          colon++;
        }
        return colon == p + 4 + alen ? null : new String(b, p + 4, colon - p - 4, StandardCharsets.UTF_8);
      }
      p += 4 + ((alen + 3) & ~3);
    }
    return null;
  }

  private void checkLoop() {
    if (!loop.inEventLoop()) {
      throw new IllegalStateException("a UdpMux is used on its loop " + loop.name());
    }
  }

  /** One agent's share of the socket: its ufrags, the remote addresses it owns, its receiver. */
  public final class Session implements AutoCloseable {
    private final Receiver receiver;
    private final List<String> ufrags = new ArrayList<>(2);
    private final List<InetSocketAddress> addresses = new ArrayList<>(2);
    private boolean open = true;

    private Session(Receiver receiver) {
      this.receiver = receiver;
      sessions++;
    }

    /** Checks for {@code ufrag} now come here (call again with the new ufrag after an ICE restart). */
    public void addUfrag(String ufrag) {
      checkLoop();
      if (open && !ufrags.contains(ufrag)) {
        Session other = byUfrag.putIfAbsent(ufrag, this);
        if (other != null && other != this) {
          LOG.debug("ufrag already registered by another session; ignored");
          return;
        }
        ufrags.add(ufrag);
      }
    }

    /** Sends from the shared socket; false if it refused. */
    public boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
      return open && !closed && endpoint.send(buf, off, len, to);
    }

    /** The shared socket's address. */
    public InetSocketAddress localAddress() {
      return endpoint.localAddress();
    }

    /** Remote addresses this session owns. */
    public int addressCount() {
      return addresses.size();
    }

    /** Gives up every ufrag and address; the socket stays open for the others. */
    @Override
    public void close() {
      checkLoop();
      if (!open) {
        return;
      }
      open = false;
      sessions--;
      for (String u : ufrags) {
        byUfrag.remove(u, this);
      }
      for (InetSocketAddress a : addresses) {
        byAddress.remove(a, this);
      }
      ufrags.clear();
      addresses.clear();
    }
  }
}
