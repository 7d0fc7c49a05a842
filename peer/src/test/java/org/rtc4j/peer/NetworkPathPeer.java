package org.rtc4j.peer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link PeerConnection} in its own process, for {@link NetworkPathTest}: it runs inside a
 * network namespace and talks to the test over stdin/stdout, one line each, base64 where the text
 * has spaces or line breaks.
 *
 * <p>Arguments: {@code offer|answer}, the one local address to gather on, then options:
 * {@code turn=URL} (repeatable; the test's user and password), {@code relay-only},
 * {@code ice-tcp} (ICE-TCP candidates), {@code ca=PEM} (the certificate trusted for {@code turns:}),
 * {@code failure-ms=N} (the ICE failure timeout).
 *
 * <p>In: {@code SDP <base64>} (the other side's description), {@code CAND <base64 of
 * mid\nindex\ncandidate>}, {@code QUIT}. Out: the same {@code SDP}/{@code CAND} lines for the other
 * side (never an end-of-candidates), and for the test {@code ICE <state> <ms>}, {@code STATE <state>
 * <ms>} (ms since the remote description was applied), {@code CANDERROR <reason>}, {@code SELECTED
 * local=TYPE/PROTOCOL/RELAYPROTOCOL remote=TYPE/PROTOCOL} and, at the offerer, {@code ECHO <text>}
 * once the answerer echoed a message on the data channel. Exits by itself after 90 s.
 */
public final class NetworkPathPeer {
  static final String USER = org.rtc4j.peer.testing.Coturn.USER;
  static final String PASSWORD = org.rtc4j.peer.testing.Coturn.PASSWORD;

  private NetworkPathPeer() {}

  public static void main(String[] args) throws Exception {
    boolean offerer = args[0].equals("offer");
    InetAddress ip = InetAddress.getByName(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Thread watchdog = new Thread(() -> {
      try {
        Thread.sleep(90_000);
      } catch (InterruptedException e) {
        return;
      }
      Runtime.getRuntime().halt(3);
    });
    watchdog.setDaemon(true);
    watchdog.start();

    Configuration.Builder cb = Configuration.builder().addressFilter(ip::equals).ipv6(false);
    List<IceServer> servers = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      String a = args[i];
      if (a.startsWith("turn=")) {
        servers.add(IceServer.of(a.substring(5), USER, PASSWORD));
      } else if (a.equals("relay-only")) {
        cb.iceTransportPolicy(IceTransportPolicy.RELAY);
      } else if (a.equals("ice-tcp")) {
        cb.iceTcpCandidates(true);
      } else if (a.startsWith("ca=")) {
        java.security.KeyStore ks = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        ks.load(null, null);
        try (java.io.InputStream pem = java.nio.file.Files.newInputStream(java.nio.file.Path.of(a.substring(3)))) {
          ks.setCertificateEntry("turn", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(pem));
        }
        cb.turnTlsContext(org.rtc4j.net.Tls.trusting(ks));
      } else if (a.startsWith("failure-ms=")) {
        cb.iceFailureTimeout(Duration.ofMillis(Long.parseLong(a.substring(11))));
      } else {
        throw new IllegalArgumentException("unknown option " + a);
      }
    }
    cb.iceServers(servers);
    PeerConnection pc = PeerConnection.create(cb.build());
    long[] remoteSetNanos = {System.nanoTime()};
    Base64.Encoder b64 = Base64.getEncoder();
    pc.onIceCandidate(c -> {
      if (c != null && !c.isEndOfCandidates()) {
        out.println("CAND " + b64.encodeToString((c.sdpMid() + "\n" + c.sdpMLineIndex() + "\n" + c.candidate())
            .getBytes(StandardCharsets.UTF_8)));
      }
    });
    pc.onIceCandidateError(e -> out.println("CANDERROR " + e.reason()));
    pc.onIceConnectionStateChange(s -> out.println("ICE " + s.name().toLowerCase(java.util.Locale.ROOT) + " "
        + (System.nanoTime() - remoteSetNanos[0]) / 1_000_000));
    pc.onConnectionStateChange(s -> {
      out.println("STATE " + s.w3cName() + " " + (System.nanoTime() - remoteSetNanos[0]) / 1_000_000);
      if (s == PeerConnectionState.CONNECTED) {
        pc.getStats().thenAccept(r -> out.println(selected(r)));
      }
    });
    if (offerer) {
      DataChannel chat = pc.createDataChannel("echo", DataChannelInit.defaults());
      chat.onOpen(() -> chat.send("ping through the firewall"));
      chat.onMessage(m -> out.println("ECHO " + m.text()));
    } else {
      pc.onDataChannel(ch -> ch.onMessage(m -> ch.send("echo " + m.text())));
    }
    if (offerer) {
      Description offer = pc.createOffer().get(10, TimeUnit.SECONDS);
      pc.setLocalDescription(offer).get(10, TimeUnit.SECONDS);
      out.println("SDP " + b64.encodeToString(offer.sdp().getBytes(StandardCharsets.UTF_8)));
    }
    List<IceCandidate> early = new ArrayList<>();
    boolean remoteSet = false;
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      if (line.startsWith("SDP ")) {
        String sdp = new String(Base64.getDecoder().decode(line.substring(4)), StandardCharsets.UTF_8);
        if (offerer) {
          pc.setRemoteDescription(Description.answer(sdp)).get(10, TimeUnit.SECONDS);
        } else {
          pc.setRemoteDescription(Description.offer(sdp)).get(10, TimeUnit.SECONDS);
          Description answer = pc.createAnswer().get(10, TimeUnit.SECONDS);
          pc.setLocalDescription(answer).get(10, TimeUnit.SECONDS);
          out.println("SDP " + b64.encodeToString(answer.sdp().getBytes(StandardCharsets.UTF_8)));
        }
        remoteSetNanos[0] = System.nanoTime();
        remoteSet = true;
        for (IceCandidate c : early) {
          pc.addIceCandidate(c);
        }
        early.clear();
      } else if (line.startsWith("CAND ")) {
        String[] p = new String(Base64.getDecoder().decode(line.substring(5)), StandardCharsets.UTF_8).split("\n", 3);
        IceCandidate c = new IceCandidate(p[2], p[0].equals("null") ? null : p[0],
            p[1].equals("null") ? null : Integer.valueOf(p[1]));
        if (remoteSet) {
          pc.addIceCandidate(c);
        } else {
          early.add(c);
        }
      } else if (line.equals("QUIT")) {
        break;
      }
    }
    pc.closeAsync().get(5, TimeUnit.SECONDS);
    out.flush();
    System.exit(0);
  }

  /** The selected pair's candidates from the stats. */
  static String selected(StatsReport r) {
    Stats transport = r.ofType("transport").stream().findFirst().orElse(null);
    String pairId = transport == null ? null : transport.getString("selectedCandidatePairId");
    Stats pair = pairId == null ? null : r.get(pairId);
    if (pair == null) {
      return "SELECTED none";
    }
    Stats local = r.get(pair.getString("localCandidateId"));
    Stats remote = r.get(pair.getString("remoteCandidateId"));
    return "SELECTED local=" + local.get("candidateType") + "/" + local.get("protocol") + "/"
        + local.get("relayProtocol") + " remote=" + remote.get("candidateType") + "/" + remote.get("protocol");
  }
}
