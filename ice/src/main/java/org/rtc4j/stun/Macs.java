package org.rtc4j.stun;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMACs and CRC a STUN codec needs, with the last key cached so that a stream of messages under
 * one password re-keys nothing. Not thread-safe: one per writer, one per thread for verification.
 */
final class Macs {
  private static final ThreadLocal<Macs> PER_THREAD = ThreadLocal.withInitial(Macs::new);

  final CRC32 crc = new CRC32();
  private final Mac sha1;
  private final Mac sha256;
  private byte[] sha1Key;
  private byte[] sha256Key;
  final byte[] out = new byte[32];

  Macs() {
    try {
      sha1 = Mac.getInstance("HmacSHA1");
      sha256 = Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 and HmacSHA256 are required by every Java platform", e);
    }
  }

  static Macs forThread() {
    return PER_THREAD.get();
  }

  Mac sha1(byte[] key) {
    if (key != sha1Key && !Arrays.equals(key, sha1Key)) {
      init(sha1, key, "HmacSHA1");
      sha1Key = key;
    }
    return sha1;
  }

  Mac sha256(byte[] key) {
    if (key != sha256Key && !Arrays.equals(key, sha256Key)) {
      init(sha256, key, "HmacSHA256");
      sha256Key = key;
    }
    return sha256;
  }

  private static void init(Mac mac, byte[] key, String alg) {
    if (key.length == 0) {
      throw new IllegalArgumentException("an integrity key must not be empty");
    }
    try {
      mac.init(new SecretKeySpec(key, alg));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("unusable integrity key", e);
    }
  }

  /** Writes the HMAC over {@code buf[off, off+len)} into {@link #out}. */
  void hmac(Mac mac, byte[] buf, int off, int len) {
    try {
      mac.update(buf, off, len);
      mac.doFinal(out, 0);
    } catch (javax.crypto.ShortBufferException e) {
      throw new IllegalStateException(e);
    }
  }
}
