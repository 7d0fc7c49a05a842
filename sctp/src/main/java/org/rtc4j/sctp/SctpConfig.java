package org.rtc4j.sctp;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Immutable configuration of an {@link SctpAssociation}. Defaults suit WebRTC data channels; every
 * duration is in milliseconds and every size in bytes.
 *
 * <p>Timer defaults, and why: RFC 9260 §16 gives RTO.Initial 1 s, RTO.Min 1 s, RTO.Max 60 s for
 * the general Internet. A data channel starts only after ICE and DTLS have completed several round
 * trips on the same path, so rtc4j starts at 500 ms (as Chrome's dcsctp does) and the peer layer
 * may seed a measured RTT ({@link SctpAssociation#seedRtt}). RTO.Min is 220 ms instead of 1 s: the
 * floor that matters is the peer's delayed SACK (200 ms in usrsctp, dcsctp and rtc4j) plus a
 * margin, which also floors the variance term (RTO = SRTT + max(4 RTTVAR, 220 ms), the RFC 6298
 * §2.3 clock-granularity idea, as dcsctp does), so spurious timeouts on a quiet link stay out and
 * a lost tail is recovered in a fraction of a second. RTO.Max stays at the RFC's 60 s.
 */
public final class SctpConfig {
  /** Congestion control flavours; see the module README for measurements. */
  public enum CongestionControl {
    /**
     * RFC 9260 §7.2: slow start, congestion avoidance with partial_bytes_acked, one halving per
     * window on loss (fast recovery), cwnd = 1 MTU on T3 expiry. Fair to TCP; like TCP Reno its
     * rate under random loss p is bounded near MSS/RTT * 1.22/sqrt(p).
     */
    RFC9260,
    /**
     * RFC 9260 §7.2 growth and T3 response, but a loss found by SACK shrinks cwnd only if it
     * looks like congestion: the RTT shows a standing queue (more than max(minRTT/8, 4 ms) above
     * the 30-second minimum) or a round trip lost more than 10% of its bytes. Random loss on an
     * uncongested path is repaired without halving, and retransmissions lost again are detected
     * from SACKs instead of waiting for T3. Not an IETF algorithm; opt-in.
     */
    LOSS_TOLERANT
  }

  private final int localPort;
  private final int remotePort;
  private final int mtu;
  private final int outboundStreams;
  private final int inboundStreams;
  private final long rtoInitialMillis;
  private final long rtoMinMillis;
  private final long rtoMaxMillis;
  private final long minRttVarianceMillis;
  private final int maxRetransmissions;
  private final int maxInitRetransmits;
  private final long delayedAckMillis;
  private final long heartbeatIntervalMillis;
  private final long cookieLifetimeMillis;
  private final int initialCwndBytes;
  private final int initialReceiveWindowBytes;
  private final int maxReceiveWindowBytes;
  private final long maxSendBufferBytes;
  private final int maxReceiveMessageBytes;
  private final boolean partialReliability;
  private final boolean interleaving;
  private final CongestionControl congestionControl;
  private final RandomGenerator random;
  private final SctpBufferPool bufferPool;

  private SctpConfig(Builder b) {
    localPort = b.localPort;
    remotePort = b.remotePort;
    mtu = b.mtu;
    outboundStreams = b.outboundStreams;
    inboundStreams = b.inboundStreams;
    rtoInitialMillis = b.rtoInitialMillis;
    rtoMinMillis = b.rtoMinMillis;
    rtoMaxMillis = b.rtoMaxMillis;
    minRttVarianceMillis = b.minRttVarianceMillis;
    maxRetransmissions = b.maxRetransmissions;
    maxInitRetransmits = b.maxInitRetransmits;
    delayedAckMillis = b.delayedAckMillis;
    heartbeatIntervalMillis = b.heartbeatIntervalMillis;
    cookieLifetimeMillis = b.cookieLifetimeMillis;
    initialCwndBytes = b.initialCwndBytes > 0 ? b.initialCwndBytes : Math.min(4 * mtu, Math.max(2 * mtu, 4404));
    initialReceiveWindowBytes = b.initialReceiveWindowBytes;
    maxReceiveWindowBytes = Math.max(b.maxReceiveWindowBytes, b.initialReceiveWindowBytes);
    maxSendBufferBytes = b.maxSendBufferBytes;
    maxReceiveMessageBytes = b.maxReceiveMessageBytes;
    partialReliability = b.partialReliability;
    interleaving = b.interleaving;
    congestionControl = b.congestionControl;
    random = b.random;
    bufferPool = b.bufferPool;
  }

  /** The defaults. */
  public static SctpConfig defaults() {
    return builder().build();
  }

  /** A builder holding the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Our SCTP port (SDP {@code a=sctp-port}; 5000 by default). */
  public int localPort() {
    return localPort;
  }

  /** The peer's SCTP port. */
  public int remotePort() {
    return remotePort;
  }

  /** Largest SCTP packet (default 1200; DTLS, UDP and IP headers come on top). */
  public int mtu() {
    return mtu;
  }

  /** Outbound streams asked for in INIT (OS). */
  public int outboundStreams() {
    return outboundStreams;
  }

  /** Maximum inbound streams offered in INIT (MIS). */
  public int inboundStreams() {
    return inboundStreams;
  }

  /** RTO.Initial (default 500 ms). */
  public long rtoInitialMillis() {
    return rtoInitialMillis;
  }

  /** RTO.Min (default 220 ms). */
  public long rtoMinMillis() {
    return rtoMinMillis;
  }

  /** RTO.Max (default 60 s). */
  public long rtoMaxMillis() {
    return rtoMaxMillis;
  }

  /** Floor of the variance term of the RTO (default 220 ms). */
  public long minRttVarianceMillis() {
    return minRttVarianceMillis;
  }

  /** Association.Max.Retrans (default 10). */
  public int maxRetransmissions() {
    return maxRetransmissions;
  }

  /** Max.Init.Retransmits (default 8). */
  public int maxInitRetransmits() {
    return maxInitRetransmits;
  }

  /** Longest delay of a SACK (default 200 ms, RFC 9260 §6.2). */
  public long delayedAckMillis() {
    return delayedAckMillis;
  }

  /** HB.interval on an idle association (default 30 s; 0 disables heartbeats). */
  public long heartbeatIntervalMillis() {
    return heartbeatIntervalMillis;
  }

  /** Valid.Cookie.Life (default 60 s). */
  public long cookieLifetimeMillis() {
    return cookieLifetimeMillis;
  }

  /** Initial cwnd (default RFC 9260 §7.2.1: min(4 MTU, max(2 MTU, 4404))). */
  public int initialCwndBytes() {
    return initialCwndBytes;
  }

  /** The receive window advertised at first (default 1 MiB). */
  public int initialReceiveWindowBytes() {
    return initialReceiveWindowBytes;
  }

  /** The receive window grows up to this when the sender keeps filling it (default 8 MiB). */
  public int maxReceiveWindowBytes() {
    return maxReceiveWindowBytes;
  }

  /** Most bytes queued for sending, over all streams (default 16 MiB, as Chrome). */
  public long maxSendBufferBytes() {
    return maxSendBufferBytes;
  }

  /** Largest message accepted from the peer (our max-message-size, default 256 KiB). */
  public int maxReceiveMessageBytes() {
    return maxReceiveMessageBytes;
  }

  /** Offer FORWARD TSN (RFC 3758); default true. */
  public boolean partialReliability() {
    return partialReliability;
  }

  /** Offer I-DATA (RFC 8260); used only if the peer offers it too. Default false. */
  public boolean interleaving() {
    return interleaving;
  }

  /** Congestion control (default {@link CongestionControl#RFC9260}). */
  public CongestionControl congestionControl() {
    return congestionControl;
  }

  /** Source of tags, initial TSNs and the cookie key (default {@link SecureRandom}). */
  public RandomGenerator random() {
    return random;
  }

  /** Shared buffer pool, or null for a private one per association. */
  public SctpBufferPool bufferPool() {
    return bufferPool;
  }

  /** A builder starting from this configuration. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.localPort = localPort;
    b.remotePort = remotePort;
    b.mtu = mtu;
    b.outboundStreams = outboundStreams;
    b.inboundStreams = inboundStreams;
    b.rtoInitialMillis = rtoInitialMillis;
    b.rtoMinMillis = rtoMinMillis;
    b.rtoMaxMillis = rtoMaxMillis;
    b.minRttVarianceMillis = minRttVarianceMillis;
    b.maxRetransmissions = maxRetransmissions;
    b.maxInitRetransmits = maxInitRetransmits;
    b.delayedAckMillis = delayedAckMillis;
    b.heartbeatIntervalMillis = heartbeatIntervalMillis;
    b.cookieLifetimeMillis = cookieLifetimeMillis;
    b.initialCwndBytes = initialCwndBytes;
    b.initialReceiveWindowBytes = initialReceiveWindowBytes;
    b.maxReceiveWindowBytes = maxReceiveWindowBytes;
    b.maxSendBufferBytes = maxSendBufferBytes;
    b.maxReceiveMessageBytes = maxReceiveMessageBytes;
    b.partialReliability = partialReliability;
    b.interleaving = interleaving;
    b.congestionControl = congestionControl;
    b.random = random;
    b.bufferPool = bufferPool;
    return b;
  }

  /** Builds {@link SctpConfig}; setters check their ranges. */
  public static final class Builder {
    private int localPort = 5000;
    private int remotePort = 5000;
    private int mtu = 1200;
    private int outboundStreams = 65535;
    private int inboundStreams = 65535;
    private long rtoInitialMillis = 500;
    private long rtoMinMillis = 220;
    private long rtoMaxMillis = 60_000;
    private long minRttVarianceMillis = 220;
    private int maxRetransmissions = 10;
    private int maxInitRetransmits = 8;
    private long delayedAckMillis = 200;
    private long heartbeatIntervalMillis = 30_000;
    private long cookieLifetimeMillis = 60_000;
    private int initialCwndBytes;
    private int initialReceiveWindowBytes = 1 << 20;
    private int maxReceiveWindowBytes = 8 << 20;
    private long maxSendBufferBytes = 16L << 20;
    private int maxReceiveMessageBytes = 256 * 1024;
    private boolean partialReliability = true;
    private boolean interleaving;
    private CongestionControl congestionControl = CongestionControl.RFC9260;
    private RandomGenerator random;
    private SctpBufferPool bufferPool;

    private Builder() {}

    public Builder localPort(int port) {
      this.localPort = port(port);
      return this;
    }

    public Builder remotePort(int port) {
      this.remotePort = port(port);
      return this;
    }

    /** Largest SCTP packet, 256..65535 bytes. */
    public Builder mtu(int bytes) {
      if (bytes < 256 || bytes > 65535) {
        throw new IllegalArgumentException("mtu " + bytes + " outside 256..65535");
      }
      this.mtu = bytes;
      return this;
    }

    public Builder outboundStreams(int n) {
      this.outboundStreams = streams(n);
      return this;
    }

    public Builder inboundStreams(int n) {
      this.inboundStreams = streams(n);
      return this;
    }

    public Builder rtoInitialMillis(long ms) {
      this.rtoInitialMillis = positive(ms, "rtoInitialMillis");
      return this;
    }

    public Builder rtoMinMillis(long ms) {
      this.rtoMinMillis = positive(ms, "rtoMinMillis");
      return this;
    }

    public Builder rtoMaxMillis(long ms) {
      this.rtoMaxMillis = positive(ms, "rtoMaxMillis");
      return this;
    }

    public Builder minRttVarianceMillis(long ms) {
      if (ms < 0) {
        throw new IllegalArgumentException("minRttVarianceMillis " + ms);
      }
      this.minRttVarianceMillis = ms;
      return this;
    }

    public Builder maxRetransmissions(int n) {
      this.maxRetransmissions = (int) positive(n, "maxRetransmissions");
      return this;
    }

    public Builder maxInitRetransmits(int n) {
      this.maxInitRetransmits = (int) positive(n, "maxInitRetransmits");
      return this;
    }

    public Builder delayedAckMillis(long ms) {
      if (ms < 0 || ms > 500) {
        throw new IllegalArgumentException("delayedAckMillis " + ms + " outside 0..500 (RFC 9260 §6.2)");
      }
      this.delayedAckMillis = ms;
      return this;
    }

    /** 0 disables heartbeats. */
    public Builder heartbeatIntervalMillis(long ms) {
      if (ms < 0) {
        throw new IllegalArgumentException("heartbeatIntervalMillis " + ms);
      }
      this.heartbeatIntervalMillis = ms;
      return this;
    }

    public Builder cookieLifetimeMillis(long ms) {
      this.cookieLifetimeMillis = positive(ms, "cookieLifetimeMillis");
      return this;
    }

    /** Initial cwnd in bytes; 0 means the RFC 9260 §7.2.1 value. */
    public Builder initialCwndBytes(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("initialCwndBytes " + bytes);
      }
      this.initialCwndBytes = bytes;
      return this;
    }

    public Builder initialReceiveWindowBytes(int bytes) {
      if (bytes < 1500) {
        throw new IllegalArgumentException("initialReceiveWindowBytes " + bytes + " < 1500 (RFC 9260 §3.3.2)");
      }
      this.initialReceiveWindowBytes = bytes;
      return this;
    }

    public Builder maxReceiveWindowBytes(int bytes) {
      if (bytes < 1500) {
        throw new IllegalArgumentException("maxReceiveWindowBytes " + bytes);
      }
      this.maxReceiveWindowBytes = bytes;
      return this;
    }

    public Builder maxSendBufferBytes(long bytes) {
      this.maxSendBufferBytes = positive(bytes, "maxSendBufferBytes");
      return this;
    }

    public Builder maxReceiveMessageBytes(int bytes) {
      this.maxReceiveMessageBytes = (int) positive(bytes, "maxReceiveMessageBytes");
      return this;
    }

    public Builder partialReliability(boolean on) {
      this.partialReliability = on;
      return this;
    }

    public Builder interleaving(boolean on) {
      this.interleaving = on;
      return this;
    }

    public Builder congestionControl(CongestionControl cc) {
      this.congestionControl = Objects.requireNonNull(cc, "congestionControl");
      return this;
    }

    /** A seeded generator makes tags and TSNs reproducible in tests. */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** A pool shared by the associations of one event loop. */
    public Builder bufferPool(SctpBufferPool pool) {
      this.bufferPool = Objects.requireNonNull(pool, "bufferPool");
      return this;
    }

    public SctpConfig build() {
      if (rtoMinMillis > rtoMaxMillis) {
        throw new IllegalArgumentException("rtoMinMillis " + rtoMinMillis + " > rtoMaxMillis " + rtoMaxMillis);
      }
      if (random == null) {
        random = new SecureRandom();
      }
      return new SctpConfig(this);
    }

    private static int port(int p) {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("port " + p + " outside 1..65535");
      }
      return p;
    }

    private static int streams(int n) {
      if (n < 1 || n > 65535) {
        throw new IllegalArgumentException("stream count " + n + " outside 1..65535");
      }
      return n;
    }

    private static long positive(long v, String name) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " " + v + " <= 0");
      }
      return v;
    }
  }
}
