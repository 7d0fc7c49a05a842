package org.rtc4j.peer;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.rtc4j.dtls.Certificate;
import javax.net.ssl.SSLContext;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.UdpMux;
import org.rtc4j.net.EventLoopGroup;

/**
 * Settings of a {@link PeerConnection} (W3C {@code RTCConfiguration}, plus what a server-side
 * peer needs: which interfaces and ports to use and which event loops to run on). Immutable; build
 * with {@link #builder()}.
 *
 * <pre>{@code
 * Configuration config = Configuration.builder()
 *     .iceServers(IceServer.of("stun:stun.example.org:3478"))
 *     .portRange(40000, 40100)
 *     .build();
 * }</pre>
 */
public final class Configuration {
  private final List<IceServer> iceServers;
  private final IceTransportPolicy iceTransportPolicy;
  private final BundlePolicy bundlePolicy;
  private final RtcpMuxPolicy rtcpMuxPolicy;
  private final List<Certificate> certificates;
  private final Predicate<NetworkInterface> interfaceFilter;
  private final Predicate<InetAddress> addressFilter;
  private final boolean includeLoopback;
  private final boolean ipv6;
  private final int minPort;
  private final int maxPort;
  private final EventLoopGroup eventLoopGroup;
  private final UdpMux udpMux;
  private final long maxMessageSize;
  private final Duration iceCheckInterval;
  private final Duration nominationDelay;
  private final int mtu;
  private final Duration iceFailureTimeout;
  private final boolean iceLite;
  private final boolean iceTcpCandidates;
  private final IceConfig.MdnsMode mdnsMode;
  private final SSLContext turnTlsContext;
  private final boolean aggressiveNomination;
  private final java.nio.file.Path debugCaptureDirectory;

  private Configuration(Builder b) {
    this.iceServers = List.copyOf(b.iceServers);
    this.iceTransportPolicy = b.iceTransportPolicy;
    this.bundlePolicy = b.bundlePolicy;
    this.rtcpMuxPolicy = b.rtcpMuxPolicy;
    this.certificates = List.copyOf(b.certificates);
    this.interfaceFilter = b.interfaceFilter;
    this.addressFilter = b.addressFilter;
    this.includeLoopback = b.includeLoopback;
    this.ipv6 = b.ipv6;
    this.minPort = b.minPort;
    this.maxPort = b.maxPort;
    this.eventLoopGroup = b.eventLoopGroup;
    this.udpMux = b.udpMux;
    this.maxMessageSize = b.maxMessageSize;
    this.iceCheckInterval = b.iceCheckInterval;
    this.nominationDelay = b.nominationDelay;
    this.mtu = b.mtu;
    this.iceFailureTimeout = b.iceFailureTimeout;
    this.iceLite = b.iceLite;
    this.iceTcpCandidates = b.iceTcpCandidates;
    this.mdnsMode = b.mdnsMode;
    this.turnTlsContext = b.turnTlsContext;
    this.aggressiveNomination = b.aggressiveNomination;
    this.debugCaptureDirectory = b.debugCaptureDirectory;
  }

  /**
   * ICE-lite (RFC 8445 §2.5): descriptions carry {@code a=ice-lite}, the connection gathers host
   * candidates only, answers checks and nominates nothing (the usual public WHIP/WHEP server).
   */
  public boolean iceLite() {
    return iceLite;
  }

  /**
   * How long ICE waits, once every candidate pair has failed and no new candidate arrived, before
   * it reports {@code failed} (zero: only after the remote signalled the end of its candidates).
   */
  public Duration iceFailureTimeout() {
    return iceFailureTimeout;
  }

  /**
   * ICE-TCP (RFC 6544): gather a passive host candidate (a listening TCP socket) and an active one
   * per host address, and pair the peer's TCP candidates, for networks that block UDP. Off by
   * default (like Pion); needs sockets of the connection's own, not a {@link #udpMux()}.
   */
  public boolean iceTcpCandidates() {
    return iceTcpCandidates;
  }

  /**
   * Multicast DNS host names (RFC 6762, draft-ietf-mmusic-mdns-ice-candidates):
   * {@link IceConfig.MdnsMode#QUERY_ONLY} (the default) resolves the peer's {@code <uuid>.local}
   * candidates with a one-shot query, as browsers hide their addresses behind such names;
   * {@link IceConfig.MdnsMode#QUERY_AND_GATHER} also hides this side's host addresses behind a
   * random name it answers for; {@link IceConfig.MdnsMode#DISABLED} ignores the peer's names
   * (it is then found through its checks, as a peer-reflexive candidate). A {@link #udpMux()}
   * session neither queries nor answers.
   */
  public IceConfig.MdnsMode mdnsMode() {
    return mdnsMode;
  }

  /**
   * The trust for {@code turns:} servers (TURN over TLS): their certificate chain and host name
   * are verified against it. Null (the default) means the JDK's default trust store; for a
   * private CA use {@code org.rtc4j.net.Tls.trusting(keyStore)}.
   */
  public SSLContext turnTlsContext() {
    return turnTlsContext;
  }

