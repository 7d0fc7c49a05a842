package org.rtc4j.peer.testing;

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
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.rtc4j.net.Tls;

/**
 * A coturn TURN server for tests, started on one address with long-term credentials: UDP and TCP
 * on {@link #port()}, TLS on {@link #tlsPort()} with a self-signed certificate for {@code localhost}
 * and the address, made with the openssl CLI. Relayed addresses are on the same address and
 * loopback peers are allowed. {@link #close()} stops it; {@link #kill()} stops it the way a crash
 * would.
 */
public final class Coturn implements AutoCloseable {
  public static final Path BINARY = Path.of("/usr/bin/turnserver");
  public static final String USER = "alice";
  public static final String PASSWORD = "s3cret-Turn";
  public static final String REALM = "rtc4j.test";

  private final Process process;
  private final InetAddress address;
  private final int port;
  private final int tlsPort;
  private final Path certificate;
  private final Path log;

  private Coturn(Process process, InetAddress address, int port, int tlsPort, Path certificate, Path log) {
    this.process = process;
    this.address = address;
    this.port = port;
    this.tlsPort = tlsPort;
    this.certificate = certificate;
    this.log = log;
  }

  /** Whether coturn and openssl are installed. */
  public static boolean available() {
    return Files.isExecutable(BINARY) && Files.isExecutable(Path.of("/usr/bin/openssl"));
  }

  /** Starts coturn on 127.0.0.1 in {@code dir} and waits (bounded) until UDP, TCP and TLS listen. */
  public static Coturn start(Path dir) throws IOException, InterruptedException {
    return start(dir, InetAddress.getLoopbackAddress(), List.of());
  }

  /** Starts coturn on {@code ip}; {@code extra} lines go to its configuration. */
  public static Coturn start(Path dir, InetAddress ip, List<String> extra) throws IOException, InterruptedException {
    Path cert = dir.resolve("turn-cert.pem");
    Path key = dir.resolve("turn-key.pem");
    run(dir, "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-days", "2", "-subj", "/CN=localhost", "-addext",
        "subjectAltName=DNS:localhost,IP:" + ip.getHostAddress(), "-keyout", key.toString(), "-out", cert.toString());
    int port = freeUdpAndTcpPort(ip);
    int tlsPort = freeTcpPort(ip);
    Path log = dir.resolve("turnserver.log");
    List<String> lines = new ArrayList<>(List.of(
        "listening-ip=" + ip.getHostAddress(), "relay-ip=" + ip.getHostAddress(),
        "listening-port=" + port, "tls-listening-port=" + tlsPort, "cert=" + cert, "pkey=" + key,
        "lt-cred-mech", "user=" + USER + ":" + PASSWORD, "realm=" + REALM, "allow-loopback-peers",
        "no-cli", "no-dtls", "no-rfc5780", "no-software-attribute", "simple-log", "log-file=" + log,
        "pidfile=" + dir.resolve("turnserver.pid"), "userdb=" + dir.resolve("turndb")));
    lines.addAll(extra);
    lines.add("");
    Path conf = dir.resolve("turnserver.conf");
    Files.writeString(conf, String.join("\n", lines));
    Process p = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("turnserver.out").toFile()).start();
    Coturn c = new Coturn(p, ip, port, tlsPort, cert, log);
    try {
      c.awaitListening();
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  public int port() {
    return port;
  }

  public int tlsPort() {
    return tlsPort;
  }

  /** The PEM certificate the TLS listener presents (self-signed: trust it directly). */
  public Path certificate() {
    return certificate;
  }

  public Path log() {
    return log;
  }

  /** {@code turn:ip:port} (UDP). */
  public String udpUrl() {
    return "turn:" + address.getHostAddress() + ":" + port;
  }

  /** {@code turn:ip:port?transport=tcp}. */
  public String tcpUrl() {
    return udpUrl() + "?transport=tcp";
  }

  /** {@code turns:localhost:tlsPort} (a host name, resolved by the client; the certificate names it). */
  public String tlsUrl() {
    return "turns:localhost:" + tlsPort;
  }

  /** The URL for a transport name: {@code udp}, {@code tcp} or {@code tls}. */
  public String url(String transport) {
    return switch (transport) {
      case "udp" -> udpUrl();
      case "tcp" -> tcpUrl();
      case "tls" -> tlsUrl();
      default -> throw new IllegalArgumentException(transport);
    };
  }

  /** An SSL context that trusts this server's certificate (for {@code turns:}). */
  public SSLContext trust() throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(certificate)) {
      ks.setCertificateEntry("turn", (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    return Tls.trusting(ks);
  }

  /** Bounded wait (5 s) until the UDP, TCP and TLS ports are taken. */
  private void awaitListening() throws IOException, InterruptedException {
    for (int i = 0; i < 100; i++) {
      if (!process.isAlive()) {
        throw new IOException("turnserver exited with " + process.exitValue() + "; see " + log);
      }
      if (udpTaken() && tcpListening(port) && tcpListening(tlsPort)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IOException("turnserver did not start listening; see " + log);
  }

  private boolean udpTaken() {
    try {
      new DatagramSocket(new InetSocketAddress(address, port)).close();
      return false;
    } catch (IOException inUse) {
      return true;
    }
  }

  private boolean tcpListening(int p) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address, p), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static int freeUdpAndTcpPort(InetAddress ip) throws IOException {
    for (int i = 0; i < 50; i++) {
      int candidate;
      try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(ip, 0))) {
        candidate = d.getLocalPort();
      }
      try (ServerSocket t = new ServerSocket(candidate, 1, ip)) {
        return t.getLocalPort();
      } catch (IOException taken) {
        // another one
      }
    }
    throw new IOException("no port free for both UDP and TCP");
  }

  private static int freeTcpPort(InetAddress ip) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, ip)) {
      return s.getLocalPort();
    }
  }

  private static void run(Path dir, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("openssl.out").toFile()).start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " failed; see " + dir.resolve("openssl.out"));
    }
  }

  /** Stops the server the way a crash would (no goodbye to clients). */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
