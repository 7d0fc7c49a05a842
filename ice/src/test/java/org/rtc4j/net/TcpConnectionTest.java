package org.rtc4j.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** TCP and TLS on the event loop over 127.0.0.1: connect, accept, echo, queueing, certificate checks. */
@Timeout(60)
class TcpConnectionTest {
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  @TempDir
  static Path dir;
  static TestCerts certs;
  static TestCerts otherCa;

  @BeforeAll
  static void certs() throws Exception {
    Assumptions.assumeTrue(TestCerts.available(), "openssl is not installed");
    certs = TestCerts.generate(java.nio.file.Files.createDirectories(dir.resolve("a")), "rtc4j test CA");
    otherCa = TestCerts.generate(java.nio.file.Files.createDirectories(dir.resolve("b")), "another CA");
  }

  /** Collects what a connection sees. */
  static final class Recorder implements TcpHandler {
    final CompletableFuture<TcpConnection> connected = new CompletableFuture<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final int expect;
    final CompletableFuture<byte[]> all = new CompletableFuture<>();

    Recorder(int expect) {
      this.expect = expect;
    }

    @Override
    public void onConnected(TcpConnection c) {
      connected.complete(c);
    }

    @Override
    public void onData(TcpConnection c, byte[] buf, int off, int len) {
      data.write(buf, off, len);
      if (data.size() >= expect) {
        all.complete(data.toByteArray());
      }
    }

    @Override
    public void onClosed(TcpConnection c, Throwable cause) {
      closed.complete(cause == null ? new Exception("orderly") : cause);
    }
  }

  @Test
  void plainEchoThroughAListenerOnTheSameLoop() throws Exception {
    try (EventLoop loop = new EventLoop("tcp-test")) {
      byte[] payload = new byte[300_000]; // more than one socket buffer: exercises the write queue
      new Random(1).nextBytes(payload);
      Recorder client = new Recorder(payload.length);
      TcpListener listener = loop.submit(() -> loop.listenTcp(new InetSocketAddress(LOOPBACK, 0), c -> new TcpHandler() {
        @Override
        public void onConnected(TcpConnection s) { }

        @Override
        public void onData(TcpConnection s, byte[] buf, int off, int len) {
          assertTrue(s.write(buf, off, len));
        }

        @Override
        public void onClosed(TcpConnection s, Throwable cause) { }
      })).get(5, TimeUnit.SECONDS);
      TcpConnection conn = loop.submit(() -> loop.connectTcp(null, listener.localAddress(), TcpOptions.PLAIN, client))
          .get(5, TimeUnit.SECONDS);
      client.connected.get(5, TimeUnit.SECONDS);
      assertFalse(loop.submit(() -> conn.write(new byte[2_000_000], 0, 2_000_000)).get(), "over the 1 MiB queue bound");
      assertTrue(loop.submit(() -> conn.write(payload, 0, payload.length)).get());
      assertArrayEquals(payload, client.all.get(20, TimeUnit.SECONDS));
      assertEquals(1, loop.submit(conn::refusedWriteCount).get());
      assertEquals(3, (int) loop.submit(loop::tcpCount).get(), "listener, client, accepted");
      conn.close();
      assertEquals("orderly", client.closed.get(5, TimeUnit.SECONDS).getMessage());
    }
  }

  @Test
  void refusedConnectionIsReported() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
      port = s.getLocalPort();
    }
    try (EventLoop loop = new EventLoop("tcp-refused")) {
      Recorder r = new Recorder(1);
      loop.submit(() -> loop.connectTcp(null, new InetSocketAddress(LOOPBACK, port), TcpOptions.PLAIN, r)).get();
      assertInstanceOf(java.net.ConnectException.class, r.closed.get(5, TimeUnit.SECONDS));
      assertFalse(r.connected.isDone());
    }
  }

  /** A blocking TLS echo server on a test thread (the test's peer, not the code under test). */
  static ServerSocket tlsEcho(TestCerts serving) throws Exception {
    SSLServerSocket server = (SSLServerSocket) serving.serverContext().getServerSocketFactory()
        .createServerSocket(0, 5, LOOPBACK);
    Thread t = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          byte[] b = new byte[4096];
          for (int n; (n = in.read(b)) > 0; ) {
            out.write(b, 0, n);
            out.flush();
          }
        } catch (Exception ignored) {
          // next client
        }
      }
    }, "tls-echo");
    t.setDaemon(true);
    t.start();
    return server;
  }

  @Test
  void tlsVerifiesTheServerAndCarriesData() throws Exception {
    try (ServerSocket server = tlsEcho(certs); EventLoop loop = new EventLoop("tls-test")) {
      for (String name : List.of("localhost", "127.0.0.1")) {
        byte[] payload = new byte[50_000];
        new Random(2).nextBytes(payload);
        Recorder r = new Recorder(payload.length);
        TcpOptions tls = TcpOptions.tls(Tls.trusting(certs.trustStore()), name);
        TcpConnection c = loop.submit(() -> loop.connectTcp(null,
            new InetSocketAddress(LOOPBACK, server.getLocalPort()), tls, r)).get();
        assertNotNull(r.connected.get(10, TimeUnit.SECONDS));
        assertTrue(loop.submit(() -> c.isTls() && c.write(payload, 0, payload.length)).get());
        assertArrayEquals(payload, r.all.get(10, TimeUnit.SECONDS), "echoed through TLS with " + name);
        c.close();
      }
    }
  }

  @Test
  void tlsRefusesAnUntrustedCertificateOrTheWrongName() throws Exception {
    try (ServerSocket server = tlsEcho(certs); EventLoop loop = new EventLoop("tls-refuse")) {
      InetSocketAddress to = new InetSocketAddress(LOOPBACK, server.getLocalPort());
      Recorder untrusted = new Recorder(1);
      TcpOptions other = TcpOptions.tls(Tls.trusting(otherCa.trustStore()), "localhost");
      loop.submit(() -> loop.connectTcp(null, to, other, untrusted)).get();
      assertInstanceOf(SSLHandshakeException.class, untrusted.closed.get(10, TimeUnit.SECONDS));
      assertFalse(untrusted.connected.isDone());
      Recorder wrongName = new Recorder(1);
      TcpOptions misnamed = TcpOptions.tls(Tls.trusting(certs.trustStore()), "turn.example.org");
      loop.submit(() -> loop.connectTcp(null, to, misnamed, wrongName)).get();
      assertInstanceOf(SSLHandshakeException.class, wrongName.closed.get(10, TimeUnit.SECONDS));
      assertFalse(wrongName.connected.isDone());
      assertEquals(0, loop.failureCount());
    }
  }
}
