package org.rtc4j.bench.srtp;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * Interleaved companion of {@link SrtpBenchmark} for a shared, loaded machine: the three
 * implementations (bound, jitsi-srtp, rtc4j) run the same JMH state in short alternating slices, so
 * every one of them sees the same load; each ratio is the median over rounds of the ratio within a
 * round. JMH
 * stays the reference for absolute figures and allocation; this gives ratios a noisy neighbour
 * cannot skew.
 *
 * <p>A second table sets rtc4j's two WebRTC profiles against each other the same way:
 * AES_CM_128_HMAC_SHA1_80 and AEAD_AES_128_GCM alternate slice by slice, and each reports its
 * thread CPU time per packet (so time the scheduler gives to other processes is not counted), the
 * whole JVM's CPU time per packet (which adds the garbage collector's threads, the cost of GCM's
 * allocation that the packet thread does not pay itself) and its allocation per packet; the CM/GCM
 * ratios are again medians of the per-round ratios. Pass
 * {@code cm-vs-gcm} as the third argument to run only that table.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.srtp.SrtpRatioHarness [sliceMillis] [rounds] [profile | cm-vs-gcm]
 * </pre>
 */
public final class SrtpRatioHarness {
  private SrtpRatioHarness() {}

  @FunctionalInterface
  private interface Op {
    int run() throws Exception;
  }

  private static long sink;

