package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Agent and gathering settings. Defaults follow the RFCs: Ta 50 ms (RFC 8445 §14.2), STUN RTO 500 ms
 * with 7 transmissions and Rm 16 (RFC 8489 §6.2.1), consent checks every 5 s ±20% and expiry after
 * 30 s (RFC 7675 §5.1). Immutable; build with {@link #builder()}.
 */
public final class IceConfig {
  private final Duration ta;
  private final Duration checkRto;
  private final int checkMaxTransmits;
  private final Duration nominationDelay;
  private final List<InetSocketAddress> stunServers;
  private final Duration stunRto;
  private final int stunMaxTransmits;
  private final int stunRm;
  private final Duration consentInterval;
  private final Duration disconnectedTimeout;
  private final Duration consentTimeout;
  private final boolean lite;
  private final Random random;
  private final String software;
  private final int maxPairs;
  private final Predicate<NetworkInterface> interfaceFilter;
  private final Predicate<InetAddress> addressFilter;
  private final boolean includeLoopback;
  private final boolean ipv4;
  private final boolean ipv6;
  private final int minPort;
  private final int maxPort;
  private final Duration failureTimeout;
  private final boolean aggressiveNomination;
  private final List<org.rtc4j.ice.turn.TurnServer> turnServers;
  private final boolean relayOnly;
  private final boolean tcpCandidates;
  private final MdnsMode mdnsMode;
  private final javax.net.ssl.SSLContext tlsContext;

  private IceConfig(Builder b) {
    this.ta = b.ta;
    this.checkRto = b.checkRto;
    this.checkMaxTransmits = b.checkMaxTransmits;
    this.nominationDelay = b.nominationDelay;
    this.stunServers = List.copyOf(b.stunServers);
    this.stunRto = b.stunRto;
    this.stunMaxTransmits = b.stunMaxTransmits;
    this.stunRm = b.stunRm;
    this.consentInterval = b.consentInterval;
    this.disconnectedTimeout = b.disconnectedTimeout;
    this.consentTimeout = b.consentTimeout;
    this.lite = b.lite;
    this.random = b.random != null ? b.random : new SecureRandom();
    this.software = b.software;
    this.maxPairs = b.maxPairs;
    this.interfaceFilter = b.interfaceFilter;
    this.addressFilter = b.addressFilter;
    this.includeLoopback = b.includeLoopback;
    this.ipv4 = b.ipv4;
    this.ipv6 = b.ipv6;
    this.minPort = b.minPort;
    this.maxPort = b.maxPort;
    this.failureTimeout = b.failureTimeout;
    this.aggressiveNomination = b.aggressiveNomination;
    this.turnServers = List.copyOf(b.turnServers);
    this.relayOnly = b.relayOnly;
    this.tcpCandidates = b.tcpCandidates;
    this.mdnsMode = b.mdnsMode;
    this.tlsContext = b.tlsContext;
  }

  /**
   * Trust material for {@code turns:} servers (their certificate chain and name are verified);
   * null means the JDK's default trust store. Build one for a private CA with
   * {@code Tls.trusting(keyStore)} of the net package.
   */
  public javax.net.ssl.SSLContext tlsContext() {
    return tlsContext;
  }

  /** What the agent does with multicast DNS (RFC 6762) host names; Pion's names. */
  public enum MdnsMode {
    /** Remote {@code .local} candidates are ignored (the peer is found through its checks). */
    DISABLED,
    /** Remote {@code .local} candidates are resolved with a one-shot mDNS query (the default). */
    QUERY_ONLY,
    /** Resolve remote names, and hide local host addresses behind a random {@code <uuid>.local} name. */
    QUERY_AND_GATHER
  }

  /**
   * TURN servers (RFC 8656) to gather relay candidates from, one allocation each. Servers named
   * by host name are resolved off the event loop by {@link IceTransport} (an agent driven directly
   * takes them resolved through {@link IceAgent#addTurnServer}); IP literals are used at once.
   */
  public List<org.rtc4j.ice.turn.TurnServer> turnServers() {
    return turnServers;
  }

  /**
   * W3C {@code iceTransportPolicy: "relay"}: gather and use only relay candidates. Host sockets
   * are still bound (they carry the TURN traffic) but never signalled, paired or answered on.
   */
  public boolean relayOnly() {
    return relayOnly;
  }

  /**
   * Gather ICE-TCP host candidates (RFC 6544): a passive one (a listening socket) and an active
   * one (port 9) per host address, and pair TCP remote candidates. Default off.
   */
  public boolean tcpCandidates() {
    return tcpCandidates;
  }

  /** mDNS behaviour; default {@link MdnsMode#QUERY_ONLY}. */
  public MdnsMode mdnsMode() {
    return mdnsMode;
  }

  /**
   * Transaction timeout of STUN/TURN over TCP/TLS: the whole UDP retransmission schedule
   * ({@code stunRto} x (2^(stunMaxTransmits-1) - 1 + stunRm); 39.5 s with the defaults, RFC 8489 Ti).
   */
  public Duration streamTransactionTimeout() {
    return stunRto.multipliedBy((1L << Math.min(30, stunMaxTransmits - 1)) - 1 + stunRm);
  }

  public static IceConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Pacing interval between new checks (Ta). */
  public Duration ta() {
    return ta;
  }

  /** Initial retransmission timeout of a connectivity check. */
  public Duration checkRto() {
    return checkRto;
  }

  /** Transmissions of a connectivity check before its pair fails. */
  public int checkMaxTransmits() {
    return checkMaxTransmits;
  }

  /**
   * How long the controlling agent waits for a better pair once one pair succeeded while
   * higher-priority pairs are still pending. Zero delay is used when no better pair is pending.
   */
  public Duration nominationDelay() {
    return nominationDelay;
  }

  public List<InetSocketAddress> stunServers() {
    return stunServers;
  }

  public Duration stunRto() {
    return stunRto;
  }

  public int stunMaxTransmits() {
    return stunMaxTransmits;
  }

  public int stunRm() {
    return stunRm;
  }

  /** Mean interval of consent freshness checks (randomised 0.8 to 1.2 times, RFC 7675 §5.1). */
  public Duration consentInterval() {
    return consentInterval;
  }

  /** No consent answer for this long: state DISCONNECTED. */
  public Duration disconnectedTimeout() {
    return disconnectedTimeout;
  }

  /** No consent answer for this long: consent expired, state FAILED (RFC 7675: 30 s). */
  public Duration consentTimeout() {
    return consentTimeout;
  }

  /** Run as an ICE-lite agent (RFC 8445 §2.5): host candidates only, no checks, always controlled. */
  public boolean lite() {
    return lite;
  }

  /** Source of tie-breakers, transaction ids and jitter ({@link SecureRandom} unless given). */
  public Random random() {
    return random;
  }

  /** SOFTWARE attribute value, or null to send none. */
  public String software() {
    return software;
  }

  public int maxPairs() {
    return maxPairs;
  }

  /** Which interfaces {@link IceTransport} gathers host candidates on. */
  public Predicate<NetworkInterface> interfaceFilter() {
    return interfaceFilter;
  }

  /** Which addresses {@link IceTransport} gathers host candidates on. */
  public Predicate<InetAddress> addressFilter() {
    return addressFilter;
  }

  /** Gather on loopback even when other interfaces exist (loopback is used anyway if it is the only one). */
  public boolean includeLoopback() {
    return includeLoopback;
  }

  public boolean ipv4() {
    return ipv4;
  }

  public boolean ipv6() {
    return ipv6;
  }

  /** Lowest UDP port to bind, 0 for any. */
  public int minPort() {
    return minPort;
  }

  /** Highest UDP port to bind, 0 for any. */
  public int maxPort() {
    return maxPort;
  }

  /**
   * How long the agent waits, once every candidate pair has failed (or there is none) and local
   * gathering is complete, for something new (a remote candidate) before it reports
   * {@link IceState#FAILED}, even if the peer never signals end-of-candidates. Zero disables the
   * timer (then only end-of-candidates ends the wait). Default 5 s.
   */
  public Duration failureTimeout() {
    return failureTimeout;
  }

  /**
   * Aggressive nomination (RFC 5245 §8.1.1.2, kept by RFC 8445 for compatibility): as the
   * controlling agent, set USE-CANDIDATE on every check and select the best pair that succeeds,
   * instead of checking first and nominating afterwards. Faster by one round trip; the selected
   * pair may change while better pairs succeed. Default off.
   */
  public boolean aggressiveNomination() {
    return aggressiveNomination;
  }

  /** Builder for {@link IceConfig}. */
  public static final class Builder {
    private Duration ta = Duration.ofMillis(50);
    private Duration checkRto = Duration.ofMillis(500);
    private int checkMaxTransmits = 7;
    private Duration nominationDelay = Duration.ofMillis(200);
    private List<InetSocketAddress> stunServers = List.of();
    private Duration stunRto = Duration.ofMillis(500);
    private int stunMaxTransmits = 7;
    private int stunRm = 16;
    private Duration consentInterval = Duration.ofSeconds(5);
    private Duration disconnectedTimeout = Duration.ofMillis(7500);
    private Duration consentTimeout = Duration.ofSeconds(30);
    private boolean lite;
    private Random random;
    private String software;
    private int maxPairs = 100;
    private Predicate<NetworkInterface> interfaceFilter = ni -> true;
    private Predicate<InetAddress> addressFilter = a -> true;
    private boolean includeLoopback;
    private boolean ipv4 = true;
    private boolean ipv6 = true;
    private int minPort;
    private int maxPort;
    private Duration failureTimeout = Duration.ofSeconds(5);
    private boolean aggressiveNomination;
    private List<org.rtc4j.ice.turn.TurnServer> turnServers = List.of();
    private boolean relayOnly;
    private boolean tcpCandidates;
    private MdnsMode mdnsMode = MdnsMode.QUERY_ONLY;
    private javax.net.ssl.SSLContext tlsContext;

    public Builder tlsContext(javax.net.ssl.SSLContext v) {
      tlsContext = v;
      return this;
    }

    private Builder() {}

    public Builder turnServers(List<org.rtc4j.ice.turn.TurnServer> v) {
      turnServers = List.copyOf(v);
      return this;
    }

    public Builder relayOnly(boolean v) {
      relayOnly = v;
      return this;
    }

    public Builder tcpCandidates(boolean v) {
      tcpCandidates = v;
      return this;
    }

    public Builder mdnsMode(MdnsMode v) {
      mdnsMode = Objects.requireNonNull(v);
      return this;
    }

    /** See {@link IceConfig#failureTimeout()}; zero disables. */
    public Builder failureTimeout(Duration v) {
      if (v.isNegative()) {
        throw new IllegalArgumentException("failureTimeout must not be negative");
      }
      failureTimeout = v;
      return this;
    }

    public Builder aggressiveNomination(boolean v) {
      aggressiveNomination = v;
      return this;
    }

    public Builder ta(Duration v) {
      ta = positive(v, "ta");
      return this;
    }

    public Builder checkRto(Duration v) {
      checkRto = positive(v, "checkRto");
      return this;
    }

    public Builder checkMaxTransmits(int v) {
      checkMaxTransmits = atLeastOne(v, "checkMaxTransmits");
      return this;
    }

    public Builder nominationDelay(Duration v) {
      nominationDelay = Objects.requireNonNull(v);
      return this;
    }

    public Builder stunServers(List<InetSocketAddress> v) {
      stunServers = List.copyOf(v);
      return this;
    }

    public Builder stunRto(Duration v) {
      stunRto = positive(v, "stunRto");
      return this;
    }

    public Builder stunMaxTransmits(int v) {
      stunMaxTransmits = atLeastOne(v, "stunMaxTransmits");
      return this;
    }

    public Builder stunRm(int v) {
      stunRm = atLeastOne(v, "stunRm");
      return this;
    }

    public Builder consentInterval(Duration v) {
      consentInterval = positive(v, "consentInterval");
      return this;
    }

    public Builder disconnectedTimeout(Duration v) {
      disconnectedTimeout = positive(v, "disconnectedTimeout");
      return this;
    }

    public Builder consentTimeout(Duration v) {
      consentTimeout = positive(v, "consentTimeout");
      return this;
    }

    public Builder lite(boolean v) {
      lite = v;
      return this;
    }

    public Builder random(Random v) {
      random = Objects.requireNonNull(v);
      return this;
    }

    public Builder software(String v) {
      software = v;
      return this;
    }

    public Builder maxPairs(int v) {
      maxPairs = atLeastOne(v, "maxPairs");
      return this;
    }

    public Builder interfaceFilter(Predicate<NetworkInterface> v) {
      interfaceFilter = Objects.requireNonNull(v);
      return this;
    }

    public Builder addressFilter(Predicate<InetAddress> v) {
      addressFilter = Objects.requireNonNull(v);
      return this;
    }

    public Builder includeLoopback(boolean v) {
      includeLoopback = v;
      return this;
    }

    public Builder ipv4(boolean v) {
      ipv4 = v;
      return this;
    }

    public Builder ipv6(boolean v) {
      ipv6 = v;
      return this;
    }

    /** Bind host sockets within {@code [min, max]}. */
    public Builder portRange(int min, int max) {
      if (min < 1 || max > 65535 || min > max) {
        throw new IllegalArgumentException("bad port range " + min + ".." + max);
      }
      minPort = min;
      maxPort = max;
      return this;
    }

    public IceConfig build() {
      if (consentTimeout.compareTo(disconnectedTimeout) <= 0) {
        throw new IllegalArgumentException("consentTimeout must exceed disconnectedTimeout");
      }
      return new IceConfig(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive");
      }
      return d;
    }

    private static int atLeastOne(int v, String name) {
      if (v < 1) {
        throw new IllegalArgumentException(name + " must be at least 1");
      }
      return v;
    }
  }
}
