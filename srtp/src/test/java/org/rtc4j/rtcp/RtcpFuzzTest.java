package org.rtc4j.rtcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;

/**
 * Coverage-guided fuzzing of the RTCP compound walker and every packet reader (FUZZING.md). Seeds:
 * {@code RtcpFuzzTestInputs/parseCompound}.
 */
class RtcpFuzzTest {

  /**
   * Any bytes: {@link Rtcp#parseCompound} throws nothing but {@link RtcpParseException}; what it
   * reads writes back with {@link Rtcp#writeCompound} (in at most the bytes it came from, as writers
   * drop padding and nothing else) and parses again to equal packets, which write the same bytes.
   */
  @FuzzTest(maxDuration = "5m")
  void parseCompound(byte[] data) throws RtcpParseException {
    byte[] buf = new byte[data.length + 2];
    System.arraycopy(data, 0, buf, 1, data.length);
    List<RtcpPacket> packets;
    try {
      packets = Rtcp.parseCompound(buf, 1, data.length);
    } catch (RtcpParseException e) {
      assertTrue(e.offset() >= 0 && e.offset() <= buf.length, "offset inside the input");
      return;
    }
    Rtcp.isReducedSize(packets);
    try {
      Rtcp.requireFullCompound(packets);
    } catch (RtcpParseException refused) {
      // a reduced-size compound: fine
    }
    int n = Rtcp.encodedLength(packets);
    assertTrue(n % 4 == 0, "RTCP packets are 32-bit words");
    byte[] out = new byte[n];
    assertEquals(n, Rtcp.writeCompound(packets, out, 0));
    List<RtcpPacket> again = Rtcp.parseCompound(out, 0, n);
    assertEquals(packets, again);
    byte[] out2 = new byte[n];
    Rtcp.writeCompound(again, out2, 0);
    assertEquals(java.util.HexFormat.of().formatHex(out), java.util.HexFormat.of().formatHex(out2));
  }
}
