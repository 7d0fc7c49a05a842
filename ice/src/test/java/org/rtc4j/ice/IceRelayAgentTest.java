package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.ice.turn.TurnError;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunCredentials;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/**
 * The agent's TURN wiring on a manual clock, against a scripted server: relay candidates and their
 * priorities, relay-only gathering, permissions and channels for remote candidates, checks wrapped
 * for the relay, stream connections asked for TCP/TLS servers, relay failures.
 */
class IceRelayAgentTest {
  static final long MS = 1_000_000L;
  static final InetSocketAddress HOST = IceAgentTest.addr("10.0.0.1", 5000);
  static final InetSocketAddress SERVER = IceAgentTest.addr("192.0.2.10", 3478);
  static final InetSocketAddress RELAYED = IceAgentTest.addr("192.0.2.10", 50001);
  static final InetSocketAddress MAPPED = IceAgentTest.addr("198.51.100.1", 40001);
  static final InetSocketAddress PEER = IceAgentTest.addr("203.0.113.5", 7000);
  final byte[] key = StunCredentials.longTermKey("u", "realm", "p");
  long now = 1_000 * MS;
  IceAgent agent;
  final List<IceEvent> events = new ArrayList<>();

  IceAgent agent(IceConfig.Builder b) {
    agent = new IceAgent(b.random(new Random(4)).build(), IceCredentials.random(new Random(5)), IceRole.CONTROLLING);
    return agent;
  }

  List<Transmit> transmits() {
    List<Transmit> out = new ArrayList<>();
    for (Transmit t; (t = agent.pollTransmit()) != null; ) {
      out.add(t);
    }
    for (IceEvent e; (e = agent.pollEvent()) != null; ) {
      events.add(e);
    }
    return out;
  }

  /** The server's answer to {@code req}, fed to the agent as a datagram from SERVER to HOST. */
  void answer(Transmit req, StunClass cls, boolean sign, java.util.function.Consumer<StunWriter> attrs)
      throws Exception {
    StunMessage m = StunMessage.parse(req.data(), 0, req.data().length);
    byte[] b = new byte[512];
    StunWriter w = new StunWriter().begin(b, 0, m.method(), cls, m.transactionId());
    attrs.accept(w);
    if (sign) {
      w.messageIntegrity(key);
    }
    agent.handleReceive(now, b, 0, w.length(), SERVER, HOST);
  }

  void allocate() throws Exception {
    List<Transmit> t = transmits();
    assertEquals(1, t.size());
    assertEquals(HOST, t.get(0).source());
    assertEquals(SERVER, t.get(0).destination());
    answer(t.get(0), StunClass.ERROR_RESPONSE, false, w -> w.errorCode(401, "Unauthorized")
        .string(StunAttribute.REALM, "realm").string(StunAttribute.NONCE, "n"));
    answer(transmits().get(0), StunClass.SUCCESS_RESPONSE, true, w -> w
        .address(StunAttribute.XOR_RELAYED_ADDRESS, RELAYED, true).xorMappedAddress(MAPPED));
    assertTrue(transmits().isEmpty(), "nothing more until a remote candidate comes");
  }

  @Test
  void relayOnlyGathersOneRelayCandidateAndWrapsChecksForTheServer() throws Exception {
    agent(IceConfig.builder().relayOnly(true)
        .turnServers(List.of(TurnServer.parse("turn:192.0.2.10:3478", "u", "p"))));
    agent.addHostCandidate(now, HOST);
    agent.endOfLocalCandidates();
    assertTrue(agent.localCandidates().isEmpty(), "the host socket is not a candidate");
    allocate();
    List<Candidate> locals = agent.localCandidates();
    assertEquals(1, locals.size());
    Candidate relay = locals.get(0);
    assertEquals(CandidateType.RELAY, relay.type());
    assertEquals(RELAYED.getPort(), relay.port());
    assertEquals(MAPPED.getPort(), relay.relatedPort(), "raddr/rport: the mapped address");
    assertEquals(0, relay.priority() >>> 24, "relay type preference 0");
    assertEquals(GatheringState.COMPLETE, agent.gatheringState());
    List<IceEvent.LocalCandidate> signalled = events.stream().filter(IceEvent.LocalCandidate.class::isInstance)
        .map(IceEvent.LocalCandidate.class::cast).toList();
    assertEquals(List.of(relay), signalled.stream().map(IceEvent.LocalCandidate::candidate).toList());
    // A remote candidate: CreatePermission and ChannelBind go out, then the check as a Send indication.
    agent.setRemoteCredentials(IceCredentials.random(new Random(6)));
    agent.addRemoteCandidate(Candidate.udp("1", 1, 2130706431L, PEER, CandidateType.HOST, null));
    agent.handleTimeout(now);
    List<Integer> methods = new ArrayList<>();
    Transmit bind = null;
    for (Transmit t : transmits()) {
      assertEquals(SERVER, t.destination(), "everything goes to the TURN server");
      StunMessage m = StunMessage.parse(t.data(), 0, t.data().length);
      methods.add(m.method());
      if (m.method() == StunMessage.CHANNEL_BIND) {
        bind = t;
      }
      if (m.method() == StunMessage.SEND) {
        assertEquals(PEER, m.attribute(StunAttribute.XorPeerAddress.class).address());
        byte[] inner = m.attribute(StunAttribute.Data.class).value();
        assertEquals(StunMessage.BINDING, StunMessage.parse(inner, 0, inner.length).method(), "a check inside");
      }
    }
    assertTrue(methods.containsAll(List.of(StunMessage.CREATE_PERMISSION, StunMessage.CHANNEL_BIND, StunMessage.SEND)),
        methods.toString());
    CandidatePair p = agent.checkList().get(0);
    assertTrue(p.isRelayed() && p.needsWrap());
    assertEquals(SERVER, p.sendAddress());
    assertEquals(HOST, p.socketAddress());
    // Once the channel is bound, the retransmitted check travels as ChannelData.
    answer(bind, StunClass.SUCCESS_RESPONSE, true, w -> { });
    now += 500 * MS;
    agent.handleTimeout(now);
    Transmit rtx = transmits().stream().filter(t -> (t.data()[0] & 0xC0) == 0x40).findFirst().orElse(null);
    assertNotNull(rtx, "a ChannelData retransmission");
  }

