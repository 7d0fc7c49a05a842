package org.rtc4j.rtcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1) through {@link TransportCcWriter}, {@link TransportCcReader} and the {@link TransportCc}
 * record: Chromium's feedback packets byte for byte, the draft's chunk examples, every chunk type,
 * the sequence wrap, long gaps, the size limit, and mutated packets.
 */
class TransportCcTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
  }

  private static String hex(byte[] b, int off, int len) {
    return HexFormat.of().formatHex(b, off, off + len);
  }

  /** What a reader reports, as "seq:symbol:delta" strings. */
  private static List<String> read(byte[] b) {
    TransportCcReader r = new TransportCcReader();
    assertTrue(r.wrap(b, 0, b.length), () -> "refused: " + r.failure());
    List<String> out = new ArrayList<>();
    assertEquals(r.packetStatusCount(), r.forEach((seq, symbol, delta) -> out.add(seq + ":" + symbol + ":" + delta)));
    return out;
  }

  private static byte[] write(TransportCcWriter w) {
    byte[] out = new byte[w.encodedLength() + 8];
    Arrays.fill(out, (byte) 0xFF);
    int n = w.writeTo(out, 4);
    assertEquals(w.encodedLength(), n);
    assertEquals(0, n % 4);
    assertEquals((byte) 0xFF, out[3], "nothing before");
    assertEquals((byte) 0xFF, out[4 + n], "nothing after");
    return Arrays.copyOfRange(out, 4, 4 + n);
  }

  // Feedback packets sent by Chromium (libwebrtc), as published with their decoded fields in
  // pion/rtcp transport_layer_cc_test.go (TestTransportLayerCC_Unmarshal example1, example4,
  // example6; TestTransportLayerCC_Marshal example6). libwebrtc pads with the P bit and the pad
  // count in the last byte.
  static final String CHROME_1 = "afcd0005 fa17fa17 43032fa0 0099 0001 3de802 17 2001 94 01";
  static final String CHROME_4 = "afcd0007 fa17fa17 193dd8bb 0004 0007 10636e 01 2007 4c242410 0c0c10 000003";
  static final String CHROME_6 = "afcd0007 9b74f61f 9371dcbc 853c 0009 63f916 b3 d552 0030 9baa6aaa7b 0109 01";
  static final String PION_MARSHAL_6 = "afcd0007 fa17fa17 43032fa0 9c14 000c 758420 00 bec0 c13f3b3f53903b 000003";

  @Test
  void chromiumFeedbackParsesAndWritesBackByteForByte() throws Exception {
    TransportCc one = (TransportCc) Rtcp.parse(hex(CHROME_1), 0, hex(CHROME_1).length);
    assertEquals(one, TransportCc.parse(hex(CHROME_1), 0, hex(CHROME_1).length), "the static entry point reads the same");
    assertEquals(0xfa17fa17, one.senderSsrc());
    assertEquals(1124282272, one.mediaSsrc());
    assertEquals(153, one.baseSequence());
    assertEquals(4057090, one.referenceTime());
    assertEquals(23, one.feedbackCount());
    assertArrayEquals(new int[] {1}, one.symbols());
    assertArrayEquals(new int[] {148}, one.deltas(), "37 ms in 250 us ticks");

    TransportCc four = (TransportCc) Rtcp.parse(hex(CHROME_4), 0, hex(CHROME_4).length);
    assertEquals(4, four.baseSequence());
    assertEquals(1074030, four.referenceTime());
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1}, four.symbols());
    assertArrayEquals(new int[] {76, 36, 36, 16, 12, 12, 16}, four.deltas(), "19, 9, 9, 4, 3, 3, 4 ms");

    TransportCc twelve = (TransportCc) Rtcp.parse(hex(PION_MARSHAL_6), 0, hex(PION_MARSHAL_6).length);
    assertEquals(39956, twelve.baseSequence());
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0}, twelve.symbols());

    for (String golden : List.of(CHROME_1, CHROME_4, PION_MARSHAL_6)) {
      byte[] b = hex(golden);
      RtcpPacket p = Rtcp.parse(b, 0, b.length);
      byte[] out = new byte[p.encodedLength()];
      assertEquals(b.length, p.writeTo(out, 0));
      assertEquals(hex(b, 0, b.length), hex(out, 0, out.length), "record writes back " + golden);

      TransportCcReader r = new TransportCcReader();
      assertTrue(r.wrap(b, 0, b.length));
      TransportCcWriter w = new TransportCcWriter(1200);
      w.reset(r.senderSsrc(), r.mediaSsrc(), r.baseSequence(), r.referenceTime(), r.feedbackCount());
      r.forEach((seq, symbol, delta) -> assertTrue(w.addStatus(symbol, delta)));
      byte[] o = write(w);
      assertEquals(hex(b, 0, b.length), hex(o, 0, o.length), "reader to writer: " + golden);
    }
  }

  @Test
  void chromiumRunLongerThanTheStatusCountIsCutAtTheCount() throws Exception {
    // Chromium closed this packet with a run of 48 "not received" where 2 were left to report.
    byte[] b = hex(CHROME_6);
    TransportCc t = (TransportCc) Rtcp.parse(b, 0, b.length);
    assertEquals(34108, t.baseSequence());
    assertEquals(6551830, t.referenceTime());
    assertEquals(179, t.feedbackCount());
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 0, 2, 0, 0}, t.symbols());
    assertArrayEquals(new int[] {155, 170, 106, 170, 123, 265}, t.deltas());
    assertEquals(List.of("34108:1:155", "34109:1:170", "34110:1:106", "34111:1:170", "34112:1:123",
        "34113:0:0", "34114:2:265", "34115:0:0", "34116:0:0"), read(b));
    // rtc4j closes with a run of exactly 2; the content is the same.
    byte[] out = new byte[t.encodedLength()];
    t.writeTo(out, 0);
    assertEquals("d552" + "0002", hex(out, 20, 4));
    assertEquals(t, Rtcp.parse(out, 0, out.length));
  }

  /** The chunk examples of draft-holmer-...-01 §3.1.3 and §3.1.4, inside a feedback packet. */
  @Test
  void draftChunkExamples() {
    // §3.1.3 example 1: "0 00 0000011011101", a run of 221 packets not received.
    byte[] run = hex("8fcd0005 00000001 00000002 0000 00dd 000000 00 00dd 0000");
    List<String> got = read(run);
    assertEquals(221, got.size());
    assertTrue(got.stream().allMatch(s -> s.endsWith(":0:0")));
    TransportCcWriter w = new TransportCcWriter(1200).reset(1, 2, 0, 0, 0);
    for (int i = 0; i < 221; i++) {
      assertTrue(w.addLost());
    }
    assertEquals("00dd", hex(write(w), 20, 2), "the writer encodes the same run");

    // §3.1.4 example 1: "1 0 00111110001110", one-bit symbols, 8 received with small deltas.
    byte[] vector = hex("afcd0007 00000001 00000002 0000 000e 000000 00 9f1c 0102030405060708 0002");
    got = read(vector);
    assertEquals(List.of("0:0:0", "1:1:1", "2:1:2", "3:1:3", "4:1:4", "5:1:5", "6:0:0", "7:0:0", "8:0:0",
        "9:1:6", "10:1:7", "11:1:8", "12:0:0", "13:0:0"), got);
    w.reset(1, 2, 0, 0, 0);
    int d = 1;
    for (int s : new int[] {0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0}) {
      assertTrue(s == 0 ? w.addLost() : w.addReceived(d++));
    }
    assertEquals(hex(vector, 0, vector.length), hex(write(w), 0, vector.length));

    // §3.1.3 example 2 ("0 11 ...") and §3.1.4 example 2 ("1 1 00 11 ...") use symbol 11, which
    // §3.1.1 reserves; libwebrtc refuses such feedback, and so does rtc4j.
    for (String reserved : List.of("8fcd0005 00000001 00000002 0000 0018 000000 00 6018 0000",
        "8fcd0005 00000001 00000002 0000 0007 000000 00 cd50 0000")) {
      TransportCcReader r = new TransportCcReader();
      assertFalse(r.wrap(hex(reserved), 0, hex(reserved).length));
      assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, r.failure());
      assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, assertThrows(RtcpParseException.class,
          () -> Rtcp.parse(hex(reserved), 0, hex(reserved).length)).reason());
    }
  }

  @Test
  void everyChunkTypeAndSymbolSize() {
    TransportCcWriter w = new TransportCcWriter(1200);
    // A run of 20 small deltas: run length chunk "0 01 0000000010100".
    w.reset(1, 2, 100, 0, 0);
    for (int i = 0; i < 20; i++) {
      w.addReceived(4);
    }
    assertEquals("2014", hex(write(w), 20, 2));
    // A run of 10 large deltas: "0 10 0000000001010", two bytes per delta.
    w.reset(1, 2, 100, 0, 0);
    for (int i = 0; i < 10; i++) {
      w.addReceived(1000);
    }
    byte[] b = write(w);
    assertEquals("400a" + "03e8", hex(b, 20, 4));
    assertEquals(20 + 2 + 20, b.length - (b[b.length - 1] & 0xFF), "20 delta bytes, then padding");
    // Mixed received and lost, small deltas only: a one-bit vector of 14.
    w.reset(1, 2, 100, 0, 0);
    for (int i = 0; i < 14; i++) {
      boolean ok = i % 3 == 0 ? w.addLost() : w.addReceived(1);
      assertTrue(ok);
    }
    assertEquals("9b6d", hex(write(w), 20, 2), "1 0 01101101101101");
    // A negative delta among small ones: two-bit vectors of 7.
    w.reset(1, 2, 100, 0, 0);
    int[] deltas = {1, -4, 2, 0, 3, 300, 5, 6};
    w.addLost();
    for (int dt : deltas) {
      assertTrue(w.addReceived(dt));
    }
    b = write(w);
    assertEquals("c656", hex(b, 20, 2), "1 1 00 01 10 01 01 01 10: lost, small, large, small x3, large");
    assertEquals("2002", hex(b, 22, 2), "then a run of two small");
    assertEquals(List.of("100:0:0", "101:1:1", "102:2:-4", "103:1:2", "104:1:0", "105:1:3", "106:2:300",
        "107:1:5", "108:1:6"), read(b));
  }

  @Test
  void deltaRanges() {
    TransportCcWriter w = new TransportCcWriter(1200).reset(1, 2, 0, 0, 0);
    assertTrue(w.addReceived(255));
    assertTrue(w.addReceived(256));
    assertTrue(w.addReceived(-1));
    assertTrue(w.addReceived(Short.MAX_VALUE));
    assertTrue(w.addReceived(Short.MIN_VALUE));
    assertFalse(w.addReceived(Short.MAX_VALUE + 1), "8192 ms and more needs a new feedback packet");
    assertFalse(w.addReceived(Short.MIN_VALUE - 1));
    assertFalse(w.addStatus(TransportCc.SMALL_DELTA, 256));
    assertTrue(w.addStatus(TransportCc.LARGE_DELTA, 5), "a sender may use two bytes for a small delta");
    assertThrows(IllegalArgumentException.class, () -> w.addStatus(3, 0));
    assertEquals(6, w.packetStatusCount());
    assertEquals(List.of("0:1:255", "1:2:256", "2:2:-1", "3:2:32767", "4:2:-32768", "5:2:5"), read(write(w)));
    assertThrows(IllegalStateException.class, () -> new TransportCcWriter(100).writeTo(new byte[100], 0));
  }

  @Test
  void sequenceNumbersWrap() {
    TransportCcWriter w = new TransportCcWriter(1200).reset(7, 8, 65530, -1, 255);
    for (int i = 0; i < 12; i++) {
      assertTrue(i == 6 ? w.addLost() : w.addReceived(i));
    }
    byte[] b = write(w);
    assertEquals("fffa" + "000c" + "ffffff" + "ff", hex(b, 12, 8), "base 65530, count 12, reference time -1, fb 255");
    List<String> got = read(b);
    assertEquals("65530:1:0", got.get(0));
    assertEquals("65535:1:5", got.get(5));
    assertEquals("0:0:0", got.get(6));
    assertEquals("5:1:11", got.get(11));
    TransportCcReader r = new TransportCcReader();
    assertTrue(r.wrap(b, 0, b.length));
    assertEquals(-1, r.referenceTime(), "signed 24 bits");
  }

  @Test
  void longGapsBecomeRuns() {
    TransportCcWriter w = new TransportCcWriter(1200).reset(1, 2, 0, 0, 0);
    w.addReceived(1);
    for (int i = 0; i < 10_000; i++) {
      assertTrue(w.addLost());
    }
    w.addReceived(2);
    byte[] b = write(w);
    assertEquals(10_002, w.packetStatusCount());
    // One-bit vector (received + 13 lost), a full run of 8191 lost, a run of the other 1796, a run of one.
    assertEquals("a000" + "1fff" + "0704" + "2001" + "0102", hex(b, 20, 10));
    assertEquals(32, b.length);
    List<String> got = read(b);
    assertEquals(10_002, got.size());
    assertEquals("10001:1:2", got.get(10_001));
  }

  @Test
  void theSizeLimitHolds() {
    TransportCcWriter w = new TransportCcWriter(40).reset(1, 2, 0, 0, 0);
    int n = 0;
    while (w.addReceived(10)) {
      n++;
    }
    assertEquals(18, n, "20 header bytes, one run chunk, 18 one-byte deltas");
    assertEquals(40, w.encodedLength());
    assertFalse(w.addLost(), "a new chunk would not fit");
    assertEquals(40, w.encodedLength(), "a refused add changes nothing");
    byte[] b = write(w);
    assertEquals(18, read(b).size());
  }

  /** Random statuses through writer, reader and record; every chunk but the last covers 7 or more. */
  @Test
  void randomFeedbackRoundTrips() throws Exception {
    Random rnd = new Random(16);
    TransportCcWriter w = new TransportCcWriter(4 * 65536);
    for (int round = 0; round < 500; round++) {
      int count = 1 + rnd.nextInt(round % 10 == 0 ? 3000 : 200);
      int base = rnd.nextInt(65536);
      int mode = rnd.nextInt(3);
      w.reset(rnd.nextInt(), rnd.nextInt(), base, rnd.nextInt(1 << 24), rnd.nextInt(256));
      List<String> want = new ArrayList<>();
      int prev = 1;
      for (int i = 0; i < count; i++) {
        int s = mode == 0 ? rnd.nextInt(3) : mode == 1 && rnd.nextInt(8) > 0 ? prev : rnd.nextInt(3);
        if (mode == 2 && rnd.nextInt(50) == 0) {
          s = 2;
        } else if (mode == 2) {
          s = rnd.nextInt(4) == 0 ? 0 : 1;
        }
        prev = s;
        int delta = s == 1 ? rnd.nextInt(256) : s == 2 ? rnd.nextInt(65536) - 32768 : 0;
        assertTrue(w.addStatus(s, delta));
        want.add(((base + i) & 0xFFFF) + ":" + s + ":" + delta);
      }
      byte[] b = write(w);
      assertEquals(want, read(b));
      TransportCc t = (TransportCc) Rtcp.parse(b, 0, b.length);
      assertEquals(count, t.packetStatusCount());
      byte[] again = new byte[t.encodedLength()];
      t.writeTo(again, 0);
      assertArrayEquals(b, again, "record and writer encode alike");
      int chunks = 0;
      for (int seen = 0, p = 20; seen < count; p += 2, chunks++) {
        int c = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
        seen += (c & 0x8000) == 0 ? c & 0x1FFF : (c & 0x4000) != 0 ? 7 : 14;
      }
      assertTrue(chunks <= count / 7 + 1, chunks + " chunks for " + count + " packets");
    }
  }

  /**
   * Mutated and truncated feedback (the goldens and writer output): the reader and the parser never
   * throw anything unchecked, never read past the input (exact-length arrays), and never report
   * more received packets than the input has delta bytes.
   */
  @Test
  void mutatedFeedbackNeverEscapes() {
    Random rnd = new Random(61);
    List<byte[]> seeds = new ArrayList<>();
    for (String g : List.of(CHROME_1, CHROME_4, CHROME_6, PION_MARSHAL_6)) {
      seeds.add(hex(g));
    }
    TransportCcWriter w = new TransportCcWriter(1200);
    for (int k = 0; k < 8; k++) {
      w.reset(1, 2, rnd.nextInt(65536), 0, k);
      for (int i = 0, n = 5 + rnd.nextInt(200); i < n; i++) {
        if (rnd.nextInt(5) == 0) {
          w.addLost();
        } else {
          w.addReceived(rnd.nextInt(10) == 0 ? -rnd.nextInt(1000) : rnd.nextInt(256));
        }
      }
      seeds.add(write(w));
    }
    TransportCcReader r = new TransportCcReader();
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 30_000; i++) {
      byte[] seed = seeds.get(rnd.nextInt(seeds.size()));
      byte[] b = seed.clone();
      for (int m = 0, n = 1 + rnd.nextInt(4); m < n; m++) {
        b[rnd.nextInt(b.length)] = (byte) rnd.nextInt();
      }
      if (rnd.nextInt(4) == 0) {
        b = Arrays.copyOf(b, rnd.nextInt(b.length + 1));
      }
      int len = b.length;
      if (r.wrap(b, 0, len)) {
        accepted++;
        int[] received = new int[1];
        int[] reported = new int[1];
        assertEquals(r.packetStatusCount(), r.forEach((seq, symbol, delta) -> {
          reported[0]++;
          if (symbol != TransportCc.NOT_RECEIVED) {
            received[0]++;
          }
        }));
        assertEquals(r.packetStatusCount(), reported[0]);
        assertTrue(received[0] <= len - 20, "each received packet has a delta byte in the input");
      } else {
        refused++;
        assertTrue(r.failure() != null && r.failureOffset() >= 0 && r.failureOffset() <= len);
      }
      try {
        for (RtcpPacket p : Rtcp.parseCompound(b, 0, len)) {
          if (p instanceof TransportCc t) {
            assertTrue(t.deltas().length <= len - 20);
          }
          assertTrue(p.encodedLength() > 0);
        }
      } catch (RtcpParseException expected) {
        // typed refusal is the only way out
      }
    }
    assertTrue(accepted > 1000 && refused > 1000, accepted + " accepted, " + refused + " refused");
  }

  @Test
  void readerRefusesOtherPacketsWithAReason() {
    TransportCcReader r = new TransportCcReader();
    assertFalse(r.wrap(hex("81cd0002 00000001 00000002"), 0, 12), "a generic NACK is FMT 1");
    assertEquals(RtcpParseException.Reason.BAD_VALUE, r.failure());
    assertFalse(r.wrap(hex("4fcd0000"), 0, 4));
    assertEquals(RtcpParseException.Reason.BAD_VERSION, r.failure());
    assertFalse(r.wrap(hex("8fcd0009 00000001"), 0, 8));
    assertEquals(RtcpParseException.Reason.TRUNCATED, r.failure());
    assertFalse(r.wrap(hex("afcd0005 fa17fa17 43032fa0 0099 0001 3de802 17 2001 94 00"), 0, 24));
    assertEquals(RtcpParseException.Reason.BAD_PADDING, r.failure());
    assertFalse(r.wrap(hex("8fcd0004 00000001 00000002 0000 0000 00000000"), 0, 20));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, r.failure(), "no packets");
    assertFalse(r.wrap(hex("8fcd0005 00000001 00000002 0000 0003 00000000 2003 0408"), 0, 24));
    assertEquals(RtcpParseException.Reason.MALFORMED_FEEDBACK, r.failure(), "a delta missing");
    assertFalse(r.wrap(null, 0, 0));
    assertThrows(RtcpParseException.class, () -> TransportCc.parse(null, 0, 0), "the static entry point: checked only");
    assertThrows(RtcpParseException.class, () -> TransportCc.parse(new byte[8], 4, 16));
    assertEquals(0, r.forEach((s, y, d) -> { throw new AssertionError(); }), "nothing after a failure");
    // Inside a compound: the length field bounds the packet, the rest of the buffer is another's.
    byte[] compound = hex("80c90001 11223344" + CHROME_4.replace(" ", ""));
    assertTrue(r.wrap(compound, 8, compound.length - 8));
    assertEquals(7, r.packetStatusCount());
  }
}
