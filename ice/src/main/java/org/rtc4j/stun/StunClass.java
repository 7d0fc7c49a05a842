package org.rtc4j.stun;

/** The class of a STUN message: the C1 and C0 bits of the message type (RFC 8489 §5). */
public enum StunClass {
  REQUEST(0b00),
  INDICATION(0b01),
  SUCCESS_RESPONSE(0b10),
  ERROR_RESPONSE(0b11);

  private final int bits;

  StunClass(int bits) {
    this.bits = bits;
  }

  /** The two class bits, C1 C0. */
  public int bits() {
    return bits;
  }

  static StunClass ofBits(int bits) {
    return values()[bits & 3];
  }

  public boolean isResponse() {
    return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
  }
}
