package org.rtc4j.srtp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packet engines of this module hold no sockets, threads, clocks or locks, print nothing and
 * log through SLF4J only (design.md: sans-IO engines; the owning event loop is the lock).
 */
class EngineRulesTest {
  private static final List<String> FORBIDDEN = List.of("java.nio.channels", "java.net.",
      "System.nanoTime", "System.currentTimeMillis", "new Thread", "synchronized", "System.out",
      "System.err", "java.util.logging", "printStackTrace");

  @Test
  void mainSourcesStaySansIo() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        String text = Files.readString(f);
        for (String bad : FORBIDDEN) {
          if (text.contains(bad)) {
            violations.add(f + ": " + bad);
          }
        }
      }
    }
    assertTrue(violations.isEmpty(), () -> "forbidden in engine code: " + violations);
  }
}
