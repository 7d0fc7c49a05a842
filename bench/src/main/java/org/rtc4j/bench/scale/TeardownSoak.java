package org.rtc4j.bench.scale;

import java.lang.management.ManagementFactory;
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
 * threads (Java threads and the kernel's count), open file descriptors ({@code /proc/self/fd})
 * and the heap after a full GC ({@code System.gc()}, then the heap in use), and at the end one
 * JSON line with the per-cycle times and the differences. The goal: 0 extra threads, 0 extra
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

  /** Threads, descriptors and heap of this JVM at one moment. */
  record Checkpoint(int cycle, int javaThreads, long osThreads, long fds, long heapAfterGcBytes, Map<String, Integer> threadNames) {

    static Checkpoint take(int cycle) {
      long heap = heapAfterGc();
      Map<String, Integer> names = new TreeMap<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        names.merge(t.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
      }
      long pid = ProcessHandle.current().pid();
      return new Checkpoint(cycle, ManagementFactory.getThreadMXBean().getThreadCount(), ProcFigures.threads(pid),
          ProcFigures.openFds(pid), heap, names);
    }

    String line() {
      return String.format(Locale.ROOT, "cycle %6d: %d Java threads (%d in the kernel), %d fds, heap after GC %.2f MB", cycle,
          javaThreads, osThreads, fds, heapAfterGcBytes / 1e6);
    }
  }

  /** Live heap: in use right after full collections (twice, so that finalizable objects go too). */
  static long heapAfterGc() {
    System.gc();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** How long the parts of one cycle took, in ms. */
  record Cycle(double connectMs, double mediaMs, double closeMs, double totalMs) {}

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
    Checkpoint start = Checkpoint.take(0);
    System.err.println("[soak] " + start.line() + " (after " + warmup + " warm-up cycles)");
    List<Cycle> times = new ArrayList<>();
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
        Checkpoint k = Checkpoint.take(done);
        List<Cycle> last = times.subList(Math.max(0, times.size() - every), times.size());
        System.err.printf(Locale.ROOT, "[soak] %s; last %d cycles: median %.1f ms, p95 %.1f ms; %d failed so far%n", k.line(),
            last.size(), Quantiles.of(last.stream().map(Cycle::totalMs).toList()).median(),
            Quantiles.of(last.stream().map(Cycle::totalMs).toList()).p95(), failures.size());
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (DtlsHandshakeExecutor.shared().admitted() > 0 && System.nanoTime() < settle) {
      Thread.sleep(10);
    }
    Checkpoint end = Checkpoint.take(done);
    System.err.println("[soak] " + end.line() + " (end)");
    if (!end.threadNames().equals(start.threadNames())) {
      System.err.println("[soak] threads at the start: " + start.threadNames());
      System.err.println("[soak] threads at the end:   " + end.threadNames());
    }
    failures.stream().limit(10).forEach(f -> System.err.println("[soak] failed cycle: " + f));
    group.shutdownGracefully().get(10, TimeUnit.SECONDS);

    StringBuilder json = new StringBuilder("{\"harness\":\"TeardownSoak\"");
    json.append(String.format(Locale.ROOT, ",\"cycles\":%d,\"failed\":%d,\"seconds\":%.1f,\"warmup\":%d,\"loops\":%d", done,
        failures.size(), seconds, warmup, loops));
    for (String part : List.of("connectMs", "mediaMs", "closeMs", "totalMs")) {
      Quantiles q = Quantiles.of(times.stream().map(c -> switch (part) {
        case "connectMs" -> c.connectMs();
        case "mediaMs" -> c.mediaMs();
        case "closeMs" -> c.closeMs();
        default -> c.totalMs();
      }).toList());
      json.append(String.format(Locale.ROOT, ",\"%s\":{\"median\":%.2f,\"p95\":%.2f,\"max\":%.2f}", part, q.median(), q.p95(), q.max()));
    }
    json.append(String.format(Locale.ROOT,
        ",\"javaThreads\":[%d,%d],\"osThreads\":[%d,%d],\"fds\":[%d,%d],\"heapAfterGcMb\":[%.2f,%.2f],\"heapGrowthPercent\":%.2f",
        start.javaThreads(), end.javaThreads(), start.osThreads(), end.osThreads(), start.fds(), end.fds(),
        start.heapAfterGcBytes() / 1e6, end.heapAfterGcBytes() / 1e6,
        100.0 * (end.heapAfterGcBytes() - start.heapAfterGcBytes()) / start.heapAfterGcBytes()));
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
