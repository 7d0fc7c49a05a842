package org.rtc4j.sctp.internal;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.rtc4j.sctp.chunk.Bytes;

/**
 * The State Cookie of INIT ACK (RFC 9260 §5.1.3): everything needed to build the association
 * from the COOKIE ECHO alone, a creation time and lifetime, and an HMAC-SHA-256 over them with a
 * secret key that never leaves the association.
 */
public final class StateCookie {
  /** Peer feature bits. */
  public static final int FEATURE_FORWARD_TSN = 1;
  public static final int FEATURE_RE_CONFIG = 2;
  public static final int FEATURE_I_DATA = 4;

  private static final int MAGIC = 0x72746334; // "rtc4"
  private static final int BODY = 4 + 8 + 8 + 4 * 11;
  private static final int MAC = 32;
  /** Encoded length. */
  public static final int LENGTH = BODY + MAC;

  public final long createdNanos;
  public final long lifetimeNanos;
  public final int localTag;
  public final int peerTag;
  public final int localInitialTsn;
  public final int peerInitialTsn;
  public final int peerARwnd;
  public final int peerOutboundStreams;
  public final int peerInboundStreams;
  public final int peerFeatures;
  public final int localTieTag;
  public final int peerTieTag;

  public StateCookie(long createdNanos, long lifetimeNanos, int localTag, int peerTag, int localInitialTsn, int peerInitialTsn,
      int peerARwnd, int peerOutboundStreams, int peerInboundStreams, int peerFeatures, int localTieTag, int peerTieTag) {
    this.createdNanos = createdNanos;
    this.lifetimeNanos = lifetimeNanos;
    this.localTag = localTag;
    this.peerTag = peerTag;
    this.localInitialTsn = localInitialTsn;
    this.peerInitialTsn = peerInitialTsn;
    this.peerARwnd = peerARwnd;
    this.peerOutboundStreams = peerOutboundStreams;
    this.peerInboundStreams = peerInboundStreams;
    this.peerFeatures = peerFeatures;
    this.localTieTag = localTieTag;
    this.peerTieTag = peerTieTag;
  }

  /** Encodes and signs with {@code key}. */
  public byte[] encode(byte[] key) {
    byte[] out = new byte[LENGTH];
    Bytes.put32(out, 0, MAGIC);
    putLong(out, 4, createdNanos);
    putLong(out, 12, lifetimeNanos);
    int p = 20;
    for (int v : new int[] {localTag, peerTag, localInitialTsn, peerInitialTsn, peerARwnd, peerOutboundStreams,
        peerInboundStreams, peerFeatures, localTieTag, peerTieTag, 0}) {
      Bytes.put32(out, p, v);
      p += 4;
    }
    System.arraycopy(mac(key, out, BODY), 0, out, BODY, MAC);
    return out;
  }

  /** The cookie if its MAC is valid, else null. Does not check the lifetime. */
  public static StateCookie decode(byte[] key, byte[] b) {
    if (b.length != LENGTH || Bytes.i32(b, 0) != MAGIC) {
      return null;
    }
    byte[] expected = mac(key, b, BODY);
    byte[] got = java.util.Arrays.copyOfRange(b, BODY, LENGTH);
    if (!MessageDigest.isEqual(expected, got)) {
      return null;
    }
    int[] v = new int[10];
    for (int i = 0; i < 10; i++) {
      v[i] = Bytes.i32(b, 20 + 4 * i);
    }
    return new StateCookie(getLong(b, 4), getLong(b, 12), v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]);
  }

  /** Nanoseconds past its lifetime at {@code nowNanos}, or a value <= 0 if still valid. */
  public long stalenessNanos(long nowNanos) {
    return nowNanos - createdNanos - lifetimeNanos;
  }

  private static byte[] mac(byte[] key, byte[] data, int len) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      m.update(data, 0, len);
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static void putLong(byte[] b, int off, long v) {
    Bytes.put32(b, off, (int) (v >>> 32));
    Bytes.put32(b, off + 4, (int) v);
  }

  private static long getLong(byte[] b, int off) {
    return ((long) Bytes.i32(b, off) << 32) | (Bytes.i32(b, off + 4) & 0xFFFFFFFFL);
  }
}
