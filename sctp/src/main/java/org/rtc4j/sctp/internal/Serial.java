package org.rtc4j.sctp.internal;

/**
 * Serial number arithmetic (RFC 1982) for 32-bit TSNs and MIDs and 16-bit SSNs, as RFC 9260
 * §1.6 requires.
 */
public final class Serial {
  private Serial() {}

  /** True if TSN {@code a} comes before {@code b}. */
  public static boolean lt(int a, int b) {
    return a - b < 0;
  }

  /** True if TSN {@code a} is {@code b} or comes before it. */
  public static boolean le(int a, int b) {
    return a - b <= 0;
  }

  /** The later of two TSNs. */
  public static int max(int a, int b) {
    return lt(a, b) ? b : a;
  }

  /** True if 16-bit SSN {@code a} comes before {@code b}. */
  public static boolean ssnLt(int a, int b) {
    return (short) (a - b) < 0;
  }
}
