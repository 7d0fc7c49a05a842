package org.rtc4j.sctp.dcep;

/** Channel types of DATA_CHANNEL_OPEN (RFC 8832 §5.1, §8.2.2). */
public final class ChannelType {
  /** Reliable, ordered. */
  public static final int RELIABLE = 0x00;
  /** Partially reliable by retransmission count, ordered. */
  public static final int PARTIAL_RELIABLE_REXMIT = 0x01;
  /** Partially reliable by lifetime, ordered. */
  public static final int PARTIAL_RELIABLE_TIMED = 0x02;
  /** The high bit: unordered. */
  public static final int UNORDERED_BIT = 0x80;

  private ChannelType() {}

  /** True for the six defined codes. */
  public static boolean valid(int type) {
    int base = type & 0x7F;
    return base <= PARTIAL_RELIABLE_TIMED;
  }

  /** The code for a channel's ordering and reliability. */
  public static int of(boolean ordered, Integer maxRetransmits, Integer maxPacketLifeTime) {
    int base = maxRetransmits != null ? PARTIAL_RELIABLE_REXMIT : maxPacketLifeTime != null ? PARTIAL_RELIABLE_TIMED : RELIABLE;
    return ordered ? base : base | UNORDERED_BIT;
  }
}
