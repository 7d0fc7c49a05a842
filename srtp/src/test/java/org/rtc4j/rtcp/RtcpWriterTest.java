package org.rtc4j.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The allocation-free writers against the wire formats and against the records' own writers. */
class RtcpWriterTest {

  private static byte[] dirty(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0xFF); // every byte a writer owns must be written
    return b;
  }

  @Test
  void nackPacksPidAndBitmask() throws RtcpParseException {
    // RFC 4585 §6.2.1: PID is the first lost packet; bit i of BLP says PID + i + 1 is lost too.
    byte[] b = dirty(64);
    int[] lost = {100, 101, 105, 116, 117, 200};
    int n = RtcpWriter.nack(b, 0, 0x11111111, 0x22222222, lost, lost.length);
    assertEquals(12 + 3 * 4, n, "entries 100(+101,105,116), 117, 200");
    assertEquals(0x81, b[0] & 0xFF, "V=2, FMT=1");
    assertEquals(RtcpPacket.RTPFB, b[1] & 0xFF);
    assertEquals(n / 4 - 1, Bytes.u16(b, 2));
    assertEquals(100, GenericNack.pidAt(b, 12));
    assertEquals(0x8011, GenericNack.blpAt(b, 12), "101 is bit 0, 105 bit 4, 116 bit 15");
    assertEquals(117, GenericNack.pidAt(b, 16));
    assertEquals(0, GenericNack.blpAt(b, 16));
    GenericNack parsed = (GenericNack) Rtcp.parse(b, 0, n);
    assertEquals(List.of(100, 101, 105, 116, 117, 200), parsed.lost());
    assertEquals(3, RtcpWriter.nackEntries(lost, lost.length));
    // The record writes the same bytes through the same writer.
    byte[] viaRecord = dirty(64);
    assertEquals(n, parsed.writeTo(viaRecord, 0));
    assertArrayEquals(Arrays.copyOf(b, n), Arrays.copyOf(viaRecord, n));
  }

  @Test
  void nackAcrossTheSequenceWrap() throws RtcpParseException {
    byte[] b = dirty(32);
    int[] lost = {65534, 65535, 0, 3};
    int n = RtcpWriter.nack(b, 0, 1, 2, lost, lost.length);
    assertEquals(16, n, "one entry: 65534 with 65535, 0 and 3 in its bitmask");
    assertEquals(List.of(65534, 65535, 0, 3), ((GenericNack) Rtcp.parse(b, 0, n)).lost());
  }

  @Test
  void senderReportWithBlockAndCnameParsesBack() throws RtcpParseException {
    byte[] b = dirty(256);
    byte[] cname = "abcdefgh12345678".getBytes(StandardCharsets.US_ASCII);
    long ntp = 0xE8A0_1234_5678_9ABCL;
    int p = RtcpWriter.senderReport(b, 0, 0x01020304, ntp, 0xAABBCCDDL, 1000, 123_456, 1);
    assertEquals(28, p);
    p += RtcpWriter.reportBlock(b, p, 0x05060708, 64, -3, 0x0001_0010L, 77, 0x1234_5678L, 0x0001_8000L);
    p += RtcpWriter.sdesCname(b, p, 0x01020304, cname);
    List<RtcpPacket> packets = Rtcp.parseCompound(b, 0, p);
    Rtcp.requireFullCompound(packets);
    SenderReport sr = (SenderReport) packets.get(0);
    assertEquals(ntp, sr.ntpTimestamp());
    assertEquals(ntp, SenderReport.ntpTimestampAt(b, 0));
    assertEquals(0xAABBCCDDL, sr.rtpTimestamp());
    assertEquals(1000, sr.packetCount());
    assertEquals(123_456, sr.octetCount());
    ReportBlock block = sr.reports().get(0);
    assertEquals(new ReportBlock(0x05060708, 64, -3, 0x0001_0010L, 77, 0x1234_5678L, 0x0001_8000L), block);
    assertEquals(-3, ReportBlock.cumulativeLostAt(b, 28));
    assertEquals(0xFFFFFD, Bytes.u24(b, 28 + 5), "-3 in 24-bit two's complement");
    assertEquals("abcdefgh12345678", ((SourceDescription) packets.get(1)).cnameOf(0x01020304));
    // RFC 3550 §6.5: the item list ends with a null octet, then padding to 32 bits.
    int sdes = 28 + 24;
    assertEquals(0, b[sdes + 10 + cname.length]);
    assertEquals(0, (p - sdes) % 4);
  }

  @Test
  void receiverReportAndByeMakeACompound() throws RtcpParseException {
    byte[] b = dirty(64);
    int p = RtcpWriter.receiverReport(b, 0, 42, 0);
    p += RtcpWriter.bye(b, p, new int[] {7, 8}, 2);
    List<RtcpPacket> packets = Rtcp.parseCompound(b, 0, p);
    assertEquals(new ReceiverReport(42, List.of()), packets.get(0));
    assertEquals(new Goodbye(List.of(7, 8), null), packets.get(1));
  }

  @Test
  void pliMatchesTheRecord() throws RtcpParseException {
    byte[] b = dirty(16);
    assertEquals(12, RtcpWriter.pli(b, 2, 9, 10));
    assertEquals(new PictureLossIndication(9, 10), Rtcp.parse(b, 2, 12));
  }

  @Test
  void refusesWhatDoesNotFit() {
    assertThrows(IndexOutOfBoundsException.class, () -> RtcpWriter.pli(new byte[11], 0, 1, 2));
    assertThrows(IndexOutOfBoundsException.class, () -> RtcpWriter.reportBlock(new byte[30], 10, 1, 0, 0, 0, 0, 0, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> RtcpWriter.nack(new byte[14], 0, 1, 2, new int[] {5}, 1));
    assertThrows(IllegalArgumentException.class, () -> RtcpWriter.receiverReport(new byte[8], 0, 1, 32));
  }
}
