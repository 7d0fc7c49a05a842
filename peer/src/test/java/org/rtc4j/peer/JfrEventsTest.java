package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.peer.internal.Transceiver;

/**
 * The {@code rtc4j.*} JFR events, recorded with {@link Recording} and read back with
 * {@link RecordingFile}: a loopback call on real event loops (ICE, DTLS, RTCP, loop tasks), and a
 * simulated call whose link duplicates every packet (SRTP replay failures).
 */
@Timeout(90)
class JfrEventsTest {
  @TempDir
  Path dir;

  private static Recording rtc4jRecording() {
    Recording r = new Recording();
    for (String name : List.of("rtc4j.IceStateChange", "rtc4j.IceSelectedPair", "rtc4j.DtlsHandshake",
        "rtc4j.SrtpFailure", "rtc4j.RtcpReport", "rtc4j.LoopTask")) {
      r.enable(name);
    }
    return r;
  }

  private List<RecordedEvent> stopAndRead(Recording r, String file) throws Exception {
    r.stop();
    Path out = dir.resolve(file);
    r.dump(out);
    r.close();
    String keep = System.getProperty("rtc4j.jfr.keep"); // a directory: keeps the recordings (peer/README.md)
    if (keep != null) {
      Files.copy(out, Path.of(keep).resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assertTrue(Files.size(out) > 0);
    return RecordingFile.readAllEvents(out).stream()
        .filter(e -> e.getEventType().getName().startsWith("rtc4j."))
        .collect(Collectors.toList());
  }

  private static List<RecordedEvent> ofType(List<RecordedEvent> all, String name) {
    return all.stream().filter(e -> e.getEventType().getName().equals(name)).collect(Collectors.toList());
  }

  @Test
  void loopbackCallRecordsIceDtlsRtcpAndLoopEvents() throws Exception {
    EventLoopGroup group = new EventLoopGroup("jfr-loop", 1, Clock.system());
    Recording recording = rtc4jRecording();
    recording.start();
    PeerConnection a = PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
    PeerConnection b = PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
    List<RecordedEvent> events;
    try {
      RtpSender audio = a.addTrack(MediaStreamTrack.audio("a-audio"), "a");
      Signaling s = new Signaling(a, b);
      s.negotiate(a);
      s.awaitConnected();
      // Audio until a's sender has a round-trip time from b's receiver reports (RFC 3550 §6.4.1).
      List<EncodedFrame> opus = Media.opus(500); // 10 s at most
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      for (int i = 0; i < opus.size() && System.nanoTime() < deadline; i++) {
        audio.sendFrame(opus.get(i));
        Thread.sleep(20);
        Stats remote = Signaling.get(a.getStats()).ofType("remote-inbound-rtp").stream().findFirst().orElse(null);
        if (remote != null && remote.getDouble("roundTripTime", -1) >= 0) {
          break;
        }
      }
    } finally {
      Signaling.get(a.closeAsync());
      Signaling.get(b.closeAsync());
      group.close();
      events = stopAndRead(recording, "loopback.jfr");
    }
    Set<String> ids = Set.of(a.id(), b.id());

    List<RecordedEvent> ice = ofType(events, "rtc4j.IceStateChange");
    for (String id : ids) {
      List<String> states = ice.stream().filter(e -> id.equals(e.getString("connectionId")))
          .map(e -> e.getString("state")).collect(Collectors.toList());
      assertTrue(states.contains("checking") && states.contains("connected"), id + " ICE states " + states);
    }

    List<RecordedEvent> pairs = ofType(events, "rtc4j.IceSelectedPair");
    assertEquals(ids, pairs.stream().map(e -> e.getString("connectionId")).collect(Collectors.toSet()));
    for (RecordedEvent e : pairs) {
      assertTrue(e.getString("localAddress").contains("127.0.0.1"), e.toString());
      assertEquals("host", e.getString("localType"));
      assertFalse(e.getBoolean("relayed"));
    }

    List<RecordedEvent> dtls = ofType(events, "rtc4j.DtlsHandshake");
    assertEquals(ids, dtls.stream().map(e -> e.getString("connectionId")).collect(Collectors.toSet()));
    assertEquals(Set.of("client", "server"), dtls.stream().map(e -> e.getString("role")).collect(Collectors.toSet()));
    for (RecordedEvent e : dtls) {
      assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", e.getString("cipherSuite"), e.toString());
      assertTrue(e.getString("srtpProfile").startsWith("SRTP_") || e.getString("srtpProfile").startsWith("AEAD_"),
          e.toString());
      Duration d = e.getDuration("handshakeDuration");
      assertTrue(d.toNanos() > 0 && d.compareTo(Duration.ofSeconds(10)) < 0, "handshake took " + d);
    }
    assertEquals(dtls.get(0).getString("srtpProfile"), dtls.get(1).getString("srtpProfile"));

    List<RecordedEvent> reports = ofType(events, "rtc4j.RtcpReport").stream()
        .filter(e -> a.id().equals(e.getString("connectionId"))).collect(Collectors.toList());
    assertFalse(reports.isEmpty(), "a heard no receiver report");
    // Long.MIN_VALUE (N/A): the first report, before any sender report to echo.
    assertTrue(reports.stream().anyMatch(e -> e.getLong("roundTripTime") >= 0
        && e.getLong("roundTripTime") < 1_000_000_000L), "no round trip: " + reports);
    for (RecordedEvent e : reports) {
      assertEquals(0, e.getLong("packetsLost"), "loopback loses nothing");
      assertEquals(0.0, e.getDouble("fractionLost"));
      assertTrue(e.getLong("jitter") < 48_000, "jitter under a second of Opus clock: " + e);
    }

    List<RecordedEvent> loop = ofType(events, "rtc4j.LoopTask");
    assertTrue(loop.stream().anyMatch(e -> "timer".equals(e.getString("kind"))), "no timer task");
    assertTrue(loop.stream().anyMatch(e -> "task".equals(e.getString("kind"))), "no posted task");
    for (RecordedEvent e : loop) {
      assertTrue(e.getString("loop").startsWith("jfr-loop"), e.toString());
      assertTrue(e.getDuration("latency").toNanos() >= 0);
      assertTrue(e.getThread().getJavaName().startsWith("jfr-loop"), "runs on the loop thread");
    }
  }

  @Test
  void duplicatedPacketsRecordSrtpReplayFailures() throws Exception {
    Recording recording = rtc4jRecording();
    recording.start();
    List<EncodedFrame> clip = Media.opus(50);
    String receiver;
    try (Sim sim = new Sim(3, Configuration.builder().build())) {
      Transceiver mic = sim.a.addTrack(MediaStreamTrack.audio("mic"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sim.ab.duplication(1.0); // every packet a sends arrives twice: the copy is a replay
      long t0 = sim.now();
      for (int i = 0; i < clip.size(); i++) {
        EncodedFrame f = clip.get(i);
        sim.at(t0 + i * 20 * Sim.MS, () -> sim.a.send(mic, f));
      }
      sim.runUntil(() -> sim.b.frameCount() >= clip.size(), 10_000, "all frames");
      sim.runFor(100);
      receiver = sim.b.core.id();
    }
    List<RecordedEvent> failures = ofType(stopAndRead(recording, "sim.jfr"), "rtc4j.SrtpFailure").stream()
        .filter(e -> receiver.equals(e.getString("connectionId"))).collect(Collectors.toList());
    Map<String, Long> byReason = failures.stream()
        .filter(e -> e.getString("protocol").equals("SRTP"))
        .collect(Collectors.groupingBy(e -> e.getString("reason"), Collectors.counting()));
    assertEquals(Set.of("REPLAY_DUPLICATE"), byReason.keySet(), "reasons " + byReason);
    assertTrue(byReason.get("REPLAY_DUPLICATE") >= clip.size(), "one replay per duplicated packet: " + byReason);
  }
}
