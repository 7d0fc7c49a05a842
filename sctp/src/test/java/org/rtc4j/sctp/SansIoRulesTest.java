package org.rtc4j.sctp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine rules of the design (sans-IO: no clock, threads, sockets or console in library code;
 * SLF4J for logging), checked on the module's sources.
 */
class SansIoRulesTest {
  private static final List<String> FORBIDDEN = List.of("System.nanoTime", "System.currentTimeMillis", "Instant.now",
      "new Thread", "Executor", "java.net.", "java.nio.channels", "System.out", "System.err", "synchronized",
      "java.util.logging", "printStackTrace");

  @Test
  void mainSourcesHoldNoClockThreadSocketOrConsole() throws IOException {
    Path root = Path.of("src/main/java");
    assertTrue(Files.isDirectory(root), "run from the module directory");
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(p -> p.toString().endsWith(".java")).toList();
    }
    assertTrue(files.size() > 20);
    for (Path f : files) {
      String src = Files.readString(f);
      for (String bad : FORBIDDEN) {
        assertFalse(src.contains(bad), f + " uses " + bad);
      }
    }
  }
}
