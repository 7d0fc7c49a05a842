package org.rtc4j.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;
import org.rtc4j.rtp.RtpHeaderWriter;

/**
 * Coverage-guided fuzzing of SRTP and SRTCP unprotect with real keys, every profile (FUZZING.md).
 *
 * <ul>
 *   <li>{@code unprotectRtp}, {@code unprotectRtcp}: any bytes, unprotected by a fresh context of
 *       each profile with the RFC 7714 §16 (GCM) and RFC 3711 §B.2 (AES-CM) session keys. Nothing
 *       is thrown; a failure is a status; a success is shorter than its input, and protecting the
 *       result again gives back exactly the input: only a packet made with the key can pass.
 *   <li>{@code tamperedRtp}, {@code tamperedRtcp}: a packet the fuzzer describes is protected with
 *       keys derived from a master key, then changed as the fuzzer says (bit flips, truncation,
 *       appended bytes). Unchanged, it unprotects to the original; changed, it never does.
 * </ul>
 */
class SrtpFuzzTest {
  private static final SrtpProfile[] PROFILES = SrtpProfile.values();
  /** RFC 7714 §16 session key and salt (GCM); RFC 3711 §B.2 key and salt with a 20-byte auth key (AES-CM). */
  private static final byte[] GCM_KEY_128 = Hex.bytes("000102030405060708090a0b0c0d0e0f");
  private static final byte[] GCM_KEY_256 = Hex.bytes("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  private static final byte[] GCM_SALT = Hex.bytes("517569642070726f2071756f");
  private static final byte[] CM_KEY = Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C");
  private static final byte[] CM_SALT = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
  private static final byte[] CM_AUTH = Hex.bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");

  private static SrtpContext sessionKeys(SrtpProfile p) {
    switch (p) {
      case AEAD_AES_128_GCM:
        return SrtpContext.withSessionKeys(p, GCM_KEY_128, GCM_SALT, null);
      case AEAD_AES_256_GCM:
        return SrtpContext.withSessionKeys(p, GCM_KEY_256, GCM_SALT, null);
      default:
        return SrtpContext.withSessionKeys(p, CM_KEY, CM_SALT, CM_AUTH);
    }
  }

  @FuzzTest(maxDuration = "5m")
  void unprotectRtp(byte[] data) {
    for (SrtpProfile p : PROFILES) {
      byte[] buf = Arrays.copyOf(data, data.length + 64);
      int n = sessionKeys(p).unprotectRtp(buf, 0, data.length);
      if (n < 0) {
        assertTrue(SrtpStatus.of(n) != SrtpStatus.OK);
        continue;
      }
      assertTrue(n >= 12 && n <= data.length - p.rtpTagLength(), "a plaintext inside the packet");
      int m = sessionKeys(p).protectRtp(buf, 0, n);
      assertEquals(data.length, m);
      assertArrayEquals(data, Arrays.copyOf(buf, m), "only what the key protected unprotects");
    }
  }

  @FuzzTest(maxDuration = "5m")
  void unprotectRtcp(byte[] data) {
    for (SrtpProfile p : PROFILES) {
      byte[] buf = Arrays.copyOf(data, data.length + 64);
      int n = sessionKeys(p).unprotectRtcp(buf, 0, data.length);
      if (n < 0) {
        assertTrue(SrtpStatus.of(n) != SrtpStatus.OK);
        continue;
      }
      assertTrue(n >= 8 && n <= data.length - p.rtcpOverhead(), "a plaintext inside the packet");
      int trailer = p.isAead() ? data.length - 4 : data.length - p.rtcpTagLength() - 4;
      if ((data[trailer] & 0x80) == 0) {
        continue; // E = 0: authenticated, not encrypted; protect always encrypts
      }
      SrtpContext tx = sessionKeys(p);
      int index = getInt(data, trailer) & 0x7FFF_FFFF;
      tx.setNextSrtcpIndex(getInt(data, 4), index);
      int m = tx.protectRtcp(buf, 0, n);
      assertEquals(data.length, m);
      assertArrayEquals(data, Arrays.copyOf(buf, m), "only what the key protected unprotects");
    }
  }

  @FuzzTest(maxDuration = "5m")
  void tamperedRtp(FuzzedDataProvider in) {
    SrtpProfile p = in.pickValue(PROFILES);
    RtpHeaderWriter h = new RtpHeaderWriter().marker(in.consumeBoolean()).payloadType(in.consumeInt(0, 127))
        .sequenceNumber(in.consumeInt()).timestamp(in.consumeLong()).ssrc(in.consumeInt());
    for (int i = in.consumeInt(0, 3); i > 0; i--) {
      h.addCsrc(in.consumeInt());
    }
    for (int i = in.consumeInt(0, 3); i > 0; i--) {
      h.addExtension(in.consumeInt(1, 14), in.consumeBytes(16), 0, 0);
    }
    int padding = in.consumeInt(0, 3) == 0 ? in.consumeInt(1, 32) : 0;
    byte[] payload = in.consumeBytes(in.consumeInt(0, 1200));
    byte[] buf = new byte[h.encodedLength() + payload.length + padding + 64];
    int len = h.writePacket(buf, 0, payload, 0, payload.length, padding);
    byte[] plain = Arrays.copyOf(buf, len);
    SrtpContext tx = SrtpContext.create(p, masterKey(p), masterSalt(p));
    int n = tx.protectRtp(buf, 0, len);
    assertEquals(len + p.rtpTagLength(), n);
    tamperAndUnprotect(in, p, buf, n, plain, false);
  }

  @FuzzTest(maxDuration = "5m")
  void tamperedRtcp(FuzzedDataProvider in) {
    SrtpProfile p = in.pickValue(PROFILES);
    byte[] body = in.consumeBytes(in.consumeInt(4, 1200));
    byte[] buf = new byte[8 + body.length + 64];
    buf[0] = (byte) (0x80 | in.consumeInt(0, 31));
    buf[1] = (byte) in.consumeInt(192, 223);
    int words = (4 + body.length) / 4 + 1;
    buf[2] = (byte) (words >>> 8);
    buf[3] = (byte) words;
    int ssrc = in.consumeInt();
    for (int i = 0; i < 4; i++) {
      buf[4 + i] = (byte) (ssrc >>> (24 - 8 * i));
    }
    System.arraycopy(body, 0, buf, 8, body.length);
    int len = 8 + body.length;
    byte[] plain = Arrays.copyOf(buf, len);
    SrtpContext tx = SrtpContext.create(p, masterKey(p), masterSalt(p));
    tx.setNextSrtcpIndex(ssrc, in.consumeInt(0, Integer.MAX_VALUE - 1));
    int n = tx.protectRtcp(buf, 0, len);
    assertEquals(len + p.rtcpOverhead(), n);
    tamperAndUnprotect(in, p, buf, n, plain, true);
  }

  /**
   * Changes the protected packet {@code buf[0, n)} as the fuzzer says and unprotects it with a
   * fresh context: changed, it must fail; unchanged, it must give back {@code plain}.
   */
  private static void tamperAndUnprotect(FuzzedDataProvider in, SrtpProfile p, byte[] buf, int n, byte[] plain,
      boolean rtcp) {
    byte[] sent = Arrays.copyOf(buf, n);
    int m = tamper(in, buf, n);
    boolean changed = m != n || !Arrays.equals(sent, 0, n, buf, 0, n);
    SrtpContext rx = SrtpContext.create(p, masterKey(p), masterSalt(p));
    int r = rtcp ? rx.unprotectRtcp(buf, 0, m) : rx.unprotectRtp(buf, 0, m);
    if (changed) {
      assertTrue(r < 0, "a changed packet was accepted: " + SrtpStatus.of(r));
    } else {
      assertEquals(plain.length, r);
      assertArrayEquals(plain, Arrays.copyOf(buf, r));
    }
  }

  /** Applies the fuzzer's changes to {@code buf[0, n)}; returns the new length (within buf). */
  private static int tamper(FuzzedDataProvider in, byte[] buf, int n) {
    int len = n;
    for (int k = in.consumeInt(0, 4); k > 0; k--) {
      switch (in.consumeInt(0, 2)) {
        case 0:
          if (len > 0) {
            int bit = in.consumeInt(0, len * 8 - 1);
            buf[bit / 8] ^= (byte) (1 << (bit % 8));
          }
          break;
        case 1:
          len = in.consumeInt(0, len);
          break;
        default:
          if (len < buf.length) {
            buf[len++] = in.consumeByte();
          }
      }
    }
    return len;
  }

  private static byte[] masterKey(SrtpProfile p) {
    byte[] k = new byte[p.keyLength()];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (0x11 * i + 1);
    }
    return k;
  }

  private static byte[] masterSalt(SrtpProfile p) {
    byte[] s = new byte[p.saltLength()];
    for (int i = 0; i < s.length; i++) {
      s[i] = (byte) (0xA5 ^ i);
    }
    return s;
  }

  private static int getInt(byte[] b, int off) {
    return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
  }
}