  /**
   * Aggressive nomination (RFC 5245 §8.1.1.2): the controlling side nominates with every check, so
   * the first pair that works carries media at once (a better one may replace it). Off by default
   * (regular nomination, RFC 8445).
   */
  public boolean aggressiveNomination() {
    return aggressiveNomination;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The default configuration: no ICE servers, every interface, the shared event loops. */
  public static Configuration defaults() {
    return builder().build();
  }

  public List<IceServer> iceServers() {
    return iceServers;
  }

  public IceTransportPolicy iceTransportPolicy() {
    return iceTransportPolicy;
  }

  public BundlePolicy bundlePolicy() {
    return bundlePolicy;
  }

  public RtcpMuxPolicy rtcpMuxPolicy() {
    return rtcpMuxPolicy;
  }

  /** The DTLS certificates to use; empty means a fresh ECDSA P-256 one per connection. */
  public List<Certificate> certificates() {
    return certificates;
  }

  public Predicate<NetworkInterface> interfaceFilter() {
    return interfaceFilter;
  }

  public Predicate<InetAddress> addressFilter() {
    return addressFilter;
  }

  /** Whether loopback addresses are gathered even when other addresses exist. */
  public boolean includeLoopback() {
    return includeLoopback;
  }

  public boolean ipv6() {
    return ipv6;
  }

  /** The lowest local port to bind, or 0 for any. */
  public int minPort() {
    return minPort;
  }

  /** The highest local port to bind, or 0 for any. */
  public int maxPort() {
    return maxPort;
  }

  /** The group to run on, or null for the shared default group. */
  public EventLoopGroup eventLoopGroup() {
    return eventLoopGroup;
  }

  /** Ta, the pacing of ICE connectivity checks (RFC 8445 §14.2). */
  public Duration iceCheckInterval() {
    return iceCheckInterval;
  }

  /** How long a controlling agent waits for a better pair before it nominates a valid one. */
  public Duration nominationDelay() {
    return nominationDelay;
  }

  /** The largest UDP payload sent; RTP packets are sized to fit with the SRTP tag. */
  /** The shared UDP socket every connection of this configuration uses, or null for sockets of its own. */
  public UdpMux udpMux() {
    return udpMux;
  }

  /** The largest data channel message accepted, our {@code a=max-message-size} (RFC 8841 §6). */
  public long maxMessageSize() {
    return maxMessageSize;
  }

  public int mtu() {
    return mtu;
  }

  /** Where each connection writes its debug capture, or null (the default: none). */
  public java.nio.file.Path debugCaptureDirectory() {
    return debugCaptureDirectory;
  }

  /** Builds a {@link Configuration}. */
  public static final class Builder {
    private final List<IceServer> iceServers = new ArrayList<>();
    private IceTransportPolicy iceTransportPolicy = IceTransportPolicy.ALL;
    private BundlePolicy bundlePolicy = BundlePolicy.MAX_BUNDLE;
    private RtcpMuxPolicy rtcpMuxPolicy = RtcpMuxPolicy.REQUIRE;
    private final List<Certificate> certificates = new ArrayList<>();
    private Predicate<NetworkInterface> interfaceFilter = ni -> true;
    private Predicate<InetAddress> addressFilter = a -> true;
    private boolean includeLoopback;
    private boolean ipv6 = true;
    private int minPort;
    private int maxPort;
    private EventLoopGroup eventLoopGroup;
    private UdpMux udpMux;
    private long maxMessageSize = 256 * 1024;
    private Duration iceCheckInterval = Duration.ofMillis(50);
    private Duration nominationDelay = Duration.ofMillis(100);
    private int mtu = 1200;
    private Duration iceFailureTimeout = Duration.ofSeconds(5);
    private boolean iceLite;
    private boolean iceTcpCandidates;
    private IceConfig.MdnsMode mdnsMode = IceConfig.MdnsMode.QUERY_ONLY;
    private SSLContext turnTlsContext;
    private boolean aggressiveNomination;
    private java.nio.file.Path debugCaptureDirectory;

    /** See {@link Configuration#iceTcpCandidates()}; default off. */
    public Builder iceTcpCandidates(boolean on) {
      iceTcpCandidates = on;
      return this;
    }

    /** See {@link Configuration#mdnsMode()}; default {@link IceConfig.MdnsMode#QUERY_ONLY}. */
    public Builder mdnsMode(IceConfig.MdnsMode mode) {
      mdnsMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** See {@link Configuration#turnTlsContext()}; null for the JDK's default trust store. */
    public Builder turnTlsContext(SSLContext context) {
      turnTlsContext = context;
      return this;
    }

    /** See {@link Configuration#aggressiveNomination()}; default off. */
    public Builder aggressiveNomination(boolean on) {
      aggressiveNomination = on;
      return this;
    }

    /** See {@link Configuration#iceLite()}; default off (a full agent). */
    public Builder iceLite(boolean on) {
      iceLite = on;
      return this;
    }

    private Builder() {}

    /** See {@link Configuration#iceFailureTimeout()}; default 5 s. */
    public Builder iceFailureTimeout(Duration timeout) {
      if (timeout.isNegative()) {
        throw new IllegalArgumentException("negative ICE failure timeout " + timeout);
      }
      iceFailureTimeout = timeout;
      return this;
    }

    public Builder iceServers(IceServer... servers) {
      return iceServers(List.of(servers));
    }

    public Builder iceServers(List<IceServer> servers) {
      iceServers.clear();
      iceServers.addAll(servers);
      return this;
    }

    public Builder iceTransportPolicy(IceTransportPolicy policy) {
      iceTransportPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder bundlePolicy(BundlePolicy policy) {
      bundlePolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    public Builder rtcpMuxPolicy(RtcpMuxPolicy policy) {
      rtcpMuxPolicy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** The certificate to use (the first one; W3C allows several). */
    public Builder certificates(Certificate... certs) {
      certificates.clear();
      certificates.addAll(List.of(certs));
      return this;
    }

    /** Which network interfaces to gather host candidates on. */
    public Builder interfaceFilter(Predicate<NetworkInterface> filter) {
      interfaceFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Which local addresses to gather host candidates on. */
    public Builder addressFilter(Predicate<InetAddress> filter) {
      addressFilter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /** Gather on loopback addresses too, even when other addresses exist. */
    public Builder includeLoopback(boolean on) {
      includeLoopback = on;
      return this;
    }

    /** Gather only on 127.0.0.1 (tests, same-host peers). */
    public Builder loopbackOnly() {
      addressFilter = a -> a.isLoopbackAddress() && a instanceof java.net.Inet4Address;
      includeLoopback = true;
      ipv6 = false;
      return this;
    }

    /** Whether to gather IPv6 addresses. */
    public Builder ipv6(boolean on) {
      ipv6 = on;
      return this;
    }

    /** Bind local sockets to ports in {@code [min, max]}. */
    public Builder portRange(int min, int max) {
      if (min < 1 || max > 65535 || min > max) {
        throw new IllegalArgumentException("port range must satisfy 1 <= min <= max <= 65535");
      }
      minPort = min;
      maxPort = max;
      return this;
    }

    /** The event loops to run on; a shared default group when not set. */
    public Builder eventLoopGroup(EventLoopGroup group) {
      eventLoopGroup = group;
      return this;
    }

    /**
     * Serve every connection made with this configuration on one shared UDP socket (one port, a
     * constant number of file descriptors), demultiplexed by ICE username fragment and then by
     * remote address: a server's single-port mode. The connections run on the mux's event loop
     * (whatever {@link #eventLoopGroup} says) and gather only host candidates, at the mux's address.
     * Make one with {@code UdpMux.bind(loop, new InetSocketAddress(port))} and close it after the
     * last connection.
     */
    public Builder udpMux(UdpMux mux) {
      udpMux = mux;
      return this;
    }

    /**
     * The largest data channel message this side accepts (default 256 KiB), announced as
     * {@code a=max-message-size} (RFC 8841 §6).
     */
    public Builder maxMessageSize(long bytes) {
      if (bytes < 1024 || bytes > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("maxMessageSize must be 1 KiB to 2 GiB");
      }
      maxMessageSize = bytes;
      return this;
    }

    /** Ta for ICE checks (default 50 ms, RFC 8445 §14.2). */
    public Builder iceCheckInterval(Duration ta) {
      iceCheckInterval = Objects.requireNonNull(ta, "ta");
      return this;
    }

    /** How long the controlling agent waits for better pairs before nominating (default 100 ms). */
    public Builder nominationDelay(Duration delay) {
      nominationDelay = Objects.requireNonNull(delay, "delay");
      return this;
    }

    /** The largest UDP payload sent (default 1200, at least 576). */
    public Builder mtu(int bytes) {
      if (bytes < 576 || bytes > 65_000) {
        throw new IllegalArgumentException("mtu must be 576 to 65000");
      }
      mtu = bytes;
      return this;
    }

    /**
     * A debug capture for Wireshark: each connection writes {@code rtc4j-<id>.pcapng} in
     * {@code directory} (created if missing) with every STUN message and DTLS record as sent and
     * received, and RTP and RTCP <em>decrypted</em> (before SRTP protection, after unprotection),
     * in UDP datagrams between the real addresses and ports. For debugging only: the file holds
     * the media in the clear, and the loop thread writes it. {@code null} (the default) turns it
     * off, which costs the packet path one null check.
     */
    public Builder debugCapture(java.nio.file.Path directory) {
      debugCaptureDirectory = directory;
      return this;
    }

    public Configuration build() {
      if (bundlePolicy != BundlePolicy.MAX_BUNDLE) {
        throw new IllegalArgumentException("only bundle policy max-bundle is supported");
      }
      return new Configuration(this);
    }
  }
}
