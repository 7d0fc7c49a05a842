package org.rtc4j.ice;

import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.rtc4j.net.EventLoop;

/**
 * Run by {@link MdnsNetnsTest} inside a loopback-only network namespace: transport A hides its host
 * address behind a {@code <uuid>.local} name (as Chromium does by default), transport B resolves
 * it with a one-shot mDNS query. Only A's candidates reach B, so B can only check A once it has
 * resolved the name. Prints {@code NAME}, {@code RESOLVED} and {@code SELECTED} lines, then exits.
 */
public final class MdnsPeer {
  private MdnsPeer() {}

  public static void main(String[] args) throws Exception {
    IceConfig hide = LoopbackPeers.loopbackConfig(1).mdnsMode(IceConfig.MdnsMode.QUERY_AND_GATHER).build();
    IceConfig resolve = LoopbackPeers.loopbackConfig(2).mdnsMode(IceConfig.MdnsMode.QUERY_ONLY).build();
    try (EventLoop la = new EventLoop("mdns-a"); EventLoop lb = new EventLoop("mdns-b")) {
      Random r = new Random(5);
      IceCredentials ca = IceCredentials.random(r);
      IceCredentials cb = IceCredentials.random(r);
      CompletableFuture<CandidatePair> selB = new CompletableFuture<>();
      IceTransport[] t = new IceTransport[2];
      t[1] = new IceTransport(lb, resolve, cb, IceRole.CONTROLLING, e -> {
        if (e instanceof IceEvent.SelectedPair p) {
          selB.complete(p.pair());
        }
      });
      t[0] = new IceTransport(la, hide, ca, IceRole.CONTROLLED, e -> {
        if (e instanceof IceEvent.LocalCandidate c) {
          System.out.println("NAME " + c.candidate());
          t[1].addRemoteCandidate(c.candidate());
        }
      });
      t[0].setRemoteCredentials(cb, false).join();
      t[1].setRemoteCredentials(ca, false).join();
      t[1].start().get(5, TimeUnit.SECONDS);
      t[0].start().get(5, TimeUnit.SECONDS);
      CandidatePair p = selB.get(20, TimeUnit.SECONDS);
      System.out.println("RESOLVED " + t[1].mdnsResolvedCount());
      System.out.println("SELECTED " + p.remote().type().sdpName() + " " + p.remoteAddress().getAddress().getHostAddress());
      t[0].closeAsync().get(5, TimeUnit.SECONDS);
      t[1].closeAsync().get(5, TimeUnit.SECONDS);
    }
    System.out.flush();
    System.exit(0);
  }
}
