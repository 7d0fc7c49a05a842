package org.rtc4j.bench.sctp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Two SCTP associations in one thread (no DTLS, no sockets) moving reliable ordered 16 KiB
 * messages: {@code transfer16k} sends a batch of 64 and pumps until all are delivered, so one
 * operation is one message through fragmentation, CRC32c both ways, SACKs, reassembly and delivery.
 * With {@code -prof gc}, {@code gc.alloc.rate.norm} is bytes allocated per message; the 16 KiB
 * array handed to the receiver is 16,400 of them (16,384 plus the array header). {@code roundTrip}
 * is one 100-byte message to B and back. {@code layer} runs both on the bare association or through
 * {@code DataChannelEndpoint} with an open channel.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar SctpBenchmark -f 1 -wi 5 -w 1s -i 5 -r 2s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SctpBenchmark {
  private static final int BATCH = 64;

  /** "association": SctpAssociation directly; "channel": through DataChannelEndpoint and a channel. */
  @Param({"association", "channel"})
  public String layer;

  private final byte[] message = new byte[16 * 1024];
  private final byte[] small = new byte[100];
  private SctpPair bulk;
  private SctpPair ping;

  @Setup
  public void setup() {
    boolean channels = layer.equals("channel");
    bulk = new SctpPair(channels).connect();
    ping = new SctpPair(channels).connect();
    ping.echo = true;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long transfer16k() {
    long target = bulk.messagesAtB + BATCH;
    for (int i = 0; i < BATCH; i++) {
      bulk.sendFromA(message);
    }
    while (bulk.messagesAtB < target) {
      bulk.pump();
    }
    return bulk.bytesAtB;
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public long roundTrip() {
    long target = ping.messagesAtA + 1;
    ping.sendFromA(small);
    while (ping.messagesAtA < target) {
      ping.pump();
    }
    return ping.bytesAtA;
  }
}
