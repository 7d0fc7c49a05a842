package org.rtc4j.sctp.dcep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** DCEP messages against the layouts of RFC 8832 §5. */
class DcepMessageTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void openGoldenBytes() throws DcepParseException {
    // Type 0x03, reliable ordered, priority 256, reliability 0, label "chat", no protocol.
    byte[] golden = hex("03 00 0100 00000000 0004 0000 63686174");
    DcepMessage.Open open = new DcepMessage.Open(ChannelType.RELIABLE, 256, 0, "chat", "");
    assertArrayEquals(golden, open.encode());
    assertEquals(open, DcepMessage.parse(golden, 0, golden.length));
    // Partially reliable by retransmissions, unordered: 0x81, parameter 3, label "a", protocol "bc".
    byte[] pr = hex("03 81 0200 00000003 0001 0002 61 6263");
    DcepMessage.Open o = (DcepMessage.Open) DcepMessage.parse(pr, 0, pr.length);
    assertTrue(o.unordered());
    assertEquals(ChannelType.PARTIAL_RELIABLE_REXMIT | ChannelType.UNORDERED_BIT, o.channelType());
    assertEquals(3, o.reliabilityParameter());
    assertEquals(512, o.priority());
    assertEquals("a", o.label());
    assertEquals("bc", o.protocol());
    assertArrayEquals(pr, o.encode());
  }

  @Test
  void ackIsOneByte() throws DcepParseException {
    assertArrayEquals(new byte[] {0x02}, new DcepMessage.Ack().encode());
    assertInstanceOf(DcepMessage.Ack.class, DcepMessage.parse(new byte[] {0x02}, 0, 1));
  }

  @Test
  void channelTypesFollowTheInit() {
    assertEquals(0x00, ChannelType.of(true, null, null));
    assertEquals(0x80, ChannelType.of(false, null, null));
    assertEquals(0x01, ChannelType.of(true, 5, null));
    assertEquals(0x82, ChannelType.of(false, null, 100));
  }

  @Test
  void malformedMessagesFailWithAReason() {
    assertReason(DcepParseException.Reason.TRUNCATED, new byte[0]);
    assertReason(DcepParseException.Reason.UNKNOWN_TYPE, hex("04"));
    assertReason(DcepParseException.Reason.TRAILING_BYTES, hex("0200"));
    assertReason(DcepParseException.Reason.TRUNCATED, hex("03 00 0100 00000000 0004"));
    assertReason(DcepParseException.Reason.TRUNCATED, hex("03 00 0100 00000000 0005 0000 63686174"));
    assertReason(DcepParseException.Reason.TRAILING_BYTES, hex("03 00 0100 00000000 0003 0000 63686174"));
    assertReason(DcepParseException.Reason.BAD_CHANNEL_TYPE, hex("03 03 0100 00000000 0000 0000"));
    assertReason(DcepParseException.Reason.BAD_UTF8, hex("03 00 0100 00000000 0001 0000 ff"));
  }

  private static void assertReason(DcepParseException.Reason reason, byte[] b) {
    DcepParseException e = assertThrows(DcepParseException.class, () -> DcepMessage.parse(b, 0, b.length));
    assertEquals(reason, e.reason());
  }
}
