package org.rtc4j.stun;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * HMAC (RFC 2104) over a {@link MessageDigest}, writing the tag into a caller's array so that
 * signing and verifying allocate nothing ({@code javax.crypto.Mac.doFinal} allocates its inner
 * digest on every call). One instance per thread.
 */
final class Hmac {
  private static final int BLOCK = 64; // SHA-1 and SHA-256 block size

  private final MessageDigest md;
  private final int size;
  private final byte[] ipad = new byte[BLOCK];
  private final byte[] opad = new byte[BLOCK];
  private final byte[] inner;
  private byte[] key;

  Hmac(String digest) {
    try {
      md = MessageDigest.getInstance(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(digest + " is required by every Java platform", e);
    }
    size = md.getDigestLength();
    inner = new byte[size];
  }

  int size() {
    return size;
  }

  /** Keys this HMAC; a no-op when the key is the one already in use. */
  Hmac key(byte[] k) {
    if (k == key || Arrays.equals(k, key)) {
      return this;
    }
    if (k.length == 0) {
      throw new IllegalArgumentException("an integrity key must not be empty");
    }
    md.reset();
    byte[] kk = k.length > BLOCK ? md.digest(k) : k;
    Arrays.fill(ipad, (byte) 0x36);
    Arrays.fill(opad, (byte) 0x5c);
    for (int i = 0; i < kk.length; i++) {
      ipad[i] ^= kk[i];
      opad[i] ^= kk[i];
    }
    key = k.clone();
    md.reset();
    md.update(ipad);
    return this;
  }

  /** Adds message bytes (after {@link #key}). */
  void update(byte[] b, int off, int len) {
    md.update(b, off, len);
  }

  void update(byte b) {
    md.update(b);
  }

  /** Writes the tag to {@code out[off..off+size)} and resets for the next message under the same key. */
  void finish(byte[] out, int off) {
    try {
      md.digest(inner, 0, size);
      md.update(opad);
      md.update(inner, 0, size);
      md.digest(out, off, size);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
    md.update(ipad);
  }
}
