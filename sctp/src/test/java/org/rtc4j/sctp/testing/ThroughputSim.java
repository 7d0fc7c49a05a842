package org.rtc4j.sctp.testing;

import java.util.SplittableRandom;
import org.rtc4j.sctp.Reliability;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SctpState;
import org.rtc4j.sctp.SctpStats;

/**
 * Algorithm-bound throughput on simulated time: one association sends 16 KiB reliable ordered
 * messages as fast as it may over a bottleneck of {@code bandwidth} with a drop-tail queue of
 * {@code queueBdps} bandwidth-delay products and a round trip of {@code rttMillis}, optionally with
 * random loss on the data direction; goodput (message bytes delivered) is measured after a warm-up.
 */
public final class ThroughputSim {
  /** What one run measured. */
  public record Result(double rttMillis, double lossRate, long bandwidthBitsPerSecond, double goodputBitsPerSecond,
      double utilization, SctpStats sender, SctpStats receiver, long linkQueueDrops, long linkLosses) {
    @Override
    public String toString() {
      return String.format("rtt %5.0f ms loss %4.1f%%: goodput %6.2f Mbit/s = %5.1f%% of %d Mbit/s (cwnd %d, rwnd %d, srtt %.1f ms, "
              + "fast rtx %d, T3 %d, reductions %d, queue drops %d, losses %d)",
          rttMillis, lossRate * 100, goodputBitsPerSecond / 1e6, utilization * 100, bandwidthBitsPerSecond / 1_000_000,
          sender.congestionWindowBytes(), receiver.localReceiveWindowBytes(), sender.smoothedRttMillis(),
          sender.fastRetransmits(), sender.retransmissionTimeouts(), sender.congestionReductions(), linkQueueDrops, linkLosses);
    }
  }

  private ThroughputSim() {}

  public static Result run(double rttMillis, long bandwidthBitsPerSecond, double queueBdps, double lossRate,
      double warmupSeconds, double measureSeconds, SctpConfig.CongestionControl cc, long seed) {
    SctpConfig.Builder base = SctpConfig.builder().congestionControl(cc);
    SctpAssociation a = new SctpAssociation(base.random(new SplittableRandom(seed)).build());
    SctpAssociation b = new SctpAssociation(base.random(new SplittableRandom(seed + 1)).build());
    long bdpBytes = (long) (bandwidthBitsPerSecond / 8.0 * rttMillis / 1000.0);
    SimLink.Config data = new SimLink.Config().delayMillis(rttMillis / 2).bandwidthBitsPerSecond(bandwidthBitsPerSecond)
        .queueLimitBytes((long) (queueBdps * bdpBytes)).lossRate(lossRate).seed(seed);
    SimLink.Config acks = new SimLink.Config().delayMillis(rttMillis / 2).seed(seed + 7);
    SimLink ab = new SimLink(data);
    SimLink ba = new SimLink(acks);
    long[] received = new long[1];
    SimPair pair = SimPair.of(a, b, ab, ba, e -> {}, e -> {
      if (e instanceof SctpEvent.Message m) {
        received[0] += m.data().length;
      }
    });
    a.connect(0);
    b.connect(0);
    if (!pair.runUntil(() -> a.state() == SctpState.ESTABLISHED && b.state() == SctpState.ESTABLISHED, 10_000_000_000L)) {
      throw new IllegalStateException("no association");
    }
    byte[] msg = new byte[16 * 1024];
    long warmEnd = pair.now + (long) (warmupSeconds * 1e9);
    long end = warmEnd + (long) (measureSeconds * 1e9);
    long atWarmEnd = -1;
    while (pair.now < end) {
      while (a.bufferedAmount() < 4L * msg.length) {
        a.send(pair.now, 0, 53, true, Reliability.RELIABLE, msg, 0, msg.length);
      }
      if (!pair.step(end)) {
        break;
      }
      if (atWarmEnd < 0 && pair.now >= warmEnd) {
        atWarmEnd = received[0];
      }
    }
    double goodput = (received[0] - atWarmEnd) * 8.0 / measureSeconds;
    return new Result(rttMillis, lossRate, bandwidthBitsPerSecond, goodput, goodput / bandwidthBitsPerSecond, a.stats(),
        b.stats(), ab.packetsQueueDropped, ab.packetsLost);
  }

  public static void main(String[] args) {
    SctpConfig.CongestionControl cc = args.length > 0 ? SctpConfig.CongestionControl.valueOf(args[0]) : SctpConfig.CongestionControl.RFC9260;
    for (double rtt : new double[] {20, 50, 100}) {
      System.out.println(run(rtt, 100_000_000, 2, 0, 10, 20, cc, 1));
    }
    System.out.println(run(50, 100_000_000, 2, 0.01, 10, 20, cc, 1));
  }
}
