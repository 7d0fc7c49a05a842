package org.rtc4j.bench.scale;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.rtc4j.dtls.DtlsHandshakeExecutor;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.RtpSender;

/**
 * The teardown soak of issue 21: K cycles of create → connect → exchange a little audio → close,
 * two rtc4j connections in this JVM over 127.0.0.1 (descriptions handed over in memory, without
 * trickle), on one long-lived {@link EventLoopGroup} (a leaked timer or task would pile up on its
 * loops) with a certificate made per connection (the default). A cycle: both connections send
 * Opus until each has received 3 frames; A closes; B must see {@code closed} (RTCP BYE and DTLS
 * close_notify); B closes.
 *
 * <p>Before the first counted cycle (after {@code --warmup} cycles, which load classes and start
 * the DTLS handshake threads), every {@code --every} cycles and at the end it prints the JVM's
 * threads (Java threads and the kernel's count), open file descriptors ({@code /proc/self/fd};
 * both without what the measuring adds, see {@link Checkpoint#take})
 * and the live heap ({@code jcmd GC.class_histogram} on this JVM, which runs a full GC first), and
 * at the end the classes whose live bytes changed and one JSON line with the per-cycle times and
 * the differences. The per-cycle times go into arrays made before the first count. The goal: 0 extra threads, 0 extra
 * descriptors, heap within 5% of the start. Bounded by {@code --cycles} and {@code --max-seconds}.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.scale.TeardownSoak [--cycles 10000]
 *     [--max-seconds 900] [--every 1000] [--warmup 50] [--loops 2] [--jar examples/target/rtc4j.jar]
 * </pre>
 */
public final class TeardownSoak {
  private TeardownSoak() {}

  private static final long STEP_TIMEOUT_SECONDS = 10;
  private static final int FRAMES_EACH_WAY = 3;

  private static final java.util.Set<String> MEASURING_THREADS = java.util.Set.of("Attach Listener", "process reaper");

  /** Threads, descriptors and live heap of this JVM at one moment. */
  record Checkpoint(int cycle, int javaThreads, long osThreads, long fds, long heapBytes, Map<String, Integer> threadNames) {

    /**
     * Counts, then takes the heap histogram ({@code jcmd} on this JVM, after a full GC). What the
     * measuring itself adds is left out of the counts: the JVM's Attach Listener thread and the
     * JDK's process reaper (which ends after a minute idle), the attach socket and {@code jcmd}'s
     * pipes ({@link ProcFigures#openFdsOfTheStack}). The histogram itself goes to {@code
     * histogram} (a file, so that keeping it does not grow the heap it measures).
     */
    static Checkpoint take(int cycle, Path histogram) throws IOException, InterruptedException {
      long pid = ProcessHandle.current().pid();
      Map<String, Integer> names = new TreeMap<>();
      int javaThreads = 0;
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (!MEASURING_THREADS.contains(t.getName())) {
          names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
          javaThreads++;
        }
      }
      long osThreads = ProcFigures.threads(pid);
      for (Map.Entry<String, Integer> e : ProcFigures.threadNames(pid).entrySet()) {
        if (MEASURING_THREADS.contains(e.getKey())) {
          osThreads -= e.getValue();
        }
      }
      long fds = ProcFigures.openFdsOfTheStack(pid);
      String text = HeapHistogram.jcmd(pid, "GC.class_histogram");
      Files.writeString(histogram, text);
      return new Checkpoint(cycle, javaThreads, osThreads, fds, HeapHistogram.parse(text).totalBytes(), names);
    }

