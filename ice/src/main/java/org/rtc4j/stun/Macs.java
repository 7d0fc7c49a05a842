package org.rtc4j.stun;

import java.util.zip.CRC32;

/**
 * The HMACs and CRC a STUN codec needs, with the last key cached so that a stream of messages under
 * one password re-keys nothing. Not thread-safe: one per writer, one per thread for verification.
 */
final class Macs {
  private static final ThreadLocal<Macs> PER_THREAD = ThreadLocal.withInitial(Macs::new);

  final CRC32 crc = new CRC32();
  private final Hmac sha1 = new Hmac("SHA-1");
  private final Hmac sha256 = new Hmac("SHA-256");
  final byte[] out = new byte[32];

  static Macs forThread() {
    return PER_THREAD.get();
  }

  Hmac sha1(byte[] key) {
    return sha1.key(key);
  }

  Hmac sha256(byte[] key) {
    return sha256.key(key);
  }

  /** Writes the HMAC over {@code buf[off, off+len)} (after any earlier updates) into {@link #out}. */
  void hmac(Hmac mac, byte[] buf, int off, int len) {
    mac.update(buf, off, len);
    mac.finish(out, 0);
  }
}
