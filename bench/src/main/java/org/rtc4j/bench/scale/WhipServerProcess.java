package org.rtc4j.bench.scale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rtc4j whip-server} as a separate process ({@code java FLAGS -jar rtc4j.jar whip-server
 * --port 0 ...}), its output in files; {@link #close()} always ends it (SIGTERM, then SIGKILL).
 */
final class WhipServerProcess implements AutoCloseable {
  private static final Pattern ENDPOINT = Pattern.compile("WHIP endpoint at (http://[^\\s]+/whip)");
  static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final URI endpoint;

  private WhipServerProcess(Process process, Path stdout, Path stderr, URI endpoint) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.endpoint = endpoint;
  }

  /**
   * Starts the server and waits (at most {@code startTimeout}) for the line naming its endpoint.
   *
   * @param jvmFlags flags for the server's JVM, e.g. {@code -Xmx192m}
   * @param serverArgs arguments after {@code whip-server}
   */
  static WhipServerProcess start(Path jar, List<String> jvmFlags, List<String> serverArgs, Path logDir, Duration startTimeout)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "whip-server"));
    cmd.addAll(serverArgs);
    Path out = logDir.resolve("whip-server.out");
    Path err = logDir.resolve("whip-server.err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        Matcher m = ENDPOINT.matcher(Files.readString(out, StandardCharsets.UTF_8));
        if (m.find()) {
          return new WhipServerProcess(p, out, err, URI.create(m.group(1)));
        }
        if (!p.isAlive()) {
          throw new IOException("whip-server exited with " + p.exitValue() + ": " + Files.readString(err, StandardCharsets.UTF_8).strip());
        }
        Thread.sleep(50);
      }
      throw new IOException("whip-server did not name its endpoint within " + startTimeout.toSeconds() + " s: " + String.join(" ", cmd));
    } catch (IOException | InterruptedException | RuntimeException e) {
      kill(p);
      throw e;
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** {@code http://127.0.0.1:PORT/whip}. */
  URI endpoint() {
    return endpoint;
  }

  /** {@code GET /stats}: per open session its tag, connectMs and track counts (examples' MediaServer). */
  JsonNode stats(HttpClient http) throws IOException, InterruptedException {
    HttpResponse<String> res = http.send(HttpRequest.newBuilder(endpoint.resolve("/stats")).timeout(Duration.ofSeconds(30)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    if (res.statusCode() != 200) {
      throw new IOException("GET /stats answered " + res.statusCode() + ": " + res.body());
    }
    return JSON.readTree(res.body());
  }

  Path stdout() {
    return stdout;
  }

  Path stderr() {
    return stderr;
  }

  @Override
  public void close() {
    kill(process);
  }

  /** SIGTERM (the server prints its summary), then SIGKILL after 10 s. */
  private static void kill(Process p) {
    if (!p.isAlive()) {
      return;
    }
    p.toHandle().destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
