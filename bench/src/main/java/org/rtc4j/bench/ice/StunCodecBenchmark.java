package org.rtc4j.bench.ice;

import java.nio.charset.StandardCharsets;
import java.util.Random;
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
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunParseException;
import org.rtc4j.stun.StunWriter;

/**
 * STUN encode and decode of an ICE connectivity check: a Binding request with USERNAME, PRIORITY,
 * ICE-CONTROLLING, USE-CANDIDATE, MESSAGE-INTEGRITY (HMAC-SHA1) and FINGERPRINT (CRC-32).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar StunCodecBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class StunCodecBenchmark {
  private final StunWriter writer = new StunWriter();
  private final byte[] buf = new byte[1500];
  private byte[] tid;
  private byte[] username;
  private byte[] key;
  private int encodedLength;

  @Setup
  public void setup() {
    Random r = new Random(1);
    tid = StunMessage.newTransactionId(r);
    username = "Kd9fG2hJ:x8Qw3Zp1".getBytes(StandardCharsets.US_ASCII);
    key = "aB3dE5fG7hJ9kL1mN3pQ5rS7".getBytes(StandardCharsets.US_ASCII);
    encodedLength = encode();
  }

  private int encode() {
    return writer.begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, tid).username(username)
        .priority(1853824767L).iceControlling(0x1234_5678_9abc_def0L).useCandidate().messageIntegrity(key)
        .fingerprint().length();
  }

  /** Encode only, into a reused buffer. */
  @Benchmark
  public int encodeCheck() {
    return encode();
  }

  /** Decode (FINGERPRINT checked) and verify MESSAGE-INTEGRITY. */
  @Benchmark
  public boolean decodeAndVerifyCheck() throws StunParseException {
    return StunMessage.parse(buf, 0, encodedLength).verifyIntegrity(key);
  }

  /** Both: what one side of a connectivity check costs. */
  @Benchmark
  public boolean encodeDecodeVerifyCheck() throws StunParseException {
    int len = encode();
    return StunMessage.parse(buf, 0, len).verifyIntegrity(key);
  }
}
