package org.rtc4j.peer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rtc4j.media.FrameAssembler;
import org.rtc4j.media.FrameLoss;
import org.rtc4j.media.vp8.Vp8Depacketizer;

/** The connection's named bounds hold: send history and reorder windows (the RTCP compound's is in HostileInputSimTest). */
class LimitsTest {
  private static final long MS = 1_000_000L;

  @Test
  void sendHistoryKeepsAtMostItsPacketsAndItsAge() {
    BufferPool pool = new BufferPool(4096);
    SendHistory h = new SendHistory(pool, SendStream.HISTORY_PACKETS, SendStream.HISTORY_MAX_AGE_NANOS);
    byte[] packet = new byte[100];
    // 5,000 packets in 1 s (a burst far above the history): only the newest HISTORY_PACKETS stay.
    for (int i = 0; i < 5000; i++) {
      h.store(i * MS / 5, i & 0xFFFF, packet, 0, packet.length);
    }
    assertEquals(SendStream.HISTORY_PACKETS, h.size());
    assertNotNull(h.find(4999));
    assertNotNull(h.find(4999 - SendStream.HISTORY_PACKETS + 1));
    assertNull(h.find(4999 - SendStream.HISTORY_PACKETS));
    // 100 packets a second for 10 s: only HISTORY_MAX_AGE_NANOS of them stay.
    SendHistory slow = new SendHistory(pool, SendStream.HISTORY_PACKETS, SendStream.HISTORY_MAX_AGE_NANOS);
    for (int i = 0; i < 1000; i++) {
      slow.store(i * 10 * MS, i, packet, 0, packet.length);
    }
    long perAge = SendStream.HISTORY_MAX_AGE_NANOS / (10 * MS);
    assertTrue(slow.size() <= perAge + 1, slow.size() + " held");
    assertNull(slow.find(999 - (int) perAge - 1));
    h.clear();
    slow.clear();
  }

  @Test
  void reorderWindowsBoundWhatAReceiverHolds() {
    for (FrameAssembler.Config config : new FrameAssembler.Config[] {ReceiveStream.AUDIO, ReceiveStream.VIDEO}) {
      int window = config.windowPackets();
      FrameAssembler rx = new FrameAssembler(new Vp8Depacketizer(), config);
      byte[] middle = {0x00, 0x01, 0x02}; // a VP8 payload that is no frame start: nothing completes
      for (int i = 0; i < 3 * window; i += 2) { // every other packet: all frames have gaps
        rx.handlePacket(0, i, 1000 + i, false, middle, 0, middle.length);
      }
      int[] missing = new int[8 * window];
      assertTrue(rx.missingSequenceNumbers(missing) < window, "the span held stays within the window");
      FrameLoss loss = rx.pollLoss();
      assertNotNull(loss);
      assertEquals(FrameLoss.Reason.WINDOW_OVERFLOW, loss.reason());
    }
    assertEquals(ReceiveStream.AUDIO_REORDER_PACKETS, ReceiveStream.AUDIO.windowPackets());
    assertEquals(ReceiveStream.VIDEO_REORDER_PACKETS, ReceiveStream.VIDEO.windowPackets());
  }
}
