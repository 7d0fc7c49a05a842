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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** After shutdown no channel stays open: counted in the process's file descriptor table. */
class ShutdownTest {

  private static final Path FD_DIR = Path.of("/proc/self/fd");

  /** Open descriptors of this process: fd number -> what it points to. */
  private static Map<String, String> openFileDescriptors() throws IOException {
    Map<String, String> fds = new TreeMap<>();
    try (Stream<Path> list = Files.list(FD_DIR)) {
      for (Path fd : (Iterable<Path>) list::iterator) {
        try {
          fds.put(fd.getFileName().toString(), Files.readSymbolicLink(fd).toString());
        } catch (IOException gone) {
          // the directory stream's own descriptor, closed by now
        }
      }
    }
    return fds;
  }

  /** Descriptors a selector or a channel could hold: sockets, epoll, eventfd, pipes. */
  private static Map<String, String> channelLike(Map<String, String> fds) {
    Map<String, String> result = new TreeMap<>();
    fds.forEach((fd, target) -> {
      if (target.startsWith("socket:") || target.startsWith("anon_inode:")
          || target.startsWith("pipe:")) {
        result.put(fd, target);
      }
    });
    return result;
  }

  @Test
  void shutdownClosesEveryChannelAndTheSelector() throws Exception {
    assumeTrue(Files.isDirectory(FD_DIR), "needs /proc/self/fd (Linux) to count descriptors");
    // Warm up once so that lazily opened JDK resources (native libraries, entropy) are counted
    // in the baseline rather than blamed on the loop.
    try (EventLoop warmup = new EventLoop("fd-warmup")) {
      warmup.bind(new InetSocketAddress("127.0.0.1", 0), (e, b, o, l, f) -> { });
    }
    Map<String, String> before = channelLike(openFileDescriptors());

    EventLoopGroup group = new EventLoopGroup("fd-test", 2, Clock.system());
    List<UdpEndpoint> endpoints = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      endpoints.add(group.next().bind(new InetSocketAddress("127.0.0.1", 0),
          (e, b, o, l, f) -> { }));
    }
    Map<String, String> during = channelLike(openFileDescriptors());
    long sockets = during.values().stream().filter(t -> t.startsWith("socket:")).count()
        - before.values().stream().filter(t -> t.startsWith("socket:")).count();
    assertTrue(sockets >= 100, "100 more sockets are open while bound: " + sockets);

    group.shutdownGracefully().get(10, TimeUnit.SECONDS);
    for (EventLoop loop : group.loops()) {
      assertTrue(loop.isTerminated());
    }
    for (UdpEndpoint endpoint : endpoints) {
      assertFalse(endpoint.isOpen());
      assertTrue(endpoint.closeFuture().isDone());
    }
    Map<String, String> after = channelLike(openFileDescriptors());
    Map<String, String> leaked = new TreeMap<>(after);
    leaked.keySet().removeAll(before.keySet());
    assertEquals(Map.of(), leaked, "socket, epoll or pipe descriptors left open after shutdown");
    assertEquals(before, after);
  }
}
