package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Coverage-guided fuzzing of every depacketizer (FUZZING.md), one target per payload format.
 *
 * <p>Each input is read twice. First as RTP payloads a peer could send: {@code inspect} and
 * {@code append} see each in an array of exactly its size (reading past it throws), throw nothing
 * but {@link MediaFormatException}, and a frame is at most a small bounded factor of its payloads
 * (start codes and OBU size fields are added, nothing is invented). Then as a frame: when the
 * packetizer takes it, its payloads depacketize to a frame that packetizes and depacketizes to
 * itself again (for VP8, VP9 and audio, to the input itself).
 */
class DepacketizerFuzzTest {

  @FuzzTest(maxDuration = "5m")
  void vp8(FuzzedDataProvider in) throws MediaFormatException {
    check(Codec.VP8, in);
  }

  @FuzzTest(maxDuration = "5m")
  void vp9(FuzzedDataProvider in) throws MediaFormatException {
    check(Codec.VP9, in);
  }

  @FuzzTest(maxDuration = "5m")
  void h264(FuzzedDataProvider in) throws MediaFormatException {
    check(Codec.H264, in);
  }

  @FuzzTest(maxDuration = "5m")
  void av1(FuzzedDataProvider in) throws MediaFormatException {
    check(Codec.AV1, in);
  }

  @FuzzTest(maxDuration = "5m")
  void audio(FuzzedDataProvider in) throws MediaFormatException {
    check(in.pickValue(new Codec[] {Codec.OPUS, Codec.PCMU, Codec.PCMA}), in);
  }

  private static void check(Codec codec, FuzzedDataProvider in) throws MediaFormatException {
    int maxPayload = in.consumeInt(20, 1200);
    // 1: payloads as they come off the wire
    Depacketizer d = Codecs.depacketizer(codec);
    FrameBuffer frame = new FrameBuffer();
    long total = 0;
    for (int i = in.consumeInt(1, 8); i > 0; i--) {
      byte[] payload = in.consumeBytes(in.consumeInt(0, 1500));
      boolean marker = in.consumeBoolean();
      try {
        int flags = d.inspect(payload, 0, payload.length, marker);
        assertTrue((flags & ~(Depacketizer.START | Depacketizer.CERTAIN_START | Depacketizer.END)) == 0);
        assertTrue((flags & Depacketizer.CERTAIN_START) == 0 || (flags & Depacketizer.START) != 0);
        if ((flags & Depacketizer.START) != 0) {
          frame.reset();
          total = 0;
        }
        d.append(frame, payload, 0, payload.length);
        frame.countPacket();
        total += payload.length;
        assertTrue(frame.length() <= 2 * total + 16 * frame.packets(), frame.length() + " bytes from " + total);
        if ((flags & Depacketizer.END) != 0) {
          d.finish(frame);
        }
      } catch (MediaFormatException refused) {
        frame.reset();
        total = 0;
      }
    }
    // 2: a frame, packetized and depacketized
    byte[] input = in.consumeRemainingAsBytes();
    byte[] once = roundTrip(codec, maxPayload, input);
    if (once == null) {
      return;
    }
    if (codec != Codec.H264 && codec != Codec.AV1) {
      assertArrayEquals(input, once, codec + " frame changed by a round trip");
    }
    byte[] twice = roundTrip(codec, maxPayload, once);
    assertArrayEquals(once, twice, codec + " round trip is not stable");
  }

  /** The frame packetized and depacketized, or null when the packetizer refuses it. */
  private static byte[] roundTrip(Codec codec, int maxPayload, byte[] input) throws MediaFormatException {
    Packetizer p = Codecs.packetizer(codec, maxPayload);
    try {
      p.packetize(input, 0, input.length, 90_000);
    } catch (MediaFormatException refused) {
      return null;
    }
    List<byte[]> payloads = new ArrayList<>();
    List<Boolean> markers = new ArrayList<>();
    byte[] buf = new byte[p.maxPayloadSize()];
    while (p.hasNext()) {
      int n = p.next(buf, 0);
      assertTrue(n >= 0 && n <= maxPayload, "payload of " + n + " bytes for at most " + maxPayload);
      payloads.add(Arrays.copyOf(buf, n));
      markers.add(p.marker());
    }
    if (payloads.isEmpty()) {
      return null;
    }
    Depacketizer d = Codecs.depacketizer(codec);
    FrameBuffer frame = new FrameBuffer();
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      int flags = d.inspect(payload, 0, payload.length, markers.get(i));
      assertTrue(i > 0 || (flags & Depacketizer.START) != 0, "the first payload starts the frame");
      // (an audio payload is a frame of its own; G.711 frames larger than a packet are split)
      assertTrue(i == payloads.size() - 1 || (flags & Depacketizer.END) == 0 || codec == Codec.VP9 || codec.isAudio(),
          "only the last payload ends the frame");
      d.append(frame, payload, 0, payload.length);
      frame.countPacket();
    }
    d.finish(frame);
    return Arrays.copyOf(frame.array(), frame.length());
  }
}
