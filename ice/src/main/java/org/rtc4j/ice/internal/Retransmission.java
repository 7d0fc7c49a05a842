package org.rtc4j.ice.internal;

/**
 * STUN client retransmission over UDP (RFC 8489 §6.2.1): send at 0, RTO, 3 RTO, 7 RTO... (doubling)
 * for {@code maxTransmits} transmissions; after the last one wait {@code rm} times the initial
 * RTO, then the transaction times out.
 */
public final class Retransmission {
  private final long rtoNanos;
  private final int maxTransmits;
  private final int rm;
  private int transmits;
  private long currentRto;
  private long deadline;

  public Retransmission(long rtoNanos, int maxTransmits, int rm) {
    this.rtoNanos = rtoNanos;
    this.maxTransmits = maxTransmits;
    this.rm = rm;
    this.currentRto = rtoNanos;
  }

  /** Records a transmission at {@code now}; returns the next deadline. */
  public long sent(long now) {
    transmits++;
    if (transmits >= maxTransmits) {
      deadline = now + (long) rm * rtoNanos;
    } else {
      deadline = now + currentRto;
      currentRto *= 2;
    }
    return deadline;
  }

  public long deadline() {
    return deadline;
  }

  public int transmits() {
    return transmits;
  }

  /** True when the deadline passed after the last transmission: the transaction failed. */
  public boolean exhausted() {
    return transmits >= maxTransmits;
  }
}
