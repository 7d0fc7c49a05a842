package org.rtc4j.peer;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real coturn ({@code turnserver}) for tests, on 127.0.0.1 with long-term credentials (RFC 8656
 * §9.2): TURN over UDP and TCP on one port and TURN over TLS on another, with a self-signed P-256
 * certificate made here by the {@code openssl} CLI for {@code CN=localhost}, SAN {@code
 * DNS:localhost, IP:127.0.0.1}. Relay addresses are on 127.0.0.1 ({@code allow-loopback-peers}).
 */
final class Coturn implements AutoCloseable {
  static final Path TURNSERVER = Path.of("/usr/bin/turnserver");
  static final Path OPENSSL = Path.of("/usr/bin/openssl");
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Turn";

  private final Path dir;
  private final Process process;
  final int port;
  final int tlsPort;
  final Path certificate;

  /** Null if coturn and openssl are installed, else why the test cannot run. */
  static String unavailable() {
    if (!Files.isExecutable(TURNSERVER)) {
      return "coturn is not installed at " + TURNSERVER;
    }
    return Files.isExecutable(OPENSSL) ? null : "openssl is not installed at " + OPENSSL;
  }

  private Coturn(Path dir) throws IOException, InterruptedException {
    this.dir = dir;
    certificate = dir.resolve("turn-cert.pem");
    Path key = dir.resolve("turn-key.pem");
    run(OPENSSL.toString(), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", key.toString(), "-out", certificate.toString(), "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    port = freePort();
    tlsPort = freePort();
    Files.writeString(dir.resolve("turnserver.conf"), String.join("\n",
        "listening-ip=127.0.0.1", "relay-ip=127.0.0.1", "listening-port=" + port, "tls-listening-port=" + tlsPort,
        "cert=" + certificate, "pkey=" + key, "lt-cred-mech", "user=" + USER + ":" + PASSWORD, "realm=rtc4j.test",
        "allow-loopback-peers", "no-cli", "no-dtls", "no-rfc5780", "no-software-attribute", "verbose", "simple-log",
        "log-file=" + dir.resolve("turnserver.log"), "pidfile=" + dir.resolve("turnserver.pid"),
        "userdb=" + dir.resolve("turndb"), ""));
    process = new ProcessBuilder(TURNSERVER.toString(), "-c", dir.resolve("turnserver.conf").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("turnserver.out").toFile()).start();
    try {
      awaitListening();
    } catch (RuntimeException | InterruptedException e) {
      close();
      throw e;
    }
  }

  /** Starts coturn with its files in {@code dir}; returns once it listens on all its ports. */
  static Coturn start(Path dir) throws IOException, InterruptedException {
    return new Coturn(dir);
  }

  /** A trust store holding exactly coturn's certificate (for {@code Configuration.turnTlsContext}). */
  KeyStore trustStore() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setCertificateEntry("coturn", x509());
    return ks;
  }

  /** Base64 of the SHA-256 of the certificate's SubjectPublicKeyInfo (Chromium's SPKI pin format). */
  String spkiSha256() throws Exception {
    byte[] spki = x509().getPublicKey().getEncoded();
    return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(spki));
  }

  private X509Certificate x509() throws Exception {
    try (InputStream in = Files.newInputStream(certificate)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** coturn's log (allocations, permissions, TLS errors), for a failure message. */
  String log() {
    StringBuilder sb = new StringBuilder();
    for (String name : List.of("turnserver.out", "turnserver.log")) {
      try {
        String s = Files.readString(dir.resolve(name));
        sb.append(s.length() > 6000 ? s.substring(s.length() - 6000) : s);
      } catch (IOException e) {
        sb.append("(no ").append(name).append(')');
      }
    }
    return sb.toString();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  /** Bounded wait (5 s) until coturn holds its UDP port and accepts on both TCP ports. */
  private void awaitListening() throws InterruptedException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    for (int i = 0; i < 100; i++) {
      if (!process.isAlive()) {
        throw new IllegalStateException("coturn exited: " + log());
      }
      boolean udp;
      try {
        new DatagramSocket(new InetSocketAddress(lo, port)).close();
        udp = false;
      } catch (IOException inUse) {
        udp = true;
      }
      if (udp && accepts(lo, port) && accepts(lo, tlsPort)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("coturn did not start: " + log());
  }

  private static boolean accepts(InetAddress host, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", cmd) + " failed: " + out);
    }
  }
}
