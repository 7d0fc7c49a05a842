package org.rtc4j.ice;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.rtc4j.net.EventLoop;

/**
 * One ICE peer in its own process, for {@link NatTest}: it runs inside a network namespace and
 * talks to the test over stdin/stdout with one command per line (CREDS, CAND, EOC, SEND, QUIT).
 * Gathers only on {@code bindIp}; exits by itself after 60 s.
 */
public final class NatPeer {
  private NatPeer() {}

  public static void main(String[] args) throws Exception {
    IceRole role = IceRole.valueOf(args[0]);
    InetAddress bindIp = InetAddress.getByName(args[1]);
    String[] stun = args[2].split(":");
    InetSocketAddress stunServer = new InetSocketAddress(InetAddress.getByName(stun[0]), Integer.parseInt(stun[1]));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        return;
      }
      Runtime.getRuntime().halt(3);
    });
    watchdog.setDaemon(true);
    watchdog.start();
    IceConfig cfg = IceConfig.builder().addressFilter(bindIp::equals).ipv6(false).stunServers(List.of(stunServer))
        .random(new Random(role.ordinal() + 17)).build();
    IceCredentials creds = IceCredentials.random(new Random(role.ordinal() + 5));
    EventLoop loop = new EventLoop("nat-peer");
    IceTransport t = new IceTransport(loop, cfg, creds, role, e -> {
      if (e instanceof IceEvent.LocalCandidate c) {
        out.println("CAND " + c.candidate());
      } else if (e instanceof IceEvent.GatheringStateChanged g && g.state() == GatheringState.COMPLETE) {
        out.println("EOC");
      } else if (e instanceof IceEvent.SelectedPair p) {
        out.println("SELECTED " + p.pair().localAddress().getAddress().getHostAddress() + " "
            + p.pair().remoteAddress().getAddress().getHostAddress() + " " + p.pair().remote().type());
      }
    });
    t.onDtls((buf, off, len, from) -> out.println("GOT " + new String(buf, off + 1, len - 1, StandardCharsets.UTF_8)));
    out.println("CREDS " + creds.ufrag() + " " + creds.password());
    t.start().get();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("CREDS ")) {
        String[] p = line.split(" ");
        t.setRemoteCredentials(new IceCredentials(p[1], p[2]), false);
      } else if (line.startsWith("CAND ")) {
        t.addRemoteCandidate(line.substring(5));
      } else if (line.equals("EOC")) {
        t.setRemoteEndOfCandidates();
      } else if (line.startsWith("SEND ")) {
        byte[] text = line.substring(5).getBytes(StandardCharsets.UTF_8);
        byte[] pkt = new byte[text.length + 1];
        pkt[0] = 23; // a DTLS application-data content type: demultiplexed as DTLS (RFC 7983)
        System.arraycopy(text, 0, pkt, 1, text.length);
        boolean sent = loop.submit(() -> t.send(pkt, 0, pkt.length)).get();
        out.println("SENT " + sent);
      } else if (line.equals("QUIT")) {
        break;
      }
    }
    t.closeAsync().get();
    loop.close();
    System.exit(0);
  }
}
