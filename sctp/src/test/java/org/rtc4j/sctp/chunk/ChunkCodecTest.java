package org.rtc4j.sctp.chunk;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden bytes for every chunk type, written from the RFC diagrams, and parse errors by reason. */
class ChunkCodecTest {

  static Stream<Arguments> golden() {
    return Stream.of(
        Arguments.of("DATA (RFC 9260 §3.3.1)",
            new DataChunk(0x01020304, 5, 6, 53, DataChunk.FLAG_BEGINNING | DataChunk.FLAG_END, "abc".getBytes(StandardCharsets.US_ASCII)),
            "00030013 01020304 00050006 00000035 61626300"),
        Arguments.of("I-DATA (RFC 8260 §2.1)",
            new IDataChunk(1, 2, 3, 51, 3, new byte[] {'z'}), "40030015 00000001 00020000 00000003 00000033 7a000000"),
        Arguments.of("INIT with padding inside (RFC 9260 §3.3.2)",
            new InitChunk(false, 0x11223344, 0x100000, 0xFFFF, 0xFFFF, 0x0A0B0C0D, List.of(
                new Parameter(Parameter.SUPPORTED_EXTENSIONS, new byte[] {(byte) 0x82, (byte) 0xC0}),
                new Parameter(Parameter.FORWARD_TSN_SUPPORTED, new byte[0]))),
            "01000020 11223344 00100000 ffffffff 0a0b0c0d 80080006 82c00000 c0000004"),
        Arguments.of("INIT ACK whose last parameter is padded (length excludes it)",
            new InitChunk(true, 1, 2, 3, 4, 5, List.of(new Parameter(Parameter.STATE_COOKIE, new byte[] {9, 9, 9}))),
            "0200001b 00000001 00000002 00030004 00000005 00070007 09090900"),
        Arguments.of("SACK (RFC 9260 §3.3.4)",
            new SackChunk(0x100, 0x8000, List.of(new SackChunk.GapAckBlock(2, 3), new SackChunk.GapAckBlock(5, 5)), List.of(0xFF)),
            "0300001c 00000100 00008000 00020001 00020003 00050005 000000ff"),
        Arguments.of("HEARTBEAT (RFC 9260 §3.3.5)", new HeartbeatChunk(false, new byte[] {1, 2, 3, 4, 5}),
            "0400000d 00010009 01020304 05000000"),
        Arguments.of("HEARTBEAT ACK", new HeartbeatChunk(true, new byte[] {7, 7, 7, 7}), "0500000c 00010008 07070707"),
        Arguments.of("ABORT with T and a User-Initiated Abort cause (RFC 9260 §3.3.7, §3.3.10.12)",
            new AbortChunk(true, List.of(ErrorCause.withText(ErrorCause.USER_INITIATED_ABORT, "x"))), "06010009 000c0005 78000000"),
        Arguments.of("SHUTDOWN", new ShutdownChunk(7), "07000008 00000007"),
        Arguments.of("SHUTDOWN ACK", SimpleChunk.shutdownAck(), "08000004"),
        Arguments.of("ERROR: stale cookie (RFC 9260 §3.3.10.3)",
            new ErrorChunk(List.of(new ErrorCause(ErrorCause.STALE_COOKIE, new byte[] {0, 0, 3, (byte) 0xE8}))), "0900000c 00030008 000003e8"),
        Arguments.of("COOKIE ECHO", new CookieEchoChunk(new byte[] {'a', 'b'}), "0a000006 61620000"),
        Arguments.of("COOKIE ACK", SimpleChunk.cookieAck(), "0b000004"),
        Arguments.of("SHUTDOWN COMPLETE with T", SimpleChunk.shutdownComplete(true), "0e010004"),
        Arguments.of("FORWARD TSN (RFC 3758 §3.2)",
            new ForwardTsnChunk(false, 0x10, List.of(new ForwardTsnChunk.Skip(1, false, 2), new ForwardTsnChunk.Skip(3, false, 4))),
            "c0000010 00000010 00010002 00030004"),
        Arguments.of("I-FORWARD-TSN (RFC 8260 §2.3.1)",
            new ForwardTsnChunk(true, 0x10, List.of(new ForwardTsnChunk.Skip(1, true, 7))), "c2000010 00000010 00010001 00000007"),
        Arguments.of("RE-CONFIG: Outgoing SSN Reset Request (RFC 6525 §4.1)",
            new ReConfigChunk(List.of(new ReConfigParameter.OutgoingResetRequest(1, 2, 3, List.of(4, 5)))),
            "82000018 000d0014 00000001 00000002 00000003 00040005"),
        Arguments.of("RE-CONFIG: odd stream count, padded",
            new ReConfigChunk(List.of(new ReConfigParameter.OutgoingResetRequest(1, 2, 3, List.of(4)))),
            "82000016 000d0012 00000001 00000002 00000003 00040000"),
        Arguments.of("RE-CONFIG: Re-configuration Response (RFC 6525 §4.4)",
            new ReConfigChunk(List.of(ReConfigParameter.Response.of(1, ReConfigParameter.Response.SUCCESS_PERFORMED))),
            "82000010 0010000c 00000001 00000001"),
        Arguments.of("unknown chunk kept raw", new UnknownChunk(0xC5, 0x11, new byte[] {1}), "c5110005 01000000"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("golden")
  void goldenBytesRoundTrip(String name, Chunk chunk, String hex) throws SctpParseException {
    byte[] expected = Hex.bytes(hex);
    byte[] dirty = new byte[expected.length + 8];
    Arrays.fill(dirty, (byte) 0xEE); // padding must be written as zeros
    int n = chunk.writeTo(dirty, 3);
    assertEquals(expected.length, n);
    assertEquals(hex.replace(" ", ""), Hex.of(Arrays.copyOfRange(dirty, 3, 3 + n)));
    Chunk parsed = SctpPacket.parseChunk(expected, 0, chunk.encodedLength());
    byte[] again = new byte[n];
    parsed.writeTo(again, 0);
    assertArrayEquals(expected, again, "parse then write gives the same bytes");
    assertEquals(chunk.type(), parsed.type());
  }

  @Test
  void parsesTheCapturedUsrsctpInit() throws SctpParseException {
    SctpPacket p = SctpPacket.parse(SctpChecksumTest.USRSCTP_INIT, 0, SctpChecksumTest.USRSCTP_INIT.length);
    assertEquals(5000, p.sourcePort());
    assertEquals(0, p.verificationTag());
    InitChunk init = (InitChunk) p.chunks().get(0);
    assertFalse(init.ack());
    assertEquals(0x0eddca08, init.initiateTag());
    assertEquals(131072, init.aRwnd());
    assertEquals(1000, init.outboundStreams());
    assertEquals(1000, init.inboundStreams());
    assertEquals(1426601527, init.initialTsn());
    assertTrue(init.supportsExtension(ChunkType.FORWARD_TSN));
    assertTrue(init.supportsExtension(ChunkType.RE_CONFIG));
    assertFalse(init.supportsExtension(ChunkType.I_DATA));
    assertNotNull(init.parameter(Parameter.FORWARD_TSN_SUPPORTED));
    assertEquals(6, init.parameters().size());
    byte[] again = SctpPacket.encode(5000, 5000, 0, p.chunks());
    assertArrayEquals(SctpChecksumTest.USRSCTP_INIT, again, "re-encoding reproduces the capture, checksum included");
  }

  @Test
  void malformedChunksFailWithAReason() {
    assertReason(SctpParseException.Reason.TRUNCATED, () -> SctpPacket.parse(new byte[11], 0, 11));
    assertReason(SctpParseException.Reason.TRUNCATED, () -> SctpPacket.parse(Hex.bytes("13881388 00000000 00000000 03000020 00"), 0, 17));
    assertReason(SctpParseException.Reason.BAD_LENGTH, () -> SctpPacket.parseChunk(Hex.bytes("0003000c 00000001 00000000"), 0, 12));
    assertReason(SctpParseException.Reason.BAD_LENGTH, () -> SctpPacket.parseChunk(Hex.bytes("03000014 00000001 00000002 00050000 00000000"), 0, 20));
    assertReason(SctpParseException.Reason.BAD_LENGTH, () -> SctpPacket.parseChunk(Hex.bytes("07000004"), 0, 4));
    assertReason(SctpParseException.Reason.BAD_LENGTH, () -> SctpPacket.parseChunk(Hex.bytes("c0000006 00000001"), 0, 6));
    assertReason(SctpParseException.Reason.MALFORMED_PARAMETER,
        () -> SctpPacket.parseChunk(Hex.bytes("01000018 00000001 00000002 00030004 00000005 80080009"), 0, 24));
    assertReason(SctpParseException.Reason.BAD_VALUE, () -> SctpPacket.parseChunk(Hex.bytes("04000008 00020004"), 0, 8));
    assertReason(SctpParseException.Reason.BAD_LENGTH, () -> SctpPacket.parseChunk(Hex.bytes("0b000008 00000000"), 0, 8));
    assertReason(SctpParseException.Reason.BAD_VALUE, () -> SctpPacket.parseChunk(Hex.bytes("82000004"), 0, 4));
    assertReason(SctpParseException.Reason.BAD_LENGTH, () -> SctpPacket.parseChunk(Hex.bytes("8200000c 00100008 00000001"), 0, 12));
    assertReason(SctpParseException.Reason.TRUNCATED, () -> SctpPacket.parseChunk(new byte[4], 2, 4));
  }

  private interface Parse {
    void run() throws SctpParseException;
  }

  private static void assertReason(SctpParseException.Reason reason, Parse p) {
    SctpParseException e = assertThrows(SctpParseException.class, p::run);
    assertEquals(reason, e.reason(), e.getMessage());
  }
}
