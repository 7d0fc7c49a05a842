package org.rtc4j.ice.internal;

/** Priority arithmetic of RFC 8445 §5.1.2 and §6.1.2.3. */
public final class Priorities {
  private Priorities() {}

  /**
   * Candidate priority (RFC 8445 §5.1.2.1):
   * {@code 2^24 * type-preference + 2^8 * local-preference + (256 - component-id)}.
   */
  public static long candidate(int typePreference, int localPreference, int component) {
    if (typePreference < 0 || typePreference > 126 || localPreference < 0 || localPreference > 65535
        || component < 1 || component > 256) {
      throw new IllegalArgumentException("priority inputs out of range");
    }
    return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - component);
  }

  /**
   * Pair priority (RFC 8445 §6.1.2.3) with G the controlling agent's candidate priority and D the
   * controlled agent's: {@code 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0)}, a 64-bit unsigned value: compare with {@link Long#compareUnsigned}.
   */
  public static long pair(long controlling, long controlled) {
    return (Math.min(controlling, controlled) << 32) + 2 * Math.max(controlling, controlled)
        + (controlling > controlled ? 1 : 0);
  }

  /**
   * Local preference of the {@code index}-th host address in preference order. Callers order
   * addresses as RFC 8421 §4 recommends (IPv6 and IPv4 interleaved, IPv6 first).
   */
  public static int localPreference(int index) {
    return Math.max(0, 65535 - 256 * index);
  }

  /** Local preference embedded in a candidate priority. */
  public static int localPreferenceOf(long priority) {
    return (int) ((priority >>> 8) & 0xFFFF);
  }
}
