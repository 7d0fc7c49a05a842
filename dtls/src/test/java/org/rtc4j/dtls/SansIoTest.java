package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine classes hold no threads, sockets or clocks (style.md, "Sans-IO engines"): time comes
 * in as {@code nowNanos}, bytes as arrays. Threads live only in {@link DtlsHandshakeExecutor} and
 * the Bouncy Castle adapter behind it.
 */
class SansIoTest {
  private static final String[] FORBIDDEN = {
    "System.nanoTime", "System.currentTimeMillis", "Instant.now", "new Thread", "java.net.", "java.nio.channels",
    "Thread.sleep", "synchronized"
  };

  @ParameterizedTest
  @ValueSource(strings = {
    "DtlsEndpoint", "DtlsEvent", "DtlsConfig", "Fingerprint", "KeyingMaterial", "DtlsRole", "DtlsSetup",
    "SrtpProtectionProfile", "DtlsFailure"
  })
  void engineSourceReadsNoClockAndOwnsNoThreadOrSocket(String className) throws IOException {
    Path source = Path.of("src/main/java/org/rtc4j/dtls", className + ".java");
    assertTrue(Files.exists(source), "run from the dtls module directory: " + source.toAbsolutePath());
    String text = Files.readString(source);
    for (String f : FORBIDDEN) {
      assertFalse(text.contains(f), className + " must not use " + f);
    }
  }
}
