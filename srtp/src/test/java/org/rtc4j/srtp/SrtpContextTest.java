package org.rtc4j.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Behaviour of {@link SrtpContext} on good, bad and hostile packets (RFC 3711 §3.3, §3.4, §9.2). */
class SrtpContextTest {
  private static final int SSRC = 0xCAFEBABE;

  private static SrtpContext[] pair(SrtpProfile profile, int window) {
    byte[] material = new byte[2 * profile.masterLength()];
    new Random(42).nextBytes(material);
    SrtpKeyingMaterial km = SrtpKeyingMaterial.split(profile, material);
    return new SrtpContext[] {km.outbound(SrtpRole.CLIENT, window), km.inbound(SrtpRole.SERVER, window)};
  }

  static byte[] rtp(int seq, int payload) {
    byte[] p = new byte[12 + payload + 16];
    p[0] = (byte) 0x80;
    p[1] = 96;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[8] = (byte) (SSRC >>> 24);
    p[9] = (byte) (SSRC >>> 16);
    p[10] = (byte) (SSRC >>> 8);
    p[11] = (byte) SSRC;
    for (int i = 12; i < 12 + payload; i++) {
      p[i] = (byte) (i * 7 + seq);
    }
    return p;
  }

  private static byte[] protect(SrtpContext tx, int seq) {
    byte[] p = rtp(seq, 100);
    int n = tx.protectRtp(p, 0, 112);
    assertTrue(n > 0, () -> "protect " + SrtpStatus.of(n));
    return Arrays.copyOf(p, n);
  }

