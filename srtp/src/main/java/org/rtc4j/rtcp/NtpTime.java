package org.rtc4j.rtcp;

/**
 * NTP timestamps as RTCP uses them (RFC 3550 §4): 64-bit fixed point seconds since 1900, the
 * middle 32 bits ("compact", 16.16) that receivers echo as LSR, and the round-trip time a sender
 * computes from a report block (RFC 3550 §6.4.1: A - LSR - DLSR).
 */
public final class NtpTime {
  /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
  public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;

  private NtpTime() {}

  /** The 64-bit NTP timestamp of a wall-clock time in nanoseconds since the Unix epoch. */
  public static long fromUnixNanos(long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
    long fraction = (nanos << 32) / 1_000_000_000L;
    return ((seconds + UNIX_EPOCH_OFFSET_SECONDS) << 32) | fraction;
  }

  /** Nanoseconds since the Unix epoch of a 64-bit NTP timestamp (era 0). */
  public static long toUnixNanos(long ntp) {
    long seconds = (ntp >>> 32) - UNIX_EPOCH_OFFSET_SECONDS;
    long fraction = ntp & 0xFFFFFFFFL;
    return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
  }

  /** The middle 32 bits of a 64-bit NTP timestamp (16.16 seconds), as LSR carries it. */
  public static long compact(long ntp) {
    return (ntp >>> 16) & 0xFFFFFFFFL;
  }

  /** A duration in nanoseconds as 16.16 fixed-point seconds (DLSR units: 1/65536 s). */
  public static long compactDuration(long nanos) {
    return ((nanos << 16) / 1_000_000_000L) & 0xFFFFFFFFL;
  }

  /**
   * Round-trip time in nanoseconds from a report block received at compact NTP time
   * {@code arrivalCompact}: {@code arrival - LSR - DLSR} (RFC 3550 §6.4.1), or -1 if the block
   * carries no LSR or the result is negative.
   */
  public static long roundTripNanos(long arrivalCompact, ReportBlock block) {
    if (block.lastSr() == 0) {
      return -1;
    }
    long rtt = (arrivalCompact - block.lastSr() - block.delaySinceLastSr()) & 0xFFFFFFFFL;
    if (rtt >= 0x80000000L) {
      return -1; // negative: clocks or a stale block
    }
    return (rtt * 1_000_000_000L) >>> 16;
  }
}
