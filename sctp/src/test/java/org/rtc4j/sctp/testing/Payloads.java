package org.rtc4j.sctp.testing;

import java.util.SplittableRandom;

/** Deterministic message contents: message {@code i} can be regenerated and compared. */
public final class Payloads {
  private Payloads() {}

  /** Message {@code i} of {@code length} bytes: its index, then bytes from a generator seeded by it. */
  public static byte[] message(int i, int length) {
    byte[] b = new byte[length];
    SplittableRandom r = new SplittableRandom(0x5EED0000L + i);
    for (int j = 0; j < length; j++) {
      b[j] = (byte) r.nextInt(256);
    }
    for (int j = 0; j < 4 && j < length; j++) {
      b[j] = (byte) (i >>> (24 - 8 * j));
    }
    return b;
  }

  /** The index written by {@link #message} (the message must be at least 4 bytes). */
  public static int index(byte[] b) {
    return ((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
  }
}
