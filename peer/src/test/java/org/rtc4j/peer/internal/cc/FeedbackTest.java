package org.rtc4j.peer.internal.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.rtcp.Remb;
import org.rtc4j.rtcp.TransportCc;
import org.rtc4j.rtcp.TransportCcReader;
import org.rtc4j.rtp.RtpExtensions;

/**
 * The receiver's feedback (transport-cc and REMB) on a manual clock: when it goes out, what it
 * says, and how the sender's controller reads it back into packet results.
 */
class FeedbackTest {
  static final long MS = 1_000_000L;

  /** "seq:symbol:delta" of each packet a feedback packet reports. */
  static List<String> read(byte[] b, int len) {
    TransportCcReader r = new TransportCcReader();
    assertTrue(r.wrap(b, 0, len), () -> "refused: " + r.failure());
    List<String> out = new ArrayList<>();
    r.forEach((seq, symbol, delta) -> out.add(seq + ":" + symbol + ":" + delta));
    return out;
  }

  @Test
  void feedbackGoesOut100msAfterTheFirstPacketOrAtOnceWhen100Wait() {
    TransportFeedbackGenerator g = new TransportFeedbackGenerator(0x11);
    byte[] out = new byte[1500];
    assertEquals(Long.MAX_VALUE, g.pollTimeout(), "nothing received, nothing due");
    long t0 = 5_000 * MS;
    g.handlePacket(t0, 10);
    assertEquals(t0 + 100 * MS, g.pollTimeout());
    g.handlePacket(t0 + 1 * MS, 11);
    g.handlePacket(t0 + 2 * MS, 12);
    g.handlePacket(t0 + 4 * MS, 14); // 13 lost
    g.handlePacket(t0 + 3 * MS, 16); // 15 lost; 16 overtook 14 by a millisecond
    assertEquals(0, g.pollFeedback(t0 + 99 * MS, out, 0), "not yet");
    int n = g.pollFeedback(t0 + 100 * MS, out, 0);
    assertTrue(n > 0);
    TransportCcReader r = new TransportCcReader();
    assertTrue(r.wrap(out, 0, n));
    assertEquals(0x11, r.senderSsrc());
    assertEquals(10, r.baseSequence());
    assertEquals(0, r.feedbackCount());
    assertEquals(List.of("10:1:0", "11:1:4", "12:1:4", "13:0:0", "14:1:8", "15:0:0", "16:2:-4"), read(out, n),
        "250 us ticks from the first arrival; a negative delta needs two bytes");
    assertEquals(Long.MAX_VALUE, g.pollTimeout());
    assertEquals(1, g.feedbackSent());

    // 100 waiting packets make feedback due at once.
    long t1 = t0 + 200 * MS;
    for (int i = 0; i < 99; i++) {
      g.handlePacket(t1 + i * 100_000L, 17 + i);
    }
    assertEquals(t1 + 100 * MS, g.pollTimeout(), "99 wait: 100 ms after the first of them");
    g.handlePacket(t1 + 99 * 100_000L, 116);
    assertEquals(t1, g.pollTimeout(), "the 100th: due since the first of them arrived");
    n = g.pollFeedback(t1 + 99 * 100_000L, out, 0);
    List<String> second = read(out, n);
    assertEquals(100, second.size());
    assertEquals("17:1:", second.get(0).substring(0, 5));
    TransportCcReader again = new TransportCcReader();
    again.wrap(out, 0, n);
    assertEquals(1, again.feedbackCount(), "the feedback count goes up");

    // A packet whose number was reported as lost arrives late: counted, not reported again.
    g.handlePacket(t1 + 100 * MS, 15);
    assertEquals(1, g.packetsLate());
    assertEquals(Long.MAX_VALUE, g.pollTimeout());
  }

  @Test
  void sequenceNumbersWrapAndTheSizeLimitSplitsFeedback() {
    TransportFeedbackGenerator g = new TransportFeedbackGenerator(1, 100 * MS, 1000, 64);
    byte[] out = new byte[1500];
    for (int i = 0; i < 80; i++) {
      g.handlePacket(i * MS, (65500 + i) & 0xFFFF);
    }
    long now = 100 * MS;
    List<String> all = new ArrayList<>();
    int packets = 0;
    while (g.pollTimeout() <= now) {
      int n = g.pollFeedback(now, out, 0);
      assertTrue(n > 0 && n <= 64, "within the limit: " + n);
      all.addAll(read(out, n));
      packets++;
    }
    assertTrue(packets >= 2, "80 packets do not fit 64 bytes: " + packets + " feedback packets");
    assertEquals(80, all.size());
    for (int i = 0; i < 80; i++) {
      assertEquals((65500 + i) & 0xFFFF, Integer.parseInt(all.get(i).split(":")[0]), "in order across the wrap");
    }
  }

