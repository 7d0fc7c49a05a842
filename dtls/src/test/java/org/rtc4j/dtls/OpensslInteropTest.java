package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Interop with an independent DTLS-SRTP implementation: {@code openssl s_server} and {@code
 * openssl s_client} over 127.0.0.1. The negotiated profile and the RFC 5764 §4.2 keying material
 * must be byte-for-byte what OpenSSL prints for {@code -keymatexport EXTRACTOR-dtls_srtp}.
 */
class OpensslInteropTest {
  private static final Path OPENSSL = Path.of("/usr/bin/openssl");
  private static final Pattern KEYING = Pattern.compile("Keying material: ([0-9A-Fa-f]+)");
  private static final Pattern PROFILE = Pattern.compile("SRTP Extension negotiated, profile=(\\S+)");
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private static Certificate ours;
  private static Certificate theirs;

  @TempDir Path dir;
  private Process openssl;
  private final StringBuffer output = new StringBuffer();

  @BeforeAll
  static void certificates() throws DtlsException {
    ours = Certificate.generate();
    theirs = Certificate.generate();
  }

  @AfterEach
  void destroy() throws InterruptedException {
    if (openssl != null) {
      openssl.destroyForcibly();
      openssl.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private void requireOpenssl() {
    assumeTrue(Files.isExecutable(OPENSSL), "openssl binary missing at /usr/bin/openssl: interop test skipped");
  }

  private List<String> pemFiles() throws IOException {
    return pemFiles(theirs);
  }

  private List<String> pemFiles(Certificate c) throws IOException {
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    Files.writeString(cert, c.toPem());
    Files.writeString(
        key,
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(c.privateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return List.of("-cert", cert.toString(), "-key", key.toString());
  }

  private void launch(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    openssl = pb.start();
    InputStream in = openssl.getInputStream();
    Thread reader =
        new Thread(
            () -> {
              byte[] buf = new byte[4096];
              try {
                for (int n; (n = in.read(buf)) > 0; ) {
                  output.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
              } catch (IOException e) {
                // process destroyed
              }
            },
            "openssl-output");
    reader.setDaemon(true);
    reader.start();
  }

  private static int freeUdpPort() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      return s.getLocalPort();
    }
  }

  private String await(Pattern p, long millis) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    while (System.nanoTime() < end) {
      Matcher m = p.matcher(output);
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(10);
    }
    return null;
  }

  /** Runs the endpoint's owner loop over a real UDP socket until {@code done} or the bound. */
  private static boolean drive(
      DtlsEndpoint e, DatagramSocket socket, SocketAddress[] peer, List<DtlsEvent> events, BooleanSupplier done, long millis)
      throws IOException {
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
    byte[] buf = new byte[2048];
    DatagramPacket packet = new DatagramPacket(buf, buf.length);
    while (!done.getAsBoolean() && System.nanoTime() < end) {
      for (byte[] d; (d = e.pollTransmit()) != null && peer[0] != null; ) {
        socket.send(new DatagramPacket(d, d.length, peer[0]));
      }
      for (DtlsEvent ev; (ev = e.pollEvent()) != null; ) {
        events.add(ev);
      }
      try {
        packet.setLength(buf.length);
        socket.receive(packet);
        peer[0] = packet.getSocketAddress();
        e.handleDatagram(System.nanoTime(), buf, 0, packet.getLength());
      } catch (SocketTimeoutException timeout) {
        e.handleTimeout(System.nanoTime());
      }
    }
    for (DtlsEvent ev; (ev = e.pollEvent()) != null; ) {
      events.add(ev);
    }
    // The drain rule: whatever the last input produced must still go out.
    for (byte[] d; (d = e.pollTransmit()) != null && peer[0] != null; ) {
      socket.send(new DatagramPacket(d, d.length, peer[0]));
    }
    return done.getAsBoolean();
  }

  private static DtlsConfig config(SrtpProtectionProfile profile) {
    return DtlsConfig.builder(ours)
        .srtpProfiles(profile)
        .initialRetransmit(Duration.ofMillis(200))
        .handshakeTimeout(Duration.ofSeconds(10))
        .build();
  }

  private void assertMatchesOpenssl(SrtpProtectionProfile profile, List<DtlsEvent> events) throws InterruptedException {
    DtlsEvent.Connected c = InMemoryLink.find(events, DtlsEvent.Connected.class);
    assertNotNull(c, () -> "not connected: " + events + "\nopenssl said:\n" + output);
    assertEquals(profile, c.profile());
    String theirProfile = await(PROFILE, 5_000);
    assertEquals(profile.opensslName(), theirProfile, () -> "openssl said:\n" + output);
    String hex = await(KEYING, 5_000);
    assertNotNull(hex, () -> "no keying material printed:\n" + output);
    assertEquals(profile.keyingMaterialLength(), hex.length() / 2);
    assertArrayEquals(HexFormat.of().parseHex(hex.toLowerCase()), c.keyingMaterial().exported());
    DtlsEvent.PeerCertificate pc = InMemoryLink.find(events, DtlsEvent.PeerCertificate.class);
    assertArrayEquals(theirs.der(), pc.der());
  }

  @ParameterizedTest
  @EnumSource(SrtpProtectionProfile.class)
  void rtc4jClientAgainstOpensslServer(SrtpProtectionProfile profile) throws Exception {
    requireOpenssl();
    int port = freeUdpPort();
    List<String> cmd = new ArrayList<>(List.of(OPENSSL.toString(), "s_server", "-dtls1_2",
        "-accept", "127.0.0.1:" + port, "-verify", "1", "-use_srtp", profile.opensslName(),
        "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(profile.keyingMaterialLength())));
    cmd.addAll(pemFiles());
    launch(cmd);
    assertNotNull(await(Pattern.compile("(ACCEPT)"), 10_000), () -> "s_server did not start:\n" + output);

    DtlsEndpoint client = new DtlsEndpoint(config(profile));
    client.setRemoteFingerprints(List.of(theirs.fingerprint()));
    List<DtlsEvent> events = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      socket.setSoTimeout(5);
      SocketAddress[] peer = {new InetSocketAddress(LOOPBACK, port)};
      client.start(System.nanoTime(), DtlsRole.CLIENT);
      assertTrue(drive(client, socket, peer, events, () -> client.state() != DtlsEndpoint.State.CONNECTING, 10_000));
      assertMatchesOpenssl(profile, events);

      // Application data reaches OpenSSL, which prints it.
      byte[] hello = ("hello-openssl-" + profile + "\n").getBytes(StandardCharsets.US_ASCII);
      client.sendApplicationData(hello, 0, hello.length);
      drive(client, socket, peer, events, () -> output.indexOf("hello-openssl-" + profile) >= 0, 5_000);
      assertTrue(output.indexOf("hello-openssl-" + profile) >= 0, () -> "openssl did not print our data:\n" + output);
      client.close();
      drive(client, socket, peer, events, () -> false, 50);
    }
  }

  /** ECDHE-RSA against OpenSSL: its RSA-2048 certificate, our ECDSA one, the default profile order. */
  @org.junit.jupiter.api.Test
  void rtc4jClientAgainstOpensslServerWithRsaCertificate() throws Exception {
    requireOpenssl();
    Certificate rsa = Certificate.generate(Certificate.KeyType.RSA_2048);
    int port = freeUdpPort();
    SrtpProtectionProfile profile = SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM;
    List<String> cmd = new ArrayList<>(List.of(OPENSSL.toString(), "s_server", "-dtls1_2",
        "-accept", "127.0.0.1:" + port, "-verify", "1",
        "-use_srtp", "SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80",
        "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", "56"));
    cmd.addAll(pemFiles(rsa));
    launch(cmd);
    assertNotNull(await(Pattern.compile("(ACCEPT)"), 10_000), () -> "s_server did not start:\n" + output);
    DtlsEndpoint client = new DtlsEndpoint(DtlsConfig.builder(ours)
        .initialRetransmit(Duration.ofMillis(200)).handshakeTimeout(Duration.ofSeconds(10)).build());
    client.setRemoteFingerprints(List.of(rsa.fingerprint()));
    List<DtlsEvent> events = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      socket.setSoTimeout(5);
      SocketAddress[] peer = {new InetSocketAddress(LOOPBACK, port)};
      client.start(System.nanoTime(), DtlsRole.CLIENT);
      assertTrue(drive(client, socket, peer, events, () -> client.state() != DtlsEndpoint.State.CONNECTING, 10_000));
    }
    DtlsEvent.Connected c = InMemoryLink.find(events, DtlsEvent.Connected.class);
    assertNotNull(c, () -> events + "\nopenssl said:\n" + output);
    // OpenSSL's server picks by its own order among the ones we offer.
    assertEquals(profile, c.profile());
    assertEquals(profile.opensslName(), await(PROFILE, 5_000));
    assertArrayEquals(HexFormat.of().parseHex(await(KEYING, 5_000).toLowerCase()), c.keyingMaterial().exported());
    assertArrayEquals(rsa.der(), InMemoryLink.find(events, DtlsEvent.PeerCertificate.class).der());
  }

  @ParameterizedTest
  @EnumSource(SrtpProtectionProfile.class)
  void opensslClientAgainstRtc4jServer(SrtpProtectionProfile profile) throws Exception {
    requireOpenssl();
    DtlsEndpoint server = new DtlsEndpoint(config(profile));
    server.setRemoteFingerprints(List.of(theirs.fingerprint()));
    List<DtlsEvent> events = new ArrayList<>();
    try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
      socket.setSoTimeout(5);
      server.start(System.nanoTime(), DtlsRole.SERVER);
      List<String> cmd = new ArrayList<>(List.of(OPENSSL.toString(), "s_client", "-dtls1_2",
          "-connect", "127.0.0.1:" + socket.getLocalPort(), "-use_srtp", profile.opensslName(),
          "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", String.valueOf(profile.keyingMaterialLength())));
      cmd.addAll(pemFiles());
      launch(cmd);
      SocketAddress[] peer = {null};
      assertTrue(drive(server, socket, peer, events, () -> server.state() != DtlsEndpoint.State.CONNECTING, 10_000),
          () -> "handshake did not end:\n" + output);
      assertMatchesOpenssl(profile, events);

      // OpenSSL sends what we type on its stdin as application data.
      OutputStream stdin = openssl.getOutputStream();
      stdin.write("hello-rtc4j\n".getBytes(StandardCharsets.US_ASCII));
      stdin.flush();
      assertTrue(drive(server, socket, peer, events,
          () -> InMemoryLink.find(events, DtlsEvent.ApplicationData.class) != null, 5_000));
      assertEquals("hello-rtc4j\n", new String(
          InMemoryLink.find(events, DtlsEvent.ApplicationData.class).data(), StandardCharsets.US_ASCII));
    }
  }
}
