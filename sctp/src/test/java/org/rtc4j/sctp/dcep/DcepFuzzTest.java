package org.rtc4j.sctp.dcep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the data channel establishment protocol's parser (RFC 8832 §5,
 * FUZZING.md). Seeds in {@code DcepFuzzTestInputs/parse/}: DATA_CHANNEL_OPEN of each channel type,
 * with and without label and protocol, and DATA_CHANNEL_ACK.
 */
class DcepFuzzTest {

  /**
   * Any bytes: only {@link DcepParseException}; a message that parses encodes to bytes no longer
   * than the input that parse to an equal message and encode the same again.
   */
  @FuzzTest(maxDuration = "5m")
  void parse(byte[] data) {
    DcepMessage m;
    try {
      m = DcepMessage.parse(data, 0, data.length);
    } catch (DcepParseException e) {
      assertNotNull(e.reason());
      return;
    }
    byte[] out = m.encode();
    assertTrue(out.length <= data.length, "never more out than in");
    try {
      DcepMessage again = DcepMessage.parse(out, 0, out.length);
      assertEquals(m, again);
      assertArrayEquals(out, again.encode());
    } catch (DcepParseException e) {
      throw new AssertionError("an encoded message does not parse", e);
    }
  }
}
