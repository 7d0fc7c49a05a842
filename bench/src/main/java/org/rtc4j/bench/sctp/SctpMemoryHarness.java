package org.rtc4j.bench.sctp;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.SplittableRandom;
import org.rtc4j.sctp.Reliability;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SctpEvent;
import org.rtc4j.sctp.SctpState;
import org.rtc4j.sctp.SctpTransmit;

/**
 * Heap retained per association, measured over many associations on a manual clock: freshly
 * created, established, after a burst of traffic (64 messages of 16 KiB each way), and after the
 * association has been idle past its one-second trim. Heap used after repeated full GCs, divided
 * by the number of associations.
 *
 * <pre>
 * java -Xmx2g -cp bench/target/benchmarks.jar org.rtc4j.bench.sctp.SctpMemoryHarness [pairs]
 * </pre>
 */
public final class SctpMemoryHarness {
  private SctpMemoryHarness() {}

  public static void main(String[] args) {
    int pairs = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    SctpAssociation[] a = new SctpAssociation[pairs];
    SctpAssociation[] b = new SctpAssociation[pairs];
    long base = usedHeap();
    for (int i = 0; i < pairs; i++) {
      a[i] = new SctpAssociation(SctpConfig.builder().random(new SplittableRandom(2L * i)).build());
      b[i] = new SctpAssociation(SctpConfig.builder().random(new SplittableRandom(2L * i + 1)).build());
    }
    report("created", base, 2 * pairs);
    long t = 0;
    for (int i = 0; i < pairs; i++) {
      a[i].connect(t);
      b[i].connect(t);
      pump(a[i], b[i], t);
      if (a[i].state() != SctpState.ESTABLISHED) {
        throw new IllegalStateException("not established");
      }
    }
    report("established", base, 2 * pairs);
    byte[] m = new byte[16 * 1024];
    for (int i = 0; i < pairs; i++) {
      for (int k = 0; k < 64; k++) {
        a[i].send(t, 0, 53, true, Reliability.RELIABLE, m, 0, m.length);
        b[i].send(t, 0, 53, true, Reliability.RELIABLE, m, 0, m.length);
        pump(a[i], b[i], t);
      }
    }
    report("after 1 MiB each way, before the idle trim", base, 2 * pairs);
    t += 2_000_000_000L;
    for (int i = 0; i < pairs; i++) {
      a[i].handleTimeout(t);
      b[i].handleTimeout(t);
      pump(a[i], b[i], t);
    }
    report("idle (after the one-second trim)", base, 2 * pairs);
    if (a[pairs - 1].state() != SctpState.ESTABLISHED) {
      throw new IllegalStateException("lost an association");
    }
  }

  private static void pump(SctpAssociation x, SctpAssociation y, long t) {
    for (int guard = 0; guard < 100_000; guard++) {
      boolean any = false;
      SctpTransmit p;
      while ((p = x.pollTransmit()) != null) {
        y.handlePacket(t, p.buffer(), p.offset(), p.length());
        any = true;
      }
      while ((p = y.pollTransmit()) != null) {
        x.handlePacket(t, p.buffer(), p.offset(), p.length());
        any = true;
      }
      for (SctpEvent e; (e = x.pollEvent()) != null; ) {
        any = true;
      }
      for (SctpEvent e; (e = y.pollEvent()) != null; ) {
        any = true;
      }
      if (!any) {
        return;
      }
    }
  }

  private static void report(String what, long base, int n) {
    long used = usedHeap() - base;
    System.out.printf("%-45s %8.0f bytes per association (%d associations, %.1f MB)%n", what, (double) used / n, n, used / 1e6);
  }

  private static long usedHeap() {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long last = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      last = Math.min(last, mem.getHeapMemoryUsage().getUsed());
    }
    return last;
  }
}
