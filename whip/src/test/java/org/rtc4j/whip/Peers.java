package org.rtc4j.whip;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.PeerConnection;

/** Connections on 127.0.0.1 for the tests, closed together. */
final class Peers implements AutoCloseable {
  private static final Certificate SERVER_CERT;

  static {
    try {
      SERVER_CERT = Certificate.generate();
    } catch (DtlsException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final List<PeerConnection> all = new ArrayList<>();

  /** A server-side connection: loopback only, the shared certificate. */
  synchronized PeerConnection server() {
    PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().certificates(SERVER_CERT).build());
    all.add(pc);
    return pc;
  }

  synchronized PeerConnection client() {
    PeerConnection pc = PeerConnection.create(Configuration.builder().loopbackOnly().build());
    all.add(pc);
    return pc;
  }

  /** An offer with its candidates, from a connection set up by the caller. */
  static String offer(PeerConnection pc) throws Exception {
    pc.setLocalDescription(pc.createOffer().get(10, TimeUnit.SECONDS)).get(10, TimeUnit.SECONDS);
    await(() -> pc.iceGatheringState() == IceGatheringState.COMPLETE, 10, "gathering");
    return pc.localDescription().sdp();
  }

  /** Polls {@code condition} every 10 ms for up to {@code seconds}; fails with {@code what}. */
  static void await(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Override
  public synchronized void close() {
    for (PeerConnection pc : all) {
      pc.close();
    }
  }
}
