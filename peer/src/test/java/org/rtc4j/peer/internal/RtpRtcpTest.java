package org.rtc4j.peer.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RTP header and RTCP packet layouts (RFC 3550, RFC 4585, RFC 5761, RFC 8285). */
class RtpRtcpTest {

  @Test
  void rtpHeaderWithMidExtensionRoundTrips() {
    byte[] b = new byte[64];
    Arrays.fill(b, (byte) 0xFF); // dirty buffer: every byte written must be written
    byte[] mid = "12".getBytes(StandardCharsets.US_ASCII);
    int hl = Rtp.writeHeader(b, 0, true, 96, 0xABCD, 0xFFFF_FFF0L, 0x1234_5678L, 4, mid);
    // RFC 8285 §4.2: 0xBEDE, length 1 word; element ID 4, L = len - 1 = 1, "12", one pad byte.
    assertEquals(12 + 4 + 4, hl);
    assertEquals(Rtp.midExtensionSize(2), hl - 12);
    assertEquals(0x90, b[0] & 0xFF);
    assertEquals(0x80 | 96, b[1] & 0xFF);
    assertArrayEquals(new byte[] {(byte) 0xBE, (byte) 0xDE, 0, 1, 0x41, '1', '2', 0}, Arrays.copyOfRange(b, 12, 20));
    assertEquals(hl, Rtp.headerLength(b, 0, hl + 10));
    assertEquals(96, Rtp.payloadType(b, 0));
    assertTrue(Rtp.marker(b, 0));
    assertEquals(0xABCD, Rtp.sequence(b, 0));
    assertEquals(0xFFFF_FFF0L, Rtp.timestamp(b, 0));
    assertEquals(0x1234_5678L, Rtp.ssrc(b, 0));
    long x = Rtp.findExtension(b, 0, hl, 4);
    assertEquals("12", new String(b, (int) (x >> 16), (int) (x & 0xFFFF), StandardCharsets.US_ASCII));
    assertEquals(-1, Rtp.findExtension(b, 0, hl, 5));
    assertFalse(Rtp.isRtcp(b, 0, hl));
  }

  @Test
  void twoByteHeaderExtensionsAreFound() {
    // RFC 8285 §4.3: 0x100 + appbits, then ID and length bytes.
    byte[] b = {(byte) 0x90, 96, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0x10, 0x00, 0, 1, 3, 1, 'a', 0};
    assertEquals(20, Rtp.headerLength(b, 0, b.length));
    long x = Rtp.findExtension(b, 0, b.length, 3);
    assertEquals(18, x >> 16);
    assertEquals(1, x & 0xFFFF);
  }

  @Test
  void malformedHeadersAreRefused() {
    assertEquals(-1, Rtp.headerLength(new byte[11], 0, 11));
    byte[] v1 = new byte[12];
    v1[0] = 0x40;
    assertEquals(-1, Rtp.headerLength(v1, 0, 12));
    byte[] csrcs = new byte[16];
    csrcs[0] = (byte) 0x82; // two CSRCs announced, one present
    assertEquals(-1, Rtp.headerLength(csrcs, 0, 16));
    byte[] padded = new byte[16];
    padded[0] = (byte) 0xA0;
    padded[15] = 5; // more padding than payload
    assertEquals(-1, Rtp.payloadLength(padded, 0, 16, 12));
  }

  @Test
  void rtcpIsToldApartByPayloadType() {
    // RFC 5761 §4: RTCP packet types 192-223 collide with RTP payload types 64-95 plus marker.
    assertTrue(Rtp.isRtcp(new byte[] {(byte) 0x80, (byte) 200, 0, 6}, 0, 4));
    assertTrue(Rtp.isRtcp(new byte[] {(byte) 0x81, (byte) 205, 0, 3}, 0, 4));
    assertFalse(Rtp.isRtcp(new byte[] {(byte) 0x80, (byte) (0x80 | 96), 0, 3}, 0, 4));
  }

  @Test
  void genericNackPacksPidAndBlp() {
    // RFC 4585 §6.2.1: PID is the first lost packet, bit i of BLP means PID + i + 1 is lost too.
    byte[] b = new byte[64];
    int[] seqs = {100, 101, 105, 116, 117};
    int len = Rtcp.writeNack(b, 0, 1, 2, seqs, seqs.length);
    assertEquals(20, len);
    assertEquals(0x81, b[0] & 0xFF); // V=2, FMT=1
    assertEquals(205, b[1] & 0xFF);
    assertEquals(4, Rtp.u16(b, 2)); // length in words minus one
    assertEquals(1, Rtp.u32(b, 4));
    assertEquals(2, Rtp.u32(b, 8));
    assertEquals(100, Rtp.u16(b, 12));
    assertEquals(0x8011, Rtp.u16(b, 14)); // 101 (bit 0), 105 (bit 4), 116 (bit 15)
    assertEquals(117, Rtp.u16(b, 16));
    assertEquals(0, Rtp.u16(b, 18));
    int[] wrap = {65535, 0, 1};
    assertEquals(16, Rtcp.writeNack(b, 0, 1, 2, wrap, 3));
    assertEquals(65535, Rtp.u16(b, 12));
    assertEquals(0b11, Rtp.u16(b, 14));
  }

  @Test
  void compoundReportWalksBack() {
    byte[] b = new byte[200];
    Arrays.fill(b, (byte) 0xFF);
    int off = 28;
    Rtcp.writeReportBlock(b, off, 0xCAFE, 25, -3, 70000, 12, 0x11223344L, 655);
    off = Rtcp.writeSr(b, 0, 0xBEEF, Rtcp.ntp(1_700_000_000_123L), 90000, 10, 1000, 1);
    assertEquals(52, off);
    byte[] cname = "abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII);
    int sdes = Rtcp.writeSdesCname(b, off, 0xBEEF, cname);
    assertEquals(0, sdes % 4);
    assertEquals(0, b[off + 10 + cname.length]); // the item list ends with a null octet
    off += sdes;
    off += Rtcp.writePli(b, off, 0xBEEF, 0xCAFE);
    List<String> seen = new ArrayList<>();
    assertTrue(Rtcp.walk(b, 0, off, (fmt, type, p, at, len) -> seen.add(type + "/" + fmt + "/" + len)));
    assertEquals(List.of("200/1/52", "202/1/" + sdes, "206/1/12"), seen);
    assertEquals(0xCAFE, Rtp.u32(b, 28));
    assertEquals(25, b[32] & 0xFF);
    assertEquals(0xFFFFFD, Rtp.u32(b, 32) & 0xFFFFFF); // -3 in 24-bit two's complement
    assertEquals(70000, Rtp.u32(b, 36));
    assertFalse(Rtcp.walk(b, 0, off - 1, (fmt, type, p, at, len) -> { }));
  }

  @Test
  void ntpTimestampCountsFrom1900() {
    // RFC 5905: 2,208,988,800 s between 1900 and 1970; the fraction is in 2^-32 s.
    long ntp = Rtcp.ntp(1500);
    assertEquals(2_208_988_801L, ntp >>> 32);
    assertEquals(1L << 31, ntp & 0xFFFF_FFFFL);
  }
}
