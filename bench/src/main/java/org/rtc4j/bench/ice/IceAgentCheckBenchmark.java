package org.rtc4j.bench.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
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
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.CandidateType;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceConfig;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceRole;
import org.rtc4j.ice.Transmit;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/**
 * The control path of a sans-IO agent: one authenticated connectivity check (or consent check) in,
 * the signed success response out — decode, FINGERPRINT, USERNAME and MESSAGE-INTEGRITY check,
 * role check, pair lookup, response encode.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar IceAgentCheckBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IceAgentCheckBenchmark {
  private IceAgent agent;
  private byte[] request;
  private InetSocketAddress local;
  private InetSocketAddress remote;
  private long now = 1_000_000_000L;

  @Setup
  public void setup() throws UnknownHostException {
    Random r = new Random(1);
    IceCredentials mine = IceCredentials.random(r);
    IceCredentials theirs = IceCredentials.random(r);
    local = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 5000);
    remote = new InetSocketAddress(InetAddress.getByName("10.0.0.2"), 6000);
    agent = new IceAgent(IceConfig.builder().random(r).build(), mine, IceRole.CONTROLLED);
    agent.addHostCandidate(now, local);
    agent.endOfLocalCandidates();
    agent.setRemoteCredentials(theirs);
    agent.addRemoteCandidate(Candidate.udp("1", 1, 2130706431L, remote, CandidateType.HOST, null));
    byte[] buf = new byte[256];
    int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST, StunMessage.newTransactionId(r))
        .username((mine.ufrag() + ":" + theirs.ufrag()).getBytes(StandardCharsets.US_ASCII)).priority(1853824767L)
        .iceControlling(0x1234_5678_9abc_def0L)
        .messageIntegrity(mine.password().getBytes(StandardCharsets.US_ASCII)).fingerprint().length();
    request = java.util.Arrays.copyOf(buf, len);
    answer(); // the first check also triggers the agent's own check; later ones only get answered
    agent.handleTimeout(now);
    while (agent.pollTransmit() != null) {
      // drain
    }
  }

  @Benchmark
  public Transmit answer() {
    agent.handleDatagram(now, request, 0, request.length, remote, local);
    Transmit response = agent.pollTransmit();
    while (agent.pollTransmit() != null) {
      // nothing else is expected
    }
    while (agent.pollEvent() != null) {
      // idem
    }
    return response;
  }
}
