package org.rtc4j.bench.peer;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.DataChannel;
import org.rtc4j.peer.DataChannelInit;
import org.rtc4j.peer.DataChannelState;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;

/**
 * One reliable ordered data channel between two rtc4j peer connections over 127.0.0.1, the whole
 * stack (ICE, DTLS 1.2 with AES-GCM, SCTP, DCEP, the event loops, UDP sockets), each connection on
 * its own event loop.
 *
 * <ul>
 *   <li><b>Throughput</b>: the application thread sends 16 KiB messages while {@code
 *       bufferedAmount} is at most 4 MiB, else waits for {@code bufferedamountlow} (threshold
 *       1 MiB), as a browser application would. Goodput (message bytes delivered to the receiver's
 *       {@code onMessage}) over the measured seconds after a warm-up, and the process's CPU time
 *       per MB delivered (both peers, every thread: loops, JIT, GC, the sending thread).
 *   <li><b>Round trip</b>: on a second channel of the same, otherwise idle, connections, a 100-byte
 *       message is echoed from the peer's {@code onMessage}; the next ping leaves from the
 *       originator's {@code onMessage} (on its loop), so no application thread hand-off is timed.
 * </ul>
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.peer.DataChannelThroughput [seconds] [warmupSeconds] [pings]
 * </pre>
 */
public final class DataChannelThroughput {
  private static final int CHUNK = 16 * 1024;
  private static final long HIGH_WATER = 4L * 1024 * 1024;
  private static final long LOW_WATER = 1024 * 1024;

