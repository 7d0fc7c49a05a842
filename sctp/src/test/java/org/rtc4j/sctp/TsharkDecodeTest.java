package org.rtc4j.sctp;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.rtc4j.sctp.testing.Sctp.SECOND;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rtc4j.sctp.dcep.DataChannel;
import org.rtc4j.sctp.dcep.DataChannelEndpoint;
import org.rtc4j.sctp.dcep.DataChannelEvent;
import org.rtc4j.sctp.dcep.DataChannelInit;
import org.rtc4j.sctp.testing.Sctp;
import org.rtc4j.sctp.testing.SimLink;
import org.rtc4j.sctp.testing.SimPair;

/**
 * An independent decoder checks rtc4j's wire format: a data channel session (handshake, DCEP,
 * fragmented and partially reliable messages over a lossy link, SACKs with gaps, FORWARD TSN,
 * stream reset, shutdown) is written to a pcap as IPv4/SCTP and dissected by Wireshark's tshark,
 * which must find every CRC32c good, no malformed packet, and the DCEP label. Skipped, saying so,
 * if tshark is not installed.
 */
class TsharkDecodeTest {
  @TempDir
  Path dir;

  @Test
  void wiresharkDecodesEveryPacketAndFindsEveryChecksumGood() throws Exception {
    assumeTrue(tsharkAvailable(), "tshark not installed");
    List<byte[]> packets = new ArrayList<>();
    DataChannelEndpoint a = new DataChannelEndpoint(Sctp.config(1).build());
    DataChannelEndpoint b = new DataChannelEndpoint(Sctp.config(2).build());
    List<String> got = new ArrayList<>();
    SimLink.Config link = new SimLink.Config().delayMillis(10).lossRate(0.1).seed(4);
    SimPair pair = SimPair.of(a, b, new SimLink(link), new SimLink(link.copy().seed(5)), e -> {}, e -> {
      if (e instanceof DataChannelEvent.Message m) {
        got.add(m.channel().label());
      }
    }).tapAb(packets::add).tapBa(packets::add);
    a.setDtlsRole(0, true);
    b.setDtlsRole(0, false);
    a.connect(0);
    b.connect(0);
    DataChannel chat = a.createChannel(0, "chat", DataChannelInit.defaults());
    DataChannel lossy = a.createChannel(0, "lossy", DataChannelInit.defaults().withMaxRetransmits(0));
    assertTrue(pair.runUntil(() -> chat.state() == org.rtc4j.sctp.dcep.DataChannelState.OPEN, 30 * SECOND));
    for (int i = 0; i < 20; i++) {
      chat.send(pair.now, new byte[3000]);
      lossy.send(pair.now, new byte[2000]);
    }
    assertTrue(pair.runUntil(() -> got.stream().filter("chat"::equals).count() == 20, 60 * SECOND));
    chat.close(pair.now);
    pair.runFor(5 * SECOND);
    a.shutdown(pair.now);
    pair.runFor(10 * SECOND);
    Path pcap = dir.resolve("sctp.pcap");
    Files.write(pcap, pcap(packets));
    Process p = new ProcessBuilder("tshark", "-n", "-r", pcap.toString(), "-o", "sctp.checksum:CRC 32c", "-T", "fields",
        "-e", "sctp.checksum.status", "-e", "sctp.chunk_type", "-e", "rtcdc.label", "-e", "_ws.malformed",
        "-e", "_ws.expert.severity", "-E", "occurrence=a", "-E", "separator=|").redirectErrorStream(false).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String[] lines = out.strip().split("\n");
    assertEquals(packets.size(), lines.length, "one line per packet");
    Set<Integer> chunkTypes = new HashSet<>();
    Set<String> labels = new HashSet<>();
    for (String line : lines) {
      String[] f = line.split("\\|", -1);
      assertEquals("1", f[0], "checksum good: " + line);
      for (String t : f[1].split(",")) {
        chunkTypes.add(Integer.parseInt(t));
      }
      if (!f[2].isEmpty()) {
        labels.addAll(List.of(f[2].split(",")));
      }
      assertTrue(f[3].isEmpty(), "not malformed: " + line);
    }
    assertTrue(labels.contains("chat") && labels.contains("lossy"), labels.toString());
    for (int t : new int[] {0, 1, 2, 3, 7, 8, 10, 11, 14, 130, 192}) {
      assertTrue(chunkTypes.contains(t), "chunk type " + t + " seen in " + chunkTypes);
    }
  }

  private static boolean tsharkAvailable() {
    try {
      Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  /** A pcap of raw IPv4 packets (LINKTYPE_RAW) carrying the SCTP packets. */
  private static byte[] pcap(List<byte[]> packets) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
    h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(101);
    out.writeBytes(h.array());
    int i = 0;
    for (byte[] sctp : packets) {
      byte[] ip = new byte[20 + sctp.length];
      ip[0] = 0x45;
      ip[2] = (byte) (ip.length >>> 8);
      ip[3] = (byte) ip.length;
      ip[8] = 64;
      ip[9] = (byte) 132;
      ip[12] = 10;
      ip[15] = 1;
      ip[16] = 10;
      ip[19] = 2;
      int sum = 0;
      for (int k = 0; k < 20; k += 2) {
        sum += ((ip[k] & 0xFF) << 8) | (ip[k + 1] & 0xFF);
      }
      sum = (sum & 0xFFFF) + (sum >>> 16);
      sum = ~((sum & 0xFFFF) + (sum >>> 16));
      ip[10] = (byte) (sum >>> 8);
      ip[11] = (byte) sum;
      System.arraycopy(sctp, 0, ip, 20, sctp.length);
      ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      r.putInt(i / 1000).putInt((i % 1000) * 1000).putInt(ip.length).putInt(ip.length);
      out.writeBytes(r.array());
      out.writeBytes(ip);
      i++;
    }
    return out.toByteArray();
  }
}