  public static void main(String[] args) throws Exception {
    long sliceNanos = (args.length > 0 ? Long.parseLong(args[0]) : 100) * 1_000_000L;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int warmup = Math.max(5, rounds / 5);
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    System.out.printf("interleaved slices of %d ms, %d rounds after %d warm-up rounds; Mpps medians%n",
        sliceNanos / 1_000_000, rounds, warmup);
    String only = args.length > 2 ? args[2] : "";
    if (!only.equals(CM_VS_GCM)) {
      implementations(sliceNanos, rounds, warmup, only, mx, tid);
    }
    if (only.isEmpty() || only.equals(CM_VS_GCM)) {
      profiles(sliceNanos, rounds, warmup, mx, tid);
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private static final String CM_VS_GCM = "cm-vs-gcm";

  private static void implementations(long sliceNanos, int rounds, int warmup, String only,
      com.sun.management.ThreadMXBean mx, long tid) throws Exception {
    System.out.printf("%-24s %7s %-9s %7s %7s %7s %11s %11s %9s%n", "profile", "payload", "op",
        "bound", "jitsi", "rtc4j", "rtc4j/bound", "rtc4j/jitsi", "rtc4j B/op");
    for (String profile : new String[] {"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"}) {
      if (!profile.contains(only)) {
        continue;
      }
      for (int payload : new int[] {160, 1200}) {
        for (boolean protect : new boolean[] {true, false}) {
          SrtpBenchmark b = new SrtpBenchmark();
          b.profile = profile;
          b.payload = payload;
          b.setup();
          Op[] ops = protect
              ? new Op[] {b::boundProtect, b::jitsiProtect, b::rtc4jProtect}
              : new Op[] {b::boundUnprotect, b::jitsiUnprotect, b::rtc4jUnprotect};
          double[][] mpps = new double[3][rounds];
          double[] bytes = new double[rounds];
          for (int r = 0; r < warmup + rounds; r++) {
            for (int k = 0; k < 3; k++) {
              int i = (r + k) % 3; // rotate the order so no one always runs first
              long a0 = mx.getThreadAllocatedBytes(tid);
              long t0 = System.nanoTime();
              long n = 0;
              long t;
              do {
                for (int j = 0; j < 256; j++) {
                  sink += ops[i].run();
                }
                n += 256;
                t = System.nanoTime();
              } while (t - t0 < sliceNanos);
              long a1 = mx.getThreadAllocatedBytes(tid);
              if (r >= warmup) {
                mpps[i][r - warmup] = n * 1e3 / (t - t0);
                if (i == 2) {
                  bytes[r - warmup] = (double) (a1 - a0) / n;
                }
              }
            }
          }
          // Ratios per round (the three slices of a round see nearly the same load), then medians.
          double[] toBound = new double[rounds];
          double[] toJitsi = new double[rounds];
          for (int r = 0; r < rounds; r++) {
            toBound[r] = mpps[2][r] / mpps[0][r];
            toJitsi[r] = mpps[2][r] / mpps[1][r];
          }
          System.out.printf("%-24s %7d %-9s %7.3f %7.3f %7.3f %11.2f %11.2f %9.1f%n", profile,
              payload, protect ? "protect" : "unprotect", median(mpps[0]), median(mpps[1]),
              median(mpps[2]), median(toBound), median(toJitsi), median(bytes));
        }
      }
    }
  }

  /** rtc4j AES_CM_128_HMAC_SHA1_80 against rtc4j AEAD_AES_128_GCM: CPU per packet, interleaved. */
  private static void profiles(long sliceNanos, int rounds, int warmup,
      com.sun.management.ThreadMXBean mx, long tid) throws Exception {
    System.out.printf("%nrtc4j, AES_CM_128_HMAC_SHA1_80 vs AEAD_AES_128_GCM interleaved; thread CPU "
        + "microseconds per packet, medians%n");
    System.out.printf("%7s %-9s %9s %9s %8s %11s %11s %10s %8s %9s%n", "payload", "op", "CM us",
        "GCM us", "CM/GCM", "CM us(JVM)", "GCM us(JVM)", "CM/GCM JVM", "CM B/op", "GCM B/op");
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (int payload : new int[] {160, 1200}) {
      for (boolean protect : new boolean[] {true, false}) {
        Op[] ops = new Op[2];
        int k = 0;
        for (String profile : new String[] {"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"}) {
          SrtpBenchmark b = new SrtpBenchmark();
          b.profile = profile;
          b.payload = payload;
          b.setup();
          ops[k++] = protect ? b::rtc4jProtect : b::rtc4jUnprotect;
        }
        double[][] cpuMicros = new double[2][rounds];
        double[][] jvmMicros = new double[2][rounds];
        double[][] bytes = new double[2][rounds];
        for (int r = 0; r < warmup + rounds; r++) {
          for (int j = 0; j < 2; j++) {
            int i = (r + j) % 2;
            long a0 = mx.getThreadAllocatedBytes(tid);
            long c0 = mx.getCurrentThreadCpuTime();
            long p0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            long n = 0;
            do {
              for (int m = 0; m < 256; m++) {
                sink += ops[i].run();
              }
              n += 256;
            } while (System.nanoTime() - t0 < sliceNanos);
            long c1 = mx.getCurrentThreadCpuTime();
            long p1 = os.getProcessCpuTime();
            long a1 = mx.getThreadAllocatedBytes(tid);
            if (r >= warmup) {
              cpuMicros[i][r - warmup] = (c1 - c0) / 1e3 / n;
              jvmMicros[i][r - warmup] = (p1 - p0) / 1e3 / n;
              bytes[i][r - warmup] = (double) (a1 - a0) / n;
            }
          }
        }
        double[] ratio = new double[rounds];
        double[] jvmRatio = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratio[r] = cpuMicros[0][r] / cpuMicros[1][r];
          jvmRatio[r] = jvmMicros[0][r] / jvmMicros[1][r];
        }
        System.out.printf("%7d %-9s %9.3f %9.3f %8.2f %11.3f %11.3f %10.2f %8.1f %9.1f%n", payload,
            protect ? "protect" : "unprotect", median(cpuMicros[0]), median(cpuMicros[1]),
            median(ratio), median(jvmMicros[0]), median(jvmMicros[1]), median(jvmRatio),
            median(bytes[0]), median(bytes[1]));
      }
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