    String line() {
      return String.format(Locale.ROOT, "cycle %6d: %d Java threads (%d in the kernel), %d fds, live heap %.2f MB", cycle,
          javaThreads, osThreads, fds, heapBytes() / 1e6);
    }
  }

  /** How long the parts of one cycle took, in ms. */
  record Cycle(double connectMs, double mediaMs, double closeMs, double totalMs) {}

  /** Per-cycle times, allocated before the first count so that keeping them does not grow the heap. */
  private static final class Times {
    final double[][] ms;
    int n;

    Times(int cycles) {
      ms = new double[4][cycles];
    }

    void add(Cycle c) {
      ms[0][n] = c.connectMs();
      ms[1][n] = c.mediaMs();
      ms[2][n] = c.closeMs();
      ms[3][n] = c.totalMs();
      n++;
    }

    /** Quantiles of part {@code p} (0 connect, 1 media, 2 close, 3 total) over cycles [from, n). */
    Quantiles of(int p, int from) {
      List<Double> v = new ArrayList<>(n - from);
      for (int i = from; i < n; i++) {
        v.add(ms[p][i]);
      }
      return Quantiles.of(v);
    }
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Map<String, String> o = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    int cycles = Integer.parseInt(o.getOrDefault("cycles", "10000"));
    long maxSeconds = Long.parseLong(o.getOrDefault("max-seconds", "900"));
    int every = Integer.parseInt(o.getOrDefault("every", "1000"));
    int warmup = Integer.parseInt(o.getOrDefault("warmup", "50"));
    int loops = Integer.parseInt(o.getOrDefault("loops", "2"));
    List<byte[]> opus = OpusFrames.load(Path.of(o.getOrDefault("jar", "examples/target/rtc4j.jar")));

    EventLoopGroup group = new EventLoopGroup("soak", loops, Clock.system());
    Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < warmup; i++) {
      runCycle(config, opus, failures);
    }
    Times times = new Times(cycles);
    Path startHistogram = Files.createTempFile("soak-start", ".histogram");
    Path histogram = Files.createTempFile("soak", ".histogram");
    Checkpoint start = Checkpoint.take(0, startHistogram);
    System.err.println("[soak] " + start.line() + " (after " + warmup + " warm-up cycles)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
    long t0 = System.nanoTime();
    int done = 0;
    while (done < cycles && System.nanoTime() < deadline) {
      Cycle c = runCycle(config, opus, failures);
      done++;
      if (c != null) {
        times.add(c);
      }
      if (done % every == 0) {
        Checkpoint k = Checkpoint.take(done, histogram);
        Quantiles last = times.of(3, Math.max(0, times.n - every));
        System.err.printf(Locale.ROOT, "[soak] %s; last %d cycles: median %.1f ms, p95 %.1f ms; %d failed so far%n", k.line(),
            last.count(), last.median(), last.p95(), failures.size());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (DtlsHandshakeExecutor.shared().admitted() > 0 && System.nanoTime() < settle) {
      Thread.sleep(10);
    }
    Checkpoint end = Checkpoint.take(done, histogram);
    System.err.println("[soak] " + end.line() + " (end)");
    if (!end.threadNames().equals(start.threadNames())) {
      System.err.println("[soak] threads at the start: " + start.threadNames());
      System.err.println("[soak] threads at the end:   " + end.threadNames());
    }
    System.err.printf(Locale.ROOT, "[soak] live heap at the end minus at the start, by class:%n%s",
        HeapHistogram.table(HeapHistogram.parse(Files.readString(histogram)).minus(HeapHistogram.parse(Files.readString(startHistogram))),
            15, 0));
    Files.delete(startHistogram);
    Files.delete(histogram);
    failures.stream().limit(10).forEach(f -> System.err.println("[soak] failed cycle: " + f));
    group.shutdownGracefully().get(10, TimeUnit.SECONDS);

    StringBuilder json = new StringBuilder("{\"harness\":\"TeardownSoak\"");
    json.append(String.format(Locale.ROOT, ",\"cycles\":%d,\"failed\":%d,\"seconds\":%.1f,\"warmup\":%d,\"loops\":%d", done,
        failures.size(), seconds, warmup, loops));
    String[] parts = {"connectMs", "mediaMs", "closeMs", "totalMs"};
    for (int p = 0; p < parts.length; p++) {
      Quantiles q = times.of(p, 0);
      json.append(String.format(Locale.ROOT, ",\"%s\":{\"median\":%.2f,\"p95\":%.2f,\"max\":%.2f}", parts[p], q.median(), q.p95(),
          q.max()));
    }
    json.append(String.format(Locale.ROOT,
        ",\"javaThreads\":[%d,%d],\"osThreads\":[%d,%d],\"fds\":[%d,%d],\"liveHeapMb\":[%.2f,%.2f],\"heapGrowthPercent\":%.2f",
        start.javaThreads(), end.javaThreads(), start.osThreads(), end.osThreads(), start.fds(), end.fds(),
        start.heapBytes() / 1e6, end.heapBytes() / 1e6, 100.0 * (end.heapBytes() - start.heapBytes()) / start.heapBytes()));
    json.append(",\"loadAverage\":\"").append(ProcFigures.loadAverage()).append("\"}");
    System.out.println(json);
    System.exit(0);
  }

  /** One cycle; null (and a line in {@code failures}) when a step did not complete in time. */
  static Cycle runCycle(Configuration config, List<byte[]> opus, List<String> failures) {
    long t0 = System.nanoTime();
    PeerConnection a = PeerConnection.create(config);
    PeerConnection b = PeerConnection.create(config);
    try {
      RtpSender toB = a.addTrack(MediaStreamTrack.audio("a"), "soak");
      RtpSender toA = b.addTrack(MediaStreamTrack.audio("b"), "soak");
      AtomicInteger atA = new AtomicInteger();
      AtomicInteger atB = new AtomicInteger();
      a.onTrack(e -> e.receiver().onFrame(f -> atA.incrementAndGet()));
      b.onTrack(e -> e.receiver().onFrame(f -> atB.incrementAndGet()));
      CompletableFuture<Void> aConnected = reached(a, PeerConnectionState.CONNECTED);
      CompletableFuture<Void> bConnected = reached(b, PeerConnectionState.CONNECTED);
      CompletableFuture<Void> aGathered = gathered(a);
      CompletableFuture<Void> bGathered = gathered(b);

      get(a.setLocalDescription(get(a.createOffer())));
      get(aGathered);
      get(b.setRemoteDescription(a.localDescription()));
      get(b.setLocalDescription(get(b.createAnswer())));
      get(bGathered);
      get(a.setRemoteDescription(b.localDescription()));
      get(CompletableFuture.allOf(aConnected, bConnected));
      long t1 = System.nanoTime();

      long mediaDeadline = t1 + TimeUnit.SECONDS.toNanos(STEP_TIMEOUT_SECONDS);
      for (int i = 0; atA.get() < FRAMES_EACH_WAY || atB.get() < FRAMES_EACH_WAY; i++) {
        if (System.nanoTime() > mediaDeadline) {
          throw new IllegalStateException("frames received in " + STEP_TIMEOUT_SECONDS + " s: A " + atA + ", B " + atB);
        }
        EncodedFrame f = new EncodedFrame(opus.get(i % opus.size()), i * 960L, true, Codec.OPUS);
        toB.sendFrame(f);
        toA.sendFrame(f);
        Thread.sleep(10);
      }
      long t2 = System.nanoTime();

      CompletableFuture<Void> bClosed = reached(b, PeerConnectionState.CLOSED);
      get(a.closeAsync());
      try {
        get(bClosed); // the close_notify reached B
      } catch (Exception e) {
        throw new IllegalStateException("B did not see A close: " + b.connectionState(), e);
      }
      get(b.closeAsync());
      long t3 = System.nanoTime();
      return new Cycle((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t3 - t0) / 1e6);
    } catch (Exception e) {
      failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
      return null;
    } finally {
      a.close();
      b.close();
    }
  }

  private static CompletableFuture<Void> reached(PeerConnection pc, PeerConnectionState state) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    pc.onConnectionStateChange(s -> {
      if (s == state) {
        f.complete(null);
      }
    });
    if (pc.connectionState() == state) {
      f.complete(null);
    }
    return f;
  }

  private static CompletableFuture<Void> gathered(PeerConnection pc) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    pc.onIceGatheringStateChange(s -> {
      if (s == IceGatheringState.COMPLETE) {
        f.complete(null);
      }
    });
    return f;
  }

  private static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }
}
