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
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.srtp.SrtpRatioHarness [sliceMillis] [rounds] [profile]
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
    System.out.printf("%-24s %7s %-9s %7s %7s %7s %11s %11s %9s%n", "profile", "payload", "op",
        "bound", "jitsi", "rtc4j", "rtc4j/bound", "rtc4j/jitsi", "rtc4j B/op");
    String only = args.length > 2 ? args[2] : "";
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
    if (sink == 42) {
      System.out.println();
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }
}
