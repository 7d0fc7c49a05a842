package org.rtc4j.ice.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.rtc4j.ice.StreamFramer;

/**
 * Coverage-guided fuzzing of TURN's framing (FUZZING.md): ChannelData (RFC 8656 §12.4) and the
 * stream framer that cuts STUN and ChannelData (TURN over TCP/TLS, RFC 8656 §12.5) or RFC 4571
 * frames (ICE-TCP) out of a byte stream. Seeds in {@code TurnFramingFuzzTestInputs/<method>/}.
 */
class TurnFramingFuzzTest {

  /**
   * Any bytes: {@link ChannelData#check} answers without throwing, and never a length past the
   * input; a valid message writes back (padded or not) to one that checks to the same channel and
   * data.
   */
  @FuzzTest(maxDuration = "5m")
  void channelData(byte[] data) {
    int n = ChannelData.check(data, 0, data.length);
    if (n < 0) {
      return;
    }
    assertTrue(ChannelData.HEADER_LENGTH + n <= data.length, "the data lies inside the input");
    int channel = ChannelData.channel(data, 0);
    for (boolean pad : new boolean[] {false, true}) {
      byte[] out = new byte[ChannelData.encodedLength(n, pad)];
      assertEquals(out.length, ChannelData.write(out, 0, channel, data, ChannelData.HEADER_LENGTH, n, pad));
      assertEquals(n, ChannelData.check(out, 0, out.length));
      assertEquals(channel, ChannelData.channel(out, 0));
      assertArrayEquals(Arrays.copyOfRange(data, 4, 4 + n), Arrays.copyOfRange(out, 4, 4 + n));
    }
  }

  /**
   * A byte stream the fuzzer writes, fed in reads of sizes it chooses: the frames come out in
   * order, back to back from the start of the stream, each as long as {@link
   * StreamFramer#frameLength} says, the same whatever the read sizes; what is held between reads is
   * the stream's unfinished tail and never more than one frame; a corrupt stream stops delivery.
   */
  @FuzzTest(maxDuration = "5m")
  void streamFramer(FuzzedDataProvider in) {
    StreamFramer.Mode mode = in.pickValue(StreamFramer.Mode.values());
    int reads = in.consumeInt(1, 16);
    int[] sizes = new int[reads];
    for (int i = 0; i < reads; i++) {
      sizes[i] = in.consumeInt(0, 3000);
    }
    byte[] stream = in.consumeRemainingAsBytes();
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    StreamFramer once = new StreamFramer(mode);
    boolean onceOk = once.feed(stream, 0, stream.length, (b, o, l) -> whole.write(b, o, l));
    ByteArrayOutputStream pieces = new ByteArrayOutputStream();
    StreamFramer framer = new StreamFramer(mode);
    int[] at = {0};
    boolean ok = true;
    int p = 0;
    for (int i = 0; p < stream.length && ok; i = (i + 1) % reads) {
      int n = Math.min(Math.max(1, sizes[i]), stream.length - p);
      byte[] read = Arrays.copyOfRange(stream, p, p + n); // a fresh buffer per read, as a socket's
      ok = framer.feed(read, 0, n, (b, o, l) -> {
        assertEquals(StreamFramer.frameLength(mode, stream, at[0], stream.length - at[0]), l, "frame length");
        assertArrayEquals(Arrays.copyOfRange(stream, at[0], at[0] + l), Arrays.copyOfRange(b, o, o + l),
            "frames in order, back to back");
        at[0] += l;
        pieces.write(b, o, l);
      });
      p += n;
    }
    assertEquals(onceOk, ok, "corrupt in one read or in many");
    assertArrayEquals(whole.toByteArray(), pieces.toByteArray(), "the same frames whatever the reads");
    assertEquals(once.frameCount(), framer.frameCount());
    if (ok) {
      assertEquals(stream.length - at[0], framer.bufferedBytes(), "only the unfinished tail is held");
      assertTrue(framer.bufferedBytes() <= 20 + 0xFFFF + 4, "never more than a frame");
    }
  }
}
