package org.rtc4j.bench.peer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.IceConnectionState;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;

/**
 * Time from {@code createOffer()} to both sides connected (ICE and DTLS done, SRTP keyed) between
 * two rtc4j peer connections over 127.0.0.1, with trickle ICE through in-memory signalling.
 * Prints the median (and p10/p90) of the measured runs after warm-up, and the median time of each
 * milestone so one can see where the time goes:
 *
 * <ul>
 *   <li>{@code offer+sld}: createOffer and setLocalDescription on A (SDP, binding the socket);
 *   <li>{@code answered}: B's setRemoteDescription/createAnswer/setLocalDescription and A's
 *       setRemoteDescription (signalling itself is free here);
 *   <li>{@code ice A/B}: ICE connected (checks, Ta pacing, nomination);
 *   <li>{@code dtls}: from the later ICE connected to both connected (DTLS flights on the
 *       handshake threads: ECDHE, ECDSA sign/verify, certificate and fingerprint check).
 * </ul>
 *
 * The certificates are made by {@code PeerConnection.create}, before the clock starts, as a
 * browser makes them before {@code createOffer}.
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.peer.ConnectTime [runs] [warmup]
 * </pre>
 */
public final class ConnectTime {
  private ConnectTime() {}

  /** Milestones of one run, nanoseconds since createOffer was called. */
  private static final class Run {
    final long t0 = System.nanoTime();
    volatile long offerApplied;
    volatile long answered;
    volatile long firstCandidate;
    volatile long iceA;
    volatile long iceB;
    volatile long connectedA;
    volatile long connectedB;

    long at() {
      return System.nanoTime() - t0;
    }
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    try (EventLoopGroup group = new EventLoopGroup("bench-peer", 2, Clock.system())) {
      Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
      for (int i = 0; i < warmup; i++) {
        once(config);
      }
      List<Run> measured = new ArrayList<>();
      CpuSample before = CpuSample.take();
      long wallStart = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        measured.add(once(config));
      }
      long wall = System.nanoTime() - wallStart;
      CpuSample cpu = CpuSample.take().minus(before);
      System.out.printf(Locale.ROOT, "rtc4j <-> rtc4j over 127.0.0.1, %d runs after %d warm-up (ms)%n", runs, warmup);
      System.out.printf(Locale.ROOT, "%-22s %8s %8s %8s%n", "milestone", "p10", "median", "p90");
      row("offer+sld (A)", measured, r -> r.offerApplied);
      row("first candidate (A)", measured, r -> r.firstCandidate);
      row("answered (A has SRD)", measured, r -> r.answered);
      row("ice connected A", measured, r -> r.iceA);
      row("ice connected B", measured, r -> r.iceB);
      row("connected A", measured, r -> r.connectedA);
      row("connected B", measured, r -> r.connectedB);
      row("dtls (after ICE)", measured, r -> Math.max(r.connectedA, r.connectedB) - Math.max(r.iceA, r.iceB));
      row("TOTAL both connected", measured, r -> Math.max(r.connectedA, r.connectedB));
      System.out.printf(Locale.ROOT,
          "CPU per connection (both peers, measured runs incl. close): process %.2f ms = loops %.2f + dtls threads %.2f"
              + " + harness %.2f + other (JIT, GC) %.2f; wall per run incl. create/close %.2f ms; load average %.1f%n",
          cpu.process / 1e6 / runs, cpu.loops / 1e6 / runs, cpu.dtls / 1e6 / runs, cpu.main / 1e6 / runs,
          (cpu.process - cpu.loops - cpu.dtls - cpu.main) / 1e6 / runs, wall / 1e6 / runs,
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** CPU nanoseconds consumed so far: the whole process, and by thread family. */
  private record CpuSample(long process, long loops, long dtls, long main) {
    static CpuSample take() {
      ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long loops = 0;
      long dtls = 0;
      long main = 0;
      for (long id : threads.getAllThreadIds()) {
        ThreadInfo info = threads.getThreadInfo(id);
        long t = threads.getThreadCpuTime(id);
        if (info == null || t < 0) {
          continue;
        }
        String name = info.getThreadName();
        if (name.startsWith("bench-peer")) {
          loops += t;
        } else if (name.startsWith("rtc4j-dtls")) {
          dtls += t;
        } else if (name.equals("main")) {
          main += t;
        }
      }
      long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getProcessCpuTime();
      return new CpuSample(process, loops, dtls, main);
    }

    CpuSample minus(CpuSample o) {
      return new CpuSample(process - o.process, loops - o.loops, dtls - o.dtls, main - o.main);
    }
  }

  private interface Field {
    long of(Run r);
  }

  private static void row(String name, List<Run> runs, Field f) {
    double[] v = runs.stream().mapToDouble(r -> f.of(r) / 1e6).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-22s %8.2f %8.2f %8.2f%n", name, v[v.length / 10], median(v),
        v[v.length * 9 / 10]);
  }

