package org.rtc4j.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One headless Chromium (fake camera and microphone, fresh temporary profile) opened on a page the
 * test serves on 127.0.0.1. It must run in a network namespace with only loopback up, because
 * Chromium gathers on every interface it sees and sends mDNS multicast: {@link #unavailable()}
 * says why it cannot run here.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Path profile;
  private final Process process;

  /** Null if Chromium can run here, else why not. */
  static String unavailable() throws IOException {
    if (!Files.isExecutable(CHROMIUM)) {
      return "chromium is not installed at " + CHROMIUM;
    }
    List<String> others = Interfaces.upBesidesLoopback();
    return others.isEmpty() ? null : "Chromium interop runs only in a loopback-only network namespace "
        + "(interfaces up here: " + others + "); run ./run-tests as root, which creates one";
  }

  private HeadlessChromium(String url, boolean hideLocalIps, List<String> extraFlags) throws IOException {
    profile = Files.createTempDirectory("rtc4j-chromium");
    List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--use-fake-device-for-media-stream",
        "--autoplay-policy=no-user-gesture-required",
        "--allow-loopback-in-peer-connection", "--disable-background-networking", "--no-first-run",
        "--disable-component-update", "--disable-sync", "--disable-quic", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile));
    if (!hideLocalIps) {
      // Auto-granted camera and microphone: a page counts as having media permission, so Chromium
      // signals plain host addresses anyway.
      cmd.add("--use-fake-ui-for-media-stream");
      cmd.add("--disable-features=WebRtcHideLocalIpsWithMdns");
    }
    cmd.addAll(extraFlags);
    cmd.add(url);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(profile.resolve("chromium.log").toFile()).start();
  }

  /** Starts Chromium on {@code url} (a page on 127.0.0.1). */
  static HeadlessChromium open(String url) throws IOException {
    return new HeadlessChromium(url, false, List.of());
  }

  /**
   * Starts Chromium on {@code url} with {@code extraFlags}; with {@code hideLocalIps} it keeps its
   * default of signalling {@code <uuid>.local} names instead of host addresses (the page gets no
   * getUserMedia permission then: {@code --use-fake-ui-for-media-stream}, which grants it, would
   * make Chromium signal the addresses), else it signals the addresses.
   */
  static HeadlessChromium open(String url, boolean hideLocalIps, List<String> extraFlags) throws IOException {
    return new HeadlessChromium(url, hideLocalIps, extraFlags);
  }

  /** Chromium's own output (stdout and stderr), for a failure message. */
  String log() {
    try {
      return Files.readString(profile.resolve("chromium.log"));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Ends Chromium and its child processes and deletes the profile. */
  @Override
  public void close() throws IOException {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try (Stream<Path> s = Files.walk(profile)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
