package org.rtc4j.ice;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.net.EventLoop;

/**
 * Run by {@link FirewallTest} inside a network namespace whose nftables rules block UDP (but for
 * coturn's relay ports) or everything. Two transports with host, ICE-TCP (optional) and
 * TURN-over-TCP candidates, no end-of-candidates: prints {@code SELECTED}, {@code MEDIA} or
 * {@code FAILED} lines.
 *
 * <p>Arguments: {@code udp-blocked-tcp} (ICE-TCP on), {@code udp-blocked-relay} (ICE-TCP off), or
 * {@code all-blocked}; then a directory for coturn's files.
 */
public final class FirewallPeer {
  private FirewallPeer() {}

  public static void main(String[] args) throws Exception {
    String mode = args[0];
    Path dir = Path.of(args[1]);
    InetAddress lo = InetAddress.getLoopbackAddress();
    Coturn coturn = null;
    if (!mode.equals("all-blocked")) {
      coturn = Coturn.startTurn(dir, lo, 3478, 5349, null, null, List.of("min-port=49152", "max-port=49200"));
      awaitTcp(new InetSocketAddress(lo, 3478));
    }
    TurnServer turn = TurnServer.parse("turn:127.0.0.1:3478?transport=tcp", Coturn.USER, Coturn.PASSWORD);
    IceConfig.Builder cfg = LoopbackPeers.loopbackConfig(3).turnServers(List.of(turn))
        .tcpCandidates(!mode.startsWith("udp-blocked-relay")).relayOnly(mode.equals("udp-blocked-relayonly")).checkRto(Duration.ofMillis(100)).checkMaxTransmits(3)
        .stunRto(Duration.ofMillis(100)).stunMaxTransmits(3).stunRm(4).failureTimeout(Duration.ofSeconds(2));
    try (EventLoop la = new EventLoop("fw-a"); EventLoop lb = new EventLoop("fw-b")) {
      Random r = new Random(11);
      IceCredentials ca = IceCredentials.random(r);
      IceCredentials cb = IceCredentials.random(r);
      IceTransport[] t = new IceTransport[2];
      List<CompletableFuture<CandidatePair>> sel = List.of(new CompletableFuture<>(), new CompletableFuture<>());
      CompletableFuture<Long> failedA = new CompletableFuture<>();
      for (int i = 0; i < 2; i++) {
        int me = i;
        t[i] = new IceTransport(i == 0 ? la : lb, cfg.build(), i == 0 ? ca : cb,
            i == 0 ? IceRole.CONTROLLING : IceRole.CONTROLLED, e -> {
              if (e instanceof IceEvent.LocalCandidate c) {
                t[1 - me].addRemoteCandidate(c.candidate());
              } else if (e instanceof IceEvent.SelectedPair p) {
                sel.get(me).complete(p.pair());
              } else if (e instanceof IceEvent.StateChanged s && s.state() == IceState.FAILED && me == 0) {
                failedA.complete(System.nanoTime());
              } else if (e instanceof IceEvent.TurnFailed f) {
                System.out.println("TURNFAILED " + f.error());
              }
            });
      }
      t[0].setRemoteCredentials(cb, false).join();
      t[1].setRemoteCredentials(ca, false).join();
      CompletableFuture<Boolean> media = new CompletableFuture<>();
      t[1].onRtp((buf, off, len, from) -> media.complete(true));
      long start = System.nanoTime();
      t[0].start().get(5, TimeUnit.SECONDS);
      t[1].start().get(5, TimeUnit.SECONDS);
      if (mode.equals("all-blocked")) {
        long at = failedA.get(30, TimeUnit.SECONDS);
        System.out.println("FAILED " + (at - start) / 1_000_000);
      } else {
        try {
          sel.get(0).get(15, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          for (CandidatePair p : la.submit(() -> t[0].agent().checkList()).get()) {
            System.out.println("PAIR " + p);
          }
          System.out.println("STATS " + la.submit(() -> t[0].agent().stats()).get());
        }
        CandidatePair a = sel.get(0).get(30, TimeUnit.SECONDS);
        CandidatePair b = sel.get(1).get(30, TimeUnit.SECONDS);
        System.out.println("SELECTED " + a.local().type().sdpName() + " " + a.local().transport().toLowerCase()
            + " / " + b.local().type().sdpName() + " " + b.local().transport().toLowerCase());
        byte[] rtp = {(byte) 0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
        for (int i = 0; i < 50 && !media.isDone(); i++) {
          la.submit(() -> t[0].send(rtp, 0, rtp.length)).get();
          Thread.sleep(20);
        }
        System.out.println("MEDIA " + media.get(5, TimeUnit.SECONDS));
      }
      t[0].closeAsync().get(5, TimeUnit.SECONDS);
      t[1].closeAsync().get(5, TimeUnit.SECONDS);
    } finally {
      if (coturn != null) {
        coturn.close();
      }
    }
    System.out.flush();
    System.exit(0);
  }

  private static void awaitTcp(InetSocketAddress to) throws Exception {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket()) {
        s.connect(to, 200);
        return;
      } catch (java.io.IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new java.io.IOException("coturn not listening on " + to);
  }
}
