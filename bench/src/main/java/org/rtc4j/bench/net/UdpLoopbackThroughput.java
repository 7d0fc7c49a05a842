package org.rtc4j.bench.net;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.UdpEndpoint;
import org.rtc4j.net.UdpOptions;

/**
 * Datagrams per second between two UDP sockets on 127.0.0.1: two {@link UdpEndpoint}s on one
 * {@link EventLoop}, beside the same two {@link DatagramChannel}s driven by a bare blocking loop.
 *
 * <p>Both sides run the same windowed echo on one thread: A sends a window of {@code W}
 * datagrams of {@code size} bytes to B, B echoes each back to A, and A sends the next window
 * once the whole window has come back. At most {@code W} datagrams are ever in flight, well
 * inside the sockets' receive buffers, so nothing is lost (a loss would stall the run, and the
 * harness stops with an error instead of reporting a figure). Every datagram received by A or B
 * counts once.
 *
 * <p>The bare loop is the best a single blocking thread can do with the same system calls: one
 * {@code send} and one {@code receive} per datagram, into one direct buffer. The event loop adds
 * its selector, its handler dispatch and the copies its API implies (receive into the loop's
 * {@code byte[]}, copy into its direct send buffer).
 *
 * <p>Measurements alternate (bare, loop, bare, loop, ...) so that a load spike on a shared
 * machine hits both; the report gives medians and their ratio, twice: datagrams per wall-clock
 * second, and datagrams per CPU-second (user + system) of the one thread doing the work, which a
 * machine shared with other jobs disturbs far less. It also gives the bytes the loop thread
 * allocated per datagram (expected 0).
 *
 * <pre>
 * mvn -B -ntp -q -pl bench -am package -DskipTests
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.net.UdpLoopbackThroughput \
 *     [--size 1200] [--window 32] [--seconds 1] [--iterations 7] [--warmup 2]
 * </pre>
 */
public final class UdpLoopbackThroughput {

  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final int SOCKET_BUFFER_BYTES = 1 << 20;

