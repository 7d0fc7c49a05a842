package org.rtc4j.peer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.BufferPool;
import org.rtc4j.peer.internal.Datagram;
import org.rtc4j.peer.internal.PeerCore;
import org.rtc4j.peer.internal.PeerEvent;
import org.rtc4j.peer.internal.Transceiver;

/**
 * Two {@link PeerCore}s joined by an in-memory {@link SimLink} each way, driven on a manual clock
 * (str0m's {@code tests/common.rs} {@code progress}): after every input both cores are drained,
 * then time jumps straight to the earliest deadline of the two cores, the links and the scheduled
 * actions. Whole calls (ICE, DTLS, SRTP, media, RTCP) run faster than real time, and the same seed
 * gives the same run.
 *
 * <p>One exception: Bouncy Castle's DTLS handshake runs on a handshake thread with wall-clock
 * retransmission timers. The simulation therefore never moves time on while a handshake thread
 * has work in hand ({@link PeerCore#dtlsQuiescent()}), and while a handshake is under way it lets
 * time pass no faster than the wall clock, so a lost flight is retransmitted by Bouncy Castle
 * before the simulated handshake deadline. Once both sides are connected, time runs free.
 */
final class Sim implements AutoCloseable {
  static final long MS = 1_000_000L;
  private static final long START_NANOS = 1_000_000_000L;
  private static final long REAL_LIMIT_NANOS = 60_000_000_000L;
  private static volatile Certificate[] certificates;

  final Peer a;
  final Peer b;
  final SimLink ab;
  final SimLink ba;
  private long now = START_NANOS;
  private long order;
  private final PriorityQueue<Action> actions = new PriorityQueue<>((x, y) -> x.at != y.at
      ? Long.compare(x.at, y.at) : Long.compare(x.order, y.order));
  private final long realStart = System.nanoTime();

  private record Action(long at, long order, Runnable run) {}

  /** One side: a core, its address, and what it reported. */
  final class Peer {
    final String name;
    final PeerCore core;
    final InetSocketAddress address;
    final Map<String, List<EncodedFrame>> frames = new HashMap<>();
    final List<PeerEvent.Track> tracks = new ArrayList<>();
    final List<PeerConnectionState> connectionStates = new ArrayList<>();
    final AtomicInteger keyFrameRequests = new AtomicInteger();
    int negotiationNeeded;
    /** Data channel messages received, by channel label, as text (binary ones as ISO-8859-1). */
    final Map<String, List<String>> messages = new HashMap<>();
    final List<org.rtc4j.sctp.dcep.DataChannelEvent> channelEvents = new ArrayList<>();
    final List<IceCandidate> candidatesForPeer = new ArrayList<>();
    Peer other;
    SimLink out;
    Consumer<PeerEvent> onEvent = e -> {};
    private final Random random;

    Peer(String name, Configuration config, Certificate certificate, long seed, int host) {
      this.name = name;
      this.address = new InetSocketAddress("10.0.0." + host, 10_000 + host);
      this.random = new Random(seed * 7 + 5);
      DtlsConfig dtls = DtlsConfig.builder(certificate).initialRetransmit(Duration.ofMillis(50)).build();
      this.core = new PeerCore(config, dtls, () -> { }, new Random(seed), new BufferPool(256), now,
          1_800_000_000_000_000_000L);
    }

    long now() {
      return now;
    }

    Transceiver addTrack(MediaStreamTrack track) {
      Transceiver t = new Transceiver(track.kind(), Direction.SENDRECV, track, List.of("s-" + name), random);
      t.fromAddTrack = true;
      core.addTransceiver(t);
      core.negotiationChanged();
      return t;
    }

    org.rtc4j.sctp.dcep.DataChannel createDataChannel(String label, org.rtc4j.sctp.dcep.DataChannelInit init) {
      return core.createDataChannel(now, label, init);
    }

    /** Sends a text message and hands the association's packets to DTLS. */
    void sendText(org.rtc4j.sctp.dcep.DataChannel c, String text) {
      c.send(now, text);
      core.flushDataChannels(now);
    }

    List<String> messagesOf(String label) {
      return messages.getOrDefault(label, List.of());
    }

    /** The channels of this side that reached open, by label. */
    List<String> opened() {
      return channelEvents.stream().filter(e -> e instanceof org.rtc4j.sctp.dcep.DataChannelEvent.Open)
          .map(e -> ((org.rtc4j.sctp.dcep.DataChannelEvent.Open) e).channel().label()).toList();
    }

