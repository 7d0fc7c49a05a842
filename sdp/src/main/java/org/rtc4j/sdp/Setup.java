package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;

/** {@code a=setup}: which side opens the DTLS association (RFC 4145 §4, RFC 8842 §5). */
public enum Setup implements SdpAttribute {
  ACTPASS("actpass"),
  ACTIVE("active"),
  PASSIVE("passive"),
  HOLDCONN("holdconn");

  private static final Setup[] VALUES = values();

  private final String sdp;

  Setup(String sdp) {
    this.sdp = sdp;
  }

  public String sdp() {
    return sdp;
  }

  static Setup parse(String s, int from, int to) {
    for (Setup v : VALUES) {
      if (Chars.regionEquals(s, from, to, v.sdp)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        "setup must be actpass, active, passive or holdconn, was '" + s.substring(from, to) + "'");
  }

  /** The role named {@code sdp} ("actpass", ...). */
  public static Setup fromSdp(String sdp) {
    return parse(sdp, 0, sdp.length());
  }

  @Override
  public String attributeName() {
    return "setup";
  }

  @Override
  public String attributeValue() {
    return sdp;
  }

  @Override
  public String toString() {
    return "setup:" + sdp;
  }
}
