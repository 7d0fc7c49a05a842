package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engines (STUN codec, ICE agent) hold no sockets, threads or clock: only the socket owners do
 * I/O (IceTransport, the sockets it and a connection core share, the shared UDP socket).
 */
class SansIoTest {
  private static final java.util.Set<String> SOCKET_OWNERS = java.util.Set.of("IceTransport.java", "IceSockets.java",
      "UdpMux.java");

  private static final List<String> FORBIDDEN = List.of("java.nio.channels", "System.nanoTime", "System.currentTimeMillis",
      "new Thread", "Executor", "java.net.DatagramSocket", "Instant.now", "org.rtc4j.net");

  @Test
  void enginesDoNoIo() throws IOException {
    Path root = Path.of("src/main/java/org/rtc4j");
    try (Stream<Path> files = Stream.concat(Files.walk(root.resolve("stun")), Files.walk(root.resolve("ice")))) {
      List<Path> engines = files.filter(p -> p.toString().endsWith(".java"))
          .filter(p -> !SOCKET_OWNERS.contains(p.getFileName().toString()))
          .filter(p -> !p.getFileName().toString().equals("package-info.java")).toList();
      assertTrue(engines.size() > 15, "found the sources");
      for (Path p : engines) {
        String src = Files.readString(p);
        for (String f : FORBIDDEN) {
          assertTrue(!src.contains(f), p + " uses " + f);
        }
      }
    }
  }
}