    void send(Transceiver t, EncodedFrame f) {
      core.sendFrame(now, t, f);
    }

    /** Sends {@code f} with an RFC 6464 audio level byte (V flag and -dBov). */
    void send(Transceiver t, EncodedFrame f, int audioLevel) {
      core.sendFrame(now, t, f, audioLevel);
    }

    List<EncodedFrame> framesOf(String mid) {
      return frames.getOrDefault(mid, List.of());
    }

    int frameCount() {
      return frames.values().stream().mapToInt(List::size).sum();
    }

    boolean connected() {
      return core.connectionState() == PeerConnectionState.CONNECTED;
    }

    /** Sends what the core has and handles its events, until it has nothing left. */
    void drain() {
      boolean more = true;
      while (more) {
        more = false;
        for (Datagram d; (d = core.pollTransmit()) != null; ) {
          out.send(now, d.buffer(), d.offset(), d.length(), d.source(), d.destination());
        }
        for (PeerEvent e; (e = core.pollEvent()) != null; more = true) {
          handle(e);
          onEvent.accept(e);
        }
      }
    }

    private void handle(PeerEvent e) {
      if (e instanceof PeerEvent.GatherRequested) {
        core.addHostCandidate(now, address);
        core.endOfLocalCandidates(now);
      } else if (e instanceof PeerEvent.LocalCandidate c) {
        if (c.candidate() != null) {
          candidatesForPeer.add(c.candidate());
        }
      } else if (e instanceof PeerEvent.Frame f) {
        frames.computeIfAbsent(f.transceiver().mid, k -> new ArrayList<>()).add(f.frame());
      } else if (e instanceof PeerEvent.Track t) {
        tracks.add(t);
      } else if (e instanceof PeerEvent.ConnectionStateChanged s) {
        connectionStates.add(s.state());
      } else if (e instanceof PeerEvent.KeyFrameRequested) {
        keyFrameRequests.incrementAndGet();
      } else if (e instanceof PeerEvent.NegotiationNeeded) {
        negotiationNeeded++;
      } else if (e instanceof PeerEvent.ChannelMessage m) {
        messages.computeIfAbsent(m.channel().label(), k -> new ArrayList<>())
            .add(new String(m.data(), m.binary() ? java.nio.charset.StandardCharsets.ISO_8859_1
                : java.nio.charset.StandardCharsets.UTF_8));
      } else if (e instanceof PeerEvent.Channel c) {
        channelEvents.add(c.event());
      }
    }

    /** Hands the candidates gathered so far to the peer, if it can take them; true if any. */
    boolean trickle() {
      if (candidatesForPeer.isEmpty() || other.core.remoteDescription() == null || other.core.isClosed()) {
        return false;
      }
      for (IceCandidate c : candidatesForPeer) {
        other.core.addIceCandidate(now, c);
      }
      candidatesForPeer.clear();
      return true;
    }
  }

  Sim(long seed, Configuration config) {
    Certificate[] certs = certificates();
    this.ab = new SimLink(seed * 31 + 1);
    this.ba = new SimLink(seed * 31 + 2);
    this.a = new Peer("a", config, certs[0], seed * 31 + 3, 1);
    this.b = new Peer("b", config, certs[1], seed * 31 + 4, 2);
    a.other = b;
    b.other = a;
    a.out = ab;
    b.out = ba;
  }

  private static Certificate[] certificates() {
    Certificate[] c = certificates;
    if (c == null) {
      synchronized (Sim.class) {
        if (certificates == null) {
          try {
            certificates = new Certificate[] {Certificate.generate(), Certificate.generate()};
          } catch (DtlsException e) {
            throw new IllegalStateException(e);
          }
        }
        c = certificates;
      }
    }
    return c;
  }

  long now() {
    return now;
  }

  /** Runs {@code r} at simulated time {@code atNanos}. */
  void at(long atNanos, Runnable r) {
    actions.add(new Action(atNanos, order++, r));
  }

  /** What the signaling channel does to an offer on its way (SDP munging), identity by default. */
  java.util.function.UnaryOperator<String> offerRewrite = java.util.function.UnaryOperator.identity();

