package org.rtc4j.sdp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Asks the installed Chromium for a fresh offer (audio, video, data channel) with the same
 * script that made the corpus file, and reads it. Catches format changes in new Chromium
 * releases. Fake devices, no ICE servers, no setLocalDescription: nothing touches the network.
 */
class LiveChromiumTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path SCRIPT = Path.of("src/test/chromium/capture_offer.py");

  @Test
  void readsAnOfferFromTheInstalledChromium(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "chromium is not installed (apt-get install chromium)");
    assumeTrue(onPath("python3"), "python3 is not installed");
    Path out = dir.resolve("offer.sdp");
    Process p = new ProcessBuilder("python3", SCRIPT.toString(), CHROMIUM.toString(), out.toString())
        .redirectErrorStream(true).start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(done && p.exitValue() == 0, "capture failed: " + log);

    String text = Files.readString(out);
    SessionDescription sd = SessionDescription.parse(text);
    assertEquals(text, sd.toString(), "Chromium's own order is the canonical order");
    assertEquals(List.of("audio", "video", "application"), sd.media().stream().map(MediaDescription::kind).toList());
    assertEquals(List.of("0", "1", "2"), sd.group("BUNDLE").orElseThrow().mids());
    for (MediaDescription m : sd.media()) {
      assertEquals(Setup.ACTPASS, m.setup().orElseThrow());
      assertEquals("sha-256", m.fingerprints().get(0).hashFunction());
      assertTrue(m.iceUfrag().isPresent() && m.icePwd().isPresent());
    }
    MediaDescription audio = sd.media().get(0);
    assertTrue(audio.rtpMaps().stream().anyMatch(r -> r.encodingName().equals("opus") && r.clockRate() == 48000));
    MediaDescription video = sd.media().get(1);
    assertTrue(video.rtpMaps().stream().anyMatch(r -> r.encodingName().equals("VP8")));
    assertFalse(video.ssrcGroups().isEmpty());
    assertEquals(5000, sd.media().get(2).sctpPort().orElseThrow());
  }

  private static boolean onPath(String tool) {
    try {
      return new ProcessBuilder("sh", "-c", "command -v " + tool).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
