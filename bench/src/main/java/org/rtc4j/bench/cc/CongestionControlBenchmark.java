package org.rtc4j.bench.cc;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.rtc4j.peer.internal.cc.CongestionConfig;
import org.rtc4j.peer.internal.cc.CongestionController;
import org.rtc4j.peer.internal.cc.Pacer;
import org.rtc4j.peer.internal.cc.PacerConfig;
import org.rtc4j.peer.internal.cc.TransportFeedbackGenerator;
import org.rtc4j.peer.internal.cc.sim.PacketPath;

/**
 * The per-packet cost of congestion control, one operation = one packet unless said otherwise:
 *
 * <ul>
 *   <li>{@code packetPath}: the whole loop of {@link PacketPath} (pacer enqueue and poll, send
 *       history, feedback generated and read back every 100 packets, the estimator's update);</li>
 *   <li>{@code pacerEnqueuePoll}: one packet into the pacer and out again (rate high enough that it
 *       leaves at once);</li>
 *   <li>{@code sendHistory}: {@code CongestionController.handlePacketSent};</li>
 *   <li>{@code feedback100}: one operation = 100 packets sent, recorded by the feedback generator,
 *       one transport-cc packet written and read by the controller.</li>
 * </ul>
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar CongestionControlBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CongestionControlBenchmark {
  private PacketPath path;
  private Pacer pacer;
  private CongestionController cc;
  private CongestionController feedbackCc;
  private TransportFeedbackGenerator generator;
  private final byte[] rtcp = new byte[1500];
  private long now;
  private long feedbackNow;
  private int handle;

  @Setup
  public void setUp() {
    path = new PacketPath();
    path.run(20_000);
    pacer = new Pacer(PacerConfig.DEFAULT);
    pacer.setTargetBitrate(100_000_000_000L);
    cc = new CongestionController(CongestionConfig.DEFAULT, 0);
    feedbackCc = new CongestionController(CongestionConfig.DEFAULT, 0);
    generator = new TransportFeedbackGenerator(1, 100_000_000L, 100, 1200);
  }

  @Benchmark
  public long packetPath() {
    return path.run(1);
  }

  @Benchmark
  public int pacerEnqueuePoll() {
    now += 1_000;
    pacer.enqueue(now, handle, 1200, Pacer.VIDEO);
    handle = (handle + 1) & 0xFFFF;
    return pacer.poll(now);
  }

  @Benchmark
  public int sendHistory() {
    now += 1_000;
    return cc.handlePacketSent(now, 1200, -1, false);
  }

  @Benchmark
  public long feedback100() {
    long sum = 0;
    for (int i = 0; i < 100; i++) {
      feedbackNow += 400_000;
      int seq = feedbackCc.handlePacketSent(feedbackNow, 1200, -1, false);
      if (i % 20 != 3) { // 5% lost
        generator.handlePacket(feedbackNow + 20_000_000L, seq);
      }
    }
    for (int n; (n = generator.pollFeedback(feedbackNow + 20_000_000L, rtcp, 0)) > 0; ) {
      feedbackCc.handleTransportFeedback(feedbackNow, rtcp, 0, n);
      sum += n;
    }
    return sum + feedbackCc.targetBitrateBps();
  }
}