  /** Offer from {@code offerer}, answer from the other, candidates trickled both ways. */
  void negotiate(Peer offerer) {
    Peer answerer = offerer.other;
    offerer.core.setLocalDescription(now, offerer.core.createOffer(now, OfferOptions.DEFAULT));
    drainBoth();
    answerer.core.setRemoteDescription(now, Description.offer(offerRewrite.apply(offerer.core.localDescription().sdp())));
    drainBoth();
    answerer.core.setLocalDescription(now, answerer.core.createAnswer(now));
    drainBoth();
    offerer.core.setRemoteDescription(now, answerer.core.localDescription());
    drainBoth();
  }

  void drainBoth() {
    boolean more = true;
    while (more) {
      a.drain();
      b.drain();
      more = a.trickle() | b.trickle();
    }
  }

  /** Steps until {@code done} holds; fails after {@code maxMillis} of simulated time. */
  void runUntil(BooleanSupplier done, long maxMillis, String what) {
    long end = now + maxMillis * MS;
    drainBoth();
    while (!done.getAsBoolean()) {
      if (now > end) {
        throw new AssertionError("not within " + maxMillis + " ms of simulated time: " + what + "\n" + this);
      }
      step();
    }
  }

  /** Steps for {@code millis} of simulated time. */
  void runFor(long millis) {
    long end = now + millis * MS;
    drainBoth();
    while (now < end) {
      step(end);
    }
  }

  void step() {
    step(Long.MAX_VALUE);
  }

  private void step(long limit) {
    if (System.nanoTime() - realStart > REAL_LIMIT_NANOS) {
      throw new AssertionError("the simulation ran 60 s of real time\n" + this);
    }
    awaitDtlsThreads();
    long next = Math.min(Math.min(a.core.pollTimeout(), b.core.pollTimeout()),
        Math.min(ab.nextDeliveryNanos(), ba.nextDeliveryNanos()));
    Action action = actions.peek();
    if (action != null) {
      next = Math.min(next, action.at);
    }
    next = Math.min(next, limit);
    if (a.core.dtlsHandshaking() || b.core.dtlsHandshaking()) {
      // Bouncy Castle retransmits on the wall clock: let simulated time keep pace with it.
      long stepNanos = Math.min(Math.max(next - now, 0), 2 * MS);
      long t0 = System.nanoTime();
      while (System.nanoTime() - t0 < stepNanos && a.core.dtlsQuiescent() && b.core.dtlsQuiescent()) {
        LockSupport.parkNanos(100_000);
      }
      next = now + Math.min(stepNanos, System.nanoTime() - t0);
      a.core.handleDtlsWakeup(now);
      b.core.handleDtlsWakeup(now);
    }
    now = Math.max(now, next);
    deliver(ab, b);
    deliver(ba, a);
    for (Action x; (x = actions.peek()) != null && x.at <= now; ) {
      actions.poll().run.run();
    }
    if (a.core.pollTimeout() <= now) {
      a.core.handleTimeout(now);
    }
    if (b.core.pollTimeout() <= now) {
      b.core.handleTimeout(now);
    }
    drainBoth();
  }

  private void deliver(SimLink link, Peer to) {
    for (SimLink.Packet p; (p = link.poll(now)) != null; ) {
      to.core.handleDatagram(now, p.data(), 0, p.data().length, p.from(), p.to());
      to.drain();
    }
  }

  /** Waits (real time) until neither handshake thread has work in hand, taking over their output. */
  private void awaitDtlsThreads() {
    long t0 = System.nanoTime();
    while (!(a.core.dtlsQuiescent() && b.core.dtlsQuiescent())) {
      if (System.nanoTime() - t0 > 10_000_000_000L) {
        throw new AssertionError("a DTLS handshake thread did not settle in 10 s\n" + this);
      }
      LockSupport.parkNanos(50_000);
    }
    a.core.handleDtlsWakeup(now);
    b.core.handleDtlsWakeup(now);
    drainBoth();
  }

  @Override
  public void close() {
    a.core.close(now);
    b.core.close(now);
    drainBoth();
  }

  @Override
  public String toString() {
    return "t=" + (now - START_NANOS) / MS + " ms; a " + a.core.connectionState() + " ice " + a.core.iceConnectionState()
        + ", b " + b.core.connectionState() + " ice " + b.core.iceConnectionState() + "; a->b sent " + ab.sent
        + " dropped " + ab.dropped + ", b->a sent " + ba.sent + " dropped " + ba.dropped;
  }
}
