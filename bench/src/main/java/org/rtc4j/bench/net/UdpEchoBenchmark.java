package org.rtc4j.bench.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.rtc4j.net.EventLoop;
import org.rtc4j.net.UdpEndpoint;
import org.rtc4j.net.UdpOptions;

/**
 * JMH twin of {@link UdpLoopbackThroughput}: 1200-byte datagrams echoed in windows of 32 between
 * two sockets on 127.0.0.1, by one {@link EventLoop} ({@link #eventLoop}) and by a bare blocking
 * loop on the benchmark thread ({@link #bare}). Scores are datagrams per second (each datagram
 * received counts once); {@code -prof gc} shows the allocation per datagram, which should be 0
 * for the event loop in steady state.
 *
 * <p>One invocation runs {@value #WINDOWS} windows; for the event loop the benchmark thread posts
 * one pre-built task and parks until the loop unparks it, so the hand-off allocates nothing and
 * costs one wakeup per {@value #DATAGRAMS} datagrams. That hand-off needs both threads to be
 * scheduled in turn, which on a loaded machine can take milliseconds, hence the large batch.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar UdpEchoBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class UdpEchoBenchmark {

  static final int SIZE = 1200;
  static final int WINDOW = 32;
  static final int WINDOWS = 128;
  static final int DATAGRAMS = 2 * WINDOW * WINDOWS;
  private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
  private static final int SOCKET_BUFFER_BYTES = 1 << 20;

  // Bare blocking channels.
  private DatagramChannel bareA;
  private DatagramChannel bareB;
  private InetSocketAddress bareAAddress;
  private InetSocketAddress bareBAddress;
  private final ByteBuffer bareBuffer = ByteBuffer.allocateDirect(65_536);

  // Event loop.
  private EventLoop loop;
  private UdpEndpoint a;
  private UdpEndpoint b;
  private final byte[] payload = new byte[SIZE];
  private int outstanding;
  private int windowsLeft;
  private volatile Thread waiter;
  private volatile boolean done;
  private Runnable start;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    bareA = open();
    bareB = open();
    bareAAddress = (InetSocketAddress) bareA.getLocalAddress();
    bareBAddress = (InetSocketAddress) bareB.getLocalAddress();

    loop = new EventLoop("jmh-loop");
    UdpOptions options = UdpOptions.DEFAULT
        .withReceiveBufferBytes(SOCKET_BUFFER_BYTES)
        .withSendBufferBytes(SOCKET_BUFFER_BYTES);
    b = loop.bind(LOOPBACK, (endpoint, buf, off, len, from) -> endpoint.send(buf, off, len, from),
        options);
    a = loop.bind(LOOPBACK, (endpoint, buf, off, len, from) -> {
      if (--outstanding == 0) {
        if (--windowsLeft > 0) {
          sendWindow();
        } else {
          done = true;
          LockSupport.unpark(waiter);
        }
      }
    }, options);
    start = () -> {
      windowsLeft = WINDOWS;
      sendWindow();
    };
  }

  private static DatagramChannel open() throws IOException {
    DatagramChannel c = DatagramChannel.open();
    c.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
    c.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
    c.bind(LOOPBACK);
    return c;
  }

  private void sendWindow() {
    outstanding = WINDOW;
    for (int i = 0; i < WINDOW; i++) {
      a.send(payload, 0, SIZE, b.localAddress());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    loop.close();
    bareA.close();
    bareB.close();
  }

  @Benchmark
  @OperationsPerInvocation(DATAGRAMS)
  public void eventLoop() {
    done = false;
    waiter = Thread.currentThread();
    loop.execute(start);
    while (!done) {
      LockSupport.parkNanos(this, 1_000_000_000L);
    }
  }

  @Benchmark
  @OperationsPerInvocation(DATAGRAMS)
  public void bare() throws IOException {
    ByteBuffer buffer = bareBuffer;
    for (int w = 0; w < WINDOWS; w++) {
      for (int i = 0; i < WINDOW; i++) {
        buffer.clear().limit(SIZE);
        bareA.send(buffer, bareBAddress);
      }
      for (int i = 0; i < WINDOW; i++) {
        buffer.clear();
        bareB.receive(buffer);
        buffer.flip();
        bareB.send(buffer, bareAAddress);
      }
      for (int i = 0; i < WINDOW; i++) {
        buffer.clear();
        bareA.receive(buffer);
      }
    }
  }
}
