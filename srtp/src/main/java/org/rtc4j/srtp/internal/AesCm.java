package org.rtc4j.srtp.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES in counter mode as SRTP defines it (RFC 3711 §4.1.1), built on one AES block cipher that is
 * keyed once, so that a packet costs no {@code Cipher.init} and allocates nothing.
 *
 * <pre>
 *   IV       = 128 bits whose low 16 bits are zero (the caller's job: RFC 3711 §4.1.1 and §4.3.1)
 *   block i  = IV + i                          (i &lt; 2^16: the packet's block counter)
 *   keystream = AES(k, block 0) || AES(k, block 1) || ...
 *   out      = in XOR keystream                (truncated to the input length)
 * </pre>
 *
 * <p>The JCE's {@code AES/CTR} would do the same, but it takes the IV only through {@code
 * Cipher.init}, which copies the key on every call. Here a {@code AES/ECB/NoPadding} cipher is
 * initialized once per session key; each packet writes its counter blocks into a preallocated
 * buffer, encrypts them with {@code Cipher.update} into a second one (the variant with an output
 * array, and distinct arrays, so the provider copies nothing) and XORs the keystream into the
 * payload eight bytes at a time. The AES rounds are the JDK's AES-NI intrinsic either way.
 *
 * <p>One instance per session key; not thread-safe.
 */
public final class AesCm {
  /** AES block length in bytes. */
  public static final int BLOCK = 16;

  /** Bytes of keystream made per {@code Cipher.update}: an MTU-sized payload in one call. */
  private static final int CHUNK = 2048;

  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final Cipher aes;
  private final byte[] counters = new byte[CHUNK];
  private final byte[] keystream = new byte[CHUNK];

  /**
   * An AES-CM keystream generator for {@code key} (16, 24 or 32 bytes).
   *
   * @throws IllegalArgumentException if {@code key} is not an AES key
   * @throws IllegalStateException if the JDK lacks AES
   */
  public AesCm(byte[] key) {
    try {
      aes = Cipher.getInstance("AES/ECB/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES/ECB/NoPadding", e);
    }
    try {
      aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an AES key: " + e.getMessage(), e);
    }
  }

  /**
   * XORs the keystream for {@code iv} into {@code buf[off, off + len)}: encrypts or decrypts in
   * place. {@code iv} is 16 bytes whose last two are zero; {@code len} is below 2^20 (2^16 blocks).
   */
  public void apply(byte[] iv, byte[] buf, int off, int len) throws ShortBufferException {
    run(iv, buf, off, len, true);
  }

  /**
   * Writes the first {@code len} bytes of the keystream for {@code iv} to {@code out[off]}: the
   * SRTP key derivation (RFC 3711 §4.3.3) is this with {@code IV = x * 2^16}.
   */
  public void keystream(byte[] iv, byte[] out, int off, int len) throws ShortBufferException {
    run(iv, out, off, len, false);
  }

  /** The keystream for {@code iv}, a chunk at a time, XORed into {@code buf} or copied to it. */
  private void run(byte[] iv, byte[] buf, int off, int len, boolean xor) throws ShortBufferException {
    long hi = (long) LONG_BE.get(iv, 0);
    long lo = (long) LONG_BE.get(iv, 8);
    int block = 0;
    for (int done = 0; done < len; ) {
      int n = Math.min(CHUNK, len - done);
      block = encryptCounters(hi, lo, block, n);
      if (xor) {
        xor(keystream, buf, off + done, n);
      } else {
        System.arraycopy(keystream, 0, buf, off + done, n);
      }
      done += n;
    }
  }

  /**
   * Encrypts the counter blocks {@code first, first + 1, ...} covering {@code len} bytes into
   * {@link #keystream}; returns the next block number.
   */
  private int encryptCounters(long hi, long lo, int first, int len) throws ShortBufferException {
    int blocks = (len + BLOCK - 1) / BLOCK;
    int b = first;
    for (int i = 0, at = 0; i < blocks; i++, at += BLOCK, b++) {
      LONG_BE.set(counters, at, hi);
      LONG_BE.set(counters, at + 8, lo + b); // the low 16 bits of the IV are zero: no carry
    }
    aes.update(counters, 0, blocks * BLOCK, keystream, 0);
    return b;
  }

  /** {@code buf[off, off + len) ^= ks[0, len)}, eight bytes at a time. */
  private static void xor(byte[] ks, byte[] buf, int off, int len) {
    int i = 0;
    for (int end = len - 7; i < end; i += 8) {
      LONG_LE.set(buf, off + i, (long) LONG_LE.get(buf, off + i) ^ (long) LONG_LE.get(ks, i));
    }
    for (; i < len; i++) {
      buf[off + i] ^= ks[i];
    }
  }

  /** Wipes the keystream buffers (the key itself lives inside the provider). */
  public void destroy() {
    Arrays.fill(counters, (byte) 0);
    Arrays.fill(keystream, (byte) 0);
  }
}
