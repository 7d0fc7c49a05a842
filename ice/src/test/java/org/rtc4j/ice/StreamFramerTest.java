package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.ice.turn.ChannelData;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/** Stream framing of RFC 4571 and of TURN over TCP (RFC 8656 §12.5): split, coalesced, corrupt. */
class StreamFramerTest {

  static List<byte[]> turnFrames(Random r, int n) {
    List<byte[]> out = new ArrayList<>();
    StunWriter w = new StunWriter();
    for (int i = 0; i < n; i++) {
      byte[] b = new byte[1600];
      int len;
      if (r.nextBoolean()) {
        int data = r.nextInt(1200);
        byte[] payload = new byte[data];
        r.nextBytes(payload);
        len = ChannelData.write(b, 0, 0x4000 + r.nextInt(16), payload, 0, data, true);
      } else {
        int soft = r.nextInt(300);
        len = w.begin(b, 0, StunMessage.BINDING, StunClass.REQUEST, StunMessage.newTransactionId(r))
            .bytes(0x8022, new byte[soft], 0, soft).fingerprint().length();
      }
      out.add(Arrays.copyOf(b, len));
    }
    return out;
  }

  static List<byte[]> rfc4571Frames(Random r, int n) {
    List<byte[]> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      byte[] p = new byte[r.nextInt(1400)];
      r.nextBytes(p);
      byte[] f = new byte[p.length + 2];
      assertEquals(f.length, StreamFramer.writeRfc4571(f, 0, p, 0, p.length));
      out.add(f);
    }
    return out;
  }

  /** Concatenates the frames and feeds the stream in random cuts (1 byte to several frames). */
  static List<byte[]> roundTrip(StreamFramer.Mode mode, List<byte[]> frames, Random r) {
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    frames.forEach(s::writeBytes);
    byte[] stream = s.toByteArray();
    StreamFramer framer = new StreamFramer(mode);
    List<byte[]> got = new ArrayList<>();
    int off = 0;
    while (off < stream.length) {
      int cut = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 1 + r.nextInt(4000);
      cut = Math.min(cut, stream.length - off);
      assertTrue(framer.feed(stream, off, cut, (b, o, l) -> got.add(Arrays.copyOfRange(b, o, o + l))));
      off += cut;
    }
    assertEquals(0, framer.bufferedBytes());
    return got;
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(StreamFramer.Mode.class)
  void framesSurviveAnySplitAndCoalescing(StreamFramer.Mode mode) {
    for (long seed = 0; seed < 20; seed++) {
      Random r = new Random(seed);
      List<byte[]> frames = mode == StreamFramer.Mode.TURN ? turnFrames(r, 50) : rfc4571Frames(r, 50);
      List<byte[]> got = roundTrip(mode, frames, r);
      assertEquals(frames.size(), got.size());
      for (int i = 0; i < frames.size(); i++) {
        assertArrayEquals(frames.get(i), got.get(i), "frame " + i + " seed " + seed);
      }
    }
  }

  @Test
  void channelDataIsPaddedOverStreams() {
    byte[] b = new byte[16];
    assertEquals(12, ChannelData.write(b, 0, 0x4001, new byte[5], 0, 5, true));
    assertEquals(12, StreamFramer.frameLength(StreamFramer.Mode.TURN, b, 0, 12));
    assertEquals(9, ChannelData.write(b, 0, 0x4001, new byte[5], 0, 5, false));
  }

  @Test
  void corruptStreamIsReported() {
    byte[] bad = {(byte) 0x80, 0, 0, 4, 1, 2, 3, 4};
    assertEquals(StreamFramer.INVALID, StreamFramer.frameLength(StreamFramer.Mode.TURN, bad, 0, bad.length));
    assertFalse(new StreamFramer(StreamFramer.Mode.TURN).feed(bad, 0, bad.length, (x, y, z) -> { }));
    byte[] oddStun = {0, 1, 0, 3};
    assertEquals(StreamFramer.INVALID, StreamFramer.frameLength(StreamFramer.Mode.TURN, oddStun, 0, 4));
    assertEquals(StreamFramer.NEED_MORE, StreamFramer.frameLength(StreamFramer.Mode.TURN, oddStun, 0, 3));
  }

  @Test
  void mutatedStreamsNeverThrowAndFramesStayInBounds() {
    Random r = new Random(5);
    for (int i = 0; i < 2_000; i++) {
      StreamFramer.Mode mode = r.nextBoolean() ? StreamFramer.Mode.TURN : StreamFramer.Mode.RFC4571;
      List<byte[]> frames = mode == StreamFramer.Mode.TURN ? turnFrames(r, 3) : rfc4571Frames(r, 3);
      ByteArrayOutputStream s = new ByteArrayOutputStream();
      frames.forEach(s::writeBytes);
      byte[] stream = s.toByteArray();
      for (int f = 0; f < 1 + r.nextInt(6); f++) {
        stream[r.nextInt(stream.length)] ^= (byte) (1 << r.nextInt(8));
      }
      StreamFramer framer = new StreamFramer(mode);
      int off = 0;
      while (off < stream.length) {
        int cut = Math.min(1 + r.nextInt(700), stream.length - off);
        boolean ok = framer.feed(stream, off, cut, (b, o, l) -> {
          assertTrue(o >= 0 && l >= StreamFramer.headerLength(mode) && o + l <= b.length);
        });
        if (!ok) {
          break;
        }
        off += cut;
      }
    }
  }
}
