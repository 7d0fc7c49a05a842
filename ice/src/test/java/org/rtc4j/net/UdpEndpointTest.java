package org.rtc4j.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** UDP endpoints on a real loop over 127.0.0.1 only. */
class UdpEndpointTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress("127.0.0.1", 0);

  private final EventLoop loop = new EventLoop("udp-test");

  @AfterEach
  void shutdown() throws Exception {
    loop.shutdownGracefully().get(10, TimeUnit.SECONDS);
  }

  private static final DatagramHandler IGNORE = (endpoint, buf, off, len, from) -> { };

  @Test
  void echoesADatagramOverLoopback() throws Exception {
    List<byte[]> received = new CopyOnWriteArrayList<>();
    List<InetSocketAddress> senders = new CopyOnWriteArrayList<>();
    UdpEndpoint echo = loop.bind(ANY_LOOPBACK_PORT,
        (endpoint, buf, off, len, from) -> endpoint.send(buf, off, len, from));
    UdpEndpoint client = loop.bind(ANY_LOOPBACK_PORT, (endpoint, buf, off, len, from) -> {
      byte[] copy = new byte[len];
      System.arraycopy(buf, off, copy, 0, len);
      received.add(copy);
      senders.add(from);
    });
    assertTrue(echo.localAddress().getPort() > 0);
    assertEquals(InetAddress.getByName("127.0.0.1"), echo.localAddress().getAddress());

    byte[] payload = "hello, loop".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    assertTrue(Await.onLoop(loop, () -> client.send(payload, 0, payload.length,
        echo.localAddress())));
    Await.until(TIMEOUT, () -> received.size() == 1, () -> "no echo");
    assertArrayEquals(payload, received.get(0));
    assertEquals(echo.localAddress(), senders.get(0));
    assertEquals(1, echo.receivedCount());
    assertEquals(1, echo.sentCount());
    assertEquals(1, client.sentCount());
    assertEquals(2, loop.endpointCount());
  }

  @Test
  void sendOffTheLoopThreadIsRefused() throws Exception {
    UdpEndpoint endpoint = loop.bind(ANY_LOOPBACK_PORT, IGNORE);
    byte[] data = new byte[10];
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> endpoint.send(data, 0, data.length, endpoint.localAddress()));
    assertTrue(e.getMessage().contains("udp-test"), e.getMessage());
  }

  @Test
  void thousandEndpointsOnOneLoopExchangeDatagramsWithoutLoss() throws Exception {
    int n = 1_000;
    int rounds = 10;
    // Each round, endpoint i sends one datagram [round, i] to endpoint (i + 1) % n; the next
    // round starts once every datagram of this one has arrived (10,000 datagrams in all).
    UdpEndpoint[] endpoints = new UdpEndpoint[n];
    int[] receivedRounds = new int[n]; // loop thread only
    AtomicInteger wrong = new AtomicInteger();
    AtomicInteger arrived = new AtomicInteger();
    for (int i = 0; i < n; i++) {
      int self = i;
      endpoints[i] = loop.bind(ANY_LOOPBACK_PORT, (endpoint, buf, off, len, from) -> {
        ByteBuffer b = ByteBuffer.wrap(buf, off, len);
        int round = b.getInt();
        int sender = b.getInt();
        if (len != 8 || sender != Math.floorMod(self - 1, n) || round != receivedRounds[self]
            || !from.equals(endpoints[sender].localAddress())) {
          wrong.incrementAndGet();
        }
        receivedRounds[self] = round + 1;
        arrived.incrementAndGet();
      });
    }
    assertEquals(n, loop.endpointCount());
    byte[] payload = new byte[8];
    for (int round = 0; round < rounds; round++) {
      int r = round;
      Await.onLoop(loop, () -> {
        for (int i = 0; i < n; i++) {
          ByteBuffer.wrap(payload).putInt(r).putInt(i);
          if (!endpoints[i].send(payload, 0, payload.length, endpoints[(i + 1) % n].localAddress())) {
            wrong.incrementAndGet();
          }
        }
        return null;
      });
      int expected = (round + 1) * n;
      Await.until(TIMEOUT, () -> arrived.get() >= expected,
          () -> "round " + r + ": " + arrived.get() + " of " + expected + " datagrams arrived");
    }
    assertEquals(rounds * n, arrived.get());
    assertEquals(0, wrong.get(), "datagrams out of order, misaddressed or refused");
    long sent = 0;
    long received = 0;
    for (UdpEndpoint e : endpoints) {
      sent += e.sentCount();
      received += e.receivedCount();
      assertEquals(0, e.droppedCount());
    }
    assertEquals(rounds * n, sent);
    assertEquals(rounds * n, received);
  }

  @Test
  void aThrowingHandlerDoesNotStopOtherEndpoints() throws Exception {
    AtomicInteger healthy = new AtomicInteger();
    UdpEndpoint faulty = loop.bind(ANY_LOOPBACK_PORT, (endpoint, buf, off, len, from) -> {
      throw new IllegalStateException("test: handler failure");
    });
    UdpEndpoint good = loop.bind(ANY_LOOPBACK_PORT,
        (endpoint, buf, off, len, from) -> healthy.incrementAndGet());
    UdpEndpoint sender = loop.bind(ANY_LOOPBACK_PORT, IGNORE);
    byte[] data = new byte[100];
    int count = 50;
    Await.onLoop(loop, () -> {
      for (int i = 0; i < count; i++) {
        sender.send(data, 0, data.length, faulty.localAddress());
        sender.send(data, 0, data.length, good.localAddress());
      }
      return null;
    });
    Await.until(TIMEOUT, () -> healthy.get() == count && faulty.handlerFailureCount() == count,
        () -> healthy.get() + " healthy, " + faulty.handlerFailureCount() + " failures");
    assertEquals(count, faulty.receivedCount(), "the faulty endpoint keeps draining its socket");
    assertEquals(count, loop.failureCount());
    assertEquals(0, good.handlerFailureCount());
    // The faulty endpoint itself still receives: its handler is called for every datagram.
    Await.onLoop(loop, () -> sender.send(data, 0, 1, faulty.localAddress()));
    Await.until(TIMEOUT, () -> faulty.handlerFailureCount() == count + 1,
        () -> "faulty endpoint stopped receiving");
  }

  @Test
  void selfRepostingTasksAndTimersDoNotStarveIo() throws Exception {
    // A task that always posts itself again and a timer that always re-arms for "now" would
    // each keep a naive loop busy forever; the bounded task batch and the per-pass timer limit
    // leave room for I/O on every iteration.
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger spins = new AtomicInteger();
    AtomicInteger received = new AtomicInteger();
    UdpEndpoint sink = loop.bind(ANY_LOOPBACK_PORT,
        (endpoint, buf, off, len, from) -> received.incrementAndGet());
    UdpEndpoint source = loop.bind(ANY_LOOPBACK_PORT, IGNORE);
    loop.execute(new Runnable() {
      @Override
      public void run() {
        spins.incrementAndGet();
        if (!stop.get()) {
          loop.execute(this);
        }
      }
    });
    loop.execute(new Runnable() {
      @Override
      public void run() {
        spins.incrementAndGet();
        if (!stop.get()) {
          loop.schedule(loop.clock().nanoTime(), this);
        }
      }
    });
    try {
      int count = 100;
      byte[] data = new byte[32];
      for (int i = 0; i < count; i++) {
        Await.onLoop(loop, () -> source.send(data, 0, data.length, sink.localAddress()));
      }
      Await.until(TIMEOUT, () -> received.get() == count,
          () -> received.get() + " of " + count + " datagrams delivered while the loop spins");
      assertTrue(spins.get() > count, "the spinning task and timer kept running: " + spins.get());
    } finally {
      stop.set(true);
    }
  }

  @Test
  void fullSendBufferQueuesThenDropsAndFlushesInOrderWhenWritable() throws Exception {
    // Linux frees a loopback datagram's send-buffer charge as soon as it is handed to the
    // receiver, so even SO_SNDBUF at its minimum never makes a 127.0.0.1 send return 0. The
    // "kernel" here is therefore a gate in front of the real channel: while closed it answers
    // 0 bytes (EAGAIN), exactly as a full socket buffer does; the selector still reports the real
    // socket writable, so the queue is retried until the gate opens.
    int capacity = 8;
    List<Integer> received = new CopyOnWriteArrayList<>();
    UdpEndpoint sink = loop.bind(ANY_LOOPBACK_PORT,
        (endpoint, buf, off, len, from) -> received.add(ByteBuffer.wrap(buf, off, len).getInt()));
    UdpEndpoint source = loop.bind(ANY_LOOPBACK_PORT, IGNORE,
        UdpOptions.DEFAULT.withSendQueueCapacity(capacity).withSendBufferBytes(1));
    AtomicBoolean full = new AtomicBoolean(true);
    AtomicInteger refusals = new AtomicInteger();
    source.writer((channel, src, to) -> {
      if (full.get()) {
        refusals.incrementAndGet();
        return 0;
      }
      return channel.send(src, to);
    });
    int attempts = 20;
    List<Boolean> accepted = Await.onLoop(loop, () -> {
      List<Boolean> results = new ArrayList<>();
      byte[] payload = new byte[1200];
      for (int i = 0; i < attempts; i++) {
        ByteBuffer.wrap(payload).putInt(i);
        results.add(source.send(payload, 0, payload.length, sink.localAddress()));
      }
      return results;
    });
    for (int i = 0; i < attempts; i++) {
      assertEquals(i < capacity, accepted.get(i), "send #" + i);
    }
    assertEquals(attempts - capacity, source.droppedCount());
    assertEquals(0, source.sentCount());
    assertEquals(capacity, (int) Await.onLoop(loop, source::queuedCount));
    assertTrue(Await.onLoop(loop, source::awaitingWritable), "waits for OP_WRITE");

    Await.until(TIMEOUT, () -> refusals.get() > attempts, () -> "the queue is not retried");
    full.set(false);
    Await.until(TIMEOUT, () -> received.size() == capacity,
        () -> received.size() + " of " + capacity + " queued datagrams arrived");
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), received, "queued datagrams keep their order");
    assertEquals(capacity, source.sentCount());
    assertEquals(0, (int) Await.onLoop(loop, source::queuedCount));
    assertFalse(Await.onLoop(loop, source::awaitingWritable), "OP_WRITE dropped once flushed");

    // Once drained, sends go straight to the kernel again.
    Await.onLoop(loop, () -> source.send(new byte[] {0, 0, 0, 42}, 0, 4, sink.localAddress()));
    Await.until(TIMEOUT, () -> received.size() == capacity + 1, () -> "direct send lost");
    assertEquals(42, received.get(capacity));
    assertEquals(attempts - capacity, source.droppedCount());
  }

  @Test
  void bindsInAPortRangeAndReportsWhenItIsExhausted() throws Exception {
    InetAddress loopback = InetAddress.getByName("127.0.0.1");
    // Find three consecutive free ports by holding them briefly.
    int base = freeConsecutivePorts(loopback, 3);
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ports.add(loop.bind(loopback, base, base + 2, IGNORE).localAddress().getPort());
    }
    ports.sort(null);
    assertEquals(List.of(base, base + 1, base + 2), ports);
    BindException e = assertThrows(BindException.class,
        () -> loop.bind(loopback, base, base + 2, IGNORE));
    assertTrue(e.getMessage().contains(base + ", " + (base + 2)), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> loop.bind(loopback, 10, 5, IGNORE));
  }

  private static int freeConsecutivePorts(InetAddress address, int count) throws IOException {
    for (int attempt = 0; attempt < 100; attempt++) {
      int base = 20_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(40_000);
      List<DatagramChannel> held = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          DatagramChannel c = DatagramChannel.open();
          held.add(c);
          c.bind(new InetSocketAddress(address, base + i));
        }
        return base;
      } catch (BindException taken) {
        // try another base
      } finally {
        for (DatagramChannel c : held) {
          c.close();
        }
      }
    }
    throw new IllegalStateException("no run of " + count + " free ports found");
  }

  @Test
  void bindsFromManyThreadsAtOnceAndFromTheLoopItself() throws Exception {
    int threads = 8;
    int perThread = 25;
    List<UdpEndpoint> bound = new CopyOnWriteArrayList<>();
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    List<Thread> binders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread binder = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          try {
            bound.add(loop.bind(ANY_LOOPBACK_PORT, IGNORE));
          } catch (Throwable e) {
            failures.add(e);
          }
        }
      });
      binder.start();
      binders.add(binder);
    }
    for (Thread b : binders) {
      b.join(TIMEOUT.toMillis());
    }
    assertEquals(List.of(), failures);
    bound.add(Await.onLoop(loop, () -> loop.bind(ANY_LOOPBACK_PORT, IGNORE)));
    bound.add(loop.bindAsync(ANY_LOOPBACK_PORT, IGNORE, UdpOptions.DEFAULT)
        .get(10, TimeUnit.SECONDS));
    int expected = threads * perThread + 2;
    assertEquals(expected, bound.stream().map(UdpEndpoint::localAddress).distinct().count());
    assertEquals(expected, (int) Await.onLoop(loop, loop::endpointCount));
    for (UdpEndpoint e : bound) {
      assertTrue(e.loop() == loop && e.isOpen());
    }
  }

  @Test
  void closingAnEndpointFromAnotherThreadReleasesIt() throws Exception {
    UdpEndpoint endpoint = loop.bind(ANY_LOOPBACK_PORT, IGNORE);
    InetSocketAddress address = endpoint.localAddress();
    endpoint.closeAsync().get(10, TimeUnit.SECONDS);
    assertFalse(endpoint.isOpen());
    assertEquals(0, (int) Await.onLoop(loop, loop::endpointCount));
    try (DatagramChannel rebind = DatagramChannel.open()) {
      rebind.bind(address); // the port is free again
    }
    Await.onLoop(loop, () -> {
      assertFalse(endpoint.send(new byte[1], 0, 1, address), "a closed endpoint drops");
      return null;
    });
    assertEquals(1, endpoint.droppedCount());
  }
}
