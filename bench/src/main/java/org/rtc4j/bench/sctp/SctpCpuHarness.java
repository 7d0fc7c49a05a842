package org.rtc4j.bench.sctp;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * CPU-bound SCTP throughput on the real clock: two associations in one thread (no DTLS, no
 * sockets) move reliable ordered 16 KiB messages as fast as the CPU allows, in rounds of a fixed
 * duration. Per round it prints the goodput (message bytes delivered) in Mbit/s, the thread CPU
 * time per MB (both associations: sender, receiver and all SCTP work), and the bytes the thread
 * allocated per message (the receiver's 16 KiB array counts 16,400). Medians at the end.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.sctp.SctpCpuHarness [rounds] [seconds per round] [message bytes] [association|channel]
 * </pre>
 */
public final class SctpCpuHarness {
  private SctpCpuHarness() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 16 * 1024;
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    boolean channels = args.length > 3 && args[3].equals("channel");
    SctpPair pair = new SctpPair(channels).connect();
    byte[] message = new byte[size];
    run(pair, message, 2_000_000_000L); // warm-up
    double[] mbps = new double[rounds];
    double[] cpuMsPerMb = new double[rounds];
    double[] allocPerMessage = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long bytes0 = pair.bytesAtB;
      long msgs0 = pair.messagesAtB;
      long cpu0 = threads.getThreadCpuTime(tid);
      long alloc0 = threads.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      run(pair, message, (long) (seconds * 1e9));
      long wall = System.nanoTime() - t0;
      long cpu = threads.getThreadCpuTime(tid) - cpu0;
      long alloc = threads.getThreadAllocatedBytes(tid) - alloc0;
      long bytes = pair.bytesAtB - bytes0;
      long msgs = pair.messagesAtB - msgs0;
      mbps[r] = bytes * 8 / (wall / 1e9) / 1e6;
      cpuMsPerMb[r] = cpu / 1e6 / (bytes / 1e6);
      allocPerMessage[r] = (double) alloc / msgs;
      System.out.printf("round %2d: %8.0f Mbit/s  %6.3f ms CPU per MB  %8.1f B allocated per message  (%d messages, CPU %.0f%% of wall)%n",
          r, mbps[r], cpuMsPerMb[r], allocPerMessage[r], msgs, 100.0 * cpu / wall);
    }
    System.out.printf("median: %.0f Mbit/s, %.3f ms CPU per MB, %.1f B allocated per %d-byte message; sender stats %s%n",
        median(mbps), median(cpuMsPerMb), median(allocPerMessage), size, pair.a.stats());
  }

  /** Keeps a quarter MiB queued on the sender and pumps for {@code nanos}. */
  static void run(SctpPair pair, byte[] message, long nanos) {
    long end = System.nanoTime() + nanos;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 64; i++) {
        while (pair.a.bufferedAmount() < 256 * 1024) {
          pair.sendFromA(message);
        }
        pair.pump();
      }
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
