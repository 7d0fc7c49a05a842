package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.ice.IceConfig;

/**
 * Two rtc4j peers on loopback over the paths other than plain UDP: ICE-TCP (RFC 6544) when no
 * UDP candidate is reachable, and host candidates hidden behind mDNS names (RFC 6762) that the
 * other side resolves with a one-shot multicast query. The mDNS case needs multicast on
 * {@code lo} ({@code ./run-tests} sets it up in its namespace) and skips without it.
 */
@Timeout(60)
class IceTcpMdnsPeerTest {
  private final List<PeerConnection> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (PeerConnection pc : open) {
      pc.closeAsync().get(5, TimeUnit.SECONDS);
    }
  }

  private PeerConnection peer(Configuration.Builder b) {
    PeerConnection pc = PeerConnection.create(b.loopbackOnly().build());
    open.add(pc);
    return pc;
  }

  /** A UDP candidate's port replaced by 9 (discard: nothing answers there); others unchanged. */
  static String unreachableUdp(String candidate) {
    String[] f = candidate.split(" ");
    if (f.length > 5 && f[2].equalsIgnoreCase("udp")) {
      f[5] = "9";
    }
    return String.join(" ", f);
  }

  private static void echo(PeerConnection a, PeerConnection b, Signaling signaling) throws Exception {
    BlockingQueue<DataChannel> announced = new LinkedBlockingQueue<>();
    b.onDataChannel(announced::add);
    DataChannel chat = a.createDataChannel("chat", DataChannelInit.defaults());
    CountDownLatch opened = new CountDownLatch(1);
    chat.onOpen(opened::countDown);
    BlockingQueue<DataChannelMessage> atA = new LinkedBlockingQueue<>();
    chat.onMessage(atA::add);
    signaling.negotiate(a);
    assertTrue(opened.await(30, TimeUnit.SECONDS), "the channel opens");
    DataChannel remote = announced.poll(10, TimeUnit.SECONDS);
    assertNotNull(remote, "announced at b");
    remote.onMessage(m -> remote.send("echo " + m.text()));
    for (int i = 0; i < 100 && remote.readyState() != DataChannelState.OPEN; i++) {
      Thread.sleep(20);
    }
    chat.send("ping");
    DataChannelMessage reply = atA.poll(10, TimeUnit.SECONDS);
    assertNotNull(reply, "an echo");
    assertEquals("echo ping", reply.text());
  }

  /** The candidates in {@code pc}'s local description (every one gathered so far). */
  private static List<String> candidates(PeerConnection pc) {
    return pc.localDescription().sdp().lines().filter(l -> l.startsWith("a=candidate:"))
        .map(l -> l.substring(2)).toList();
  }

  private static Stats[] selectedCandidates(PeerConnection pc) throws Exception {
    StatsReport report = pc.getStats().get(5, TimeUnit.SECONDS);
    Stats pair = report.get((String) report.get("T01").get("selectedCandidatePairId"));
    assertNotNull(pair, "a selected pair");
    return new Stats[] {report.get((String) pair.get("localCandidateId")),
        report.get((String) pair.get("remoteCandidateId"))};
  }

  @Test
  void iceTcpCarriesTheCallWhenNoUdpCandidateAnswers() throws Exception {
    PeerConnection a = peer(Configuration.builder().iceTcpCandidates(true));
    PeerConnection b = peer(Configuration.builder().iceTcpCandidates(true));
    Signaling s = new Signaling(a, b);
    s.rewriteForA = IceTcpMdnsPeerTest::unreachableUdp;
    s.rewriteForB = IceTcpMdnsPeerTest::unreachableUdp;
    echo(a, b, s);
    List<String> signalled = candidates(a);
    assertTrue(signalled.stream().anyMatch(c -> c.contains(" tcp ") && c.contains("tcptype passive")),
        "a passive TCP candidate was signalled: " + signalled);
    assertTrue(signalled.stream().anyMatch(c -> c.contains(" tcp ") && c.contains("tcptype active")),
        "an active TCP candidate was signalled: " + signalled);
    for (PeerConnection pc : List.of(a, b)) {
      Stats[] sel = selectedCandidates(pc);
      assertEquals("tcp", sel[0].get("protocol"), "the selected pair is ICE-TCP: " + sel[0]);
      assertEquals("tcp", sel[1].get("protocol"));
      assertNotNull(sel[0].get("tcpType"), "W3C tcpType on a TCP candidate");
    }
  }

  @Test
  void hostNamesHiddenBehindMdnsAreResolvedByThePeer() throws Exception {
    NetworkInterface lo = NetworkInterface.getByName("lo");
    Assumptions.assumeTrue(lo != null && lo.supportsMulticast() && System.getenv("RTC4J_NETNS") != null,
        "needs the loopback-only namespace of ./run-tests with multicast on lo");
    PeerConnection a = peer(Configuration.builder());
    PeerConnection b = peer(Configuration.builder().mdnsMode(IceConfig.MdnsMode.QUERY_AND_GATHER));
    echo(a, b, new Signaling(a, b));
    List<String> fromB = candidates(b);
    assertFalse(fromB.isEmpty(), "b signalled candidates");
    for (String c : fromB) {
      assertTrue(c.contains(".local "), "b hides its address: " + c);
      assertFalse(c.contains("127.0.0.1"), c);
    }
    // The first check may beat the query: b is then peer-reflexive until its name resolves.
    Stats remote = selectedCandidates(a)[1];
    for (int i = 0; i < 50 && !"host".equals(remote.get("candidateType")); i++) {
      Thread.sleep(100);
      remote = selectedCandidates(a)[1];
    }
    assertEquals("host", remote.get("candidateType"),
        "a resolved b's name (unresolved, b would be a peer-reflexive candidate): " + remote);
    assertEquals("127.0.0.1", remote.get("address"));
  }
}