  @Test
  void relaysAreOrderedUdpThenTcpThenTls() throws Exception {
    agent(IceConfig.builder().turnServers(List.of(
        TurnServer.parse("turns:192.0.2.10:5349", "u", "p"),
        TurnServer.parse("turn:192.0.2.10:3478?transport=tcp", "u", "p"),
        TurnServer.parse("turn:192.0.2.10:3478", "u", "p"))));
    agent.addHostCandidate(now, HOST);
    agent.endOfLocalCandidates();
    List<Transmit> udp = transmits();
    List<IceEvent.OpenConnection> opens = events.stream().filter(IceEvent.OpenConnection.class::isInstance)
        .map(IceEvent.OpenConnection.class::cast).toList();
    assertEquals(2, opens.size(), "TLS and TCP ask for a connection");
    assertTrue(opens.get(0).tls());
    assertEquals("192.0.2.10", opens.get(0).serverName());
    assertEquals(StreamFramer.Mode.TURN, opens.get(0).framing());
    assertFalse(opens.get(1).tls());
    assertEquals(GatheringState.GATHERING, agent.gatheringState(), "waits for the allocations");
    // Connect both streams and allocate everywhere.
    for (IceEvent.OpenConnection o : opens) {
      agent.handleConnected(now, o.connection(), IceAgentTest.addr("10.0.0.1", 40000 + (int) o.connection()));
    }
    List<Transmit> all = new ArrayList<>(udp);
    all.addAll(transmits());
    int relayPort = 50000;
    for (Transmit t : all) {
      StunMessage m = StunMessage.parse(t.data(), 0, t.data().length);
      byte[] b = new byte[512];
      int n = new StunWriter().begin(b, 0, m.method(), StunClass.ERROR_RESPONSE, m.transactionId())
          .errorCode(401, "Unauthorized").string(StunAttribute.REALM, "realm").string(StunAttribute.NONCE, "n").length();
      feed(t, b, n);
    }
    for (Transmit t : transmits()) {
      StunMessage m = StunMessage.parse(t.data(), 0, t.data().length);
      byte[] b = new byte[512];
      InetSocketAddress rel = IceAgentTest.addr("192.0.2.10", relayPort++);
      int n = new StunWriter().begin(b, 0, m.method(), StunClass.SUCCESS_RESPONSE, m.transactionId())
          .address(StunAttribute.XOR_RELAYED_ADDRESS, rel, true).messageIntegrity(key).length();
      feed(t, b, n);
    }
    transmits();
    List<Candidate> relays = agent.localCandidates().stream().filter(c -> c.type() == CandidateType.RELAY).toList();
    assertEquals(3, relays.size());
    Candidate viaUdp = relays.stream().filter(c -> c.foundation().equals(foundationOf("UDP"))).findFirst().orElseThrow();
    Candidate viaTcp = relays.stream().filter(c -> c.foundation().equals(foundationOf("TCP"))).findFirst().orElseThrow();
    Candidate viaTls = relays.stream().filter(c -> c.foundation().equals(foundationOf("TLS"))).findFirst().orElseThrow();
    assertTrue(viaUdp.priority() > viaTcp.priority() && viaTcp.priority() > viaTls.priority(),
        "UDP > TCP > TLS relays (RFC 8445 §5.1.2 local preference)");
    assertEquals(GatheringState.COMPLETE, agent.gatheringState());
    // A lost TLS connection fails that relay only.
    agent.handleDisconnected(now, opens.get(0).connection());
    transmits();
    IceEvent.TurnFailed f = events.stream().filter(IceEvent.TurnFailed.class::isInstance)
        .map(IceEvent.TurnFailed.class::cast).findFirst().orElseThrow();
    assertEquals(TurnError.CONNECTION_FAILED, f.error());
    assertEquals(org.rtc4j.ice.turn.TurnTransport.TLS, f.server().transport());
  }

