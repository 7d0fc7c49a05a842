package org.rtc4j.bench.sdp;

import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.opentelecoms.javax.sdp.NistSdpFactory;
import org.rtc4j.sdp.SessionDescription;

/**
 * A companion to {@link SdpBenchmark} for a shared, loaded machine: it alternates rtc4j and NIST
 * in short rounds and measures this thread's CPU time (not wall time, which other processes
 * inflate) plus the JVM's GC time, so both parsers see the same load. Prints medians and ratios.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.sdp.SdpCpuHarness [rounds]
 * </pre>
 */
public final class SdpCpuHarness {
  private static final int OPS_PER_ROUND = 2_000;

  private SdpCpuHarness() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    String offer;
    try (InputStream in = SdpCpuHarness.class.getResourceAsStream("chromium-offer.sdp")) {
      offer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    NistSdpFactory nist = new NistSdpFactory();
    SessionDescription parsed = SessionDescription.parse(offer);
    SessionDescription built = SdpBenchmark.builtFromValues(parsed);
    javax.sdp.SessionDescription nistParsed = nist.createSessionDescription(offer);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    String[] names = {"rtc4jParse", "nistParse", "rtc4jWrite", "nistWrite", "rtc4jParseAndRead", "nistParseAndRead",
        "rtc4jWriteBuilt", "scanFloor"};
    int benchmarks = names.length;
    double[][] cpu = new double[benchmarks][rounds];
    double[][] gc = new double[benchmarks][rounds];
    long[] bytes = new long[benchmarks];
    long sink = 0;
    for (int warm = 0; warm < 5; warm++) {
      for (int i = 0; i < OPS_PER_ROUND; i++) {
        sink += SessionDescription.parse(offer).media().size() + nist.createSessionDescription(offer).hashCode()
            + parsed.toString().length() + nistParsed.toString().length()
            + SdpBenchmark.readAll(SessionDescription.parse(offer))
            + SdpBenchmark.readAll(nist.createSessionDescription(offer)) + built.toString().length();
      }
    }
    for (int r = 0; r < rounds; r++) {
      for (int b = 0; b < benchmarks; b++) {
        long gc0 = gcMillis();
        long b0 = mx.getCurrentThreadAllocatedBytes();
        long c0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < OPS_PER_ROUND; i++) {
          switch (b) {
            case 0: sink += SessionDescription.parse(offer).media().size(); break;
            case 1: sink += nist.createSessionDescription(offer).getMediaDescriptions(false).size(); break;
            case 2: sink += parsed.toString().length(); break;
            case 3: sink += nistParsed.toString().length(); break;
            case 4: sink += SdpBenchmark.readAll(SessionDescription.parse(offer)); break;
            case 5: sink += SdpBenchmark.readAll(nist.createSessionDescription(offer)); break;
            case 6: sink += built.toString().length(); break;
            default: sink += scanFloor(offer); break;
          }
        }
        cpu[b][r] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / OPS_PER_ROUND;
        bytes[b] = (mx.getCurrentThreadAllocatedBytes() - b0) / OPS_PER_ROUND;
        gc[b][r] = (gcMillis() - gc0) * 1e3 / OPS_PER_ROUND;
      }
    }
    System.out.printf("%-18s %10s %10s %10s%n", "benchmark", "cpu us/op", "gc us/op", "B/op");
    for (int b = 0; b < benchmarks; b++) {
      System.out.printf("%-18s %10.2f %10.2f %10d%n", names[b], median(cpu[b]), median(gc[b]), bytes[b]);
    }
    System.out.printf("NIST/rtc4j cpu: parse %.1fx (cpu+gc %.1fx), parse+read %.1fx, write %.1fx, write built %.1fx"
        + " (sink %d)%n",
        median(cpu[1]) / median(cpu[0]), (median(cpu[1]) + median(gc[1])) / (median(cpu[0]) + median(gc[0])),
        median(cpu[5]) / median(cpu[4]), median(cpu[3]) / median(cpu[2]), median(cpu[3]) / median(cpu[6]), sink % 10);
  }

  /**
   * Not a parser: a lower bound for one. It splits the lines, recognizes {@code rtcp-fb},
   * {@code rtpmap} and {@code fmtp}, reads their payload types, and skips the feedback type of
   * {@code rtcp-fb}. It checks nothing else and builds nothing, so it is the cost of touching the
   * text the way a one-pass scalar parser must.
   */
  static int scanFloor(String s) {
    int n = s.length();
    int pos = 0;
    int acc = 0;
    while (pos < n) {
      int nl = s.indexOf('\n', pos);
      int end = nl < 0 ? n : nl;
      int next = end + 1;
      if (end > pos && s.charAt(end - 1) == '\r') {
        end--;
      }
      if (end - pos > 2 && s.charAt(pos) == 'a') {
        int from = pos + 2;
        char c0 = s.charAt(from);
        int i = -1;
        boolean feedback = false;
        if (c0 == 'r' && s.startsWith("rtcp-fb:", from)) {
          i = from + 8;
          feedback = true;
        } else if (c0 == 'r' && s.startsWith("rtpmap:", from)) {
          i = from + 7;
        } else if (c0 == 'f' && s.startsWith("fmtp:", from)) {
          i = from + 5;
        }
        if (i >= 0) {
          int v = 0;
          int d;
          while (i < end && (d = s.charAt(i) - '0') >= 0 && d <= 9) {
            v = v * 10 + d;
            i++;
          }
          acc += v;
          if (feedback) {
            i++;
            while (i < end && s.charAt(i) > ' ') {
              i++;
            }
            acc += i;
          }
        }
      }
      pos = next;
    }
    return acc;
  }

  private static long gcMillis() {
    long total = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, gc.getCollectionTime());
    }
    return total;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
