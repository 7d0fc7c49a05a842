package org.rtc4j.peer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.rtc4j.media.FrameAssembler;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.peer.MediaKind;

/** The receiver's repair timing rules, each against its formula (CoreSimTest shows their effect). */
class RepairTimingTest {
  private static final long MS = 1_000_000L;

  @Test
  void theJitterTargetAllowsThreeRoundsOfRepair() {
    assertEquals(120 * MS, ReceiveStream.videoTargetDelayNanos(-1), "no round trip known: the fixed 120 ms");
    assertEquals(120 * MS, ReceiveStream.videoTargetDelayNanos(10 * MS), "50 + 4 x 10 ms is below the floor");
    assertEquals(450 * MS, ReceiveStream.videoTargetDelayNanos(100 * MS), "50 ms + 4 RTT");
    assertEquals(1_000 * MS, ReceiveStream.videoTargetDelayNanos(400 * MS), "at most a second");
  }

  @Test
  void keyframeRequestsRepeatOnlyAfterTheKeyframeCouldHaveBeenRepaired() {
    assertEquals(200 * MS, ReceiveStream.pliIntervalNanos(-1));
    assertEquals(200 * MS, ReceiveStream.pliIntervalNanos(1 * MS), "loopback");
    assertEquals(550 * MS, ReceiveStream.pliIntervalNanos(100 * MS), "RTT + 50 ms + 4 RTT");
  }

  @Test
  void nackRetriesFollowTheRoundTrip() {
    assertEquals(15 * MS, RtcpSession.nackRetryNanos(-1));
    assertEquals(15 * MS, RtcpSession.nackRetryNanos(2 * MS));
    assertEquals(150 * MS, RtcpSession.nackRetryNanos(100 * MS));
  }

  @Test
  void theRepairRoundTripIsSmoothedAndALateSampleCountsAtMostTwice() {
    ReceiveStream rs = new ReceiveStream(MediaKind.VIDEO);
    rs.repairRoundTrip(100 * MS);
    assertEquals(100 * MS, rs.repairRttNanos);
    rs.repairRoundTrip(1_000 * MS); // the first retransmission was lost: counted as 200 ms
    assertEquals(112_500_000L, rs.repairRttNanos);
    for (int i = 0; i < 100; i++) {
      rs.repairRoundTrip(40 * MS);
    }
    assertEquals(40 * MS, rs.repairRttNanos, 1 * MS);
  }

  @Test
  void aRetransmissionMeasuresFromThePacketsFirstNack() {
    FrameAssembler a = new FrameAssembler(new Vp8Depacketizer(), ReceiveStream.VIDEO);
    byte[] start = {(byte) 0x90, (byte) 0x80, 0x01, 0x10}; // X, S, PID 1, keyframe payload header
    a.handlePacket(0, 100, 3000, false, start, 0, start.length);
    a.handlePacket(1 * MS, 102, 3000, true, new byte[] {0, 1, 2}, 0, 3); // 101 missing
    NackScheduler n = new NackScheduler();
    int[] due = new int[8];
    assertEquals(1, n.collect(10 * MS, a, 15 * MS, due));
    assertEquals(101, due[0]);
    assertEquals(1, n.collect(30 * MS, a, 15 * MS, due), "retried");
    assertEquals(10 * MS, n.firstNackNanos(101), "the first NACK, not the retry");
    assertEquals(Long.MIN_VALUE, n.firstNackNanos(103), "never NACKed: an RTX copy sent as a probe");
  }
}
