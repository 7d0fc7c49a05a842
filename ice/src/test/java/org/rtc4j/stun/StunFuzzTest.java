package org.rtc4j.stun;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Coverage-guided fuzzing of the STUN codec and MESSAGE-INTEGRITY (FUZZING.md). Seeds: the RFC 5769
 * test vectors in {@code StunFuzzTestInputs/parse}.
 */
class StunFuzzTest {
  /** The RFC 5769 §2.1 short-term password: the seeds' integrity verifies with it. */
  private static final byte[] KEY = "VOkJxbRl1RmTxUk/WvJxBt".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] OTHER_KEY = "VOkJxbRl1RmTxUk/WvJxBT".getBytes(StandardCharsets.US_ASCII);

  /**
   * Any bytes: {@link StunMessage#parse} throws nothing but {@link StunParseException}, and
   * integrity checks answer without throwing. A parsed message encodes (with integrity and
   * fingerprint) and parses again to the same method, class, transaction id and attributes; the
   * re-encoded message verifies with its key and not with another, and with any one bit flipped it
   * no longer parses or no longer verifies, unless the bit is in the FINGERPRINT after
   * MESSAGE-INTEGRITY (then an ignored attribute) or in the header length (then cutting the
   * FINGERPRINT off): then the message says exactly what it said.
   */
  @FuzzTest(maxDuration = "5m")
  void parse(byte[] data) throws StunParseException {
    byte[] buf = new byte[data.length + 4];
    System.arraycopy(data, 0, buf, 3, data.length);
    StunMessage.isStun(buf, 3, data.length);
    StunMessage m;
    try {
      m = StunMessage.parse(buf, 3, data.length);
    } catch (StunParseException e) {
      return;
    }
    m.verifyIntegrity(KEY);
    m.unknownComprehensionRequired();
    byte[] raw = m.rawBytes();
    assertTrue(raw.length <= data.length && raw.length >= StunMessage.HEADER_LENGTH, "a message inside the input");

    byte[] encoded = m.encode(KEY, true);
    StunMessage again = StunMessage.parse(encoded, 0, encoded.length);
    assertEquals(m.method(), again.method());
    assertEquals(m.messageClass(), again.messageClass());
    assertArrayEquals(m.transactionId(), again.transactionId());
    assertEquals(withoutComputed(m.attributes()), withoutComputed(again.attributes()));
    assertTrue(again.verifyIntegrity(KEY));
    assertFalse(again.verifyIntegrity(OTHER_KEY));
    assertTrue(again.hasFingerprint());

    int bit = Math.floorMod(java.util.Arrays.hashCode(data), encoded.length * 8);
    encoded[bit / 8] ^= (byte) (1 << (bit % 8));
    StunMessage flipped;
    try {
      flipped = StunMessage.parse(encoded, 0, encoded.length);
    } catch (StunParseException refused) {
      return; // refused outright: fine
    }
    if (flipped.verifyIntegrity(KEY)) {
      // Only what MESSAGE-INTEGRITY does not cover can change and still verify: the FINGERPRINT
      // after it, which RFC 8489 §14.5 then ignores, and the header's length, which the HMAC
      // reads as adjusted to end at MESSAGE-INTEGRITY (a shorter one cuts the FINGERPRINT off).
      // Everything the message says is unchanged.
      assertTrue(bit / 8 >= encoded.length - 8 || bit / 8 == 2 || bit / 8 == 3,
          "bit " + bit + " flipped inside what MESSAGE-INTEGRITY covers");
      assertEquals(m.method(), flipped.method());
      assertEquals(m.messageClass(), flipped.messageClass());
      assertArrayEquals(m.transactionId(), flipped.transactionId());
      assertEquals(withoutComputed(m.attributes()), withoutComputed(flipped.attributes()));
    }
  }

  private static List<StunAttribute> withoutComputed(List<StunAttribute> attributes) {
    List<StunAttribute> out = new ArrayList<>();
    for (StunAttribute a : attributes) {
      if (!(a instanceof StunAttribute.MessageIntegrity || a instanceof StunAttribute.MessageIntegritySha256
          || a instanceof StunAttribute.Fingerprint)) {
        out.add(a);
      }
    }
    return out;
  }
}
