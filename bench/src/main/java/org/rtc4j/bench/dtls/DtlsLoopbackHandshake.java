package org.rtc4j.bench.dtls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Arrays;
import java.util.List;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsHandshakeExecutor;
import org.rtc4j.dtls.DtlsRole;

/**
 * The wall-clock time of one DTLS-SRTP handshake between two endpoints in this JVM over real UDP
 * sockets on 127.0.0.1, driven by one selector thread the way the event loop drives it (the
 * handshake threads wake the selector). Prints median and p90 over the runs.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.rtc4j.bench.dtls.DtlsLoopbackHandshake [runs] [BC|JCA]
 * </pre>
 */
public final class DtlsLoopbackHandshake {
  private DtlsLoopbackHandshake() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    DtlsConfig.Group group = DtlsConfig.Group.valueOf(args.length > 2 ? args[2] : "SECP256R1");
    DtlsConfig.CryptoProvider provider =
        DtlsConfig.CryptoProvider.valueOf(args.length > 1 ? args[1] : "BC");
    try (DtlsHandshakeExecutor clients = new DtlsHandshakeExecutor("loopback-client", 2, 16);
        DtlsHandshakeExecutor servers = new DtlsHandshakeExecutor("loopback-server", 2, 16)) {
      DtlsConfig client = DtlsHandshakeBenchmark.config(Certificate.generate(), provider, clients, group);
      DtlsConfig server = DtlsHandshakeBenchmark.config(Certificate.generate(), provider, servers, group);
      int warmup = Math.max(50, runs / 3);
      for (int i = 0; i < warmup; i++) {
        once(client, server);
      }
      long[] micros = new long[runs];
      for (int i = 0; i < runs; i++) {
        micros[i] = once(client, server) / 1_000;
      }
      Arrays.sort(micros);
      System.out.printf(
          "DTLS handshake over 127.0.0.1 (%s, %d runs): median %d us, p90 %d us, min %d us%n",
          provider, runs, micros[runs / 2], micros[runs * 9 / 10], micros[0]);
    }
  }

  /** One handshake; returns nanoseconds from start to both sides connected. */
  static long once(DtlsConfig clientConfig, DtlsConfig serverConfig) throws IOException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    try (Selector selector = Selector.open();
        DatagramChannel a = DatagramChannel.open();
        DatagramChannel b = DatagramChannel.open()) {
      a.bind(new InetSocketAddress(lo, 0));
      b.bind(new InetSocketAddress(lo, 0));
      a.connect(b.getLocalAddress());
      b.connect(a.getLocalAddress());
      a.configureBlocking(false);
      b.configureBlocking(false);
      DtlsEndpoint client = new DtlsEndpoint(clientConfig, selector::wakeup);
      DtlsEndpoint server = new DtlsEndpoint(serverConfig, selector::wakeup);
      a.register(selector, SelectionKey.OP_READ, client);
      b.register(selector, SelectionKey.OP_READ, server);
      client.setRemoteFingerprints(List.of(serverConfig.certificate().fingerprint()));
      server.setRemoteFingerprints(List.of(clientConfig.certificate().fingerprint()));
      ByteBuffer rx = ByteBuffer.allocate(2048);
      long start = System.nanoTime();
      server.start(start, DtlsRole.SERVER);
      client.start(start, DtlsRole.CLIENT);
      long deadline = start + 10_000_000_000L;
      while (!(connected(client) && connected(server))) {
        drain(client, a);
        drain(server, b);
        if (connected(client) && connected(server)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IOException("loopback handshake stalled");
        }
        selector.select(10);
        for (SelectionKey key : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) key.channel();
          DtlsEndpoint e = (DtlsEndpoint) key.attachment();
          for (;;) {
            rx.clear();
            if (ch.receive(rx) == null) {
              break;
            }
            e.handleDatagram(System.nanoTime(), rx.array(), 0, rx.position());
          }
        }
        selector.selectedKeys().clear();
      }
      long elapsed = System.nanoTime() - start;
      drain(client, a);
      drain(server, b);
      return elapsed;
    }
  }

  private static boolean connected(DtlsEndpoint e) {
    return e.state() == DtlsEndpoint.State.CONNECTED;
  }

  private static void drain(DtlsEndpoint e, DatagramChannel ch) throws IOException {
    for (byte[] d; (d = e.pollTransmit()) != null; ) {
      ch.write(ByteBuffer.wrap(d));
    }
    for (DtlsEvent ev; (ev = e.pollEvent()) != null; ) {
      if (ev instanceof DtlsEvent.Failed f) {
        throw new IOException("handshake failed: " + f);
      }
    }
  }
}