  private DataChannelThroughput() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int warmupSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int pings = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    try (EventLoopGroup group = new EventLoopGroup("bench-dc", 2, Clock.system())) {
      Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
      PeerConnection a = PeerConnection.create(config);
      PeerConnection b = PeerConnection.create(config);
      try {
        AtomicLong delivered = new AtomicLong();
        b.onDataChannel(dc -> {
          if (dc.label().equals("bulk")) {
            dc.onMessage(m -> delivered.addAndGet(m.data().length));
          } else {
            dc.onMessage(m -> dc.send(m.data()));
          }
        });
        DataChannel bulk = a.createDataChannel("bulk");
        DataChannel ping = a.createDataChannel("ping", DataChannelInit.defaults());
        connect(a, b);
        awaitOpen(bulk);
        awaitOpen(ping);

        double[] rtt = roundTrips(ping, pings / 10, pings);
        throughput(bulk, delivered, warmupSeconds, seconds);
        System.out.printf(Locale.ROOT,
            "round trip, 100-byte message echoed from onMessage, %d pings after %d: p50 %.3f ms, p90 %.3f ms,"
                + " p99 %.3f ms%n", rtt.length, pings / 10, pct(rtt, 50), pct(rtt, 90), pct(rtt, 99));
        System.out.printf(Locale.ROOT, "load average %.1f, %d CPUs, %s %s%n",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"),
            System.getProperty("java.version"));
      } finally {
        a.closeAsync().get(5, TimeUnit.SECONDS);
        b.closeAsync().get(5, TimeUnit.SECONDS);
      }
    }
  }

  private static void throughput(DataChannel dc, AtomicLong delivered, int warmupSeconds, int seconds)
      throws Exception {
    Semaphore low = new Semaphore(0);
    dc.setBufferedAmountLowThreshold(LOW_WATER);
    dc.onBufferedAmountLow(low::release);
    byte[] chunk = new byte[CHUNK];
    long start = System.nanoTime();
    long warmEnd = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
    long end = warmEnd + TimeUnit.SECONDS.toNanos(seconds);
    long bytesAtWarm = -1;
    long cpuAtWarm = 0;
    long tAtWarm = 0;
    long waits = 0;
    for (long now = start; now < end; now = System.nanoTime()) {
      if (bytesAtWarm < 0 && now >= warmEnd) {
        bytesAtWarm = delivered.get();
        cpuAtWarm = processCpuNanos();
        tAtWarm = now;
      }
      if (dc.bufferedAmount() > HIGH_WATER) {
        low.drainPermits();
        if (dc.bufferedAmount() > HIGH_WATER) {
          low.tryAcquire(100, TimeUnit.MILLISECONDS);
          waits++;
        }
        continue;
      }
      dc.send(chunk);
    }
    long bytes = delivered.get() - bytesAtWarm;
    long cpu = processCpuNanos() - cpuAtWarm;
    double wall = (System.nanoTime() - tAtWarm) / 1e9;
    double mb = bytes / 1e6;
    System.out.printf(Locale.ROOT,
        "throughput, 16 KiB messages, reliable ordered, %d s after %d s warm-up: %.0f Mbit/s of goodput"
            + " (%.1f MB); process CPU %.2f s = %.2f ms per MB (%.0f%% of one core), %d waits for bufferedamountlow%n",
        seconds, warmupSeconds, bytes * 8 / wall / 1e6, mb, cpu / 1e9, cpu / 1e6 / mb, 100.0 * cpu / 1e9 / wall, waits);
    while (dc.bufferedAmount() > 0 && System.nanoTime() < end + TimeUnit.SECONDS.toNanos(10)) {
      Thread.sleep(10);
    }
  }

  private static double[] roundTrips(DataChannel dc, int warmup, int measured) throws Exception {
    long[] sentAt = new long[1];
    long[] samples = new long[warmup + measured];
    int[] n = new int[1];
    CompletableFuture<Void> done = new CompletableFuture<>();
    byte[] payload = new byte[100];
    dc.onMessage(m -> { // on a's loop
      long now = System.nanoTime();
      samples[n[0]++] = now - sentAt[0];
      if (n[0] == samples.length) {
        done.complete(null);
        return;
      }
      sentAt[0] = System.nanoTime();
      dc.send(payload);
    });
    sentAt[0] = System.nanoTime();
    dc.send(payload);
    done.get(120, TimeUnit.SECONDS);
    double[] ms = new double[measured];
    for (int i = 0; i < measured; i++) {
      ms[i] = samples[warmup + i] / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static double pct(double[] sorted, int p) {
    return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void awaitOpen(DataChannel dc) throws InterruptedException {
    for (int i = 0; i < 1000 && dc.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(10);
    }
    if (dc.readyState() != DataChannelState.OPEN) {
      throw new IllegalStateException(dc.label() + " did not open: " + dc.readyState());
    }
  }

  /** Offer/answer and trickle in memory; returns once both are connected. */
  static void connect(PeerConnection a, PeerConnection b) throws Exception {
    CompletableFuture<Void> bHasRemote = new CompletableFuture<>();
    CompletableFuture<Void> aHasRemote = new CompletableFuture<>();
    CompletableFuture<Void> aUp = new CompletableFuture<>();
    CompletableFuture<Void> bUp = new CompletableFuture<>();
    a.onIceCandidate(c -> {
      IceCandidate x = c == null ? IceCandidate.endOfCandidates("0", 0) : c;
      bHasRemote.thenRun(() -> b.addIceCandidate(x));
    });
    b.onIceCandidate(c -> {
      IceCandidate x = c == null ? IceCandidate.endOfCandidates("0", 0) : c;
      aHasRemote.thenRun(() -> a.addIceCandidate(x));
    });
    a.onConnectionStateChange(s -> {
      if (s == PeerConnectionState.CONNECTED) {
        aUp.complete(null);
      }
    });
    b.onConnectionStateChange(s -> {
      if (s == PeerConnectionState.CONNECTED) {
        bUp.complete(null);
      }
    });
    Description offer = a.createOffer().get(5, TimeUnit.SECONDS);
    a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
    b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
    bHasRemote.complete(null);
    Description answer = b.createAnswer().get(5, TimeUnit.SECONDS);
    b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
    a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
    aHasRemote.complete(null);
    CompletableFuture.allOf(aUp, bUp).get(10, TimeUnit.SECONDS);
  }
}
