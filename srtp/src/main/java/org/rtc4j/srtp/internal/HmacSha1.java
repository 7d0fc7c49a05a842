package org.rtc4j.srtp.internal;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC-SHA1 (RFC 2104) over the JDK's SHA-1 {@link MessageDigest}, writing into a caller buffer.
 *
 * <p>{@code javax.crypto.Mac.doFinal(byte[], int)} returns through a fresh array inside the
 * provider; this does the same two digests (and the same SHA-1 intrinsic) without allocating. One
 * instance per session key; not thread-safe.
 */
public final class HmacSha1 {
  /** Output length of HMAC-SHA1 in bytes. */
  public static final int LENGTH = 20;

  private static final int BLOCK = 64;

  private final MessageDigest sha1;
  private final byte[] ipad = new byte[BLOCK];
  private final byte[] opad = new byte[BLOCK];
  private final byte[] inner = new byte[LENGTH];

  /** An HMAC-SHA1 keyed with {@code key} (at most 64 bytes, as SRTP's 20-byte keys are). */
  public HmacSha1(byte[] key) {
    if (key.length > BLOCK) {
      throw new IllegalArgumentException("HMAC key longer than one SHA-1 block");
    }
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-1", e);
    }
    for (int i = 0; i < BLOCK; i++) {
      byte k = i < key.length ? key[i] : 0;
      ipad[i] = (byte) (k ^ 0x36);
      opad[i] = (byte) (k ^ 0x5c);
    }
    sha1.update(ipad);
  }

  /** Adds message bytes. */
  public void update(byte[] buf, int off, int len) {
    sha1.update(buf, off, len);
  }

  /** Adds a 32-bit big-endian value (SRTP's rollover counter). */
  public void updateInt(int v) {
    sha1.update((byte) (v >>> 24));
    sha1.update((byte) (v >>> 16));
    sha1.update((byte) (v >>> 8));
    sha1.update((byte) v);
  }

  /** Writes the 20-byte MAC at {@code out[off]} and starts a new message with the same key. */
  public void doFinal(byte[] out, int off) {
    try {
      sha1.digest(inner, 0, LENGTH);
      sha1.update(opad);
      sha1.update(inner);
      sha1.digest(out, off, LENGTH);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    sha1.update(ipad);
  }

  /** Forgets any partial message. */
  public void reset() {
    sha1.reset();
    sha1.update(ipad);
  }

  /** Wipes the key pads. */
  public void destroy() {
    Arrays.fill(ipad, (byte) 0);
    Arrays.fill(opad, (byte) 0);
    sha1.reset();
  }
}
