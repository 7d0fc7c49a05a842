package org.rtc4j.ice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import org.rtc4j.net.EventLoop;

/** Two IceTransports on their own loops, trickling candidates to each other directly. */
final class LoopbackPeers implements AutoCloseable {
  /** Gather only on 127.0.0.1: tests never send anywhere else. */
  static IceConfig.Builder loopbackConfig(long seed) {
    return IceConfig.builder().includeLoopback(true).ipv6(false)
        .addressFilter(a -> a instanceof Inet4Address && a.equals(InetAddress.getLoopbackAddress()))
        .random(new Random(seed));
  }

  final EventLoop loopA = new EventLoop("ice-a");
  final EventLoop loopB = new EventLoop("ice-b");
  final IceTransport a;
  final IceTransport b;
  final CompletableFuture<CandidatePair> selectedA = new CompletableFuture<>();
  final CompletableFuture<CandidatePair> selectedB = new CompletableFuture<>();
  final List<IceEvent> eventsA = new CopyOnWriteArrayList<>();
  final List<IceEvent> eventsB = new CopyOnWriteArrayList<>();
  private IceTransport[] peers = new IceTransport[2];

  LoopbackPeers(IceConfig configA, IceConfig configB) {
    Random r = new Random(99);
    IceCredentials credsA = IceCredentials.random(r);
    IceCredentials credsB = IceCredentials.random(r);
    a = new IceTransport(loopA, configA, credsA, IceRole.CONTROLLING, e -> on(e, eventsA, selectedA, 1));
    b = new IceTransport(loopB, configB, credsB, IceRole.CONTROLLED, e -> on(e, eventsB, selectedB, 0));
    peers[0] = a;
    peers[1] = b;
    a.setRemoteCredentials(credsB, false).join();
    b.setRemoteCredentials(credsA, false).join();
  }

  private void on(IceEvent e, List<IceEvent> log, CompletableFuture<CandidatePair> selected, int other) {
    log.add(e);
    if (e instanceof IceEvent.LocalCandidate c) {
      peers[other].addRemoteCandidate(c.candidate());
    } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == GatheringState.COMPLETE) {
      peers[other].setRemoteEndOfCandidates();
    } else if (e instanceof IceEvent.SelectedPair p) {
      selected.complete(p.pair());
    }
  }

  @Override
  public void close() {
    a.closeAsync().join();
    b.closeAsync().join();
    loopA.close();
    loopB.close();
  }
}
