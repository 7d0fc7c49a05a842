package org.rtc4j.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** After shutdown no channel stays open: counted in the process's file descriptor table. */
class ShutdownTest {

  private static final Path FD_DIR = Path.of("/proc/self/fd");

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(FD_DIR)) {
      return fds.count();
    }
  }

  @Test
  void shutdownClosesEveryChannelAndTheSelector() throws Exception {
    assumeTrue(Files.isDirectory(FD_DIR), "needs /proc/self/fd (Linux) to count descriptors");
    // Warm up once so that lazily opened JDK resources (native libraries, entropy) are counted
    // in the baseline rather than blamed on the loop.
    try (EventLoop warmup = new EventLoop("fd-warmup")) {
      warmup.bind(new InetSocketAddress("127.0.0.1", 0), (e, b, o, l, f) -> { });
    }
    long before = openFileDescriptors();

    EventLoopGroup group = new EventLoopGroup("fd-test", 2, Clock.system());
    List<UdpEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      endpoints.add(group.next().bind(new InetSocketAddress("127.0.0.1", 0),
          (e, b, o, l, f) -> { }));
    }
    long during = openFileDescriptors();
    assertTrue(during >= before + 100, "100 sockets are open: " + before + " -> " + during);

    group.shutdownGracefully().get(10, TimeUnit.SECONDS);
    for (EventLoop loop : group.loops()) {
      assertTrue(loop.isTerminated());
    }
    for (UdpEndpoint endpoint : endpoints) {
      assertFalse(endpoint.isOpen());
      assertTrue(endpoint.closeFuture().isDone());
    }
    assertEquals(before, openFileDescriptors(), "descriptors left open after shutdown");
  }
}
