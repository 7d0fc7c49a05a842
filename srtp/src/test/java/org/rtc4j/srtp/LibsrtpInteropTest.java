package org.rtc4j.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtc4j.srtp.Hex.bytes;
import static org.rtc4j.srtp.Hex.hex;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop with libsrtp 2, the reference implementation: a small C helper (src/test/c) built here
 * with gcc protects and unprotects packets given on stdin. For every profile, packets libsrtp
 * protects are unprotected by rtc4j and the reverse, across a sequence number wrap (rollover
 * counter 0 to 1), for SRTP and SRTCP.
 */
class LibsrtpInteropTest {
  private static final Path SOURCE = Path.of("src/test/c/srtp_helper.c");
  private static final Path BINARY = Path.of("target/srtp-helper");
  private static final int SSRC = 0x1234ABCD;

  @BeforeAll
  static void buildHelper() throws Exception {
    Assumptions.assumeTrue(onPath("gcc"), "gcc is not installed: skipping the libsrtp interop test");
    Process flags = new ProcessBuilder("pkg-config", "--cflags", "--libs", "libsrtp2")
        .redirectErrorStream(true).start();
    String pkg = new String(flags.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    Assumptions.assumeTrue(flags.waitFor(30, TimeUnit.SECONDS) && flags.exitValue() == 0,
        "libsrtp2 (libsrtp2-dev) or pkg-config is not installed: skipping the libsrtp interop test");
    List<String> cmd = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-o", BINARY.toString(),
        SOURCE.toString()));
    cmd.addAll(Arrays.asList(pkg.split("\\s+")));
    Files.createDirectories(BINARY.getParent());
    Process gcc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0, "gcc failed: " + out);
  }

  private static boolean onPath(String tool) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The C helper as a peer: one line in, one line out. */
  private static final class Libsrtp implements AutoCloseable {
    final Process process;
    final Writer in;
    final BufferedReader out;

    Libsrtp(SrtpProfile profile, byte[] keySalt) throws IOException {
      process = new ProcessBuilder(BINARY.toAbsolutePath().toString(), profile.name(), hex(keySalt))
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
      out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
      assertEquals("READY", out.readLine());
    }

    byte[] call(String op, byte[] packet) throws IOException {
      in.write(op + " " + hex(packet) + "\n");
      in.flush();
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("OK "), "libsrtp " + op + " answered " + line);
      return bytes(line.substring(3));
    }

    @Override
    public void close() throws IOException {
      in.close();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** An RTP packet; every third carries CSRCs and a one-byte header extension. */
  static byte[] rtp(int seq, int payloadLen, Random rnd) {
    boolean extras = seq % 3 == 0;
    int hl = 12 + (extras ? 8 + 8 : 0);
    byte[] p = new byte[hl + payloadLen];
    p[0] = (byte) (extras ? 0x92 : 0x80); // V=2, X, CC=2
    p[1] = (byte) 111;
    p[2] = (byte) (seq >>> 8);
    p[3] = (byte) seq;
    p[4] = 0x01;
    p[7] = (byte) seq;
    p[8] = (byte) (SSRC >>> 24);
    p[9] = (byte) (SSRC >>> 16);
    p[10] = (byte) (SSRC >>> 8);
    p[11] = (byte) SSRC;
    if (extras) {
      p[12] = 1;
      p[19] = 2; // two CSRCs
      p[20] = (byte) 0xBE;
      p[21] = (byte) 0xDE;
      p[23] = 1; // one word of extension
      p[24] = 0x10; // id 1, one byte: audio level
      p[25] = 0x2A;
    }
    for (int i = hl; i < p.length; i++) {
      p[i] = (byte) rnd.nextInt();
    }
    return p;
  }

  /** A compound RTCP packet: an RR with one report block then an SDES CNAME. */
  static byte[] rtcp(int n) {
    byte[] p = bytes("81c90007" + String.format("%08x", SSRC) + "deadbeef00000001"
        + String.format("%08x", n) + "0000000100000002" + "00000003"
        + "81ca0004" + String.format("%08x", SSRC) + "0106727463346a00" + "00000000");
    return p;
  }

  private static int[] sequence() {
    int[] seqs = new int[40];
    for (int i = 0; i < seqs.length; i++) {
      seqs[i] = (65_520 + i) & 0xFFFF; // wraps after 16 packets: rollover counter 0 -> 1
    }
    return seqs;
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void libsrtpProtectsRtc4jUnprotects(SrtpProfile profile) throws Exception {
    byte[] key = new byte[profile.masterLength()];
    new Random(profile.ordinal()).nextBytes(key);
    SrtpContext rx = SrtpContext.create(profile, Arrays.copyOf(key, profile.keyLength()),
        Arrays.copyOfRange(key, profile.keyLength(), key.length));
    Random rnd = new Random(7);
    try (Libsrtp lib = new Libsrtp(profile, key)) {
      for (int seq : sequence()) {
        byte[] plain = rtp(seq, 20 + rnd.nextInt(1200), rnd);
        byte[] prot = lib.call("P", plain);
        assertEquals(plain.length + profile.rtpTagLength(), prot.length);
        int n = rx.unprotectRtp(prot, 0, prot.length);
        assertEquals(SrtpStatus.OK, SrtpStatus.of(n), "seq " + seq);
        assertEquals(hex(plain), hex(prot, 0, n), "seq " + seq);
      }
      assertEquals(1, rx.rolloverCounter(SSRC));
      for (int i = 0; i < 5; i++) {
        byte[] plain = rtcp(i);
        byte[] prot = lib.call("PC", plain);
        assertEquals(plain.length + profile.rtcpOverhead(), prot.length);
        int n = rx.unprotectRtcp(prot, 0, prot.length);
        assertEquals(SrtpStatus.OK, SrtpStatus.of(n));
        assertEquals(hex(plain), hex(prot, 0, n));
        // the same SRTCP packet delivered twice is a replay
        byte[] again = lib.call("PC", plain);
        byte[] copy = again.clone();
        assertEquals(SrtpStatus.OK, SrtpStatus.of(rx.unprotectRtcp(again, 0, again.length)));
        assertEquals(SrtpStatus.REPLAY_DUPLICATE, SrtpStatus.of(rx.unprotectRtcp(copy, 0, copy.length)));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(SrtpProfile.class)
  void rtc4jProtectsLibsrtpUnprotects(SrtpProfile profile) throws Exception {
    byte[] key = new byte[profile.masterLength()];
    new Random(100 + profile.ordinal()).nextBytes(key);
    SrtpContext tx = SrtpContext.create(profile, Arrays.copyOf(key, profile.keyLength()),
        Arrays.copyOfRange(key, profile.keyLength(), key.length));
    Random rnd = new Random(11);
    try (Libsrtp lib = new Libsrtp(profile, key)) {
      for (int seq : sequence()) {
        byte[] plain = rtp(seq, 20 + rnd.nextInt(1200), rnd);
        byte[] buf = Arrays.copyOf(plain, plain.length + profile.rtpTagLength());
        int n = tx.protectRtp(buf, 0, plain.length);
        assertEquals(buf.length, n);
        assertEquals(hex(plain), hex(lib.call("U", buf)), "seq " + seq);
      }
      assertEquals(1, tx.rolloverCounter(SSRC));
      for (int i = 0; i < 5; i++) {
        byte[] plain = rtcp(i);
        byte[] buf = Arrays.copyOf(plain, plain.length + profile.rtcpOverhead());
        assertEquals(buf.length, tx.protectRtcp(buf, 0, plain.length));
        assertEquals(hex(plain), hex(lib.call("UC", buf)));
      }
    }
  }
}
