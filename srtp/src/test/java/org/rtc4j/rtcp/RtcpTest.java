package org.rtc4j.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RTCP packets built from the diagrams of RFC 3550 §6, RFC 4585 §6, RFC 5104 §4.3, REMB and transport-cc. */
class RtcpTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
  }

  private static String hex(byte[] b, int off, int len) {
    return HexFormat.of().formatHex(b, off, off + len);
  }

  /** Parses, writes back into a dirty buffer, and checks the bytes are identical. */
  private static RtcpPacket roundTrip(String packet) throws RtcpParseException {
    byte[] b = hex(packet);
    RtcpPacket p = Rtcp.parse(b, 0, b.length);
    byte[] out = new byte[b.length + 8];
    Arrays.fill(out, (byte) 0xFF);
    assertEquals(b.length, p.encodedLength());
    assertEquals(b.length, p.writeTo(out, 4));
    assertEquals(hex(b, 0, b.length), hex(out, 4, b.length));
    assertEquals((byte) 0xFF, out[3]);
    assertEquals((byte) 0xFF, out[4 + b.length]);
    assertEquals(p, Rtcp.parse(out, 4, b.length));
    return p;
  }

  // RFC 3550 §6.4.1: SR, RC=1, with one report block.
  static final String SR = "81c8000c 11223344 e1b2c3d4 80000000 00012345 0000000a 00000640"
      + "55667788 19fffffe 0001ffff 00000020 b2c3d480 00010000";

  @Test
  void senderReport() throws Exception {
    SenderReport sr = (SenderReport) roundTrip(SR);
    assertEquals(0x11223344, sr.ssrc());
    assertEquals(0xe1b2c3d480000000L, sr.ntpTimestamp());
    assertEquals(0xc3d48000L, sr.compactNtp(), "middle 32 bits of the NTP timestamp");
    assertEquals(0x12345, sr.rtpTimestamp());
    assertEquals(10, sr.packetCount());
    assertEquals(1600, sr.octetCount());
    ReportBlock rb = sr.reports().get(0);
    assertEquals(0x55667788, rb.ssrc());
    assertEquals(0x19, rb.fractionLost());
    assertEquals(-2, rb.cumulativeLost(), "24-bit signed");
    assertEquals(0x1ffffL, rb.highestSequence());
    assertEquals(32, rb.jitter());
    assertEquals(0xb2c3d480L, rb.lastSr());
    assertEquals(65536, rb.delaySinceLastSr());
  }

  @Test
  void receiverReportAndSdesCnameCompound() throws Exception {
    // RFC 3550 §6.4.2 RR with no blocks, then §6.5.1 SDES with CNAME "user@host" (9 bytes).
    String rr = "80c90001 11223344";
    String sdes = "81ca0004 11223344 0109 75736572 40686f73 74 00";
    byte[] b = hex(rr + sdes);
    List<RtcpPacket> c = Rtcp.parseCompound(b, 0, b.length);
    assertEquals(2, c.size());
    assertEquals(new ReceiverReport(0x11223344, List.of()), c.get(0));
    SourceDescription s = (SourceDescription) c.get(1);
    assertEquals("user@host", s.cnameOf(0x11223344));
    Rtcp.requireFullCompound(c);
    assertFalse(Rtcp.isReducedSize(c));
    byte[] out = new byte[b.length];
    assertEquals(b.length, Rtcp.writeCompound(c, out, 0));
    assertArrayEquals(b, out);
    assertEquals(SourceDescription.cname(0x11223344, "user@host"), s);
  }

  @Test
  void sdesWithSeveralItemsAndChunks() throws Exception {
    // Two chunks: CNAME "ab" + NAME "c" (8 bytes of items incl. END, padded to 4), CNAME "xyz".
    SourceDescription s = (SourceDescription) roundTrip(
        "82ca0006 00000001 0102 6162 0201 63 00 00000002 0103 78797a 00 0000");
    assertEquals(2, s.chunks().size());
    assertEquals("c", s.chunks().get(0).items().get(1).text());
    assertEquals("xyz", s.cnameOf(2));
  }

  @Test
  void byeWithReason() throws Exception {
    // RFC 3550 §6.6: two SSRCs and the reason "bye" (length byte + 3 = 4 bytes).
    Goodbye bye = (Goodbye) roundTrip("82cb0003 00000001 00000002 03627965");
    assertEquals(List.of(1, 2), bye.ssrcs());
    assertEquals("bye", bye.reason());
    assertEquals(Goodbye.of(7), roundTrip("81cb0001 00000007"));
  }

  @Test
  void app() throws Exception {
    // RFC 3550 §6.7: subtype 3, name "TEST", 4 bytes of data.
    ApplicationDefined app = (ApplicationDefined) roundTrip("83cc0003 00000009 54455354 01020304");
    assertEquals(3, app.subtype());
    assertEquals("TEST", app.name());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, app.data());
  }

  @Test
  void genericNack() throws Exception {
    // RFC 4585 §6.2.1: PID 100, BLP with bits 0 and 15 (101 and 116 lost), then PID 200.
    GenericNack nack = (GenericNack) roundTrip("81cd0004 00000001 00000002 00648001 00c80000");
    assertEquals(List.of(100, 101, 116, 200), nack.lost());
    assertEquals(nack, GenericNack.of(1, 2, 100, 101, 116, 200));
    // losses straddling the sequence wrap share one entry
    GenericNack wrap = GenericNack.of(1, 2, 65535, 0, 1);
    byte[] out = new byte[wrap.encodedLength()];
    wrap.writeTo(out, 0);
    assertEquals("81cd00030000000100000002ffff0003", hex(out, 0, out.length));
  }

  @Test
  void genericNackKeepsAnyOrderAndRepeats() throws Exception {
    // Found by RtcpFuzzTest: a NACK whose entries read back out of order (or repeated) was written
    // as a different list. An entry reads as its PID, then its bits in ascending order, so the
    // writer now starts a new entry wherever the list's order leaves that.
    GenericNack nack = GenericNack.of(1, 2, 10, 12, 11, 11, 5, 6);
    byte[] out = new byte[nack.encodedLength()];
    nack.writeTo(out, 0);
    assertEquals("81cd000600000001000000020"
        + "00a0002" + "000b0000" + "000b0000" + "00050001", hex(out, 0, out.length));
    assertEquals(nack, Rtcp.parse(out, 0, out.length));
    assertThrows(IllegalArgumentException.class, () -> new GenericNack(1, 2, List.of(65536)));
  }

  @Test
  void pliAndFir() throws Exception {
    // RFC 4585 §6.3.1: PLI has no FCI.
    assertEquals(new PictureLossIndication(1, 2), roundTrip("81ce0002 00000001 00000002"));
    // RFC 5104 §4.3.1: FIR, media source 0, one entry for SSRC 2 with sequence number 7.
    FullIntraRequest fir = (FullIntraRequest) roundTrip("84ce0004 00000001 00000000 00000002 07000000");
    assertEquals(List.of(new FullIntraRequest.Entry(2, 7)), fir.entries());
  }

  @Test
  void remb() throws Exception {
    // draft-alvestrand-rmcat-remb §2.2: 1 SSRC, exponent 2, mantissa 250000: 1 Mbit/s.
    Remb remb = (Remb) roundTrip("8fce0005 00000001 00000000 52454d42 01 0bd090 00000003");
    assertEquals(1_000_000, remb.bitrate());
    assertEquals(List.of(3), remb.ssrcs());
    Remb big = new Remb(1, 3_000_000_000L, List.of(5));
    byte[] out = new byte[big.encodedLength()];
    big.writeTo(out, 0);
    Remb back = (Remb) Rtcp.parse(out, 0, out.length);
    assertTrue(Math.abs(back.bitrate() - 3_000_000_000L) < 3_000_000_000L >> 17);
  }

  @Test
  void rembWithoutAllocation() throws Exception {
    byte[] golden = hex("8fce0005 00000001 00000000 52454d42 01 0bd090 00000003");
    assertEquals(1_000_000, Remb.readBitrate(golden, 0, golden.length));
    byte[] out = new byte[32];
    Arrays.fill(out, (byte) 0xFF);
    assertEquals(24, Remb.write(out, 4, 1, 1_000_000, new int[] {3, 99}, 1));
    assertEquals(hex(golden, 0, golden.length), hex(out, 4, golden.length));
    assertEquals((byte) 0xFF, out[28]);
    assertEquals(-1, Remb.readBitrate(hex("81ce0002 00000001 00000002"), 0, 12), "a PLI");
    assertEquals(-1, Remb.readBitrate(hex("8fce0004 00000001 00000000 52454d42 05000000"), 0, 20),
        "lists 5 SSRCs in a packet with room for none");
    assertEquals(-1, Remb.readBitrate(golden, 0, 20), "shorter than its length field");
    byte[] big = hex("8fce0004 00000001 00000000 52454d42 00 fc0001");
    assertEquals(-1, Remb.readBitrate(big, 0, big.length), "exponent 63 overflows a long");
  }

  @Test
  void transportCcFromTheDraftsChunkTypes() throws Exception {
    // base 5, 3 packets, reference time 0x000100, fb count 9:
    // run length chunk "0 01 0000000000011" (three received, small delta), deltas 4, 8, 255.
    // Padding in libwebrtc's form: P bit, three bytes, the count in the last.
    TransportCc t = (TransportCc) roundTrip("afcd0006 00000001 00000002 0005 0003 000100 09 2003 0408ff 000003");
    assertEquals(5, t.baseSequence());
    assertEquals(256, t.referenceTime());
    assertEquals(9, t.feedbackCount());
    assertArrayEquals(new int[] {1, 1, 1}, t.symbols());
    assertArrayEquals(new int[] {4, 8, 255}, t.deltas());

    // one-bit status vector "1 0 11000000000000" then a two-bit vector "1 1 10 00 01 ...".
    byte[] b = hex("8fcd0007 00000001 00000002 0000 0011 000000 00 b000 e100 0102fffe03 000000");
    TransportCc v = (TransportCc) Rtcp.parse(b, 0, b.length);
    int[] want = new int[17];
    want[0] = 1;
    want[1] = 1;
    want[14] = 2;
    want[16] = 1;
    assertArrayEquals(want, v.symbols());
    assertArrayEquals(new int[] {1, 2, -2, 3}, v.deltas());
  }

  @Test
  void transportCcEncoderRoundTripsRandomFeedback() throws Exception {
    Random rnd = new Random(5);
    for (int round = 0; round < 200; round++) {
      int count = 1 + rnd.nextInt(300);
      int[] symbols = new int[count];
      int[] deltas = new int[count];
      int nd = 0;
      boolean runs = rnd.nextBoolean();
      for (int i = 0; i < count; i++) {
        int s = runs && i > 0 && rnd.nextInt(10) > 0 ? symbols[i - 1] : rnd.nextInt(3);
        symbols[i] = s;
        if (s == 1) {
          deltas[nd++] = rnd.nextInt(256);
        } else if (s == 2) {
          deltas[nd++] = rnd.nextInt(65536) - 32768;
        }
      }
      TransportCc t = new TransportCc(1, 2, rnd.nextInt(65536), rnd.nextInt(1 << 24) - (1 << 23),
          rnd.nextInt(256), symbols, Arrays.copyOf(deltas, nd));
      byte[] out = new byte[t.encodedLength() + 4];
      int n = t.writeTo(out, 0);
      assertEquals(0, n % 4);
      assertEquals(t, Rtcp.parse(out, 0, n));
    }
  }

  @Test
  void reducedSizeRtcp() throws Exception {
    // RFC 5506 §3: a lone PLI is a valid reduced-size packet, but not a full compound.
    byte[] b = hex("81ce0002 00000001 00000002");
    List<RtcpPacket> c = Rtcp.parseCompound(b, 0, b.length);
    assertTrue(Rtcp.isReducedSize(c));
    RtcpParseException e = assertThrows(RtcpParseException.class, () -> Rtcp.requireFullCompound(c));
    assertEquals(RtcpParseException.Reason.NOT_COMPOUND, e.reason());
    byte[] noCname = hex("80c90001 11223344");
    assertEquals(RtcpParseException.Reason.NOT_COMPOUND, assertThrows(RtcpParseException.class,
        () -> Rtcp.requireFullCompound(Rtcp.parseCompound(noCname, 0, noCname.length))).reason());
  }

  @Test
  void paddingAndUnknownTypes() throws Exception {
    // RR with P set and 4 bytes of padding; then an XR (RFC 3611, PT 207) kept as unknown.
    byte[] b = hex("a0c90002 11223344 00000004" + "80cf0001 01020304");
    List<RtcpPacket> c = Rtcp.parseCompound(b, 0, b.length);
    assertEquals(new ReceiverReport(0x11223344, List.of()), c.get(0));
    UnknownRtcpPacket xr = assertInstanceOf(UnknownRtcpPacket.class, c.get(1));
    assertEquals(207, xr.packetType());
    assertArrayEquals(new byte[] {1, 2, 3, 4}, xr.body());
    assertTrue(Rtcp.isRtcp(b, 0, b.length));
    assertFalse(Rtcp.isRtcp(hex("80600001"), 0, 4));
  }

  private static RtcpParseException.Reason reason(String packet) {
    byte[] b = hex(packet);
    return assertThrows(RtcpParseException.class, () -> Rtcp.parseCompound(b, 0, b.length)).reason();
  }

  @Test
  void malformedPacketsAreRefusedWithAReason() {
    assertEquals(RtcpParseException.Reason.TRUNCATED, reason("80c9"));
    assertEquals(RtcpParseException.Reason.BAD_VERSION, reason("40c90001 11223344"));
    assertEquals(RtcpParseException.Reason.TRUNCATED, reason("80c90002 11223344"));
    assertEquals(RtcpParseException.Reason.BAD_COUNT, reason("81c90001 11223344"));
    assertEquals(RtcpParseException.Reason.BAD_COUNT, reason("81c80006 11223344 00000000 00000000 00000000 00000000 00000000"));
    assertEquals(RtcpParseException.Reason.BAD_PADDING, reason("a0c90001 11223300"));
    assertEquals(RtcpParseException.Reason.BAD_PADDING, reason("a0c90001 11223309"));
    assertEquals(RtcpParseException.Reason.MALFORMED_SDES, reason("81ca0002 11223344 01090000"));
    assertEquals(RtcpParseException.Reason.MALFORMED_SDES, reason("81ca0002 11223344 01020000"));
    assertEquals(RtcpParseException.Reason.BAD_COUNT, reason("82cb0001 00000001"));
    assertEquals(RtcpParseException.Reason.BAD_LENGTH, reason("81cb0002 00000001 09000000"));
    assertEquals(RtcpParseException.Reason.BAD_LENGTH, reason("80cc0001 00000001"));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, reason("81cd0001 00000001"));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, reason("81cd0002 00000001 00000002"));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, reason("84ce0003 00000001 00000000 00000002"));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, reason("8fce0004 00000001 00000000 52454d42 05000000"));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, reason("8fcd0004 00000001 00000002 0000 0000 00000000"));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, reason("8fcd0005 00000001 00000002 0000 0020 00000000 2003 0000"));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, reason("8fcd0005 00000001 00000002 0000 0001 00000000 6001 0000"));
  }

  @Test
  void randomGarbageNeverEscapesAsAnUncheckedException() {
    Random rnd = new Random(9);
    byte[] seed = hex(SR + "81ca0004 11223344 0109 75736572 40686f73 74 00 afcd0006 00000001 00000002 0005 0003 000100 09 2003 0408ff 000003 83cc0003 00000009 54455354 01020304");
    for (int i = 0; i < 20_000; i++) {
      byte[] b = seed.clone();
      for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
      }
      int len = rnd.nextInt(b.length + 1);
      try {
        Rtcp.parseCompound(b, 0, len);
      } catch (RtcpParseException expected) {
        // refused with a reason: fine
      }
    }
  }

  @Test
  void writersRefuseBuffersTooSmall() {
    assertThrows(IndexOutOfBoundsException.class, () -> new PictureLossIndication(1, 2).writeTo(new byte[11], 0));
    assertThrows(IndexOutOfBoundsException.class,
        () -> Rtcp.writeCompound(List.of(Goodbye.of(1)), new byte[7], 0));
    assertThrows(IllegalArgumentException.class, () -> new ReportBlock(1, 256, 0, 0, 0, 0, 0));
  }

  @Test
  void headerWalkWithoutParsing() {
    byte[] b = hex("80c90001 11223344" + "81ce0002 00000001 00000002" + "81cd0003 00000001 00000005 00640000");
    int[] types = new int[3];
    int[] media = new int[3];
    int k = 0;
    for (int p = 0; p >= 0; p = RtcpHeader.next(b, p, b.length)) {
      assertTrue(RtcpHeader.valid(b, p, b.length));
      types[k] = RtcpHeader.packetType(b, p);
      media[k++] = RtcpHeader.length(b, p) >= 12 ? RtcpHeader.mediaSsrc(b, p) : 0;
    }
    assertEquals(3, k);
    assertArrayEquals(new int[] {201, 206, 205}, types);
    assertArrayEquals(new int[] {0, 2, 5}, media);
    assertEquals(0x11223344, RtcpHeader.senderSsrc(b, 0));
    assertEquals(1, RtcpHeader.count(b, 8));
    assertEquals(-1, RtcpHeader.next(b, 0, 6), "truncated");
    assertFalse(RtcpHeader.valid(hex("40c90001"), 0, 4));
  }

  /** RFC 3550 §4 and §6.4.1: NTP conversion and the round trip A - LSR - DLSR. */
  @Test
  void ntpTimeAndRoundTrip() {
    long unix = 1_700_000_000_123_456_789L;
    long ntp = NtpTime.fromUnixNanos(unix);
    assertEquals(1_700_000_000L + NtpTime.UNIX_EPOCH_OFFSET_SECONDS, ntp >>> 32);
    assertTrue(Math.abs(NtpTime.toUnixNanos(ntp) - unix) <= 1);
    assertEquals(0x00018000L, NtpTime.compactDuration(1_500_000_000L));
    // LSR at compact time T, DLSR 0.5 s, arrival at T + 0.75 s: RTT 0.25 s.
    long lsr = NtpTime.compact(ntp);
    ReportBlock rb = new ReportBlock(1, 0, 0, 0, 0, lsr, NtpTime.compactDuration(500_000_000L));
    long arrival = NtpTime.compact(NtpTime.fromUnixNanos(unix + 750_000_000L));
    long rtt = NtpTime.roundTripNanos(arrival, rb);
    assertTrue(Math.abs(rtt - 250_000_000L) < 100_000, "rtt " + rtt);
    assertEquals(-1, NtpTime.roundTripNanos(arrival, new ReportBlock(1, 0, 0, 0, 0, 0, 0)));
    assertEquals(-1, NtpTime.roundTripNanos(lsr, rb), "arrival before LSR + DLSR");
  }
}
