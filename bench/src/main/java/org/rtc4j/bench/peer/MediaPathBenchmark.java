package org.rtc4j.bench.peer;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.rtc4j.dtls.SrtpProtectionProfile;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.internal.PeerEvent;

/**
 * The whole media path of one RTP packet between two sans-IO peer cores, as JMH measures it: an
 * Opus frame sent (packetize, RTP header, SRTP protect, transmit queue) and received (demultiplex,
 * SRTP unprotect, route, jitter buffer, frame out) — one packet per frame, 20 ms of simulated time
 * per operation, with RTCP reports and ICE consent on their schedules. Run with {@code -prof gc}:
 * the allocation per operation is what the path allocates per packet. Of it, the frame handed to the
 * application is by design: its {@code byte[]} (160 + 16 bytes), its {@code EncodedFrame} (24) and
 * the event that carries it (16).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar MediaPathBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch"})
public class MediaPathBenchmark {
  @Param({"SRTP_AES128_CM_HMAC_SHA1_80", "SRTP_AEAD_AES_128_GCM"})
  public String profile;

  private CorePair pair;
  private final byte[] opus = new byte[160];
  private long rtpTimestamp;
  private Blackhole sink;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    for (int i = 0; i < opus.length; i++) {
      opus[i] = (byte) (i * 7);
    }
    opus[0] = (byte) 0x78; // a CELT TOC byte: 20 ms, one frame
    pair = new CorePair(MediaStreamTrack.audio("a"), SrtpProtectionProfile.valueOf(profile), e -> {
      if (e instanceof PeerEvent.Frame f) {
        sink.consume(f.frame());
      }
    });
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pair.a.close(pair.now);
    pair.b.close(pair.now);
  }

  @Benchmark
  public void packet(Blackhole bh) {
    sink = bh;
    pair.a.sendFrame(pair.now, pair.sender, new EncodedFrame(opus, rtpTimestamp, true, Codec.OPUS));
    rtpTimestamp += 960;
    pair.advance(20_000_000L);
  }
}
