package org.rtc4j.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rtc4j.rtp.internal.RtpRetransmission;

class RtpPacketTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
  }

  /** RFC 3550 §5.1: fixed header, two CSRCs, marker, padding of 4 bytes. */
  @Test
  void readsFixedHeaderCsrcsAndPadding() {
    byte[] b = hex("a2 e0 1234 deadbeef 01020304 0a0b0c0d 0e0f1011 cafe 00000004");
    RtpPacket p = new RtpPacket();
    assertEquals(RtpPacket.Status.OK, p.wrap(b, 0, b.length));
    assertEquals(2, p.version());
    assertTrue(p.hasPadding());
    assertFalse(p.hasExtension());
    assertEquals(2, p.csrcCount());
    assertTrue(p.marker());
    assertEquals(96, p.payloadType());
    assertEquals(0x1234, p.sequenceNumber());
    assertEquals(0xdeadbeefL, p.timestamp());
    assertEquals(0x01020304, p.ssrc());
    assertEquals(0x0a0b0c0d, p.csrc(0));
    assertEquals(0x0e0f1011, p.csrc(1));
    assertEquals(20, p.headerLength());
    assertEquals(2, p.payloadLength());
    assertEquals(4, p.paddingLength());
    assertEquals(0xca, b[p.payloadOffset()] & 0xFF);
    assertThrows(IndexOutOfBoundsException.class, () -> p.csrc(2));
  }

  /** RFC 8285 §4.2 figure: one-byte elements with L=0 (1 byte), L=1 (2 bytes), padding, L=3. */
  @Test
  void readsRfc8285OneByteExample() {
    byte[] b = hex("9000 0001 00000002 00000003" + "bede 0003" + "10aa 21bbbb 0000 33cccccccc" + "ff");
    RtpPacket p = RtpPacket.of(b, 0, b.length);
    assertEquals(RtpPacket.PROFILE_ONE_BYTE, p.extensionProfile());
    assertEquals(28, p.headerLength());
    assertEquals(1, p.payloadLength());
    assertEquals(17, p.extensionOffset(1));
    assertEquals(1, p.extensionLength(1));
    assertEquals(19, p.extensionOffset(2));
    assertEquals(2, p.extensionLength(2));
    assertEquals(24, p.extensionOffset(3));
    assertEquals(4, p.extensionLength(3));
    assertEquals(-1, p.extensionOffset(4));
    List<String> seen = new ArrayList<>();
    assertEquals(3, p.forEachExtension((id, at, len) -> seen.add(id + "@" + at + "+" + len)));
    assertEquals(List.of("1@17+1", "2@19+2", "3@24+4"), seen);
  }

  /** RFC 8285 §4.3 figure: two-byte elements with L=0, L=1, padding, L=4. */
  @Test
  void readsRfc8285TwoByteExample() {
    byte[] b = hex("9000 0001 00000002 00000003" + "1000 0003" + "0100 0201 aa00 0304 cccccccc");
    RtpPacket p = RtpPacket.of(b, 0, b.length);
    assertEquals(0, p.extensionLength(1));
    assertEquals(1, p.extensionLength(2));
    assertEquals(0xaa, b[p.extensionOffset(2)] & 0xFF);
    assertEquals(4, p.extensionLength(3));
    assertEquals(24, p.extensionOffset(3));
    assertEquals(0, p.payloadLength());
  }

  @Test
  void refusesMalformedPackets() {
    RtpPacket p = new RtpPacket();
    assertEquals(RtpPacket.Status.TRUNCATED, p.wrap(new byte[11], 0, 11));
    assertEquals(RtpPacket.Status.BAD_VERSION, p.wrap(hex("40000001000000020000000300"), 0, 13));
    assertEquals(RtpPacket.Status.TRUNCATED, p.wrap(hex("8100000100000002000000030a"), 0, 13));
    assertEquals(RtpPacket.Status.TRUNCATED, p.wrap(hex("900000010000000200000003bede"), 0, 14));
    assertEquals(RtpPacket.Status.BAD_EXTENSION, p.wrap(hex("900000010000000200000003bede0002aaaaaaaa"), 0, 20));
    assertEquals(RtpPacket.Status.BAD_PADDING, p.wrap(hex("a0000001000000020000000300"), 0, 13));
    assertEquals(RtpPacket.Status.BAD_PADDING, p.wrap(hex("a0000001000000020000000305"), 0, 13));
    assertEquals(RtpPacket.Status.TRUNCATED, p.wrap(new byte[20], 15, 12));
    assertThrows(IllegalArgumentException.class, () -> RtpPacket.of(new byte[3], 0, 3));
  }

  @Test
  void malformedExtensionElementsEndTheWalkQuietly() {
    // one-byte element claiming 16 bytes inside a 4-byte block
    byte[] b = hex("900000010000000200000003bede0001f1aaaaaa");
    RtpPacket p = RtpPacket.of(b, 0, b.length);
    assertEquals(-1, p.extensionOffset(15));
    byte[] c = hex("900000010000000200000003bede00011faaaaaa");
    RtpPacket q = RtpPacket.of(c, 0, c.length);
    assertEquals(-1, q.extensionOffset(1));
    assertEquals(0, q.forEachExtension((id, at, len) -> { }));
  }

  @Test
  void setterRewriteTheHeaderInPlace() {
    byte[] b = hex("80600001000000020000000300");
    RtpPacket p = RtpPacket.of(b, 0, b.length);
    p.setSequenceNumber(0xFFFF);
    p.setTimestamp(0x1_0000_0005L);
    p.setSsrc(-2);
    p.setPayloadType(97);
    p.setMarker(true);
    assertEquals("80e1ffff00000005fffffffe00", HexFormat.of().formatHex(b));
  }

  @Test
  void writerRoundTripsOnADirtyBuffer() {
    RtpHeaderWriter w = new RtpHeaderWriter();
    byte[] mid = "0".getBytes();
    w.reset().payloadType(111).sequenceNumber(65535).timestamp(0xFFFFFFF0L).ssrc(0x11223344)
        .marker(true).addCsrc(7).addExtension(4, mid, 0, 1).addExtensionValue(3, 0x0102, 2)
        .addExtensionValue(2, RtpExtensions.absSendTime(1_500_000_000L), 3);
    byte[] dst = new byte[200];
    Arrays.fill(dst, (byte) 0xFF);
    byte[] payload = {9, 8, 7};
    int n = w.writePacket(dst, 5, payload, 0, 3, 4);
    assertEquals(w.encodedLength() + 3 + 4, n);
    RtpPacket p = new RtpPacket();
    assertEquals(RtpPacket.Status.OK, p.wrap(dst, 5, n));
    assertEquals(111, p.payloadType());
    assertEquals(65535, p.sequenceNumber());
    assertEquals(0xFFFFFFF0L, p.timestamp());
    assertEquals(0x11223344, p.ssrc());
    assertEquals(7, p.csrc(0));
    assertEquals(RtpPacket.PROFILE_ONE_BYTE, p.extensionProfile());
    assertEquals("0", RtpExtensions.readString(dst, p.extensionOffset(4), p.extensionLength(4)));
    assertEquals(0x0102, RtpExtensions.readUnsigned(dst, p.extensionOffset(3), 2));
    long t = RtpExtensions.absSendTimeNanos((int) RtpExtensions.readUnsigned(dst, p.extensionOffset(2), 3));
    assertTrue(Math.abs(t - 1_500_000_000L) < 5_000, "abs-send-time resolution is ~3.8 us");
    assertArrayEquals(payload, Arrays.copyOfRange(dst, p.payloadOffset(), p.payloadOffset() + 3));
    assertEquals(4, p.paddingLength());
    assertEquals((byte) 0xFF, dst[4]);
    assertEquals((byte) 0xFF, dst[5 + n]);
  }

  @Test
  void writerSwitchesToTwoByteFormWhenNeeded() {
    RtpHeaderWriter w = new RtpHeaderWriter();
    byte[] rid = "a-long-rid-value-of-20".getBytes();
    w.reset().ssrc(1).addExtension(15, rid, 0, rid.length).addExtension(1, new byte[0], 0, 0);
    byte[] dst = new byte[100];
    int n = w.writeTo(dst, 0);
    RtpPacket p = RtpPacket.of(dst, 0, n);
    assertEquals(RtpPacket.PROFILE_TWO_BYTE, p.extensionProfile());
    assertEquals("a-long-rid-value-of-20",
        RtpExtensions.readString(dst, p.extensionOffset(15), p.extensionLength(15)));
    assertEquals(0, p.extensionLength(1));
    assertEquals(0, n % 4);
    assertThrows(IllegalArgumentException.class, () -> w.payloadType(128));
    assertThrows(IndexOutOfBoundsException.class, () -> w.writeTo(new byte[10], 0));
  }

  @Test
  void sequenceNumbersUnwrapAcrossTheWrapAndReordering() {
    SequenceNumberUnwrapper u = new SequenceNumberUnwrapper();
    assertEquals(65534, u.unwrap(65534));
    assertEquals(65536, u.unwrap(0));
    assertEquals(65535, u.unwrap(65535), "late packet from before the wrap");
    assertEquals(65537, u.unwrap(1));
    assertEquals(65537 + 30000, u.unwrap(30001));
    assertEquals(65537 + 30000, u.highest());
    assertTrue(SequenceNumberUnwrapper.isNewer(0, 65535));
    assertFalse(SequenceNumberUnwrapper.isNewer(65535, 0));
    assertEquals(-2, SequenceNumberUnwrapper.distance(65534, 0));
  }

  @Test
  void timestampsUnwrap() {
    TimestampUnwrapper u = new TimestampUnwrapper();
    assertEquals(0xFFFFFF00L, u.unwrap(0xFFFFFF00L));
    assertEquals(0x1_0000_0100L, u.unwrap(0x100));
    assertEquals(0xFFFFFFF0L, u.unwrap(0xFFFFFFF0L));
    assertTrue(TimestampUnwrapper.isNewer(5, 0xFFFFFFF0L));
  }

  @Test
  void extensionRegistryAndValueCodecs() {
    RtpExtensions e = RtpExtensions.webrtcDefaults();
    assertEquals(3, e.id(RtpExtensions.TRANSPORT_WIDE_CC));
    assertEquals(RtpExtensions.MID, e.uri(4));
    e.register(9, RtpExtensions.MID);
    assertEquals(9, e.id(RtpExtensions.MID));
    assertEquals(null, e.uri(4));
    e.unregister(9);
    assertEquals(0, e.id(RtpExtensions.MID));
    assertThrows(IllegalArgumentException.class, () -> e.register(0, RtpExtensions.MID));

    byte level = RtpExtensions.audioLevel(true, 30);
    assertTrue(RtpExtensions.audioLevelVoice(level));
    assertEquals(30, RtpExtensions.audioLevelDbov(level));
    byte cvo = RtpExtensions.videoOrientation(true, false, 270);
    assertEquals(270, RtpExtensions.videoRotationDegrees(cvo));
    assertTrue(RtpExtensions.videoFrontCamera(cvo));
    assertFalse(RtpExtensions.videoFlipped(cvo));
    int pd = RtpExtensions.playoutDelay(100, 2000);
    byte[] b = {(byte) (pd >>> 16), (byte) (pd >>> 8), (byte) pd};
    assertEquals(100, RtpExtensions.playoutDelayMinMillis(b, 0));
    assertEquals(2000, RtpExtensions.playoutDelayMaxMillis(b, 0));
    assertEquals(1 << 18, RtpExtensions.absSendTime(1_000_000_000L));
    assertTrue(RtpExtensions.stringEquals("hi\0".getBytes(), 0, 2, "hi".getBytes()));
    assertEquals("hi", RtpExtensions.readString("hi\0".getBytes(), 0, 3));
  }

  /** RFC 4588 §4: OSN in front of the payload, RTX SSRC/PT/seq in the header, and back. */
  @Test
  void rtxWrapsAndUnwraps() {
    RtpHeaderWriter w = new RtpHeaderWriter();
    w.reset().payloadType(96).sequenceNumber(4242).timestamp(90000).ssrc(0x0A0B0C0D).marker(true)
        .addExtensionValue(3, 77, 2);
    byte[] payload = {1, 2, 3, 4, 5};
    byte[] orig = new byte[100];
    int n = w.writePacket(orig, 0, payload, 0, 5, 3);
    RtpPacket o = RtpPacket.of(orig, 0, n);
    byte[] rtx = new byte[100];
    int m = RtpRetransmission.wrap(o, rtx, 0, 97, 0x55555555, 7);
    assertEquals(o.headerLength() + 2 + 5, m);
    RtpPacket r = RtpPacket.of(rtx, 0, m);
    assertEquals(97, r.payloadType());
    assertEquals(7, r.sequenceNumber());
    assertEquals(0x55555555, r.ssrc());
    assertTrue(r.marker());
    assertFalse(r.hasPadding());
    assertEquals(4242, RtpExtensions.readUnsigned(rtx, r.payloadOffset(), 2));
    assertEquals(77, RtpExtensions.readUnsigned(rtx, r.extensionOffset(3), 2));
    int k = RtpRetransmission.unwrap(r, 96, 0x0A0B0C0D);
    RtpPacket back = RtpPacket.of(rtx, 0, k);
    assertEquals(4242, back.sequenceNumber());
    assertEquals(96, back.payloadType());
    assertEquals(0x0A0B0C0D, back.ssrc());
    assertArrayEquals(payload, Arrays.copyOfRange(rtx, back.payloadOffset(), back.payloadOffset() + 5));
    assertEquals(-1, RtpRetransmission.unwrap(RtpPacket.of(new byte[] {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1}, 0, 12), 96, 1));
  }
}