  private static SrtpStatus unprotect(SrtpContext rx, byte[] srtp) {
    byte[] copy = srtp.clone();
    return SrtpStatus.of(rx.unprotectRtp(copy, 0, copy.length));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void roundTripKeepsHeaderAndRestoresPayload(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    byte[] plain = rtp(1000, 100);
    byte[] buf = plain.clone();
    int n = c[0].protectRtp(buf, 0, 112);
    assertEquals(112 + profile.rtpTagLength(), n);
    assertArrayEquals(Arrays.copyOf(plain, 12), Arrays.copyOf(buf, 12), "header stays in the clear");
    assertFalse(Arrays.equals(plain, 12, 112, buf, 12, 112), "payload is encrypted");
    assertEquals(112, c[1].unprotectRtp(buf, 0, n));
    assertArrayEquals(Arrays.copyOf(plain, 112), Arrays.copyOf(buf, 112));
    assertEquals(1, c[1].failures(SrtpStatus.OK));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void packetAtAnOffsetInALargerBuffer(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    byte[] buf = new byte[300];
    Arrays.fill(buf, (byte) 0x55);
    byte[] plain = rtp(7, 50);
    System.arraycopy(plain, 0, buf, 40, 62);
    int n = c[0].protectRtp(buf, 40, 62);
    assertEquals(0x55, buf[39]);
    assertEquals(0x55, buf[40 + n]);
    assertEquals(62, c[1].unprotectRtp(buf, 40, n));
    assertArrayEquals(Arrays.copyOf(plain, 62), Arrays.copyOfRange(buf, 40, 102));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void tamperedPacketFailsAuthenticationAndLeavesStateAlone(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    byte[] good = protect(c[0], 5);
    for (int at : new int[] {1, 6, 20, good.length - 1}) {
      byte[] bad = good.clone();
      bad[at] ^= 0x01;
      assertEquals(SrtpStatus.AUTH_FAIL, unprotect(c[1], bad), "flipped byte " + at);
    }
    assertEquals(4, c[1].failures(SrtpStatus.AUTH_FAIL));
    assertEquals(0, c[1].streamCount(), "no state for an SSRC that never authenticated");
    assertEquals(SrtpStatus.OK, unprotect(c[1], good), "the genuine packet still passes");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void replayedPacketIsADuplicate(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    byte[] p = protect(c[0], 9);
    assertEquals(SrtpStatus.OK, unprotect(c[1], p));
    assertEquals(SrtpStatus.REPLAY_DUPLICATE, unprotect(c[1], p));
    assertEquals(1, c[1].failures(SrtpStatus.REPLAY_DUPLICATE));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void senderNeverProtectsAnIndexTwice(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    protect(c[0], 10);
    protect(c[0], 12);
    byte[] again = rtp(10, 100);
    again[20] ^= 1; // a changed payload under the same index would reuse keystream or nonce
    assertEquals(SrtpStatus.REPLAY_DUPLICATE, SrtpStatus.of(c[0].protectRtp(again, 0, 112)));
    assertEquals(SrtpStatus.OK, SrtpStatus.of(c[0].protectRtp(rtp(11, 100), 0, 112)), "a gap fills in");
    for (int seq = 13; seq < 100; seq++) {
      protect(c[0], seq);
    }
    assertEquals(SrtpStatus.REPLAY_OLD, SrtpStatus.of(c[0].protectRtp(rtp(5, 100), 0, 112)));
  }

  @Test
  void packetBehindTheWindowIsTooOldButInsideIsFine() {
    SrtpContext[] c = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 64);
    byte[][] sent = new byte[200][];
    for (int i = 0; i < 200; i++) {
      sent[i] = protect(c[0], i);
    }
    // Deliver all but 100..180 in order, then the late ones.
    for (int i = 0; i < 200; i++) {
      if (i < 100 || i > 180) {
        assertEquals(SrtpStatus.OK, unprotect(c[1], sent[i]));
      }
    }
    assertEquals(SrtpStatus.REPLAY_OLD, unprotect(c[1], sent[100]), "199 - 100 >= 64");
    assertEquals(SrtpStatus.OK, unprotect(c[1], sent[150]), "199 - 150 < 64: reordered, accepted");
    assertEquals(SrtpStatus.REPLAY_DUPLICATE, unprotect(c[1], sent[150]));
  }

  @Test
  void largerWindowAcceptsOlderPackets() {
    SrtpContext[] c = pair(SrtpProfile.AEAD_AES_128_GCM, 512);
    byte[] late = protect(c[0], 0);
    for (int i = 1; i < 400; i++) {
      assertEquals(SrtpStatus.OK, unprotect(c[1], protect(c[0], i)));
    }
    assertEquals(SrtpStatus.OK, unprotect(c[1], late));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void truncatedAndMalformedPacketsAreRefused(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    byte[] p = protect(c[0], 3);
    assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.of(c[1].unprotectRtp(p.clone(), 0, p.length - 1)));
    assertEquals(SrtpStatus.INVALID_PACKET, SrtpStatus.of(c[1].unprotectRtp(p.clone(), 0, 11)));
    assertEquals(SrtpStatus.INVALID_PACKET, SrtpStatus.of(c[1].unprotectRtp(p.clone(), 0, 0)));
    assertEquals(SrtpStatus.INVALID_PACKET, SrtpStatus.of(c[1].unprotectRtp(p, 5, p.length)));
    byte[] v1 = p.clone();
    v1[0] = 0x40;
    assertEquals(SrtpStatus.INVALID_PACKET, unprotect(c[1], v1));
    byte[] ext = p.clone();
    ext[0] = (byte) 0x9F; // 15 CSRCs and an extension: longer than the packet
    assertEquals(SrtpStatus.INVALID_PACKET, unprotect(c[1], ext));
    assertEquals(SrtpStatus.INVALID_PACKET, SrtpStatus.of(c[1].unprotectRtcp(new byte[10], 0, 10)));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void rolloverAcrossSequenceWrapAndReorderingAroundIt(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    int[] order = {65530, 65531, 65533, 65534, 0, 65535, 1, 2, 65532, 3, 4};
    byte[][] sent = new byte[65536][];
    for (int seq = 65530; seq <= 65535 + 5; seq++) {
      sent[seq & 0xFFFF] = protect(c[0], seq & 0xFFFF);
    }
    assertEquals(1, c[0].rolloverCounter(SSRC));
    for (int seq : order) {
      assertEquals(SrtpStatus.OK, unprotect(c[1], sent[seq]), "seq " + seq);
    }
    assertEquals(1, c[1].rolloverCounter(SSRC));
    assertEquals(SrtpStatus.REPLAY_DUPLICATE, unprotect(c[1], sent[65535]));
    // A packet protected under ROC 0 again (seq 5 with ROC 0) does not authenticate under ROC 1.
    SrtpContext[] fresh = pair(profile, 64);
    byte[] roc0 = protect(fresh[0], 5);
    assertEquals(SrtpStatus.AUTH_FAIL, unprotect(c[1], roc0));
  }

  @Test
  void joiningAStreamWithAKnownRolloverCounter() {
    SrtpContext[] c = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 64);
    c[0].setRolloverCounter(SSRC, 7);
    byte[] p = protect(c[0], 100);
    assertEquals(SrtpStatus.AUTH_FAIL, unprotect(c[1], p), "receiver assumes ROC 0");
    c[1].setRolloverCounter(SSRC, 7);
    assertEquals(SrtpStatus.OK, unprotect(c[1], p));
    assertEquals(7, c[1].rolloverCounter(SSRC));
    assertThrows(IllegalStateException.class, () -> c[1].setRolloverCounter(SSRC, 8));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void srtcpRoundTripReplayAndTamper(SrtpProfile profile) {
    SrtpContext[] c = pair(profile, 64);
    byte[] rr = Hex.bytes("81c90007cafebabe" + "deadbeef00000001000000050000000100000002000000 03".replace(" ", ""));
    byte[] buf = Arrays.copyOf(rr, rr.length + profile.rtcpOverhead());
    int n = c[0].protectRtcp(buf, 0, rr.length);
    assertEquals(buf.length, n);
    int trailer = profile.isAead() ? n - 4 : rr.length; // RFC 7714 §9: after the tag for AEAD
    assertEquals(0x80, buf[trailer] & 0xFF, "E flag set, index 0");
    byte[] tampered = buf.clone();
    tampered[10] ^= 4;
    assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.of(c[1].unprotectRtcp(tampered, 0, n)));
    byte[] replay = buf.clone();
    assertEquals(rr.length, c[1].unprotectRtcp(buf, 0, n));
    assertArrayEquals(rr, Arrays.copyOf(buf, rr.length));
    assertEquals(SrtpStatus.REPLAY_DUPLICATE, SrtpStatus.of(c[1].unprotectRtcp(replay, 0, n)));
    byte[] second = Arrays.copyOf(rr, buf.length);
    c[0].protectRtcp(second, 0, rr.length);
    assertEquals(1, second[trailer + 3], "SRTCP index counts up");
  }

  @Test
  void buffersWithoutRoomForTheTagAreRefused() {
    SrtpContext[] c = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 64);
    byte[] p = Arrays.copyOf(rtp(1, 20), 32 + 9);
    assertEquals(SrtpStatus.BUFFER_TOO_SMALL, SrtpStatus.of(c[0].protectRtp(p, 0, 32)));
    byte[] r = Arrays.copyOf(Hex.bytes("80c90001cafebabe"), 8 + 13);
    assertEquals(SrtpStatus.BUFFER_TOO_SMALL, SrtpStatus.of(c[0].protectRtcp(r, 0, 8)));
  }

  @Test
  void keyLifetimeIsEnforced() {
    SrtpContext[] c = pair(SrtpProfile.AES_CM_128_HMAC_SHA1_80, 64);
    c[0].advancePacketCounts(SrtpContext.MAX_SRTP_PACKETS - 1, SrtpContext.MAX_SRTCP_PACKETS - 1);
    protect(c[0], 1);
    byte[] p = rtp(2, 10);
    assertEquals(SrtpStatus.KEY_EXPIRED, SrtpStatus.of(c[0].protectRtp(p, 0, 22)));
    byte[] r = Arrays.copyOf(Hex.bytes("80c90001cafebabe"), 40);
    assertTrue(c[0].protectRtcp(r, 0, 8) > 0);
    assertEquals(SrtpStatus.KEY_EXPIRED, SrtpStatus.of(c[0].protectRtcp(r, 0, 8)));
    assertEquals(2, c[0].failures(SrtpStatus.KEY_EXPIRED));
  }

  @Test
  void srtcpIndexExhaustionExpiresTheStream() {
    SrtpContext[] c = pair(SrtpProfile.AEAD_AES_128_GCM, 64);
    c[0].setNextSrtcpIndex(SSRC, Integer.MAX_VALUE);
    byte[] r = Arrays.copyOf(Hex.bytes("80c90001cafebabe"), 40);
    assertEquals(8 + 20, c[0].protectRtcp(r, 0, 8));
    byte[] r2 = Arrays.copyOf(Hex.bytes("80c90001cafebabe"), 40);
    assertEquals(SrtpStatus.KEY_EXPIRED, SrtpStatus.of(c[0].protectRtcp(r2, 0, 8)));
  }

  @Test
  void keyingMaterialSplitsAsRfc5764Says() {
    byte[] m = new byte[60];
    for (int i = 0; i < m.length; i++) {
      m[i] = (byte) i;
    }
    SrtpKeyingMaterial km = SrtpKeyingMaterial.split(SrtpProfile.AES_CM_128_HMAC_SHA1_80, m);
    assertEquals(0, km.clientKey()[0]);
    assertEquals(16, km.serverKey()[0]);
    assertEquals(32, km.clientSalt()[0]);
    assertEquals(46, km.serverSalt()[0]);
    assertFalse(km.toString().contains("0, 1, 2"));
    assertThrows(IllegalArgumentException.class,
        () -> SrtpKeyingMaterial.split(SrtpProfile.AEAD_AES_128_GCM, m));
    // the client's outbound context talks to the server's inbound one, not to its own
    SrtpContext clientOut = km.outbound(SrtpRole.CLIENT);
    byte[] p = rtp(1, 30);
    int n = clientOut.protectRtp(p, 0, 42);
    assertEquals(42, km.inbound(SrtpRole.SERVER).unprotectRtp(p.clone(), 0, n));
    assertEquals(SrtpStatus.AUTH_FAIL, SrtpStatus.of(km.inbound(SrtpRole.CLIENT).unprotectRtp(p, 0, n)));
  }

  @Test
  void statusCodesRoundTrip() {
    for (SrtpStatus s : SrtpStatus.values()) {
      if (s != SrtpStatus.OK) {
        assertEquals(s, SrtpStatus.of(s.result()));
        assertTrue(s.result() < 0);
      }
    }
    assertEquals(SrtpStatus.OK, SrtpStatus.of(100));
    assertNotEquals(SrtpStatus.OK, SrtpStatus.of(-1));
    assertEquals(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.fromId(7));
    assertThrows(IllegalArgumentException.class, () -> SrtpProfile.fromId(3));
    assertThrows(IllegalArgumentException.class,
        () -> SrtpContext.create(SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[12], 32));
  }
}
