package org.rtc4j.bench.signal;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.rtc4j.examples.RedisServer;
import org.rtc4j.examples.SignalClient;
import org.rtc4j.examples.SignalServer;
import org.rtc4j.examples.rooms.RedisRoomBus;
import org.rtc4j.examples.rooms.RoomBus;

/**
 * One-way relay latency of a signaling message, sender's {@code send} to receiver's callback, through
 * the signaling server with its rooms in memory (both peers on one server) and on Redis (each peer of
 * a room on its own server, the two servers sharing one {@code redis-server} started here on a free
 * loopback port). Everything but Redis runs in this JVM, so one clock times both ends.
 *
 * <p>Messages are candidate-sized JSON (~190 bytes) sent at a fixed pace (one every {@code gapMicros},
 * rotating over the rooms), so the figure is latency, not queueing under saturation. The two set-ups
 * take turns in rounds (memory, Redis, memory, ...) so that the machine's load falls on both alike;
 * the first round of each is warm-up.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.signal.RelayLatencyHarness [rounds] [perRound] [rooms] [gapMicros]
 * </pre>
 */
public final class RelayLatencyHarness {
  private RelayLatencyHarness() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 11;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int rooms = args.length > 2 ? Integer.parseInt(args[2]) : 100;
    long gapMicros = args.length > 3 ? Long.parseLong(args[3]) : 1000;
    System.out.println("load average: " + java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
    if (!RedisServer.installed()) {
      System.err.println(RedisServer.MISSING);
      System.exit(1);
    }
    ExecutorService io = Executors.newFixedThreadPool(2);
    HttpClient http = HttpClient.newBuilder().executor(io).connectTimeout(Duration.ofSeconds(10)).build();
    try (RedisServer redis = RedisServer.launch()) {
      SignalServer memory = server(null);
      SignalServer one = server(RedisRoomBus.connect(redis.url(), null, RedisRoomBus.DEFAULT_EXPIRY, SignalServer.MAX_ROOMS));
      SignalServer two = server(RedisRoomBus.connect(redis.url(), null, RedisRoomBus.DEFAULT_EXPIRY, SignalServer.MAX_ROOMS));
      try {
        Setup inMemory = new Setup("in memory, one server", http, memory, memory, rooms, rounds * perRound);
        Setup onRedis = new Setup("Redis, two servers", http, one, two, rooms, rounds * perRound);
        for (int r = 0; r < rounds; r++) {
          inMemory.round(perRound, gapMicros, r == 0);
          onRedis.round(perRound, gapMicros, r == 0);
        }
        double[] m = inMemory.report();
        double[] q = onRedis.report();
        System.out.printf(Locale.ROOT, "Redis / in memory: p50 %.2fx, p99 %.2fx (+%.3f ms at p50)%n", q[0] / m[0], q[1] / m[1],
            q[0] - m[0]);
        inMemory.close();
        onRedis.close();
      } finally {
        memory.stop(1000);
        one.stop(1000);
        two.stop(1000);
      }
    } finally {
      io.shutdownNow();
    }
  }

  private static SignalServer server(RoomBus rooms) throws InterruptedException {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    SignalServer s = rooms == null ? new SignalServer(any, null) : new SignalServer(any, null, rooms);
    s.startAndWait();
    return s;
  }

  /** Rooms of two peers, the first on {@code first}, the second on {@code second}; latencies in nanoseconds. */
  private static final class Setup {
    final String name;
    final SignalClient[] senders;
    final SignalClient[] receivers;
    final long[] latencies;
    final AtomicInteger received = new AtomicInteger();
    final AtomicInteger recorded = new AtomicInteger();
    final AtomicInteger joined = new AtomicInteger();
    volatile boolean recording;

    Setup(String name, HttpClient http, SignalServer first, SignalServer second, int rooms, int capacity) throws Exception {
      this.name = name;
      this.latencies = new long[capacity];
      senders = new SignalClient[rooms];
      receivers = new SignalClient[rooms];
      for (int i = 0; i < rooms; i++) {
        String room = "bench-" + i;
        receivers[i] = SignalClient.connect(http, uri(first, room), this::onMessage, why -> { });
        senders[i] = SignalClient.connect(http, uri(second, room), this::onMessage, why -> { });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (joined.get() < 2 * rooms && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (joined.get() < 2 * rooms) {
        throw new IllegalStateException(name + ": only " + joined.get() + " of " + 2 * rooms + " peers joined");
      }
    }

    private static URI uri(SignalServer s, String room) {
      return URI.create("ws://127.0.0.1:" + s.getPort() + "/" + room);
    }

    private void onMessage(JsonNode m) {
      long now = System.nanoTime();
      JsonNode t = m.get("t");
      if (t == null) {
        if (m.path("type").asText().equals("joined")) {
          joined.incrementAndGet();
        } else if (m.path("type").asText().equals("error")) {
          System.err.println(name + ": " + m);
        }
        return;
      }
      if (recording) {
        latencies[recorded.getAndIncrement()] = now - t.asLong();
      }
      received.incrementAndGet();
    }

    void round(int messages, long gapMicros, boolean warmup) throws InterruptedException {
      int before = received.get();
      recording = !warmup;
      long next = System.nanoTime();
      for (int k = 0; k < messages; k++) {
        next += gapMicros * 1000;
        while (System.nanoTime() < next) {
          LockSupport.parkNanos(next - System.nanoTime());
        }
        int room = k % senders.length;
        senders[room].send(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("type", "candidate")
            .put("candidate", "candidate:842163049 1 udp 1677729535 192.0.2.10 46154 typ srflx raddr 0.0.0.0 rport 0")
            .put("sdpMid", "0").put("sdpMLineIndex", 0).put("t", System.nanoTime()));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (received.get() - before < messages && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      if (received.get() - before < messages) {
        throw new IllegalStateException(name + ": " + (messages - (received.get() - before)) + " messages did not arrive");
      }
    }

    /** Prints and returns {p50, p99} in milliseconds. */
    double[] report() {
      long[] l = Arrays.copyOf(latencies, recorded.get());
      Arrays.sort(l);
      double p50 = l[l.length / 2] / 1e6;
      double p90 = l[l.length * 9 / 10] / 1e6;
      double p99 = l[l.length * 99 / 100] / 1e6;
      System.out.printf(Locale.ROOT, "%-24s %6d messages: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n", name, l.length,
          p50, p90, p99, l[l.length - 1] / 1e6);
      return new double[] {p50, p99};
    }

    void close() {
      for (SignalClient c : senders) {
        c.close();
      }
      for (SignalClient c : receivers) {
        c.close();
      }
    }
  }
}
