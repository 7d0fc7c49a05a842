package org.rtc4j.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The header extensions congestion control needs, as bytes on the wire: transport-wide sequence
 * number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), abs-send-time (webrtc.org
 * rtp-hdrext/abs-send-time, 6.18 fixed point) and audio level (RFC 6464 §3), written with
 * {@link RtpHeaderWriter}, read and rewritten in place with {@link RtpPacket}.
 */
class CongestionExtensionsTest {
  private static String hex(byte[] b, int off, int len) {
    return HexFormat.of().formatHex(b, off, off + len);
  }

  /** draft-holmer-...-01 §2: one-byte form {@code | ID | L=1 | transport-wide sequence number |}. */
  @Test
  void transportWideSequenceNumberOnTheWire() {
    RtpHeaderWriter w = new RtpHeaderWriter();
    w.reset().payloadType(96).sequenceNumber(1).timestamp(2).ssrc(3)
        .addExtensionValue(5, 0xABCD, RtpExtensions.TRANSPORT_WIDE_CC_LENGTH);
    byte[] b = new byte[w.encodedLength()];
    w.writeTo(b, 0);
    // BEDE, length 1 word; element: ID 5, L=1 (two bytes), 0xABCD, one byte of padding.
    assertEquals("bede0001" + "51abcd00", hex(b, 12, 8));
    RtpPacket p = RtpPacket.of(b, 0, b.length);
    assertEquals(0xABCD, p.extensionValue(5));
    assertEquals(-1, p.extensionValue(6), "absent");

    // The pacer's moment: the header was written with a placeholder, the number goes in at send.
    assertTrue(p.setExtensionValue(5, 0x1_0002));
    assertEquals("510002", hex(b, 16, 3), "low 16 bits, the element keeps its length");
    assertEquals(2, p.extensionValue(5));
    assertFalse(p.setExtensionValue(6, 1), "no element 6: nothing written");
    assertEquals("bede0001" + "51000200", hex(b, 12, 8));
  }

  /** abs-send-time: 24 bits, 6.18 fixed-point seconds, wrapping every 64 s. */
  @Test
  void absSendTimeOnTheWire() {
    assertEquals(0x060000, RtpExtensions.absSendTime(1_500_000_000L), "1.5 s = 1.5 * 2^18");
    assertEquals(0x000001, RtpExtensions.absSendTime(3_815L), "one unit is 2^-18 s = 3.815 us");
    assertEquals(0xFFFFFF, RtpExtensions.absSendTime(63_999_996_186L), "the last unit before the wrap");
    assertEquals(0, RtpExtensions.absSendTime(64_000_000_000L), "64 s wraps to 0");
    // System.nanoTime() may be anywhere, including far beyond 2^45 ns (where nanos << 18 would
    // overflow) and negative: only the time within the 64 s cycle counts.
    long big = 123_456L * 64_000_000_000L + 1_500_000_000L;
    assertEquals(0x060000, RtpExtensions.absSendTime(big));
    assertEquals(0x060000, RtpExtensions.absSendTime(-64_000_000_000L + 1_500_000_000L));
    assertEquals(RtpExtensions.absSendTime(Long.MAX_VALUE),
        RtpExtensions.absSendTime(Math.floorMod(Long.MAX_VALUE, RtpExtensions.ABS_SEND_TIME_WRAP_NANOS)));

    RtpHeaderWriter w = new RtpHeaderWriter();
    w.reset().ssrc(1).addExtensionValue(2, 0, RtpExtensions.ABS_SEND_TIME_LENGTH);
    byte[] b = new byte[w.encodedLength()];
    w.writeTo(b, 0);
    RtpPacket p = RtpPacket.of(b, 0, b.length);
    assertTrue(p.setExtensionValue(2, RtpExtensions.absSendTime(big)));
    assertEquals("bede0001" + "22060000", hex(b, 12, 8), "ID 2, L=2 (three bytes)");
    assertEquals(1_500_000_000L, RtpExtensions.absSendTimeNanos((int) p.extensionValue(2)));
  }

  /** RFC 6464 §3 one-byte form: {@code | ID | len=0 |V| level |}. */
  @Test
  void audioLevelOnTheWire() {
    RtpHeaderWriter w = new RtpHeaderWriter();
    w.reset().payloadType(111).ssrc(1)
        .addExtensionValue(1, RtpExtensions.audioLevel(true, 42) & 0xFF, RtpExtensions.AUDIO_LEVEL_LENGTH);
    byte[] b = new byte[w.encodedLength()];
    w.writeTo(b, 0);
    assertEquals("bede0001" + "10aa0000", hex(b, 12, 8), "V=1, level 42 (-42 dBov): 0x80 | 0x2a");
    RtpPacket p = RtpPacket.of(b, 0, b.length);
    byte level = (byte) p.extensionValue(1);
    assertTrue(RtpExtensions.audioLevelVoice(level));
    assertEquals(42, RtpExtensions.audioLevelDbov(level));
    assertEquals(0x7F, RtpExtensions.audioLevel(false, 200) & 0xFF, "clamped to 127 (silence)");
  }

  @Test
  void theThreeTogetherAndInTheTwoByteForm() {
    RtpHeaderWriter w = new RtpHeaderWriter();
    byte[] mid = "video-mid".getBytes();
    w.reset().ssrc(9).twoByteExtensions(true).addExtension(4, mid, 0, mid.length)
        .addExtensionValue(3, 65535, 2).addExtensionValue(2, 0x123456, 3)
        .addExtensionValue(1, 0x85, 1);
    byte[] b = new byte[64];
    Arrays.fill(b, (byte) 0xEE);
    int n = w.writeTo(b, 3);
    RtpPacket p = new RtpPacket();
    assertEquals(RtpPacket.Status.OK, p.wrap(b, 3, n));
    assertEquals(RtpPacket.PROFILE_TWO_BYTE, p.extensionProfile());
    assertEquals(65535, p.extensionValue(3));
    assertEquals(0x123456, p.extensionValue(2));
    assertEquals(0x85, p.extensionValue(1));
    assertEquals(-1, p.extensionValue(4), "a 9-byte string is no value");
    assertTrue(p.setExtensionValue(3, 7));
    assertEquals(7, p.extensionValue(3));
    assertEquals(0x123456, p.extensionValue(2), "neighbours untouched");
    assertEquals((byte) 0xEE, b[2]);
    assertEquals((byte) 0xEE, b[3 + n]);
  }
}
