package org.rtc4j.sctp;

import java.util.Arrays;

/**
 * A packet from {@link SctpAssociation#pollTransmit()}: a view of {@code length} bytes at
 * {@code offset} in {@code buffer}. The association reuses the view and the buffer: hand the bytes
 * to DTLS (which copies them into its record) before the next call on the association, or copy
 * them with {@link #toByteArray()}.
 */
public final class SctpTransmit {
  private byte[] buffer;
  private int offset;
  private int length;

  SctpTransmit() {}

  SctpTransmit set(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.length = length;
    return this;
  }

  /** The array holding the packet. */
  public byte[] buffer() {
    return buffer;
  }

  /** Where the packet starts. */
  public int offset() {
    return offset;
  }

  /** The packet length. */
  public int length() {
    return length;
  }

  /** A copy of the packet. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(buffer, offset, offset + length);
  }

  @Override
  public String toString() {
    return "SctpTransmit[" + length + " bytes]";
  }
}
