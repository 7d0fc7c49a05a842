package org.rtc4j.peer;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A UDP relay on 127.0.0.1 between two peers that drops a share of the RTP packets (first byte
 * 128-191, payload type not RTCP) and forwards everything else. Each peer is told the other's
 * candidate is the relay socket facing it ({@link #rewriteForB} / {@link #rewriteForA}).
 */
final class LossyRelay implements AutoCloseable {
  private final DatagramSocket facingA; // A sends here believing it is B
  private final DatagramSocket facingB; // B sends here believing it is A
  private volatile InetSocketAddress a;
  private volatile InetSocketAddress b;
  private final double loss;
  private final Random random;
  final AtomicLong dropped = new AtomicLong();
  final AtomicLong forwarded = new AtomicLong();
  private final Thread[] threads = new Thread[2];

  LossyRelay(double loss, long seed) throws SocketException {
    InetAddress lo = InetAddress.getLoopbackAddress();
    this.facingA = new DatagramSocket(new InetSocketAddress(lo, 0));
    this.facingB = new DatagramSocket(new InetSocketAddress(lo, 0));
    this.loss = loss;
    this.random = new Random(seed);
    threads[0] = pump(facingA, facingB, true);
    threads[1] = pump(facingB, facingA, false);
  }

  private Thread pump(DatagramSocket in, DatagramSocket out, boolean fromA) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[2048];
      DatagramPacket p = new DatagramPacket(buf, buf.length);
      while (!in.isClosed()) {
        try {
          p.setLength(buf.length);
          in.receive(p);
          InetSocketAddress to = fromA ? b : a;
          if (to == null) {
            continue;
          }
          int first = buf[0] & 0xFF;
          int second = p.getLength() > 1 ? buf[1] & 0xFF : 0;
          boolean rtp = first >= 128 && first <= 191 && !(second >= 192 && second <= 223);
          boolean drop;
          synchronized (random) {
            drop = rtp && random.nextDouble() < loss;
          }
          if (drop) {
            dropped.incrementAndGet();
            continue;
          }
          forwarded.incrementAndGet();
          out.send(new DatagramPacket(buf, p.getLength(), to));
        } catch (IOException e) {
          return;
        }
      }
    }, "lossy-relay-" + (fromA ? "a" : "b"));
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A's candidate as B must see it: the relay socket facing B. Records A's real address. */
  String rewriteForB(String candidate) {
    return rewrite(candidate, facingB, true);
  }

  /** B's candidate as A must see it. */
  String rewriteForA(String candidate) {
    return rewrite(candidate, facingA, false);
  }

  private String rewrite(String candidate, DatagramSocket relay, boolean ofA) {
    if (candidate.isEmpty()) {
      return candidate;
    }
    String[] f = candidate.split(" ");
    InetSocketAddress real = new InetSocketAddress(f[4], Integer.parseInt(f[5]));
    if (ofA) {
      a = real;
    } else {
      b = real;
    }
    f[5] = String.valueOf(relay.getLocalPort());
    return String.join(" ", f);
  }

  @Override
  public void close() {
    facingA.close();
    facingB.close();
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
