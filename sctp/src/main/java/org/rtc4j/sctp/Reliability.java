package org.rtc4j.sctp;

/**
 * How hard a message is retransmitted: fully reliable, or partially reliable with the RFC 3758
 * policies that data channels use (W3C {@code maxRetransmits} and {@code maxPacketLifeTime}).
 * Immutable; a channel keeps one and passes it to every send, so sending allocates nothing.
 */
public final class Reliability {
  /** Retransmit until acknowledged. */
  public static final Reliability RELIABLE = new Reliability(-1, -1);

  private final int maxRetransmits;
  private final long maxLifetimeMillis;

  private Reliability(int maxRetransmits, long maxLifetimeMillis) {
    this.maxRetransmits = maxRetransmits;
    this.maxLifetimeMillis = maxLifetimeMillis;
  }

  /** Abandon a message rather than retransmit it more than {@code n} times (0: send once). */
  public static Reliability maxRetransmits(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxRetransmits " + n + " < 0");
    }
    return new Reliability(n, -1);
  }

  /** Abandon a message not delivered within {@code millis} of its send call (RFC 3758 timed). */
  public static Reliability maxLifetimeMillis(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("maxLifetimeMillis " + millis + " < 0");
    }
    return new Reliability(-1, millis);
  }

  /** True unless a limit is set. */
  public boolean reliable() {
    return maxRetransmits < 0 && maxLifetimeMillis < 0;
  }

  /** The retransmission limit, or -1. */
  public int maxRetransmits() {
    return maxRetransmits;
  }

  /** The lifetime limit in milliseconds, or -1. */
  public long maxLifetimeMillis() {
    return maxLifetimeMillis;
  }

  @Override
  public String toString() {
    if (maxRetransmits >= 0) {
      return "maxRetransmits=" + maxRetransmits;
    }
    return maxLifetimeMillis >= 0 ? "maxLifetimeMillis=" + maxLifetimeMillis : "reliable";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Reliability r && r.maxRetransmits == maxRetransmits && r.maxLifetimeMillis == maxLifetimeMillis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(maxLifetimeMillis) * 31 + maxRetransmits;
  }
}
