package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * 200 handshakes started at once in one JVM, all driven by one owner thread (as one event loop
 * would), complete with a bounded number of handshake threads.
 *
 * <p>The clients' and the servers' handshakes run on two separate pools, as they would in two
 * processes: one pool hosting both ends could fill all its threads with clients waiting for
 * servers that sit in its queue (see {@link DtlsHandshakeExecutor}).
 */
class ConcurrentHandshakesTest {
  private static final int HANDSHAKES = 200;
  private static final int THREADS_PER_SIDE = 8;

  @Test
  void twoHundredHandshakesAtOnceWithBoundedThreads() throws Exception {
    try (DtlsHandshakeExecutor clients = new DtlsHandshakeExecutor("test-dtls-client", THREADS_PER_SIDE, 512);
        DtlsHandshakeExecutor servers = new DtlsHandshakeExecutor("test-dtls-server", THREADS_PER_SIDE, 512)) {
      int maxHandshakeThreads = runHandshakes(clients, servers);
      assertTrue(clients.largestPoolSize() <= THREADS_PER_SIDE, "client pool grew to " + clients.largestPoolSize());
      assertTrue(servers.largestPoolSize() <= THREADS_PER_SIDE, "server pool grew to " + servers.largestPoolSize());
      assertTrue(maxHandshakeThreads <= 2 * THREADS_PER_SIDE, "handshake threads seen: " + maxHandshakeThreads);
      assertTrue(maxHandshakeThreads > 0, "handshakes ran on the pools");
    }
  }

  /**
   * On Java 21+ the same 200 handshakes share one virtual-thread executor, both ends in it, and the
   * JVM's platform threads barely grow (the carriers, one per core). Before Java 21 the factory
   * refuses clearly.
   */
  @Test
  void twoHundredHandshakesOnVirtualThreadsWhenTheRuntimeHasThem() throws Exception {
    if (!DtlsHandshakeExecutor.virtualThreadsAvailable()) {
      assertThrows(UnsupportedOperationException.class, () -> DtlsHandshakeExecutor.virtualThreads(10, 10));
      assertTrue(!DtlsHandshakeExecutor.shared().usesVirtualThreads());
      return;
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int before = threads.getThreadCount();
    threads.resetPeakThreadCount();
    try (DtlsHandshakeExecutor both = DtlsHandshakeExecutor.virtualThreads(1_000, 1_000)) {
      runHandshakes(both, both);
      int grown = threads.getPeakThreadCount() - before;
      int cores = Runtime.getRuntime().availableProcessors();
      assertTrue(grown <= cores + 4, "platform threads grew by " + grown + " for 400 handshake ends");
      assertEquals(0, both.largestPoolSize());
    }
  }

  /** Runs the handshakes; returns the most handshake-pool threads seen alive at once. */
  private static int runHandshakes(DtlsHandshakeExecutor clients, DtlsHandshakeExecutor servers) throws Exception {
    Certificate clientCert = Certificate.generate();
    Certificate serverCert = Certificate.generate();
    DtlsConfig clientConfig = DtlsConfig.builder(clientCert)
        .handshakeExecutor(clients).handshakeTimeout(Duration.ofSeconds(60)).build();
    DtlsConfig serverConfig = DtlsConfig.builder(serverCert)
        .handshakeExecutor(servers).handshakeTimeout(Duration.ofSeconds(60)).build();

    Semaphore wake = new Semaphore(0);
    List<DtlsEndpoint[]> pairs = new ArrayList<>();
    for (int i = 0; i < HANDSHAKES; i++) {
      DtlsEndpoint c = new DtlsEndpoint(clientConfig, wake::release);
      DtlsEndpoint s = new DtlsEndpoint(serverConfig, wake::release);
      c.setRemoteFingerprints(List.of(serverCert.fingerprint()));
      s.setRemoteFingerprints(List.of(clientCert.fingerprint()));
      s.start(0, DtlsRole.SERVER);
      c.start(0, DtlsRole.CLIENT);
      pairs.add(new DtlsEndpoint[] {c, s});
    }

    KeyingMaterial[][] keys = new KeyingMaterial[HANDSHAKES][2];
    int connected = 0;
    int maxHandshakeThreads = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (connected < 2 * HANDSHAKES && System.nanoTime() < end) {
      wake.tryAcquire(10, TimeUnit.MILLISECONDS);
      wake.drainPermits();
      connected = 0;
      for (int i = 0; i < HANDSHAKES; i++) {
        DtlsEndpoint c = pairs.get(i)[0];
        DtlsEndpoint s = pairs.get(i)[1];
        for (byte[] d; (d = c.pollTransmit()) != null; ) {
          s.handleDatagram(0, d, 0, d.length);
        }
        for (byte[] d; (d = s.pollTransmit()) != null; ) {
          c.handleDatagram(0, d, 0, d.length);
        }
        for (int side = 0; side < 2; side++) {
          for (DtlsEvent e; (e = pairs.get(i)[side].pollEvent()) != null; ) {
            if (e instanceof DtlsEvent.Connected ok) {
              keys[i][side] = ok.keyingMaterial();
            }
            DtlsEvent event = e;
            assertTrue(!(event instanceof DtlsEvent.Failed), () -> "handshake failed: " + event);
          }
          if (pairs.get(i)[side].state() == DtlsEndpoint.State.CONNECTED) {
            connected++;
          }
        }
      }
      maxHandshakeThreads = Math.max(maxHandshakeThreads, countThreads("test-dtls-"));
    }

    assertEquals(2 * HANDSHAKES, connected, "every endpoint connected");
    for (int i = 0; i < HANDSHAKES; i++) {
      assertArrayEquals(keys[i][0].exported(), keys[i][1].exported(), "pair " + i + " agrees on keys");
    }
    return maxHandshakeThreads;
  }

  private static int countThreads(String prefix) {
    int n = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith(prefix)) {
        n++;
      }
    }
    return n;
  }
}