  @Test
  void aGapBeyond8SecondsStartsANewFeedbackPacket() {
    TransportFeedbackGenerator g = new TransportFeedbackGenerator(1, 20_000 * MS, 1000, 1200);
    byte[] out = new byte[1500];
    g.handlePacket(0, 1);
    g.handlePacket(9_000 * MS, 2); // 36,000 ticks: more than a signed 16-bit delta holds
    int n = g.pollFeedback(20_000 * MS, out, 0);
    assertEquals(List.of("1:1:0"), read(out, n));
    assertTrue(g.pollTimeout() <= 20_000 * MS, "the rest is due at once");
    n = g.pollFeedback(20_000 * MS, out, 0);
    TransportCcReader r = new TransportCcReader();
    assertTrue(r.wrap(out, 0, n));
    assertEquals(2, r.baseSequence());
    assertEquals(9_000 / 64, r.referenceTime(), "a new reference time");
  }

  /**
   * 70,000 packets (the 16-bit numbers wrap) through the generator and back into the controller:
   * every packet is matched, losses are counted as lost, a duplicate feedback changes nothing.
   */
  @Test
  void theControllerMatchesFeedbackWithWhatItSent() {
    CongestionController cc = new CongestionController(CongestionConfig.DEFAULT, 0);
    TransportFeedbackGenerator g = new TransportFeedbackGenerator(1);
    Random rnd = new Random(3);
    byte[] out = new byte[1500];
    int lost = 0;
    long now = 0;
    byte[] last = null;
    for (int i = 0; i < 70_000; i++) {
      now += 200_000L; // 5000 packets a second
      int seq = cc.handlePacketSent(now, 1000, -1, false);
      assertEquals(i & 0xFFFF, seq);
      if (rnd.nextInt(20) == 0 && i < 69_990) {
        lost++;
      } else {
        g.handlePacket(now + 30 * MS, seq);
      }
      for (int n; (n = g.pollFeedback(now + 30 * MS, out, 0)) > 0; ) {
        assertTrue(cc.handleTransportFeedback(now + 60 * MS, out, 0, n));
        last = java.util.Arrays.copyOf(out, n);
      }
    }
    for (int n; (n = g.pollFeedback(now + 200 * MS, out, 0)) > 0; ) {
      cc.handleTransportFeedback(now + 230 * MS, out, 0, n);
    }
    assertEquals(70_000 - lost, cc.packetsReceived());
    assertEquals(lost, cc.packetsLost());
    assertTrue(cc.handleTransportFeedback(now + 300 * MS, last, 0, last.length));
    assertEquals(70_000 - lost, cc.packetsReceived(), "a repeated feedback packet counts nothing twice");
    assertFalse(cc.handleTransportFeedback(now, new byte[] {(byte) 0x8f, (byte) 205, 0, 1}, 0, 4));
    assertEquals(1, cc.feedbackMalformed());
    assertTrue(cc.feedbackReceived() > 600);
  }

  @Test
  void aPacketReportedLostThenReceivedIsNotLost() {
    CongestionController cc = new CongestionController(CongestionConfig.DEFAULT, 0);
    for (int i = 0; i < 3; i++) {
      cc.handlePacketSent(i * MS, 1000, -1, false);
    }
    byte[] out = new byte[64];
    org.rtc4j.rtcp.TransportCcWriter w = new org.rtc4j.rtcp.TransportCcWriter(64);
    w.reset(1, 2, 0, 0, 0).addReceived(4);
    w.addLost();
    w.addReceived(8);
    int n = w.writeTo(out, 0);
    cc.handleTransportFeedback(50 * MS, out, 0, n);
    assertEquals(1, cc.packetsLost());
    w.reset(1, 2, 1, 0, 1).addStatus(TransportCc.SMALL_DELTA, 20);
    n = w.writeTo(out, 0);
    cc.handleTransportFeedback(60 * MS, out, 0, n);
    assertEquals(0, cc.packetsLost(), "packet 1 came late, out of order");
    assertEquals(3, cc.packetsReceived());
  }