  private final java.util.Map<String, String> foundationByTransport = new java.util.HashMap<>();

  private String foundationOf(String transport) {
    return foundationByTransport.get(transport);
  }

  private void feed(Transmit t, byte[] b, int n) {
    if (t.isStream()) {
      agent.handleFrame(now, t.connection(), b, 0, n);
    } else {
      agent.handleReceive(now, b, 0, n, SERVER, HOST);
    }
    for (IceEvent e; (e = agent.pollEvent()) != null; ) {
      events.add(e);
      if (e instanceof IceEvent.LocalCandidate c && c.candidate().type() == CandidateType.RELAY) {
        foundationByTransport.put(t.isStream() ? (t.connection() == firstConnection() ? "TLS" : "TCP") : "UDP",
            c.candidate().foundation());
      }
    }
  }

  private long firstConnection() {
    return events.stream().filter(IceEvent.OpenConnection.class::isInstance).map(IceEvent.OpenConnection.class::cast)
        .findFirst().orElseThrow().connection();
  }

  @Test
  void theSameServerAsStunAndTurnGivesBothCandidates() throws Exception {
    agent(IceConfig.builder().stunServers(List.of(SERVER))
        .turnServers(List.of(TurnServer.parse("turn:192.0.2.10:3478", "u", "p"))));
    agent.addHostCandidate(now, HOST);
    agent.endOfLocalCandidates();
    List<Transmit> out = transmits();
    assertEquals(2, out.size(), "a Binding request and an Allocate, both from the host socket");
    for (Transmit t : out) {
      StunMessage m = StunMessage.parse(t.data(), 0, t.data().length);
      if (m.method() == StunMessage.BINDING) {
        answer(t, StunClass.SUCCESS_RESPONSE, false, w -> w.xorMappedAddress(MAPPED));
      } else {
        answer(t, StunClass.ERROR_RESPONSE, false, w -> w.errorCode(401, "Unauthorized")
            .string(StunAttribute.REALM, "realm").string(StunAttribute.NONCE, "n"));
      }
    }
    answer(transmits().get(0), StunClass.SUCCESS_RESPONSE, true, w -> w
        .address(StunAttribute.XOR_RELAYED_ADDRESS, RELAYED, true).xorMappedAddress(MAPPED));
    transmits();
    assertEquals(List.of(CandidateType.HOST, CandidateType.SRFLX, CandidateType.RELAY),
        agent.localCandidates().stream().map(Candidate::type).toList());
    assertEquals(GatheringState.COMPLETE, agent.gatheringState());
  }

  @Test
  void aConnectionThatNeverOpensFailsTheRelayOnTime() {
    agent(IceConfig.builder().stunRto(java.time.Duration.ofMillis(100)).stunMaxTransmits(3).stunRm(4)
        .turnServers(List.of(TurnServer.parse("turn:192.0.2.10:3478?transport=tcp", "u", "p"))));
    agent.addHostCandidate(now, HOST);
    agent.endOfLocalCandidates();
    transmits();
    IceEvent.OpenConnection open = events.stream().filter(IceEvent.OpenConnection.class::isInstance)
        .map(IceEvent.OpenConnection.class::cast).findFirst().orElseThrow();
    // The firewall drops the SYNs: no handleConnected, no handleDisconnected.
    long start = now;
    assertEquals(start + 700 * MS, agent.pollTimeout(), "100 ms x (2^2 - 1 + 4): the stream transaction timeout");
    now = agent.pollTimeout();
    agent.handleTimeout(now);
    transmits();
    IceEvent.TurnFailed f = events.stream().filter(IceEvent.TurnFailed.class::isInstance)
        .map(IceEvent.TurnFailed.class::cast).findFirst().orElseThrow();
    assertEquals(TurnError.TIMEOUT, f.error());
    assertTrue(events.contains(new IceEvent.CloseConnection(open.connection())));
    assertEquals(GatheringState.COMPLETE, agent.gatheringState(), "gathering does not wait for the OS's minutes");
  }

  @Test
  void liteAgentsGatherNoRelays() {
    agent(IceConfig.builder().lite(true).turnServers(List.of(TurnServer.parse("turn:192.0.2.10", "u", "p"))));
    agent.addHostCandidate(now, HOST);
    agent.endOfLocalCandidates();
    assertTrue(transmits().isEmpty());
    assertNull(events.stream().filter(IceEvent.OpenConnection.class::isInstance).findFirst().orElse(null));
    assertEquals(GatheringState.COMPLETE, agent.gatheringState());
    assertInstanceOf(IceEvent.GatheringStateChanged.class, events.get(0));
  }
}
