package org.rtc4j.srtp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class InternalsTest {

  /** RFC 3711 §3.3.1 index estimation, including both wrap directions. */
  @Test
  void indexEstimation() {
    assertEquals(5, StreamState.estimateIndex(-1, 0, 5));
    assertEquals((3L << 16) | 9, StreamState.estimateIndex(-1, 3, 9));
    assertEquals(1L << 16, StreamState.estimateIndex(65535, 0, 0), "wrap forward");
    assertEquals(65535, StreamState.estimateIndex(1L << 16, 0, 65535), "late packet from before the wrap");
    assertEquals(-1, StreamState.estimateIndex(10, 0, 65000), "before the first ROC");
    assertEquals((2L << 16) | 40000, StreamState.estimateIndex((2L << 16) | 39000, 0, 40000));
  }

  @Test
  void replayWindowSlides() {
    ReplayWindow w = new ReplayWindow(100);
    assertEquals(128, w.size());
    assertEquals(ReplayWindow.FRESH, w.check(0));
    w.accept(0);
    assertEquals(ReplayWindow.DUPLICATE, w.check(0));
    w.accept(127);
    assertEquals(ReplayWindow.DUPLICATE, w.check(0));
    w.accept(128);
    assertEquals(ReplayWindow.TOO_OLD, w.check(0));
    assertEquals(ReplayWindow.FRESH, w.check(1));
    w.accept(10_000);
    assertEquals(ReplayWindow.FRESH, w.check(10_000 - 127));
    assertEquals(ReplayWindow.TOO_OLD, w.check(128));
  }

  @Test
  void intMapAgreesWithHashMap() {
    IntMap<Integer> m = new IntMap<>();
    Map<Integer, Integer> ref = new HashMap<>();
    Random rnd = new Random(1);
    for (int i = 0; i < 20_000; i++) {
      int k = rnd.nextInt(300) - 150;
      int op = rnd.nextInt(3);
      if (op == 0) {
        assertEquals(ref.put(k, i), m.put(k, i));
      } else if (op == 1) {
        assertEquals(ref.remove(k), m.remove(k));
      } else {
        assertEquals(ref.get(k), m.get(k));
      }
      assertEquals(ref.size(), m.size());
    }
    m.clear();
    assertNull(m.get(3));
  }

  @Test
  void hmacSha1MatchesTheJdkMac() throws Exception {
    byte[] key = new byte[20];
    new Random(3).nextBytes(key);
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    HmacSha1 ours = new HmacSha1(key);
    byte[] msg = new byte[1500];
    new Random(4).nextBytes(msg);
    byte[] out = new byte[20];
    for (int len : new int[] {0, 1, 63, 64, 65, 1500}) {
      mac.update(msg, 0, len);
      ours.update(msg, 0, len);
      ours.doFinal(out, 0);
      assertEquals(java.util.HexFormat.of().formatHex(mac.doFinal()), java.util.HexFormat.of().formatHex(out));
    }
  }

  /**
   * AES-CM (RFC 3711 §4.1.1) on the keyed-once block cipher gives the same bytes as the JCE's
   * AES-CTR for every length around the 8-byte XOR stride, the block size and the 2048-byte chunk,
   * at any offset, for AES-128 and AES-256, and reused across packets.
   */
  @Test
  void aesCmMatchesTheJdkCounterMode() throws Exception {
    Random rnd = new Random(5);
    for (int keyLen : new int[] {16, 32}) {
      byte[] key = new byte[keyLen];
      rnd.nextBytes(key);
      AesCm ours = new AesCm(key);
      javax.crypto.Cipher ctr = javax.crypto.Cipher.getInstance("AES/CTR/NoPadding");
      for (int len : new int[] {0, 1, 7, 8, 9, 15, 16, 17, 160, 1200, 2047, 2048, 2049, 5000}) {
        byte[] iv = new byte[16];
        rnd.nextBytes(iv);
        iv[14] = 0;
        iv[15] = 0;
        byte[] plain = new byte[len + 3];
        rnd.nextBytes(plain);
        ctr.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"),
            new javax.crypto.spec.IvParameterSpec(iv));
        byte[] want = ctr.doFinal(plain, 3, len);
        byte[] buf = plain.clone();
        ours.apply(iv, buf, 3, len);
        assertEquals(java.util.HexFormat.of().formatHex(want),
            java.util.HexFormat.of().formatHex(buf, 3, 3 + len), "AES-" + keyLen * 8 + ", " + len + " bytes");
        assertEquals(java.util.HexFormat.of().formatHex(plain, 0, 3),
            java.util.HexFormat.of().formatHex(buf, 0, 3), "bytes before the range untouched");
        byte[] ks = new byte[len];
        ours.keystream(iv, ks, 0, len);
        byte[] zeros = ctr.doFinal(new byte[len]);
        assertEquals(java.util.HexFormat.of().formatHex(zeros), java.util.HexFormat.of().formatHex(ks));
      }
    }
  }
}
