package org.rtc4j.sctp;

import static org.junit.jupiter.api.Assertions.*;
import static org.rtc4j.sctp.testing.Sctp.SECOND;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.rtc4j.sctp.testing.Payloads;
import org.rtc4j.sctp.testing.Sctp;
import org.rtc4j.sctp.testing.SimLink;
import org.rtc4j.sctp.testing.SimPair;

/** End-to-end delivery guarantees over lossy, reordering, duplicating in-memory links. */
class ReliabilityTest {

  private record Received(int streamId, int ppid, boolean unordered, byte[] data) {}

  private static SimLink.Config lossy(double loss, long seed) {
    return new SimLink.Config().delayMillis(20).lossRate(loss).reorder(0.05, 15).duplicateRate(0.02)
        .bandwidthBitsPerSecond(20_000_000).queueLimitBytes(200_000).seed(seed);
  }

  private static SimPair connected(SctpAssociation a, SctpAssociation b, SimLink.Config ab, SimLink.Config ba,
      List<Received> atA, List<Received> atB) {
    SimPair pair = SimPair.of(a, b, new SimLink(ab), new SimLink(ba),
        e -> record(e, atA), e -> record(e, atB));
    a.connect(0);
    b.connect(0);
    assertTrue(pair.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 60 * SECOND),
        "association up");
    return pair;
  }

  private static void record(SctpEvent e, List<Received> into) {
    if (e instanceof SctpEvent.Message m && into != null) {
      into.add(new Received(m.streamId(), m.ppid(), m.unordered(), m.data()));
    }
  }

  @ParameterizedTest(name = "interleaving={0}")
  @ValueSource(booleans = {false, true})
  void tenThousandReliableOrderedMessagesUnderTenPercentLossArriveInOrderAndIntact(boolean interleaving) {
    SctpAssociation a = new SctpAssociation(Sctp.config(11).interleaving(interleaving).build());
    SctpAssociation b = new SctpAssociation(Sctp.config(12).interleaving(interleaving).build());
    List<Received> atA = new ArrayList<>();
    List<Received> atB = new ArrayList<>();
    SimPair pair = connected(a, b, lossy(0.10, 1), lossy(0.10, 2), atA, atB);
    assertEquals(interleaving, a.interleaving());
    int n = 10_000;
    int backN = 1_000;
    SplittableRandom sizes = new SplittableRandom(7);
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = 4 + (i % 10 == 0 ? sizes.nextInt(12_000) : sizes.nextInt(1_500));
    }
    int sent = 0;
    int backSent = 0;
    long deadline = pair.now + 3_600 * SECOND;
    while ((atB.size() < n || atA.size() < backN) && pair.now < deadline) {
      while (sent < n && a.bufferedAmount() < 200_000) {
        byte[] m = Payloads.message(sent, lengths[sent]);
        a.send(pair.now, sent % 3, 53, true, Reliability.RELIABLE, m, 0, m.length);
        sent++;
      }
      while (backSent < backN && b.bufferedAmount() < 50_000) {
        byte[] m = Payloads.message(backSent, 300);
        b.send(pair.now, 7, 51, true, Reliability.RELIABLE, m, 0, m.length);
        backSent++;
      }
      if (!pair.step(deadline)) {
        break;
      }
    }
    assertEquals(n, atB.size(), "every message delivered exactly once");
    int[] next = new int[3];
    for (Received r : atB) {
      int i = Payloads.index(r.data());
      assertEquals(i % 3, r.streamId());
      assertTrue(i >= next[r.streamId()], "in order on its stream");
      next[r.streamId()] = i + 1;
      assertArrayEquals(Payloads.message(i, lengths[i]), r.data(), "message " + i + " intact");
      assertEquals(53, r.ppid());
      assertFalse(r.unordered());
    }
    assertEquals(backN, atA.size());
    for (int i = 0; i < backN; i++) {
      assertArrayEquals(Payloads.message(i, 300), atA.get(i).data());
    }
    SctpStats s = a.stats();
    assertTrue(s.dataChunksRetransmitted() > 0, "the loss was repaired by retransmission");
    assertTrue(b.stats().duplicateTsnsReceived() > 0, "duplicates were seen and dropped");
    assertEquals(0, s.messagesAbandoned());
  }

  @Test
  void unorderedMessagesAllArriveOnceAndOvertakeLostOnes() {
    SctpAssociation a = Sctp.association(21);
    SctpAssociation b = Sctp.association(22);
    List<Received> atB = new ArrayList<>();
    SimPair pair = connected(a, b, lossy(0.05, 3), lossy(0.05, 4), null, atB);
    int n = 2_000;
    for (int i = 0; i < n; i++) {
      byte[] m = Payloads.message(i, 4 + (i % 50) * 30);
      a.send(pair.now, 1, 53, false, Reliability.RELIABLE, m, 0, m.length);
    }
    assertTrue(pair.runUntil(() -> atB.size() == n, 600 * SECOND));
    BitSet seen = new BitSet();
    int inversions = 0;
    int last = -1;
    for (Received r : atB) {
      int i = Payloads.index(r.data());
      assertFalse(seen.get(i), "delivered once");
      seen.set(i);
      assertTrue(r.unordered());
      assertArrayEquals(Payloads.message(i, 4 + (i % 50) * 30), r.data());
      if (i < last) {
        inversions++;
      }
      last = i;
    }
    assertEquals(n, seen.cardinality());
    assertTrue(inversions > 0, "unordered messages overtook lost ones");
  }

  @ParameterizedTest(name = "ordered={0}, interleaving={1}")
  @org.junit.jupiter.params.provider.CsvSource({"true,false", "false,false", "true,true", "false,true"})
  void maxRetransmitsZeroDeliversPartiallyButNeverACorruptMessage(boolean ordered, boolean interleaving) {
    SctpAssociation a = new SctpAssociation(Sctp.config(31).interleaving(interleaving).build());
    SctpAssociation b = new SctpAssociation(Sctp.config(32).interleaving(interleaving).build());
    List<Received> atB = new ArrayList<>();
    SimPair pair = connected(a, b, lossy(0.15, 5), lossy(0.15, 6), null, atB);
    assertTrue(a.partialReliability());
    int n = 3_000;
    Reliability once = Reliability.maxRetransmits(0);
    int sent = 0;
    long deadline = pair.now + 600 * SECOND;
    while (sent < n && pair.now < deadline) {
      while (sent < n && a.bufferedAmount() < 100_000) {
        byte[] m = Payloads.message(sent, 4 + (sent * 37) % 4000);
        a.send(pair.now, 2, 53, ordered, once, m, 0, m.length);
        sent++;
      }
      pair.step(deadline);
    }
    // A reliable marker behind the partially reliable traffic proves the association still works.
    byte[] marker = Payloads.message(999_999, 64);
    a.send(pair.now, 4, 51, true, Reliability.RELIABLE, marker, 0, marker.length);
    assertTrue(pair.runUntil(() -> atB.stream().anyMatch(r -> r.streamId() == 4), 300 * SECOND), "reliable marker");
    pair.runFor(30 * SECOND);
    List<Received> partial = atB.stream().filter(r -> r.streamId() == 2).toList();
    assertTrue(partial.size() < n, "some messages were abandoned");
    assertTrue(partial.size() > n / 2, "most messages arrived: " + partial.size());
    BitSet seen = new BitSet();
    int last = -1;
    for (Received r : partial) {
      int i = Payloads.index(r.data());
      assertFalse(seen.get(i), "no duplicate delivery");
      seen.set(i);
      assertArrayEquals(Payloads.message(i, 4 + (i * 37) % 4000), r.data(), "message " + i + " intact");
      if (ordered) {
        assertTrue(i > last, "ordered delivery");
      }
      last = Math.max(last, i);
    }
    SctpStats s = a.stats();
    // A message can be abandoned yet delivered (its SACK was lost), never missing without being abandoned.
    assertTrue(s.messagesAbandoned() >= n - partial.size(), "every missing message was abandoned by the sender");
    assertTrue(s.forwardTsnsSent() > 0);
    assertEquals(0, a.stats().flightBytes() + b.stats().flightBytes());
  }

  @Test
  void maxPacketLifeTimeAbandonsLateMessagesAndKeepsTheRestIntact() {
    SctpAssociation a = Sctp.association(41);
    SctpAssociation b = Sctp.association(42);
    List<Received> atB = new ArrayList<>();
    SimLink.Config slow = new SimLink.Config().delayMillis(40).lossRate(0.1).bandwidthBitsPerSecond(2_000_000)
        .queueLimitBytes(40_000).seed(9);
    SimPair pair = connected(a, b, slow, slow.copy().seed(10), null, atB);
    int n = 800;
    Reliability timed = Reliability.maxLifetimeMillis(150);
    for (int i = 0; i < n; i++) {
      byte[] m = Payloads.message(i, 500 + (i % 7) * 400);
      a.send(pair.now, 6, 53, true, timed, m, 0, m.length); // queued far beyond what 2 Mbit/s carries in 150 ms
    }
    pair.runFor(60 * SECOND);
    assertTrue(atB.size() > 0 && atB.size() < n, "partial delivery: " + atB.size());
    int last = -1;
    for (Received r : atB) {
      int i = Payloads.index(r.data());
      assertTrue(i > last);
      last = i;
      assertArrayEquals(Payloads.message(i, 500 + (i % 7) * 400), r.data());
    }
    assertTrue(a.stats().messagesAbandoned() >= n - atB.size());
    assertEquals(0, a.bufferedAmount());
  }

  @Test
  void largeMessageDoesNotBlockOtherStreamsWithInterleaving() {
    for (boolean interleaving : new boolean[] {false, true}) {
      SctpAssociation a = new SctpAssociation(Sctp.config(51).interleaving(interleaving).build());
      SctpAssociation b = new SctpAssociation(Sctp.config(52).interleaving(interleaving).build());
      List<Received> atB = new ArrayList<>();
      SimLink.Config slow = new SimLink.Config().delayMillis(10).bandwidthBitsPerSecond(5_000_000).queueLimitBytes(1_000_000);
      SimPair pair = connected(a, b, slow, slow.copy(), null, atB);
      byte[] big = Payloads.message(1, 256 * 1024);
      a.send(pair.now, 1, 53, true, Reliability.RELIABLE, big, 0, big.length);
      for (int i = 0; i < 5; i++) {
        byte[] small = Payloads.message(100 + i, 100);
        a.send(pair.now, 2, 51, true, Reliability.RELIABLE, small, 0, small.length);
      }
      assertTrue(pair.runUntil(() -> atB.size() == 6, 60 * SECOND));
      int bigAt = -1;
      for (int i = 0; i < atB.size(); i++) {
        if (atB.get(i).streamId() == 1) {
          bigAt = i;
          assertArrayEquals(big, atB.get(i).data());
        }
      }
      if (interleaving) {
        assertEquals(5, bigAt, "I-DATA: the small messages overtake the 256 KiB one");
      } else {
        assertEquals(0, bigAt, "DATA: a started message holds the association until it is sent");
      }
    }
  }

  /** Hands out the given ints first (tag, then initial TSN), then a seeded sequence. */
  private static java.util.random.RandomGenerator scripted(long seed, int... first) {
    SplittableRandom rest = new SplittableRandom(seed);
    int[] i = {0};
    return new java.util.random.RandomGenerator() {
      @Override
      public long nextLong() {
        return rest.nextLong();
      }

      @Override
      public int nextInt() {
        return i[0] < first.length ? first[i[0]++] : rest.nextInt();
      }
    };
  }

  @ParameterizedTest(name = "interleaving={0}")
  @ValueSource(booleans = {false, true})
  void tsnsAndStreamSequenceNumbersWrapAround(boolean interleaving) {
    // Initial TSNs 256 below 2^32, and more than 65,536 messages on one stream (SSN wraps).
    SctpAssociation a = new SctpAssociation(Sctp.config(71).interleaving(interleaving)
        .random(scripted(71, 0x0A0A0A0A, 0xFFFFFF00)).build());
    SctpAssociation b = new SctpAssociation(Sctp.config(72).interleaving(interleaving)
        .random(scripted(72, 0x0B0B0B0B, 0xFFFFFFF0)).build());
    List<Received> atB = new ArrayList<>();
    SimPair pair = connected(a, b, lossy(0.03, 13), lossy(0.03, 14), null, atB);
    int n = 70_000;
    int sent = 0;
    long deadline = pair.now + 3_600 * SECOND;
    while (atB.size() < n && pair.now < deadline) {
      while (sent < n && a.bufferedAmount() < 100_000) {
        byte[] m = Payloads.message(sent, 8);
        a.send(pair.now, 5, 53, true, Reliability.RELIABLE, m, 0, m.length);
        sent++;
      }
      if (!pair.step(deadline)) {
        break;
      }
    }
    assertEquals(n, atB.size());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(Payloads.message(i, 8), atB.get(i).data(), "message " + i);
    }
    assertTrue(a.stats().dataChunksRetransmitted() > 0);
    assertTrue(a.stats().dataChunksSent() > 256, "TSNs went past 2^32 - 1");
  }

  @Test
  void messageSizesAroundFragmentBoundariesSurviveLoss() {
    SctpAssociation a = Sctp.association(61);
    SctpAssociation b = Sctp.association(62);
    List<Received> atB = new ArrayList<>();
    SimPair pair = connected(a, b, lossy(0.05, 11), lossy(0.05, 12), null, atB);
    int[] sizes = {1, 2, 3, 4, 5, 1167, 1168, 1169, 1171, 1172, 1173, 1176, 2343, 2344, 2345, 65_535, 65_536, 262_144};
    for (int i = 0; i < sizes.length; i++) {
      byte[] m = Payloads.message(i, Math.max(4, sizes[i]));
      byte[] send = sizes[i] < 4 ? Arrays.copyOf(m, sizes[i]) : m;
      a.send(pair.now, 0, 53, true, Reliability.RELIABLE, send, 0, send.length);
    }
    assertTrue(pair.runUntil(() -> atB.size() == sizes.length, 600 * SECOND));
    for (int i = 0; i < sizes.length; i++) {
      byte[] m = Payloads.message(i, Math.max(4, sizes[i]));
      assertArrayEquals(sizes[i] < 4 ? Arrays.copyOf(m, sizes[i]) : m, atB.get(i).data(), "size " + sizes[i]);
    }
  }
}
