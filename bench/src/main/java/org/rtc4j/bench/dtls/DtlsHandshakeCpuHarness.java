package org.rtc4j.bench.dtls;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsHandshakeExecutor;

/**
 * Handshakes per core-second measured as CPU time, which a shared, loaded machine distorts far
 * less than wall-clock throughput: it runs the same in-memory handshakes as {@link
 * DtlsHandshakeBenchmark} and divides the CPU time of every thread involved (driver and handshake
 * threads, read through ThreadMXBean) by the number of handshakes. Also prints the CPU split by
 * thread role and the wall-clock rate.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.dtls.DtlsHandshakeCpuHarness [handshakes] [BC|JCA] [SECP256R1|X25519]
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.dtls.DtlsHandshakeCpuHarness ops [iterations]
 * </pre>
 */
public final class DtlsHandshakeCpuHarness {
  private DtlsHandshakeCpuHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("ops")) {
      operations(args.length > 1 ? Integer.parseInt(args[1]) : 2000);
      return;
    }
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    DtlsConfig.CryptoProvider provider = DtlsConfig.CryptoProvider.valueOf(args.length > 1 ? args[1] : "BC");
    DtlsConfig.Group group = DtlsConfig.Group.valueOf(args.length > 2 ? args[2] : "SECP256R1");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    try (DtlsHandshakeExecutor clients = new DtlsHandshakeExecutor("cpu-client", 1, 16);
        DtlsHandshakeExecutor servers = new DtlsHandshakeExecutor("cpu-server", 1, 16)) {
      DtlsConfig client = DtlsHandshakeBenchmark.config(Certificate.generate(), provider, clients, group);
      DtlsConfig server = DtlsHandshakeBenchmark.config(Certificate.generate(), provider, servers, group);
      for (int i = 0; i < Math.max(500, n / 2); i++) {
        HandshakePair.inMemory(client, server); // warm-up: JIT, caches
      }
      Map<String, Long> before = cpuByRole(mx);
      long wall0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        HandshakePair.inMemory(client, server);
      }
      long wall = System.nanoTime() - wall0;
      Map<String, Long> after = cpuByRole(mx);
      long total = 0;
      StringBuilder split = new StringBuilder();
      for (String role : new String[] {"driver", "client", "server"}) {
        long d = after.getOrDefault(role, 0L) - before.getOrDefault(role, 0L);
        total += d;
        split.append(String.format(" %s %.0f us", role, d / 1e3 / n));
      }
      System.out.printf(
          "%s %s: %d handshakes, CPU %.0f us/handshake (%.0f handshakes per core-second);%s; wall %.0f handshakes/s%n",
          provider, group, n, total / 1e3 / n, n / (total / 1e9), split, n / (wall / 1e9));
    }
  }

  /** CPU time of each public-key operation of {@link DtlsCryptoCostBenchmark}, JDK and BC. */
  private static void operations(int n) throws Exception {
    DtlsCryptoCostBenchmark b = new DtlsCryptoCostBenchmark();
    b.setUp();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    String[] names = {"jdkKeyGen", "jdkEcdh", "jdkSign", "jdkVerify", "bcKeyGen", "bcEcdh", "bcSign", "bcVerify"};
    for (int round = 0; round < 2; round++) { // round 0 warms up
      StringBuilder line = new StringBuilder(round == 0 ? "warm-up:" : "CPU us/op:");
      for (String name : names) {
        java.lang.reflect.Method m = DtlsCryptoCostBenchmark.class.getMethod(name);
        long t0 = mx.getCurrentThreadCpuTime();
        Object sink = null;
        for (int i = 0; i < n; i++) {
          sink = m.invoke(b);
        }
        long t = mx.getCurrentThreadCpuTime() - t0;
        line.append(String.format(" %s %.0f", name, t / 1e3 / n)).append(sink == null ? "?" : "");
      }
      System.out.println(line);
    }
  }

  private static Map<String, Long> cpuByRole(ThreadMXBean mx) {
    Map<String, Long> out = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      String role = t.getName().startsWith("cpu-client") ? "client"
          : t.getName().startsWith("cpu-server") ? "server"
          : t == Thread.currentThread() ? "driver" : null;
      if (role != null) {
        out.merge(role, mx.getThreadCpuTime(t.getId()), Long::sum);
      }
    }
    return out;
  }
}
