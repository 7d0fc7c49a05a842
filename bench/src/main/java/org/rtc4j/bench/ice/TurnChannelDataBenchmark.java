package org.rtc4j.bench.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.rtc4j.ice.turn.TurnClient;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.ice.turn.TurnTransport;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunCredentials;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/**
 * The TURN fast path: wrapping a 1,200-byte media packet into ChannelData and unwrapping it
 * ({@link TurnClient#wrap}, {@link TurnClient#handleMessage}) once the channel is bound. The goal
 * is 0 B/op ({@code -prof gc}).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TurnChannelDataBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TurnChannelDataBenchmark {
  private TurnClient client;
  private InetSocketAddress peer;
  private final byte[] payload = new byte[1200];
  private final byte[] out = new byte[1200 + TurnClient.MAX_OVERHEAD];
  private int wrapped;

  @Setup
  public void setup() throws Exception {
    peer = new InetSocketAddress(InetAddress.getByName("203.0.113.9"), 7000);
    client = new TurnClient(new TurnServer("turn.bench", 3478, TurnTransport.UDP, "u", "p"),
        TurnClient.Options.defaults(new Random(1)));
    byte[] key = StunCredentials.longTermKey("u", "r", "p");
    client.start(0);
    answer(client.pollTransmit(), StunClass.ERROR_RESPONSE, null, w -> w.errorCode(401, "Unauthorized")
        .string(StunAttribute.REALM, "r").string(StunAttribute.NONCE, "n"));
    answer(client.pollTransmit(), StunClass.SUCCESS_RESPONSE, key, w -> w.address(StunAttribute.XOR_RELAYED_ADDRESS,
        new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 50000), true));
    client.bindChannel(0, peer);
    answer(client.pollTransmit(), StunClass.SUCCESS_RESPONSE, key, w -> { });
    if (client.channelOf(peer) < 0) {
      throw new IllegalStateException("channel not bound");
    }
    new Random(2).nextBytes(payload);
    wrapped = client.wrap(payload, 0, payload.length, peer, out, 0);
  }

  private interface Attrs {
    void write(StunWriter w) throws Exception;
  }

  private void answer(byte[] request, StunClass cls, byte[] key, Attrs attrs) throws Exception {
    StunMessage req = StunMessage.parse(request, 0, request.length);
    byte[] b = new byte[512];
    StunWriter w = new StunWriter().begin(b, 0, req.method(), cls, req.transactionId());
    attrs.write(w);
    if (key != null) {
      w.messageIntegrity(key);
    }
    client.handleMessage(0, b, 0, w.length());
  }

  /** Application data into a ChannelData message. */
  @Benchmark
  public int wrap() {
    return client.wrap(payload, 0, payload.length, peer, out, 0);
  }

  /** A ChannelData message from the server back to the peer's data. */
  @Benchmark
  public int unwrap() {
    return client.handleMessage(1, out, 0, wrapped) + client.dataLength() + client.dataPeer().getPort();
  }
}
