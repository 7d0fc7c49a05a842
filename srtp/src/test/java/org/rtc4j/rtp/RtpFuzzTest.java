package org.rtc4j.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of {@link RtpPacket} (FUZZING.md). In the normal suite this runs the
 * committed seeds in {@code RtpFuzzTestInputs/wrap}; {@code ./fuzz RtpFuzzTest} fuzzes it.
 */
class RtpFuzzTest {

  /**
   * Any bytes: {@code wrap} returns a status and throws nothing; an accepted packet's header,
   * payload and padding add up to its length, every extension element lies inside the extension
   * block, and the packet written again by {@link RtpHeaderWriter} reads back to the same fields,
   * CSRCs, extension elements, payload and padding.
   */
  @FuzzTest(maxDuration = "5m")
  void wrap(byte[] data) {
    byte[] buf = new byte[data.length + 3]; // at an offset, with bytes after it: no reading outside
    System.arraycopy(data, 0, buf, 2, data.length);
    RtpPacket p = new RtpPacket();
    if (p.wrap(buf, 2, data.length) != RtpPacket.Status.OK) {
      return;
    }
    assertEquals(data.length, p.headerLength() + p.payloadLength() + p.paddingLength());
    assertTrue(p.payloadLength() >= 0 && p.payloadOffset() >= 2 + RtpPacket.FIXED_HEADER);
    List<int[]> elements = new ArrayList<>();
    int extStart = 2 + RtpPacket.FIXED_HEADER + 4 * p.csrcCount() + 4;
    p.forEachExtension((id, at, len) -> {
      assertTrue(at >= extStart && at + len <= 2 + p.headerLength(), "element inside the block");
      elements.add(new int[] {id, at, len});
    });
    for (int[] e : elements) {
      int first = p.extensionOffset(e[0]);
      assertTrue(first >= 0 && first <= e[1], "extensionOffset finds the first element of an id");
    }

    RtpHeaderWriter w = new RtpHeaderWriter().marker(p.marker()).payloadType(p.payloadType())
        .sequenceNumber(p.sequenceNumber()).timestamp(p.timestamp()).ssrc(p.ssrc());
    for (int i = 0; i < p.csrcCount(); i++) {
      w.addCsrc(p.csrc(i));
    }
    int extBytes = elements.stream().mapToInt(e -> e[2]).sum();
    if (elements.size() > 32 || extBytes > 1024) {
      return; // beyond what the writer holds
    }
    boolean sameForm = p.extensionProfile() == RtpPacket.PROFILE_ONE_BYTE || elements.isEmpty();
    w.twoByteExtensions(!sameForm);
    for (int[] e : elements) {
      w.addExtension(e[0], buf, e[1], e[2]);
    }
    byte[] out = new byte[w.encodedLength() + p.payloadLength() + p.paddingLength()];
    int n = w.writePacket(out, 0, buf, p.payloadOffset(), p.payloadLength(), p.paddingLength());
    RtpPacket q = new RtpPacket();
    assertEquals(RtpPacket.Status.OK, q.wrap(out, 0, n));
    assertEquals(p.marker(), q.marker());
    assertEquals(p.payloadType(), q.payloadType());
    assertEquals(p.sequenceNumber(), q.sequenceNumber());
    assertEquals(p.timestamp(), q.timestamp());
    assertEquals(p.ssrc(), q.ssrc());
    assertEquals(p.csrcCount(), q.csrcCount());
    for (int i = 0; i < p.csrcCount(); i++) {
      assertEquals(p.csrc(i), q.csrc(i));
    }
    assertEquals(p.paddingLength(), q.paddingLength());
    assertArrayEquals(Arrays.copyOfRange(buf, p.payloadOffset(), p.payloadOffset() + p.payloadLength()),
        Arrays.copyOfRange(out, q.payloadOffset(), q.payloadOffset() + q.payloadLength()));
    List<String> again = new ArrayList<>();
    q.forEachExtension((id, at, len) -> again.add(id + ":" + Arrays.toString(Arrays.copyOfRange(out, at, at + len))));
    List<String> before = new ArrayList<>();
    for (int[] e : elements) {
      before.add(e[0] + ":" + Arrays.toString(Arrays.copyOfRange(buf, e[1], e[1] + e[2])));
    }
    assertEquals(before, again);
  }
}
