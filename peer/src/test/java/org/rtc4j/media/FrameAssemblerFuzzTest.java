package org.rtc4j.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of {@link FrameAssembler} (FUZZING.md): frames the fuzzer writes are
 * packetized and sent over a link the fuzzer controls (it drops, duplicates and reorders packets,
 * injects payloads of its own under sequence numbers no frame uses, and moves the clock). Nothing
 * throws; every packet gets a status and the counters add up; a released frame with a timestamp
 * the sender used is byte-identical to what was sent: never corrupted, at worst reported lost.
 */
class FrameAssemblerFuzzTest {
  private static final long MS = 1_000_000L;

  @FuzzTest(maxDuration = "5m")
  void assemble(FuzzedDataProvider in) {
    Codec codec = in.pickValue(new Codec[] {Codec.VP8, Codec.VP9, Codec.H264, Codec.AV1, Codec.OPUS});
    int maxPayload = in.consumeInt(40, 1200);
    FrameAssembler rx = new FrameAssembler(Codecs.depacketizer(codec),
        new FrameAssembler.Config(1 << in.consumeInt(4, 10), in.consumeLong(0, 200 * MS)));
    Packetizer packetizer = Codecs.packetizer(codec, maxPayload);
    int seq = in.consumeInt(0, 0xFFFF);
    long ts = in.consumeLong(0, 0xFFFF_FFFFL);
    List<long[]> wire = new ArrayList<>(); // seq, ts, marker, payload index
    List<byte[]> payloads = new ArrayList<>();
    Map<Long, byte[]> sent = new HashMap<>();
    for (int f = in.consumeInt(0, 12); f > 0; f--) {
      byte[] frame = in.consumeBytes(in.consumeInt(1, 3000));
      try {
        packetizer.packetize(frame, 0, frame.length, ts);
      } catch (MediaFormatException refused) {
        continue;
      }
      byte[] buf = new byte[packetizer.maxPayloadSize()];
      List<byte[]> mine = new ArrayList<>();
      while (packetizer.hasNext()) {
        int n = packetizer.next(buf, 0);
        byte[] payload = Arrays.copyOf(buf, n);
        mine.add(payload);
        payloads.add(payload);
        wire.add(new long[] {seq, ts, packetizer.marker() ? 1 : 0, payloads.size() - 1});
        seq = (seq + 1) & 0xFFFF;
      }
      // what the receiver would assemble from exactly these payloads
      sent.put(ts, depacketize(codec, mine));
      ts = (ts + in.consumeInt(1, 9000)) & 0xFFFF_FFFFL;
    }
    // the link: drop, duplicate, swap, inject
    List<long[]> link = new ArrayList<>();
    for (long[] p : wire) {
      int what = in.consumeInt(0, 9);
      if (what == 0) {
        continue;
      }
      link.add(p);
      if (what == 1) {
        link.add(p);
      }
    }
    for (int k = in.consumeInt(0, 6); k > 0 && link.size() > 1; k--) {
      int a = in.consumeInt(0, link.size() - 1);
      int b = in.consumeInt(0, link.size() - 1);
      long[] t = link.get(a);
      link.set(a, link.get(b));
      link.set(b, t);
    }
    for (int k = in.consumeInt(0, 4); k > 0; k--) {
      byte[] junk = in.consumeBytes(in.consumeInt(0, 200));
      payloads.add(junk);
      long junkTs = in.consumeLong(0, 0xFFFF_FFFFL);
      while (sent.containsKey(junkTs)) {
        junkTs = (junkTs + 1) & 0xFFFF_FFFFL; // junk never claims a sent frame's timestamp
      }
      int at = in.consumeInt(0, link.size());
      link.add(at, new long[] {(seq + 100 + k) & 0xFFFF, junkTs, in.consumeBoolean() ? 1 : 0, payloads.size() - 1});
    }

    long now = in.consumeLong(0, 1L << 40);
    long handled = 0;
    long lastReleasedTs = -1;
    for (long[] p : link) {
      now += in.consumeInt(0, 50) * MS;
      byte[] payload = payloads.get((int) p[3]);
      byte[] buf = new byte[payload.length + 8];
      System.arraycopy(payload, 0, buf, 4, payload.length);
      assertNotNull(rx.handlePacket(now, (int) p[0], p[1], p[2] == 1, buf, 4, payload.length));
      handled++;
      lastReleasedTs = drain(rx, now, sent, lastReleasedTs);
      rx.pollTimeout();
      int[] nacks = new int[1024];
      int n = rx.missingSequenceNumbers(nacks);
      assertTrue(n >= 0 && n <= nacks.length);
    }
    lastReleasedTs = drain(rx, now + 10_000 * MS, sent, lastReleasedTs);
    assertEquals(handled, rx.acceptedPackets() + rx.duplicatePackets() + rx.tooOldPackets() + rx.malformedPackets()
        + rx.paddingPackets(), "every packet is counted once");
  }

  private static long drain(FrameAssembler rx, long now, Map<Long, byte[]> sent, long lastTs) {
    for (EncodedFrame f; (f = rx.pollFrame(now)) != null; ) {
      byte[] original = sent.get(f.rtpTimestamp());
      if (original != null) {
        assertTrue(Arrays.equals(original, f.data()), "frame ts=" + f.rtpTimestamp() + " corrupted: " + f.codec()
            + " sent " + original.length + " B, got " + f.data().length + " B");
      }
      lastTs = f.rtpTimestamp();
    }
    while (rx.pollLoss() != null) {
      // reported, not delivered
    }
    return lastTs;
  }

  private static byte[] depacketize(Codec codec, List<byte[]> payloads) {
    try {
      Depacketizer d = Codecs.depacketizer(codec);
      FrameBuffer frame = new FrameBuffer();
      for (byte[] p : payloads) {
        d.append(frame, p, 0, p.length);
        frame.countPacket();
      }
      d.finish(frame);
      return Arrays.copyOf(frame.array(), frame.length());
    } catch (MediaFormatException e) {
      throw new AssertionError("the receiver refuses what the sender made", e);
    }
  }
}
