package org.rtc4j.peer.internal.cc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pacer on a manual clock: burst allowance, priorities, exact deadlines, probes, limits. */
class PacerTest {
  static final long MS = 1_000_000L;

  /** Polls everything that may leave now; returns the handles. */
  static List<Integer> drain(Pacer p, long now) {
    List<Integer> out = new ArrayList<>();
    for (int h; (h = p.poll(now)) != Pacer.NONE; ) {
      out.add(h);
    }
    return out;
  }

  /**
   * Frames of random size (some ten times the average, as key frames are), audio every 20 ms,
   * the target changing every two seconds: in every 5 ms window the bytes sent stay within the
   * pacing rate times 5 ms plus the burst allowance, and while packets wait the pacer keeps the
   * rate.
   */
  @Test
  void neverLetsMoreThanTheBurstAllowanceLeaveInAny5msWindow() {
    Random rnd = new Random(42);
    Pacer p = new Pacer(PacerConfig.DEFAULT);
    long target = 2_000_000;
    p.setTargetBitrate(target);
    int[] sizes = new int[1 << 16];
    int next = 0;
    List<long[]> sent = new ArrayList<>(); // time, size, rate, allowance
    long now = 0;
    long nextFrame = 0;
    long nextAudio = 0;
    long nextRateChange = 2_000 * MS;
    long end = 20_000 * MS;
    while (now < end) {
      if (now >= nextRateChange) {
        target = 300_000 + rnd.nextInt(3_700_000);
        p.setTargetBitrate(target);
        nextRateChange += 2_000 * MS;
      }
      if (now >= nextFrame) {
        int bytes = (int) (target / 30 / 8 * (rnd.nextInt(30) == 0 ? 8 : 0.5 + rnd.nextDouble()));
        while (bytes > 0) {
          int size = Math.min(1200, bytes);
          sizes[next] = size;
          assertTrue(p.enqueue(now, next, size, Pacer.VIDEO));
          next = (next + 1) & 0xFFFF;
          bytes -= size;
        }
        nextFrame += 33_333_333L;
      }
      if (now >= nextAudio) {
        sizes[next] = 120;
        assertTrue(p.enqueue(now, next, 120, Pacer.AUDIO));
        next = (next + 1) & 0xFFFF;
        nextAudio += 20 * MS;
      }
      for (int h; (h = p.poll(now)) != Pacer.NONE; ) {
        sent.add(new long[] {now, sizes[h], p.pacingRateBps(), p.burstAllowanceBytes()});
      }
      now = Math.max(now + 1, Math.min(Math.min(nextFrame, nextAudio), Math.min(p.pollTimeout(), nextRateChange)));
    }
    long window = 5 * MS;
    long worst = 0;
    int from = 0;
    long bytes = 0;
    for (int i = 0; i < sent.size(); i++) {
      long[] s = sent.get(i);
      bytes += s[1];
      while (sent.get(from)[0] <= s[0] - window) {
        bytes -= sent.get(from)[1];
        from++;
      }
      long maxRate = 0;
      long maxAllowance = 0;
      for (int j = from; j <= i; j++) {
        maxRate = Math.max(maxRate, sent.get(j)[2]);
        maxAllowance = Math.max(maxAllowance, sent.get(j)[3]);
      }
      long limit = maxRate * window / 8_000_000_000L + maxAllowance;
      assertTrue(bytes <= limit, "at " + s[0] / 1e6 + " ms: " + bytes + " bytes in 5 ms, limit " + limit);
      worst = Math.max(worst, bytes * 100 / limit);
    }
    assertTrue(worst >= 60, "the limit is not slack: the worst window used " + worst + "% of it");
    assertTrue(sent.size() > 3000);
  }

  @Test
  void keepsThePacingRateWhilePacketsWait() {
    Pacer p = new Pacer(PacerConfig.DEFAULT);
    p.setTargetBitrate(1_000_000); // 2.5 Mbit/s = 312.5 bytes per ms
    for (int i = 0; i < 200; i++) {
      p.enqueue(0, i, 1000, Pacer.VIDEO);
    }
    long now = 0;
    int sent = 0;
    while (now <= 320 * MS) {
      sent += drain(p, now).size();
      now = Math.max(now + 1, p.pollTimeout());
    }
    // 320 ms at 312.5 bytes/ms = 100 kB, plus the 1.56 kB bucket at the start.
    assertTrue(sent >= 100 && sent <= 103, sent + " packets of 1000 bytes in 320 ms");
  }

  @Test
  void audioThenRetransmissionsThenVideoThenPadding() {
    Pacer p = new Pacer(PacerConfig.DEFAULT);
    p.setTargetBitrate(100_000_000);
    p.enqueue(0, 1, 1000, Pacer.VIDEO);
    p.enqueue(0, 2, 200, Pacer.PADDING_PRIORITY);
    p.enqueue(0, 3, 1000, Pacer.RETRANSMISSION);
    p.enqueue(0, 4, 100, Pacer.AUDIO);
    p.enqueue(0, 5, 1000, Pacer.VIDEO);
    p.enqueue(0, 6, 100, Pacer.AUDIO);
    assertEquals(List.of(4, 6, 3, 1, 5, 2), drain(p, 0), "by priority, in order within one");
    assertEquals(Long.MAX_VALUE, p.pollTimeout(), "nothing queued: no deadline");
  }

