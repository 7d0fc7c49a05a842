package org.rtc4j.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/**
 * A coturn STUN server started for one test with its own configuration: STUN only, no
 * authentication, no CLI, no TLS, listening on one given address, every file (config, log, pid,
 * user db) in the test's temporary directory.
 */
final class Coturn implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/turnserver");

  final InetSocketAddress address;
  private final Process process;
  final Path log;

  private Coturn(InetSocketAddress address, Process process, Path log) {
    this.address = address;
    this.process = process;
    this.log = log;
  }

  static boolean available() {
    return Files.isExecutable(BINARY);
  }

  /**
   * Starts coturn on {@code ip:port}; {@code prefix} runs it elsewhere (e.g. {@code ip netns exec
   * ns}). Does not wait for readiness.
   */
  static Coturn start(Path dir, InetAddress ip, int port, List<String> prefix) throws IOException {
    Path conf = dir.resolve("turnserver.conf");
    Path log = dir.resolve("turnserver.log");
    Files.writeString(conf, String.join("\n",
        "listening-ip=" + ip.getHostAddress(),
        "listening-port=" + port,
        "stun-only",
        "no-auth",
        "no-cli",
        "no-tls",
        "no-dtls",
        "no-tcp",
        "no-rfc5780",
        "no-software-attribute",
        "simple-log",
        "log-file=" + log,
        "pidfile=" + dir.resolve("turnserver.pid"),
        "userdb=" + dir.resolve("turndb"),
        ""));
    List<String> cmd = new ArrayList<>(prefix);
    cmd.addAll(List.of(BINARY.toString(), "-c", conf.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("turnserver.out").toFile()).start();
    return new Coturn(new InetSocketAddress(ip, port), p, log);
  }

  static final String REALM = "rtc4j.test";
  static final String USER = "alice";
  static final String PASSWORD = "s3cret-Turn";

  /** The ports of a TURN server started by {@link #startTurn}: UDP and TCP on one, TLS on another. */
  int tlsPort;

  /**
   * Starts coturn as a TURN server on {@code ip}: long-term credentials ({@link #USER} /
   * {@link #PASSWORD}, realm {@link #REALM}), UDP and TCP on {@code port}, TLS on {@code tlsPort}
   * with the given certificate and key (PEM), relayed addresses on {@code ip}, loopback peers
   * allowed (everything here is 127.0.0.1). {@code extra} lines are appended to the config.
   */
  static Coturn startTurn(Path dir, InetAddress ip, int port, int tlsPort, Path certPem, Path keyPem,
      List<String> extra) throws IOException {
    Path conf = dir.resolve("turnserver.conf");
    Path log = dir.resolve("turnserver.log");
    List<String> lines = new ArrayList<>(List.of(
        "listening-ip=" + ip.getHostAddress(),
        "relay-ip=" + ip.getHostAddress(),
        "listening-port=" + port,
        "tls-listening-port=" + tlsPort,
        "lt-cred-mech",
        "user=" + USER + ":" + PASSWORD,
        "realm=" + REALM,
        "allow-loopback-peers",
        "verbose",
        "no-cli",
        "no-dtls",
        "no-rfc5780",
        "no-software-attribute",
        "simple-log",
        "log-file=" + log,
        "pidfile=" + dir.resolve("turnserver.pid"),
        "userdb=" + dir.resolve("turndb")));
    if (certPem != null) {
      lines.add("cert=" + certPem);
      lines.add("pkey=" + keyPem);
    } else {
      lines.add("no-tls");
    }
    lines.addAll(extra);
    lines.add("");
    Files.writeString(conf, String.join("\n", lines));
    Process p = new ProcessBuilder(List.of(BINARY.toString(), "-c", conf.toString())).redirectErrorStream(true)
        .redirectOutput(dir.resolve("turnserver.out").toFile()).start();
    Coturn c = new Coturn(new InetSocketAddress(ip, port), p, log);
    c.tlsPort = tlsPort;
    return c;
  }

  /** A port free for both UDP and TCP on {@code ip}. */
  static int freeUdpTcpPort(InetAddress ip) throws IOException {
    for (int i = 0; i < 50; i++) {
      int port = freeUdpPort(ip);
      try (java.net.ServerSocket t = new java.net.ServerSocket(port, 1, ip)) {
        return t.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IOException("no port free for both UDP and TCP");
  }

  static int freeTcpPort(InetAddress ip) throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, ip)) {
      return s.getLocalPort();
    }
  }

  /** Stops the server the way a crash would (no goodbye to clients). */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sends Binding requests from a local socket until coturn answers (at most ~5 s). */
  void awaitReady() throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(address.getAddress(), 0))) {
      s.setSoTimeout(100);
      byte[] buf = new byte[64];
      byte[] in = new byte[512];
      for (int i = 0; i < 50; i++) {
        if (!process.isAlive()) {
          throw new IOException("turnserver exited with " + process.exitValue());
        }
        int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST,
            StunMessage.newTransactionId(new Random())).fingerprint().length();
        s.send(new DatagramPacket(buf, len, address));
        try {
          DatagramPacket p = new DatagramPacket(in, in.length);
          s.receive(p);
          return;
        } catch (SocketTimeoutException notYet) {
          // retry
        }
      }
    }
    throw new IOException("turnserver did not answer on " + address);
  }

  static int freeUdpPort(InetAddress ip) throws IOException {
    try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip, 0))) {
      return s.getLocalPort();
    }
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
