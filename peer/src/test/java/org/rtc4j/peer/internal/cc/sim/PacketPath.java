package org.rtc4j.peer.internal.cc.sim;

import org.rtc4j.peer.internal.cc.CongestionConfig;
import org.rtc4j.peer.internal.cc.CongestionController;
import org.rtc4j.peer.internal.cc.Pacer;
import org.rtc4j.peer.internal.cc.PacerConfig;
import org.rtc4j.peer.internal.cc.TransportFeedbackGenerator;

/**
 * The per-packet work congestion control adds to a connection, in a closed loop on a synthetic
 * clock, for allocation checks and benchmarks: each packet is enqueued in the pacer and polled out
 * when due, recorded in the send history (which stamps its transport-wide number), recorded on
 * arrival by the feedback generator, and the feedback (every 100 packets or 100 ms) is read back
 * by the controller. 1200-byte packets at 2.4 Mbit/s (one every 4 ms); one in twenty lost, 30 ms
 * one way. The controller's clock only moves forward (feedback is read at the time of the packet
 * that made it due). Nothing here allocates once the queues and rings have grown.
 */
public final class PacketPath {
  private static final long SPACING_NANOS = 4_000_000L;
  private static final long ONE_WAY_NANOS = 30_000_000L;

  private final CongestionController cc;
  private final Pacer pacer = new Pacer(PacerConfig.DEFAULT);
  private final TransportFeedbackGenerator generator = new TransportFeedbackGenerator(7);
  private final byte[] rtcp = new byte[1500];
  private long now = 1_000_000_000L;
  private int handle;
  private int counter;

  public PacketPath() {
    cc = new CongestionController(CongestionConfig.DEFAULT.withStartBitrateBps(2_400_000), now);
    cc.updatePacer(pacer);
  }

  /** Runs {@code packets} packets through the loop; returns a value that depends on all of them. */
  public long run(int packets) {
    long sum = 0;
    for (int i = 0; i < packets; i++) {
      now += SPACING_NANOS;
      sum += enqueueAndSend();
      sum += feedback();
    }
    return sum;
  }

  /** Pacer and send history only: enqueue one packet, poll what is due, stamp it. */
  public long enqueueAndSend() {
    pacer.enqueue(now, handle, 1200, Pacer.VIDEO);
    handle = (handle + 1) & 0xFFFF;
    long sum = 0;
    for (int h; (h = pacer.poll(now)) != Pacer.NONE; ) {
      int size = h == Pacer.PADDING ? pacer.paddingBytes() : 1200;
      int seq = cc.handlePacketSent(now, size, pacer.probeClusterId(), h == Pacer.PADDING);
      if (++counter % 20 != 0) {
        generator.handlePacket(now + ONE_WAY_NANOS, seq);
      }
      sum += seq;
    }
    return sum;
  }

  /** Feedback that is due: written by the generator, read by the controller. */
  public long feedback() {
    long sum = 0;
    for (int n; (n = generator.pollFeedback(now + ONE_WAY_NANOS, rtcp, 0)) > 0; ) {
      cc.handleTransportFeedback(now, rtcp, 0, n);
      cc.updatePacer(pacer);
      sum += n;
    }
    return sum + cc.targetBitrateBps();
  }

  /** Moves the clock one packet interval on (for callers that run the steps themselves). */
  public void advance() {
    now += SPACING_NANOS;
  }

  public CongestionController controller() {
    return cc;
  }

  public Pacer pacer() {
    return pacer;
  }

  /** The synthetic clock (advances 4 ms a packet). */
  public long now() {
    return now;
  }
}