  @Test
  void theDeadlineIsExact() {
    Pacer p = new Pacer(PacerConfig.DEFAULT);
    p.setTargetBitrate(800_000); // 2 Mbit/s: 250 bytes per ms; bucket 1250 bytes
    for (int i = 0; i < 10; i++) {
      p.enqueue(0, i, 1000, Pacer.VIDEO);
    }
    assertEquals(List.of(0, 1), drain(p, 0), "the bucket (1250 bytes) lets two packets out at once");
    long deadline = p.pollTimeout();
    assertTrue(deadline > 0);
    assertEquals(Pacer.NONE, p.poll(deadline - 1), "not a nanosecond early");
    assertEquals(2, p.poll(deadline), "at the deadline");
    assertEquals(Pacer.NONE, p.poll(deadline));
    // 2000 bytes of debt over a 1250-byte bucket: (2000 - 1250) / 250 bytes per ms = 3 ms.
    assertEquals(3 * MS, deadline, 5000);
  }

  @Test
  void aProbeClusterGoesAtItsRateWithMediaFirstThenPadding() {
    Pacer p = new Pacer(PacerConfig.DEFAULT);
    p.setTargetBitrate(300_000);
    p.enqueue(0, 7, 1000, Pacer.VIDEO);
    p.addProbeCluster(9, 4_000_000, 7500, 5);
    assertTrue(p.probing());
    long now = 0;
    List<long[]> sends = new ArrayList<>();
    while (p.probing() && now < 100 * MS) {
      for (int h; (h = p.poll(now)) != Pacer.NONE; ) {
        assertEquals(9, p.probeClusterId());
        sends.add(new long[] {now, h, h == Pacer.PADDING ? p.paddingBytes() : 1000});
      }
      now = Math.max(now + 1, p.pollTimeout());
    }
    assertEquals(7, sends.get(0)[1], "the queued media packet is the first probe");
    long bytes = 0;
    for (int i = 0; i < sends.size(); i++) {
      long[] s = sends.get(i);
      if (i > 0) {
        assertEquals(Pacer.PADDING, s[1], "then padding");
        // Each leaves when the bytes before it have taken their time at 4 Mbit/s.
        assertEquals(bytes * 8_000_000_000L / 4_000_000, s[0], 1000);
      }
      bytes += s[2];
    }
    assertTrue(bytes >= 7500 && sends.size() >= 5, bytes + " bytes in " + sends.size() + " packets");
    assertEquals(1, p.probeClustersSent());
    p.enqueue(now, 8, 500, Pacer.VIDEO);
    assertEquals(8, p.poll(now));
    assertEquals(-1, p.probeClusterId(), "after the cluster, packets are not tagged");
  }

  @Test
  void aLongQueueLeavesWithinTheMaximumQueueDelay() {
    Pacer p = new Pacer(PacerConfig.DEFAULT);
    p.setTargetBitrate(100_000); // 250 kbit/s would take 32 s for 1 MB
    for (int i = 0; i < 1000; i++) {
      p.enqueue(0, i, 1000, Pacer.VIDEO);
    }
    long now = 0;
    int sent = 0;
    long last = 0;
    while (p.queuedPackets() > 0 && now < 10_000 * MS) {
      int n = drain(p, now).size();
      if (n > 0) {
        sent += n;
        last = now;
      }
      now = Math.max(now + 1, p.pollTimeout());
    }
    assertEquals(1000, sent);
    assertTrue(last <= 2_000 * MS && last >= 1_900 * MS, "queue emptied after " + last / 1e6 + " ms");
  }

  @Test
  void aFullQueueRefusesAndCounts() {
    Pacer p = new Pacer(new PacerConfig(2.5, 5 * MS, 2_000 * MS, 10, 1200));
    for (int i = 0; i < 10; i++) {
      assertTrue(p.enqueue(0, i, 100, Pacer.VIDEO));
    }
    assertFalse(p.enqueue(0, 10, 100, Pacer.AUDIO));
    assertEquals(1, p.refusedPackets());
    assertEquals(10, p.queuedPackets());
    assertEquals(1000, p.queuedBytes());
    assertEquals(0, p.oldestEnqueueNanos());
    assertThrows(IllegalArgumentException.class, () -> p.enqueue(0, -1, 100, Pacer.VIDEO));
    assertThrows(IllegalArgumentException.class, () -> p.enqueue(0, 1, 100, 4));
    assertThrows(IllegalArgumentException.class, () -> new PacerConfig(0.5, 0, 1, 1, 1));
  }

  @Test
  void paddingFillsAtItsRateWhenNothingIsQueued() {
    Pacer p = new Pacer(PacerConfig.DEFAULT);
    p.setTargetBitrate(1_000_000);
    p.setPaddingBitrate(200_000);
    long now = 0;
    long bytes = 0;
    while (now < 1_000 * MS) {
      for (int h; (h = p.poll(now)) != Pacer.NONE; ) {
        assertEquals(Pacer.PADDING, h);
        assertEquals(-1, p.probeClusterId());
        bytes += p.paddingBytes();
      }
      now = Math.max(now + 1, p.pollTimeout());
    }
    assertTrue(bytes >= 24_000 && bytes <= 26_000, bytes + " bytes of padding in one second at 200 kbit/s");
    p.setPaddingBitrate(0);
    assertEquals(Long.MAX_VALUE, p.pollTimeout());
  }
}