  @Test
  void rembGoesOutEverySecondAndAtOnceWhenTheEstimateFalls() {
    RembGenerator g = new RembGenerator(0x55, CongestionConfig.DEFAULT);
    byte[] out = new byte[64];
    assertEquals(Long.MAX_VALUE, g.pollTimeout());
    long now = 0;
    long send = 63_000 * MS; // abs-send-time wraps at 64 s during the run
    int rembs = 0;
    List<Long> values = new ArrayList<>();
    // 1 Mbit/s of 1000-byte packets for 24 s, no queue: the estimate grows (8% a second); then
    // the path slows down (each packet takes 1 ms more than its 8 ms send spacing) and it falls.
    long arrival = 0;
    for (int i = 0; i < 4500; i++) {
      send += 8 * MS;
      arrival += i < 3000 ? 8 * MS : 9 * MS;
      now = arrival;
      g.handlePacket(now, RtpExtensions.absSendTime(send), 1000, 0x77);
      if (g.pollTimeout() <= now) {
        int n = g.pollRemb(now, out, 0);
        assertTrue(n > 0);
        assertEquals(g.estimateBps(), Remb.readBitrate(out, 0, n), 2 * (g.estimateBps() >> 18) + 1);
        assertEquals(0x77, ((out[20] & 0xFF) << 24) | ((out[21] & 0xFF) << 16) | ((out[22] & 0xFF) << 8) | (out[23] & 0xFF));
        values.add(g.estimateBps());
        rembs++;
      }
    }
    assertEquals(0, g.pollRemb(now, out, 0), "nothing due right after one");
    long peak = values.stream().mapToLong(Long::longValue).max().getAsLong();
    assertTrue(peak > 1_000_000, "rises with the incoming rate while there is no queue: " + values);
    assertTrue(g.estimateBps() < 0.95 * 1_000_000 * 8 / 9, "falls under the 889 kbit/s that gets through: " + g.estimateBps());
    assertTrue(rembs >= 36 && rembs <= 60, rembs + " REMBs in 37.5 s: about one a second, more while falling");
  }

  /**
   * The estimator's entry point for feedback from the network, fuzz-style: valid feedback for
   * packets it sent, mutated (bytes flipped, truncated, extended, counts and deltas rewritten) and
   * fed in between good reports. Whatever arrives, nothing escapes, a packet is never counted
   * received more often than it was sent, and the target stays within the configured bounds.
   * (A coverage-guided target can call {@code new CongestionController(CongestionConfig.DEFAULT,
   * 0).handleTransportFeedback(now, data, 0, data.length)} the same way; the parser alone is
   * {@code TransportCc.parse} and {@code TransportCcReader.wrap}.)
   */
  @Test
  void mutatedFeedbackNeverBreaksTheEstimator() {
    Random random = new Random(16);
    CongestionController cc = new CongestionController(CongestionConfig.DEFAULT, 0);
    TransportFeedbackGenerator gen = new TransportFeedbackGenerator(7);
    byte[] good = new byte[1500];
    byte[] bad = new byte[1600];
    long now = 0;
    long sent = 0;
    int malformed = 0;
    for (int round = 0; round < 3_000; round++) {
      for (int i = 0; i < 10; i++) {
        now += 1 * MS;
        int seq = cc.handlePacketSent(now, 1200, -1, false);
        sent++;
        if (random.nextInt(20) != 0) {
          gen.handlePacket(now + 20 * MS, seq);
        }
      }
      now += 20 * MS;
      int n = gen.pollFeedback(now + 100 * MS, good, 0);
      if (n <= 0) {
        continue;
      }
      for (int m = 0; m < 3; m++) {
        System.arraycopy(good, 0, bad, 0, n);
        int len = n;
        switch (random.nextInt(5)) {
          case 0 -> bad[random.nextInt(n)] ^= (byte) (1 << random.nextInt(8));
          case 1 -> len = random.nextInt(n);
          case 2 -> {
            for (int k = 0; k < 8; k++) {
              bad[random.nextInt(n)] = (byte) random.nextInt(256);
            }
          }
          case 3 -> { // a packet status count and base sequence from anywhere
            bad[14] = (byte) random.nextInt(256);
            bad[15] = (byte) random.nextInt(256);
            bad[12] = (byte) random.nextInt(256);
          }
          default -> {
            len = Math.min(bad.length, n + 1 + random.nextInt(64));
            for (int k = n; k < len; k++) {
              bad[k] = (byte) random.nextInt(256);
            }
          }
        }
        if (!cc.handleTransportFeedback(now, bad, 0, len)) {
          malformed++;
        }
        now += 1 * MS;
        cc.handleTimeout(now);
      }
      assertTrue(cc.handleTransportFeedback(now, good, 0, n), "the genuine report still reads");
      long target = cc.targetBitrateBps();
      assertTrue(target >= CongestionConfig.DEFAULT.minBitrateBps() && target <= CongestionConfig.DEFAULT.maxBitrateBps(),
          "target " + target + " after round " + round);
      assertTrue(cc.packetsReceived() <= sent, cc.packetsReceived() + " received of " + sent + " sent");
    }
    assertEquals(malformed, cc.feedbackMalformed(), "every refused packet counted");
    assertTrue(malformed > 1_000, "mutations that break the format are refused: " + malformed);
  }
}