  private static double median(double[] sorted) {
    double[] s = Arrays.copyOf(sorted, sorted.length);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static Run once(Configuration config) throws Exception {
    PeerConnection a = PeerConnection.create(config);
    PeerConnection b = PeerConnection.create(config);
    try {
      a.addTrack(MediaStreamTrack.audio("a"), "s");
      CompletableFuture<Void> bothConnected = new CompletableFuture<>();
      CompletableFuture<Void> bHasRemote = new CompletableFuture<>();
      CompletableFuture<Void> aHasRemote = new CompletableFuture<>();
      Run[] run = new Run[1];
      a.onIceCandidate(c -> {
        if (run[0].firstCandidate == 0) {
          run[0].firstCandidate = run[0].at();
        }
        IceCandidate x = c == null ? IceCandidate.endOfCandidates("0", 0) : c;
        bHasRemote.thenRun(() -> b.addIceCandidate(x));
      });
      b.onIceCandidate(c -> {
        IceCandidate x = c == null ? IceCandidate.endOfCandidates("0", 0) : c;
        aHasRemote.thenRun(() -> a.addIceCandidate(x));
      });
      a.onIceConnectionStateChange(s -> {
        if (s == IceConnectionState.CONNECTED && run[0].iceA == 0) {
          run[0].iceA = run[0].at();
        }
      });
      b.onIceConnectionStateChange(s -> {
        if (s == IceConnectionState.CONNECTED && run[0].iceB == 0) {
          run[0].iceB = run[0].at();
        }
      });
      a.onConnectionStateChange(s -> {
        if (s == PeerConnectionState.CONNECTED) {
          run[0].connectedA = run[0].at();
          if (run[0].connectedB != 0) {
            bothConnected.complete(null);
          }
        }
      });
      b.onConnectionStateChange(s -> {
        if (s == PeerConnectionState.CONNECTED) {
          run[0].connectedB = run[0].at();
          if (run[0].connectedA != 0) {
            bothConnected.complete(null);
          }
        }
      });
      run[0] = new Run();
      Description offer = a.createOffer().get(5, TimeUnit.SECONDS);
      a.setLocalDescription(offer).get(5, TimeUnit.SECONDS);
      run[0].offerApplied = run[0].at();
      b.setRemoteDescription(offer).get(5, TimeUnit.SECONDS);
      bHasRemote.complete(null);
      Description answer = b.createAnswer().get(5, TimeUnit.SECONDS);
      b.setLocalDescription(answer).get(5, TimeUnit.SECONDS);
      a.setRemoteDescription(answer).get(5, TimeUnit.SECONDS);
      aHasRemote.complete(null);
      run[0].answered = run[0].at();
      bothConnected.get(10, TimeUnit.SECONDS);
      return run[0];
    } finally {
      a.closeAsync().get(5, TimeUnit.SECONDS);
      b.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }
}
