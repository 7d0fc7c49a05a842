package org.rtc4j.srtp.internal;

import javax.crypto.spec.IvParameterSpec;

/**
 * An IV parameter whose bytes are rewritten for every packet.
 *
 * <p>{@code Cipher.init} wants an {@link IvParameterSpec}, and the standard one copies its array
 * on construction and on every {@link #getIV()}: three allocations per packet for AES-CTR. The
 * provider reads the IV once during {@code init} and copies it into its counter, so handing it the
 * live array is safe as long as the bytes are not changed during {@code init}, which a
 * single-threaded context guarantees. Not for GCM: its provider keeps the array to refuse nonce
 * reuse.
 */
public final class ReusableIv extends IvParameterSpec {
  private final byte[] bytes;

  /** A zero IV of {@code length} bytes. */
  public ReusableIv(int length) {
    super(new byte[length]);
    this.bytes = new byte[length];
  }

  /** The live IV bytes, to fill before each {@code Cipher.init}. */
  public byte[] bytes() {
    return bytes;
  }

  @Override
  public byte[] getIV() {
    return bytes;
  }
}
