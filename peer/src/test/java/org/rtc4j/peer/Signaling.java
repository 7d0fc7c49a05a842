package org.rtc4j.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * In-JVM signalling between two peer connections: offer/answer through futures, and trickle ICE
 * with candidates queued until the receiving side has a remote description (as a real signalling
 * channel would deliver them in order after the description).
 */
final class Signaling {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final PeerConnection a;
  private final PeerConnection b;
  private final Side toA = new Side();
  private final Side toB = new Side();
  volatile UnaryOperator<String> rewriteForA = UnaryOperator.identity();
  volatile UnaryOperator<String> rewriteForB = UnaryOperator.identity();

  /** Candidates for one side, held until it has a remote description. */
  private static final class Side {
    final List<IceCandidate> queued = new ArrayList<>();
    boolean ready;
  }

  Signaling(PeerConnection a, PeerConnection b) {
    this.a = a;
    this.b = b;
    a.onIceCandidate(c -> deliver(c, b, toB, rewriteForB));
    b.onIceCandidate(c -> deliver(c, a, toA, rewriteForA));
  }

  private static void deliver(IceCandidate c, PeerConnection to, Side side, UnaryOperator<String> rewrite) {
    IceCandidate x = c == null ? IceCandidate.endOfCandidates("0", 0)
        : new IceCandidate(rewrite.apply(c.candidate()), c.sdpMid(), c.sdpMLineIndex());
    synchronized (side) {
      if (!side.ready) {
        side.queued.add(x);
        return;
      }
    }
    to.addIceCandidate(x);
  }

  private static void ready(PeerConnection to, Side side) {
    List<IceCandidate> flush;
    synchronized (side) {
      side.ready = true;
      flush = new ArrayList<>(side.queued);
      side.queued.clear();
    }
    for (IceCandidate c : flush) {
      to.addIceCandidate(c);
    }
  }

  /** One offer/answer exchange, {@code offerer} being a or b. */
  void negotiate(PeerConnection offerer) throws Exception {
    negotiate(offerer, OfferOptions.DEFAULT);
  }

  void negotiate(PeerConnection offerer, OfferOptions options) throws Exception {
    PeerConnection answerer = offerer == a ? b : a;
    Side toAnswerer = offerer == a ? toB : toA;
    Side toOfferer = offerer == a ? toA : toB;
    // Candidates of this round reach each side after the description they belong to.
    synchronized (toAnswerer) {
      toAnswerer.ready = false;
    }
    synchronized (toOfferer) {
      toOfferer.ready = false;
    }
    Description offer = get(offerer.createOffer(options));
    get(offerer.setLocalDescription(offer));
    get(answerer.setRemoteDescription(offer));
    ready(answerer, toAnswerer);
    Description answer = get(answerer.createAnswer());
    get(answerer.setLocalDescription(answer));
    get(offerer.setRemoteDescription(answer));
    ready(offerer, toOfferer);
  }

  static <T> T get(CompletableFuture<T> f) throws Exception {
    return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Waits until both are connected (ICE + DTLS). */
  void awaitConnected() throws Exception {
    awaitConnected(a);
    awaitConnected(b);
  }

  static void awaitConnected(PeerConnection pc) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (pc.connectionState() != PeerConnectionState.CONNECTED) {
      if (System.nanoTime() > deadline || pc.connectionState() == PeerConnectionState.FAILED) {
        throw new AssertionError("not connected: " + pc + " ice " + pc.iceConnectionState());
      }
      Thread.sleep(2);
    }
  }
}
