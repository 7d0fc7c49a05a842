package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;

/**
 * The debug capture of a loopback call, read back by Wireshark's {@code tshark}: STUN, DTLS, and
 * RTP and RTCP in the clear, between the real addresses. Skipped (with the reason) where tshark is
 * not installed; {@code .ci/run} installs it.
 */
@Timeout(90)
class DebugCaptureTest {
  @TempDir
  Path dir;

  @Test
  void loopbackCallIsCapturedForWireshark() throws Exception {
    EventLoopGroup group = new EventLoopGroup("capture-loop", 1, Clock.system());
    PeerConnection a = PeerConnection.create(
        Configuration.builder().loopbackOnly().eventLoopGroup(group).debugCapture(dir).build());
    PeerConnection b = PeerConnection.create(Configuration.builder().loopbackOnly().eventLoopGroup(group).build());
    List<EncodedFrame> opus = Media.opus(100);
    List<EncodedFrame> got = new ArrayList<>();
    long ssrc;
    try {
      RtpSender audio = a.addTrack(MediaStreamTrack.audio("a-audio"), "a");
      b.onTrack(e -> e.receiver().onFrame(f -> {
        synchronized (got) {
          got.add(f);
        }
      }));
      Signaling s = new Signaling(a, b);
      s.negotiate(a);
      s.awaitConnected();
      for (EncodedFrame f : opus) { // 2 s of audio: RTCP reports both ways
        audio.sendFrame(f);
        Thread.sleep(20);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && Signaling.get(a.getStats()).ofType("remote-inbound-rtp").isEmpty()) {
        Thread.sleep(50);
      }
      ssrc = Signaling.get(a.getStats()).ofType("outbound-rtp").get(0).getLong("ssrc", -1);
    } finally {
      Signaling.get(a.closeAsync());
      Signaling.get(b.closeAsync());
      group.close();
    }
    Path file = dir.resolve("rtc4j-" + a.id() + ".pcapng");
    assertTrue(Files.exists(file), "capture written: " + file);
    assertEquals(1, Files.list(dir).count(), "only the capturing connection writes a file");
    byte[] head = Arrays.copyOf(Files.readAllBytes(file), 4);
    assertArrayEquals(new byte[] {0x0A, 0x0D, 0x0D, 0x0A}, head, "pcapng section header");

    // The media is in the clear: the payloads of a's RTP packets, read back from the file, are the
    // Opus frames it sent, in order.
    List<byte[]> payloads = new ArrayList<>();
    for (byte[] udp : udpPayloads(Files.readAllBytes(file))) {
      if ((udp[0] & 0xC0) == 0x80 && (udp[1] & 0x7F) == 111 && u32(udp, 8) == ssrc) {
        payloads.add(rtpPayload(udp));
      }
    }
    assertEquals(opus.size(), payloads.size(), "every RTP packet a sent");
    for (int i = 0; i < opus.size(); i++) {
      assertArrayEquals(opus.get(i).data(), payloads.get(i), "RTP payload " + i + " is the clear Opus frame");
    }

    String keep = System.getProperty("rtc4j.capture.keep"); // a directory: keeps the capture (peer/README.md)
    if (keep != null) {
      Files.copy(file, Path.of(keep).resolve("loopback.pcapng"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    assumeTrue(tsharkAvailable(), "tshark is not installed: the capture was written but not decoded");

    // One line per packet: protocols, addresses, ports. RTP and RTCP have no fixed port: Wireshark
    // finds them by heuristics (off by default, turned on here as a user would).
    List<String> lines = tshark(file, "-T", "fields", "-E", "separator=;", "-e", "frame.protocols",
        "-e", "ip.src", "-e", "ip.dst", "-e", "udp.srcport", "-e", "udp.dstport",
        "-e", "rtp.ssrc", "-e", "rtp.p_type", "-e", "rtcp.pt");
    assertTrue(lines.size() > opus.size(), lines.size() + " packets");
    Map<String, Long> byProtocol = lines.stream()
        .map(l -> l.split(";", -1)[0])
        .map(p -> p.substring(p.lastIndexOf(':') + 1))
        .collect(Collectors.groupingBy(p -> p, Collectors.counting()));
    assertTrue(byProtocol.getOrDefault("stun", 0L) >= 2, "STUN checks both ways: " + byProtocol);
    assertTrue(byProtocol.keySet().stream().anyMatch(p -> p.equals("dtls")), "DTLS records: " + byProtocol);
    assertTrue(byProtocol.getOrDefault("rtp", 0L) >= opus.size(), "every sent RTP packet in the clear: " + byProtocol);
    assertTrue(byProtocol.getOrDefault("rtcp", 0L) >= 2, "RTCP reports: " + byProtocol);
    for (String l : lines) {
      String[] f = l.split(";", -1);
      assertEquals("127.0.0.1", f[1], l);
      assertEquals("127.0.0.1", f[2], l);
      assertTrue(Integer.parseInt(f[3]) > 0 && Integer.parseInt(f[4]) > 0, l);
    }
    // Wireshark reads a's SSRC and Opus's payload type on every RTP packet it sent.
    assertTrue(lines.stream().filter(l -> l.split(";", -1)[5].equals(String.format("0x%08x", ssrc)))
        .filter(l -> l.split(";", -1)[6].equals("111")).count() >= opus.size(), "RTP headers decoded");
    // The DTLS handshake is there in full: both hellos.
    List<String> dtls = tshark(file, "-Y", "dtls.handshake.type", "-T", "fields", "-e", "dtls.handshake.type");
    String types = String.join(",", dtls);
    assertTrue(types.contains("1") && types.contains("2"), "ClientHello and ServerHello: " + types);
  }

  /** The UDP payloads of every Enhanced Packet Block (LINKTYPE_RAW, IPv4) of a pcapng file. */
  static List<byte[]> udpPayloads(byte[] f) {
    List<byte[]> out = new ArrayList<>();
    for (int p = 0; p + 12 <= f.length; ) {
      int type = le32(f, p);
      int length = le32(f, p + 4);
      if (type == 6) {
        int captured = le32(f, p + 20);
        int ip = p + 28;
        int ipHeader = (f[ip] & 0x0F) * 4;
        out.add(Arrays.copyOfRange(f, ip + ipHeader + 8, ip + captured));
      }
      p += length;
    }
    return out;
  }

  /** RFC 3550 §5.1 and §5.3.1: the payload after the CSRCs and the header extension. */
  static byte[] rtpPayload(byte[] rtp) {
    int p = 12 + (rtp[0] & 0x0F) * 4;
    if ((rtp[0] & 0x10) != 0) {
      p += 4 + (((rtp[p + 2] & 0xFF) << 8) | (rtp[p + 3] & 0xFF)) * 4;
    }
    int end = rtp.length - ((rtp[0] & 0x20) != 0 ? rtp[rtp.length - 1] & 0xFF : 0);
    return Arrays.copyOfRange(rtp, p, end);
  }

  private static int le32(byte[] b, int p) {
    return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
  }

  private static long u32(byte[] b, int p) {
    return ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFFL) << 16) | ((b[p + 2] & 0xFFL) << 8) | (b[p + 3] & 0xFFL);
  }

  static boolean tsharkAvailable() {
    try {
      Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  static List<String> tshark(Path file, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", file.toString(),
        "--enable-heuristic", "rtp_udp", "--enable-heuristic", "rtcp_udp"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark finished");
    assertEquals(0, p.exitValue(), "tshark read the file: " + cmd);
    return out.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
  }
}
