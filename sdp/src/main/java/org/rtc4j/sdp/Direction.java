package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

/** The media direction attributes of RFC 8866 §6.7 (and the direction of an {@link ExtMap}). */
public enum Direction implements SdpAttribute {
  SENDRECV("sendrecv"),
  SENDONLY("sendonly"),
  RECVONLY("recvonly"),
  INACTIVE("inactive");

  private static final Direction[] VALUES = values();

  private final String sdp;

  Direction(String sdp) {
    this.sdp = sdp;
  }

  /** The SDP spelling, e.g. {@code "sendrecv"}. */
  public String sdp() {
    return sdp;
  }

  /** This direction seen from the other side: sendonly becomes recvonly and back. */
  public Direction reverse() {
    switch (this) {
      case SENDONLY:
        return RECVONLY;
      case RECVONLY:
        return SENDONLY;
      default:
        return this;
    }
  }

  public boolean sends() {
    return this == SENDRECV || this == SENDONLY;
  }

  public boolean receives() {
    return this == SENDRECV || this == RECVONLY;
  }

  /** The direction spelled {@code s[from, to)}, or {@code null}. */
  static Direction lookup(String s, int from, int to) {
    for (Direction d : VALUES) {
      if (Chars.regionEquals(s, from, to, d.sdp)) {
        return d;
      }
    }
    return null;
  }

  /** The direction named {@code sdp} ("sendrecv", ...). */
  public static Direction fromSdp(String sdp) {
    Direction d = lookup(sdp, 0, sdp.length());
    if (d == null) {
      throw new IllegalArgumentException("unknown direction '" + sdp + "'");
    }
    return d;
  }

  @Override
  public String attributeName() {
    return sdp;
  }

  @Override
  public String attributeValue() {
    return null;
  }

  @Override
  public String toString() {
    return sdp;
  }
}
