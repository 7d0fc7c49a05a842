package org.rtc4j.dtls;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings for a {@link DtlsEndpoint}; immutable, build with {@link #builder(Certificate)}. One
 * config may serve many endpoints that share a certificate.
 */
public final class DtlsConfig {

  /** Which TlsCrypto implementation Bouncy Castle's DTLS code runs on. */
  public enum CryptoProvider {
    /**
     * {@code BcTlsCrypto}: Bouncy Castle's own lightweight crypto, the default. Its P-256 field
     * arithmetic makes a handshake cost ≈2.1 ms of CPU, against ≈9 ms with JCA on JDK 17 and ≈6 ms
     * on JDK 25 (see the dtls README for the measurement).
     */
    BC,
    /** {@code JcaTlsCrypto} over the JDK's providers (SunEC, SunJCE), for FIPS-style setups. */
    JCA
  }

  /** The ECDHE groups offered (client) or accepted (server), in preference order. */
  public enum Group {
    /** X25519 (RFC 7748). */
    X25519,
    /** NIST P-256. */
    SECP256R1,
    /** NIST P-384. */
    SECP384R1
  }

  private final Certificate certificate;
  private final List<SrtpProtectionProfile> srtpProfiles;
  private final List<Group> groups;
  private final Duration handshakeTimeout;
  private final Duration initialRetransmit;
  private final int mtu;
  private final int inboundQueueCapacity;
  private final CryptoProvider cryptoProvider;
  private final DtlsHandshakeExecutor handshakeExecutor;

  private DtlsConfig(Builder b) {
    this.certificate = b.certificate;
    this.srtpProfiles = List.copyOf(b.srtpProfiles);
    this.groups = List.copyOf(b.groups);
    this.handshakeTimeout = b.handshakeTimeout;
    this.initialRetransmit = b.initialRetransmit;
    this.mtu = b.mtu;
    this.inboundQueueCapacity = b.inboundQueueCapacity;
    this.cryptoProvider = b.cryptoProvider;
    this.handshakeExecutor = b.handshakeExecutor;
  }

  /** A builder for an endpoint presenting {@code certificate}, with the defaults. */
  public static Builder builder(Certificate certificate) {
    return new Builder(certificate);
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    Builder b = new Builder(certificate);
    b.srtpProfiles = srtpProfiles;
    b.groups = groups;
    b.handshakeTimeout = handshakeTimeout;
    b.initialRetransmit = initialRetransmit;
    b.mtu = mtu;
    b.inboundQueueCapacity = inboundQueueCapacity;
    b.cryptoProvider = cryptoProvider;
    b.handshakeExecutor = handshakeExecutor;
    return b;
  }

  /** The certificate this endpoint presents. */
  public Certificate certificate() {
    return certificate;
  }

  /** SRTP profiles in preference order: offered in this order (client), chosen by it (server). */
  public List<SrtpProtectionProfile> srtpProfiles() {
    return srtpProfiles;
  }

  /** The ECDHE groups, in preference order. */
  public List<Group> groups() {
    return groups;
  }

  /** How long a handshake may take from {@link DtlsEndpoint#start} before it fails with TIMEOUT. */
  public Duration handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The first retransmission timeout of a flight; it doubles on each retry (RFC 6347 §4.2.4.1). */
  public Duration initialRetransmit() {
    return initialRetransmit;
  }

  /** The largest datagram the endpoint sends; handshake messages are fragmented to fit. */
  public int mtu() {
    return mtu;
  }

  /** Datagrams buffered for the handshake thread before further ones are dropped and counted. */
  public int inboundQueueCapacity() {
    return inboundQueueCapacity;
  }

  /** Which cryptography implementation Bouncy Castle's TLS uses. */
  public CryptoProvider cryptoProvider() {
    return cryptoProvider;
  }

  /** Where blocking handshakes run; {@link DtlsHandshakeExecutor#shared()} unless set. */
  public DtlsHandshakeExecutor handshakeExecutor() {
    return handshakeExecutor != null ? handshakeExecutor : DtlsHandshakeExecutor.shared();
  }

  /** Builds a {@link DtlsConfig}. */
  public static final class Builder {
    private final Certificate certificate;
    private List<SrtpProtectionProfile> srtpProfiles = List.of(SrtpProtectionProfile.values());
    private List<Group> groups = List.of(Group.X25519, Group.SECP256R1, Group.SECP384R1);
    private Duration handshakeTimeout = Duration.ofSeconds(30);
    private Duration initialRetransmit = Duration.ofSeconds(1);
    private int mtu = 1200;
    private int inboundQueueCapacity = 64;
    private CryptoProvider cryptoProvider = CryptoProvider.BC;
    private DtlsHandshakeExecutor handshakeExecutor;

    private Builder(Certificate certificate) {
      this.certificate = Objects.requireNonNull(certificate, "certificate");
    }

    /** The SRTP profiles, in preference order (at least one, no repeats). */
    public Builder srtpProfiles(List<SrtpProtectionProfile> profiles) {
      if (profiles.isEmpty() || profiles.stream().distinct().count() != profiles.size()) {
        throw new IllegalArgumentException("SRTP profiles must be non-empty and distinct: " + profiles);
      }
      this.srtpProfiles = List.copyOf(profiles);
      return this;
    }

    /** The SRTP profiles, in preference order (at least one, no repeats). */
    public Builder srtpProfiles(SrtpProtectionProfile... profiles) {
      return srtpProfiles(List.of(profiles));
    }

    /** The ECDHE groups, in preference order (at least one). */
    public Builder groups(Group... groups) {
      if (groups.length == 0) {
        throw new IllegalArgumentException("at least one ECDHE group is needed");
      }
      this.groups = List.of(groups);
      return this;
    }

    /** How long a handshake may take before it fails with TIMEOUT. */
    public Builder handshakeTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("handshake timeout out of range: " + timeout);
      }
      this.handshakeTimeout = timeout;
      return this;
    }

    /** The first retransmission timeout of a flight (it doubles on each retry). */
    public Builder initialRetransmit(Duration initial) {
      if (initial.toMillis() < 1 || initial.toMillis() > 60_000) {
        throw new IllegalArgumentException("initial retransmit must be 1 ms .. 60 s: " + initial);
      }
      this.initialRetransmit = initial;
      return this;
    }

    /** The largest datagram to send. */
    public Builder mtu(int mtu) {
      if (mtu < 256 || mtu > 65_507) {
        throw new IllegalArgumentException("mtu out of range: " + mtu);
      }
      this.mtu = mtu;
      return this;
    }

    /** Datagrams buffered for the handshake thread before further ones are dropped. */
    public Builder inboundQueueCapacity(int capacity) {
      if (capacity < 1) {
        throw new IllegalArgumentException("capacity must be positive: " + capacity);
      }
      this.inboundQueueCapacity = capacity;
      return this;
    }

    /** Which cryptography implementation to use. */
    public Builder cryptoProvider(CryptoProvider provider) {
      this.cryptoProvider = Objects.requireNonNull(provider, "provider");
      return this;
    }

    /** Where blocking handshakes run. */
    public Builder handshakeExecutor(DtlsHandshakeExecutor executor) {
      this.handshakeExecutor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /** The configuration. */
    public DtlsConfig build() {
      return new DtlsConfig(this);
    }
  }
}