  public static void main(String[] args) throws Exception {
    int size = 1200;
    int window = 32;
    double seconds = 1;
    int iterations = 7;
    double warmup = 2;
    for (int i = 0; i < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--size" -> size = Integer.parseInt(value);
        case "--window" -> window = Integer.parseInt(value);
        case "--seconds" -> seconds = Double.parseDouble(value);
        case "--iterations" -> iterations = Integer.parseInt(value);
        case "--warmup" -> warmup = Double.parseDouble(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    long measureNanos = (long) (seconds * 1e9);
    long warmupNanos = (long) (warmup * 1e9);
    System.out.printf(Locale.ROOT, "UDP over 127.0.0.1: %d-byte datagrams, window %d, %d x %.1f s"
        + " (after %.1f s warm-up each), %d CPUs%n", size, window, iterations, seconds, warmup,
        Runtime.getRuntime().availableProcessors());

    try (Bare bare = new Bare(size, window); Loop loop = new Loop(size, window)) {
      bare.run(warmupNanos);
      loop.run(warmupNanos);
      List<Double> bareRates = new ArrayList<>();
      List<Double> loopRates = new ArrayList<>();
      List<Double> bareCpuRates = new ArrayList<>();
      List<Double> loopCpuRates = new ArrayList<>();
      long loopAllocated = 0;
      long loopDatagrams = 0;
      for (int i = 0; i < iterations; i++) {
        Result b = bare.run(measureNanos);
        Result l = loop.run(measureNanos);
        bareRates.add(b.rate());
        loopRates.add(l.rate());
        bareCpuRates.add(b.cpuRate());
        loopCpuRates.add(l.cpuRate());
        loopAllocated += l.allocatedBytes();
        loopDatagrams += l.datagrams();
        System.out.printf(Locale.ROOT, "  #%-2d wall: bare %,8.0f  loop %,8.0f dgram/s  ratio %.3f"
            + "   per CPU-s: bare %,8.0f  loop %,8.0f  ratio %.3f%n", i + 1, b.rate(), l.rate(),
            l.rate() / b.rate(), b.cpuRate(), l.cpuRate(), l.cpuRate() / b.cpuRate());
      }
      double bareMedian = median(bareRates);
      double loopMedian = median(loopRates);
      System.out.printf(Locale.ROOT, "median wall-clock rate: bare %,.0f dgram/s, event loop %,.0f"
          + " dgram/s, ratio %.3f (goal >= 0.9)%n", bareMedian, loopMedian, loopMedian / bareMedian);
      double bareCpu = median(bareCpuRates);
      double loopCpu = median(loopCpuRates);
      System.out.printf(Locale.ROOT, "median per CPU-second of the working thread: bare %,.0f,"
          + " event loop %,.0f, ratio %.3f%n", bareCpu, loopCpu, loopCpu / bareCpu);
      System.out.printf(Locale.ROOT, "event loop thread allocated %.3f bytes per datagram%n",
          loopDatagrams == 0 ? 0.0 : (double) loopAllocated / loopDatagrams);
    }
  }

  /** One measured run: wall time, and CPU time (user + system) of the one working thread. */
  record Result(long datagrams, long nanos, long cpuNanos, long allocatedBytes) {
    double rate() {
      return datagrams * 1e9 / nanos;
    }

    double cpuRate() {
      return datagrams * 1e9 / cpuNanos;
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static long cpuNanos(long threadId) {
    return ManagementFactory.getThreadMXBean().getThreadCpuTime(threadId);
  }

  private static long allocatedBytes(long threadId) {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(threadId);
  }

  /** Two blocking channels driven by one thread (the caller's). */
  static final class Bare implements AutoCloseable {
    private final DatagramChannel a;
    private final DatagramChannel b;
    private final InetSocketAddress aAddress;
    private final InetSocketAddress bAddress;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
    private final int size;
    private final int window;

    Bare(int size, int window) throws IOException {
      this.size = size;
      this.window = window;
      a = open();
      b = open();
      aAddress = (InetSocketAddress) a.getLocalAddress();
      bAddress = (InetSocketAddress) b.getLocalAddress();
    }

    private static DatagramChannel open() throws IOException {
      DatagramChannel c = DatagramChannel.open();
      c.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
      c.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
      c.bind(LOOPBACK);
      return c;
    }

    Result run(long durationNanos) throws IOException {
      // A lost datagram would block receive() for good: a watchdog closes the channels then.
      CompletableFuture<Void> done = new CompletableFuture<>();
      done.orTimeout(TimeUnit.NANOSECONDS.toMillis(durationNanos) + 10_000, TimeUnit.MILLISECONDS)
          .whenComplete((v, timeout) -> {
            if (timeout != null) {
              System.err.println("bare loop stalled: a datagram was lost; closing the channels");
              closeQuietly();
            }
          });
      long threadId = Thread.currentThread().getId();
      long allocatedBefore = allocatedBytes(threadId);
      long cpuBefore = cpuNanos(threadId);
      long start = System.nanoTime();
      long end = start + durationNanos;
      long datagrams = 0;
      long now;
      do {
        for (int i = 0; i < window; i++) {
          buffer.clear().limit(size);
          a.send(buffer, bAddress);
        }
        for (int i = 0; i < window; i++) {
          buffer.clear();
          b.receive(buffer);
          buffer.flip();
          b.send(buffer, aAddress);
        }
        for (int i = 0; i < window; i++) {
          buffer.clear();
          a.receive(buffer);
        }
        datagrams += 2L * window;
        now = System.nanoTime();
      } while (now - end < 0);
      long cpu = cpuNanos(threadId) - cpuBefore;
      long allocated = allocatedBytes(threadId) - allocatedBefore;
      done.complete(null);
      return new Result(datagrams, now - start, cpu, allocated);
    }

    private void closeQuietly() {
      try {
        close();
      } catch (IOException ignored) {
        // already failing
      }
    }

    @Override
    public void close() throws IOException {
      a.close();
      b.close();
    }
  }

  /** Two endpoints on one event loop: A sends windows, B's handler echoes. */
  static final class Loop implements AutoCloseable {
    private final EventLoop loop = new EventLoop("bench-loop");
    private final UdpEndpoint a;
    private final UdpEndpoint b;
    private final byte[] payload;
    private final int window;
    private final long loopThreadId;
    // Loop-thread state of the current run.
    private long datagrams;
    private int outstanding;
    private long runEnd;
    private long runStart;
    private long allocatedBefore;
    private long cpuBefore;
    private CompletableFuture<Result> finished;
    private final AtomicLong progress = new AtomicLong();

    Loop(int size, int window) throws Exception {
      this.payload = new byte[size];
      this.window = window;
      UdpOptions options = UdpOptions.DEFAULT
          .withReceiveBufferBytes(SOCKET_BUFFER_BYTES)
          .withSendBufferBytes(SOCKET_BUFFER_BYTES);
      b = loop.bind(LOOPBACK, (endpoint, buf, off, len, from) -> {
        datagrams++;
        endpoint.send(buf, off, len, from);
      }, options);
      a = loop.bind(LOOPBACK, (endpoint, buf, off, len, from) -> {
        datagrams++;
        if (--outstanding == 0) {
          windowDone();
        }
      }, options);
      loopThreadId = loop.submit(() -> Thread.currentThread().getId()).get();
    }

    private void sendWindow() {
      outstanding = window;
      for (int i = 0; i < window; i++) {
        a.send(payload, 0, payload.length, b.localAddress());
      }
    }

    private void windowDone() {
      long now = System.nanoTime();
      progress.lazySet(datagrams);
      if (now - runEnd < 0) {
        sendWindow();
      } else {
        long cpu = cpuNanos(loopThreadId) - cpuBefore;
        long allocated = allocatedBytes(loopThreadId) - allocatedBefore;
        finished.complete(new Result(datagrams, now - runStart, cpu, allocated));
      }
    }

    Result run(long durationNanos) throws Exception {
      CompletableFuture<Result> result = new CompletableFuture<>();
      loop.execute(() -> {
        finished = result;
        datagrams = 0;
        allocatedBefore = allocatedBytes(loopThreadId);
        cpuBefore = cpuNanos(loopThreadId);
        runStart = System.nanoTime();
        runEnd = runStart + durationNanos;
        sendWindow();
      });
      // A lost datagram stalls the window: notice it instead of waiting forever.
      long lastProgress = -1;
      while (true) {
        try {
          return result.get(2, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          long now = progress.get();
          if (now == lastProgress) {
            throw new IllegalStateException("event loop stalled: a datagram was lost");
          }
          lastProgress = now;
        }
      }
    }

    @Override
    public void close() {
      loop.close();
    }
  }
}
