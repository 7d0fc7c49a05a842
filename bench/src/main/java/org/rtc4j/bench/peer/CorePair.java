package org.rtc4j.bench.peer;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.SrtpProtectionProfile;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.OfferOptions;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.internal.BufferPool;
import org.rtc4j.peer.internal.Datagram;
import org.rtc4j.peer.internal.PeerCore;
import org.rtc4j.peer.internal.PeerEvent;
import org.rtc4j.peer.internal.Transceiver;

/**
 * Two connected sans-IO peer cores with nothing between them but method calls: what a packet costs
 * in rtc4j itself, without sockets or threads. The caller owns the clock ({@link #now}) and calls
 * {@link #flush} to move every datagram across and dispatch every event; {@link #advance} moves
 * time and serves the deadlines it passes. Connecting uses the real DTLS handshake threads.
 */
final class CorePair {
  final PeerCore a;
  final PeerCore b;
  final Transceiver sender;
  long now = 1_000_000_000L;
  private final InetSocketAddress addressA = new InetSocketAddress("10.0.0.1", 10001);
  private final InetSocketAddress addressB = new InetSocketAddress("10.0.0.2", 10002);
  private final Consumer<PeerEvent> onEventA;
  private final Consumer<PeerEvent> onEventB;

  /** A sends {@code track} to B with the given SRTP profile; events other than frames are handled here. */
  CorePair(MediaStreamTrack track, SrtpProtectionProfile profile, Consumer<PeerEvent> onEventB) throws Exception {
    Configuration config = Configuration.builder().loopbackOnly().build();
    BufferPool pool = new BufferPool(1024);
    this.a = new PeerCore(config, DtlsConfig.builder(Certificate.generate()).srtpProfiles(profile).build(), () -> { },
        new Random(1), pool, now, 0);
    this.b = new PeerCore(config, DtlsConfig.builder(Certificate.generate()).srtpProfiles(profile).build(), () -> { },
        new Random(2), pool, now, 0);
    this.onEventA = e -> { };
    this.onEventB = onEventB;
    sender = new Transceiver(track.kind(), Direction.SENDONLY, track, List.of("s"), new Random(3));
    a.addTransceiver(sender);
    a.setLocalDescription(now, a.createOffer(now, OfferOptions.DEFAULT));
    flush();
    b.setRemoteDescription(now, a.localDescription());
    b.setLocalDescription(now, b.createAnswer(now));
    flush();
    a.setRemoteDescription(now, b.localDescription());
    flush();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (a.connectionState() != PeerConnectionState.CONNECTED || b.connectionState() != PeerConnectionState.CONNECTED) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the cores did not connect: " + a.connectionState() + " " + b.connectionState());
      }
      Thread.sleep(1);
      a.handleDtlsWakeup(now);
      b.handleDtlsWakeup(now);
      advance(1_000_000L);
    }
  }

  /** Moves time on by {@code nanos}, serving every deadline on the way, then flushes. */
  void advance(long nanos) {
    now += nanos;
    if (a.pollTimeout() <= now) {
      a.handleTimeout(now);
    }
    if (b.pollTimeout() <= now) {
      b.handleTimeout(now);
    }
    flush();
  }

  /** Delivers every queued datagram to the other core and dispatches every event, until both are quiet. */
  void flush() {
    boolean more = true;
    while (more) {
      more = false;
      for (Datagram d; (d = a.pollTransmit()) != null; more = true) {
        b.handleDatagram(now, d.buffer(), d.offset(), d.length(), addressA, addressB);
      }
      for (Datagram d; (d = b.pollTransmit()) != null; more = true) {
        a.handleDatagram(now, d.buffer(), d.offset(), d.length(), addressB, addressA);
      }
      for (PeerEvent e; (e = a.pollEvent()) != null; more = true) {
        handle(a, e, addressA, onEventA);
      }
      for (PeerEvent e; (e = b.pollEvent()) != null; more = true) {
        handle(b, e, addressB, onEventB);
      }
    }
  }

  private void handle(PeerCore core, PeerEvent e, InetSocketAddress address, Consumer<PeerEvent> onEvent) {
    if (e instanceof PeerEvent.GatherRequested) {
      core.addHostCandidate(now, address);
      core.endOfLocalCandidates(now);
    } else if (e instanceof PeerEvent.LocalCandidate c && c.candidate() != null) {
      PeerCore other = core == a ? b : a;
      if (other.remoteDescription() != null) {
        other.addIceCandidate(now, c.candidate());
      }
    } else {
      onEvent.accept(e);
    }
  }
}
