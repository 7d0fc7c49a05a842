package org.rtc4j.ice;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.rtc4j.ice.internal.Priorities;
import org.rtc4j.ice.turn.TurnClient;
import org.rtc4j.ice.turn.TurnError;
import org.rtc4j.ice.turn.TurnEvent;
import org.rtc4j.ice.turn.TurnServer;
import org.rtc4j.ice.turn.TurnTransport;
import org.rtc4j.ice.internal.Retransmission;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunCredentials;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunParseException;
import org.rtc4j.stun.StunWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full (or lite) RFC 8445 ICE agent for one data stream with one component (WebRTC bundles and
 * multiplexes RTCP, so component 1 is all there is), as a sans-IO state machine: no threads,
 * sockets or clock. It is fed datagrams and time, and hands back datagrams to send, events and its
 * next deadline.
 *
 * <pre>{@code
 * agent.handleDatagram(now, buf, off, len, from, to);    // or handleStun(now, msg, from, to)
 * agent.handleTimeout(now);                              // when pollTimeout() has passed
 * for (Transmit t; (t = agent.pollTransmit()) != null; ) socketFor(t.source()).send(t.data(), t.destination());
 * for (IceEvent e; (e = agent.pollEvent()) != null; ) dispatch(e);
 * timer.rearm(agent.pollTimeout());                      // absolute, Long.MAX_VALUE when idle
 * }</pre>
 *
 * Inputs without a time argument (adding candidates, credentials) take effect at the next
 * {@link #handleTimeout}; {@link #pollTimeout()} then returns a deadline that has already passed.
 *
 * <p>What it implements: roles, tie-breaker and role conflicts (§7.3.1.1, §7.2.5.1), priorities and
 * foundations (§5.1.2, §5.1.1.3), pairing and pruning (§6.1.2), check list states with pacing by Ta
 * and triggered checks (§6.1.4, §7.3.1.4), peer-reflexive candidates on both sides (§7.2.5.3.1,
 * §7.3.1.3), regular nomination (§8.1.1), consent freshness (RFC 7675), ICE restart (§9) keeping
 * media on the previous pair until a new pair is selected, ICE-lite on either side (§2.5). Every
 * incoming request is authenticated (short-term credentials, RFC 8489 §9.1): a request without
 * USERNAME or MESSAGE-INTEGRITY gets 400, a wrong username or integrity 401, unknown
 * comprehension-required attributes 420, a role conflict 487; responses that fail integrity are
 * dropped. All of it is counted in {@link #stats()}.
 *
 * <p>Beyond UDP host and server-reflexive candidates: relay candidates through TURN servers (RFC
 * 8656, one sans-IO {@link org.rtc4j.ice.turn.TurnClient} per server, checks and media wrapped in
 * ChannelData once bound) over UDP, or over TCP/TLS connections the socket owner opens on
 * {@link IceEvent.OpenConnection}; the relay-only policy; ICE-TCP (RFC 6544) active and passive
 * host candidates framed by RFC 4571; host addresses hidden behind mDNS names; a failure timer
 * ({@link IceConfig#failureTimeout()}); aggressive nomination. Inputs from the network go through
 * {@link #handleReceive} (UDP) and {@link #handleFrame} (streams), which return application data
 * unwrapped; application data out goes through {@link #wrap} when the selected pair
 * {@link CandidatePair#needsWrap() needs it}.
 *
 * <p>Remote mDNS candidates ({@code *.local}) are ignored and counted: the agent relies on the
 * peer-reflexive candidate learned when the peer's checks arrive (RFC 8445 §7.3.1.3), which is what
 * an mDNS-hiding browser expects when its address cannot be resolved.
 *
 * <p>Not thread-safe: one owner thread (the event loop) drives it.
 */
public final class IceAgent {
  private static final Logger LOG = LoggerFactory.getLogger(IceAgent.class);
  private static final int COMPONENT = 1;
  /**
   * The most remote candidates one agent keeps from signalling (SDP and trickle) per ICE
   * generation; more are ignored and counted ({@link IceStats#remoteCandidatesIgnored()}). A peer
   * has a few addresses per interface; without a bound a signalling peer could make the agent hold
   * and check any number.
   */
  public static final int MAX_REMOTE_CANDIDATES = 100;
  /**
   * The most peer-reflexive remote candidates (RFC 8445 §7.3.1.3) one agent learns from checks per
   * ICE generation; a check from a further unknown address is still answered, but its address is
   * not remembered or paired ({@link IceStats#peerReflexiveCandidatesIgnored()}). A flood of
   * authenticated checks from many source addresses keeps the agent's memory bounded, and the
   * pairs it already has (the selected one among them) are untouched.
   */
  public static final int MAX_PEER_REFLEXIVE_CANDIDATES = 32;
  private static final InetAddress ANY_V4 = anyV4();

  private static InetAddress anyV4() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (java.net.UnknownHostException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private enum Kind { CHECK, CONSENT, SERVER }

  /** One set of credentials: an ICE restart starts a new generation. */
  private static final class Generation {
    final IceCredentials local;
    final byte[] localKey;
    IceCredentials remote;
    byte[] remoteKey;
    byte[] username;

    Generation(IceCredentials local) {
      this.local = local;
      this.localKey = StunCredentials.shortTermKey(local.password());
    }

    void setRemote(IceCredentials r) {
      remote = r;
      remoteKey = StunCredentials.shortTermKey(r.password());
      username = (r.ufrag() + ":" + local.ufrag()).getBytes(StandardCharsets.UTF_8);
    }
  }

  private static final class Local {
    final Candidate candidate;
    final InetSocketAddress base;
    final InetSocketAddress address;
    final int localPreference;
    /** The relay this relayed candidate belongs to, else null. */
    Relay relay;
    /** A host socket that is not a candidate (relay-only policy): it only carries TURN traffic. */
    boolean hidden;
    /** ICE-TCP (RFC 6544): "active" or "passive"; null for UDP. */
    String tcpType;
    /** What is signalled: the candidate, or it with an mDNS name instead of the address. */
    Candidate signalled;

    Candidate signalled() {
      return signalled != null ? signalled : candidate;
    }

    Local(Candidate candidate, InetSocketAddress base, InetSocketAddress address, int localPreference) {
      this.candidate = candidate;
      this.base = base;
      this.address = address;
      this.localPreference = localPreference;
    }
  }

  private static final class Remote {
    Candidate candidate;
    final InetSocketAddress address;
    final boolean tcp;

    Remote(Candidate candidate, InetSocketAddress address) {
      this.candidate = candidate;
      this.address = address;
      this.tcp = !candidate.isUdp();
    }
  }

  /** An ICE-TCP connection (RFC 6544): opened by us for an active candidate, or accepted on a passive one. */
  private static final class Conn {
    final long id;
    final Local local;
    final InetSocketAddress remote;
    boolean connected;
    long connectDeadline = Long.MAX_VALUE;
    final List<byte[]> waiting = new ArrayList<>(1);

    Conn(long id, Local local, InetSocketAddress remote) {
      this.id = id;
      this.local = local;
      this.remote = remote;
    }
  }

  /** One TURN allocation: its client, its route to the server, its relayed candidate. */
  private static final class Relay {
    final TurnServer server;
    final InetSocketAddress serverAddress;
    final TurnClient client;
    final InetSocketAddress socketBase;
    final int index;
    long connection;
    InetSocketAddress connectionLocal;
    boolean connected;
    long connectDeadline = Long.MAX_VALUE;
    boolean done;
    Local local;

    Relay(TurnServer server, InetSocketAddress serverAddress, TurnClient client, InetSocketAddress socketBase,
        int index) {
      this.server = server;
      this.serverAddress = serverAddress;
      this.client = client;
      this.socketBase = socketBase;
      this.index = index;
    }

    int rank() {
      return server.transport().ordinal(); // UDP 0 < TCP 1 < TLS 2
    }
  }

  private static final class Txn {
    final Kind kind;
    final byte[] tid;
    final InetSocketAddress source;
    final InetSocketAddress destination;
    final byte[] data;
    final Retransmission rtx;
    final CandidatePair pair;
    final Generation generation;
    final boolean useCandidate;
    final IceRole role;
    final Local local;
    final long priority;
    /** When a check or consent request was first sent (its round trip, if never retransmitted). */
    long sentNanos;

    Txn(Kind kind, byte[] tid, InetSocketAddress source, InetSocketAddress destination, byte[] data,
        Retransmission rtx, CandidatePair pair, Generation generation, boolean useCandidate, IceRole role,
        Local local, long priority) {
      this.kind = kind;
      this.tid = tid;
      this.source = source;
      this.destination = destination;
      this.data = data;
      this.rtx = rtx;
      this.pair = pair;
      this.generation = generation;
      this.useCandidate = useCandidate;
      this.role = role;
      this.local = local;
      this.priority = priority;
    }
  }

  private final IceConfig config;
  private final Random random;
  private final long tieBreaker;
  private IceRole role;
  private final StunWriter writer = new StunWriter();
  private final byte[] scratch = new byte[1280];
  private final byte[] softwareBytes;

  private Generation generation;
  private Generation previousGeneration;
  private final List<Local> locals = new ArrayList<>();
  private final List<Remote> remotes = new ArrayList<>();
  private final Set<InetSocketAddress> remoteAddresses = new HashSet<>();
  private final List<CandidatePair> pairs = new ArrayList<>();
  private final ArrayDeque<CandidatePair> triggered = new ArrayDeque<>();
  private final List<Txn> txns = new ArrayList<>();
  private final List<Relay> relays = new ArrayList<>();
  private final List<TurnServer> pendingTurn = new ArrayList<>();
  private final Map<Long, Relay> relayByConnection = new HashMap<>();
  private final Map<Long, Conn> conns = new HashMap<>();
  /** Whether the STUN message being handled arrived over an ICE-TCP connection. */
  private boolean tcpInput;
  private long nextConnection = 1;
  private final Received received = new Received();
  private final byte[] wrapScratch = new byte[2048];
  private final ArrayDeque<Transmit> transmits = new ArrayDeque<>();
  private final ArrayDeque<IceEvent> events = new ArrayDeque<>();
  private final Map<String, String> foundations = new HashMap<>();
  private final Map<InetAddress, String> mdnsNames = new java.util.LinkedHashMap<>();

  private IceState state = IceState.NEW;
  private GatheringState gathering = GatheringState.NEW;
  private boolean hostsDone;
  private boolean remoteEndOfCandidates;
  private boolean remoteLite;
  private int hostCount;
  private int prflxCount;
  private int tcpHostCount;
  /** Type preference of ICE-TCP host candidates: below UDP host (126) and peer-reflexive (110). */
  private static final int TCP_HOST_TYPE_PREFERENCE = 90;
  private CandidatePair selected;
  private CandidatePair nominating;
  private long lastNow;
  private long nextPace = Long.MIN_VALUE;
  private long nominationDeadline = Long.MAX_VALUE;
  /** Last time something could still lead to a connection: a candidate, credentials, a pair failing. */
  private long lastActivity = Long.MIN_VALUE;
  private long nextConsent = Long.MAX_VALUE;
  private long lastConsent;
  private boolean consentExpired;

  private long checksSent;
  private long retransmissions;
  private long requestsReceived;
  private long successResponsesSent;
  private long badRequests;
  private long unauthenticated;
  private long unknownAttributes;
  private long roleConflictsSent;
  private long roleSwitches;
  private long responsesReceived;
  private long responsesBadIntegrity;
  private long responsesUnmatched;
  private long malformed;
  private long consentChecksSent;
  private long remoteCandidatesIgnored;
  private long peerReflexiveIgnored;
  private long mdnsCandidatesIgnored;
  private long stunServerResponses;
  private long stunServerTimeouts;
  private long sendRefused;

  /**
   * A new agent. An ICE-lite agent ({@link IceConfig#lite()}) is always controlled, whatever
   * {@code role} says (RFC 8445 §6.1.1).
   */
  public IceAgent(IceConfig config, IceCredentials localCredentials, IceRole role) {
    this.config = Objects.requireNonNull(config, "config");
    this.random = config.random();
    this.tieBreaker = random.nextLong();
    this.role = config.lite() ? IceRole.CONTROLLED : Objects.requireNonNull(role, "role");
    this.generation = new Generation(Objects.requireNonNull(localCredentials, "localCredentials"));
    this.softwareBytes = config.software() == null ? null : config.software().getBytes(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------- configuration inputs

  /**
   * Adds a host candidate for a bound local socket (its base) and, for a full agent with STUN
   * servers, starts server-reflexive gathering from it. Call in preference order (RFC 8421:
   * IPv6 and IPv4 interleaved). Emits {@link IceEvent.LocalCandidate}.
   */
  public Candidate addHostCandidate(long nowNanos, InetSocketAddress base) {
    checkOpen();
    lastNow = nowNanos;
    if (base.getAddress() == null || base.getAddress().isAnyLocalAddress()) {
      throw new IllegalArgumentException("a host candidate needs a specific bound address: " + base);
    }
    int lp = Priorities.localPreference(hostCount++);
    long prio = Priorities.candidate(CandidateType.HOST.typePreference(), lp, COMPONENT);
    Candidate c = Candidate.udp(foundation("host", base.getAddress(), null), COMPONENT, prio, base,
        CandidateType.HOST, null);
    Local local = new Local(c, base, base, lp);
    local.hidden = config.relayOnly();
    local.signalled = hideBehindName(c, base.getAddress());
    locals.add(local);
    setGathering(GatheringState.GATHERING);
    if (!local.hidden) {
      events.add(new IceEvent.LocalCandidate(local.signalled()));
      for (Remote r : remotes) {
        addPair(local, r);
      }
    }
    if (!config.lite()) {
      if (!config.relayOnly()) {
        for (InetSocketAddress server : config.stunServers()) {
          if (server.getAddress() != null && sameFamily(server.getAddress(), base.getAddress())) {
            startServerTransaction(local, server);
          }
        }
      }
      if (hostCount == 1) {
        for (TurnServer t : config.turnServers()) {
          if (Candidate.isIpLiteral(t.host())) {
            pendingTurn.add(t);
          }
        }
      }
      startPendingTurn(nowNanos);
    }
    return c;
  }

  /**
   * With {@link IceConfig.MdnsMode#QUERY_AND_GATHER}: the host candidate as signalled, its address
   * replaced by a random {@code <uuid>.local} name, one per address (draft-ietf-mmusic-mdns-ice-
   * candidates §3.1.1); the socket owner's mDNS responder answers for the names
   * ({@link #mdnsHostNames()}). Null otherwise.
   */
  private Candidate hideBehindName(Candidate c, InetAddress address) {
    if (config.mdnsMode() != IceConfig.MdnsMode.QUERY_AND_GATHER) {
      return null;
    }
    String name = mdnsNames.computeIfAbsent(address, a -> {
      byte[] b = new byte[16];
      random.nextBytes(b);
      b[6] = (byte) ((b[6] & 0x0F) | 0x40);
      b[8] = (byte) ((b[8] & 0x3F) | 0x80);
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b);
      return new java.util.UUID(bb.getLong(), bb.getLong()) + ".local";
    });
    return c.withAddress(name);
  }

  /**
   * The {@code <uuid>.local} names standing for host addresses in signalled candidates
   * ({@link IceConfig.MdnsMode#QUERY_AND_GATHER}), name to address: register them with an mDNS
   * responder so that peers can resolve them.
   */
  public Map<String, InetAddress> mdnsHostNames() {
    Map<String, InetAddress> out = new java.util.LinkedHashMap<>();
    mdnsNames.forEach((a, n) -> out.put(n, a));
    return out;
  }

  /**
   * Adds the ICE-TCP host candidates (RFC 6544 §4) of one host address: a passive one at
   * {@code listener} (a TCP socket the caller listens on; accepted connections go to
   * {@link #handleAccepted}) and an active one (port 9: the agent asks for outgoing connections
   * with {@link IceEvent.OpenConnection}). Needs {@link IceConfig#tcpCandidates()}; ignored in
   * relay-only mode. Type preference 90 keeps them below UDP host candidates; local preference
   * puts the direction first (active 6, passive 4, §4.2).
   */
  public List<Candidate> addTcpHostCandidates(long nowNanos, InetSocketAddress listener) {
    checkOpen();
    lastNow = nowNanos;
    if (!config.tcpCandidates() || config.relayOnly()) {
      return List.of();
    }
    int other = Math.max(0, 8191 - tcpHostCount++);
    List<Candidate> out = new ArrayList<>(2);
    for (String type : config.lite() ? List.of("passive") : List.of("active", "passive")) {
      int lp = ((type.equals("active") ? 6 : 4) << 13) + other;
      long prio = Priorities.candidate(TCP_HOST_TYPE_PREFERENCE, lp, COMPONENT);
      InetSocketAddress base = type.equals("active") ? new InetSocketAddress(listener.getAddress(), 9) : listener;
      Candidate c = new Candidate(foundation("host-tcp-" + type, listener.getAddress(), null), COMPONENT, "tcp", prio,
          Candidate.literal(listener.getAddress()), base.getPort(), CandidateType.HOST, null, -1,
          List.of(Map.entry("tcptype", type)));
      Local l = new Local(c, base, base, lp);
      l.tcpType = type;
      l.signalled = hideBehindName(c, listener.getAddress());
      locals.add(l);
      out.add(l.signalled());
      setGathering(GatheringState.GATHERING);
      events.add(new IceEvent.LocalCandidate(l.signalled()));
      for (Remote r : new ArrayList<>(remotes)) {
        addPair(l, r);
      }
    }
    return out;
  }

  /**
   * A TCP connection was accepted on the passive candidate listening at {@code local}, from
   * {@code remote}. Returns the connection id to use with {@link #handleFrame} (frames cut in
   * {@link StreamFramer.Mode#RFC4571}), {@link #handleDisconnected} and {@link Transmit}s, or 0
   * when no passive candidate listens there (close it).
   */
  public long handleAccepted(long nowNanos, InetSocketAddress local, InetSocketAddress remote) {
    lastNow = nowNanos;
    if (state == IceState.CLOSED) {
      return 0;
    }
    for (Local l : locals) {
      if ("passive".equals(l.tcpType) && l.base.equals(local)) {
        Conn c = new Conn(nextConnection++, l, remote);
        c.connected = true;
        conns.put(c.id, c);
        return c.id;
      }
    }
    return 0;
  }

  /**
   * Adds a server-reflexive gathering server resolved by the caller (off the event loop): a
   * Binding request goes out from every host base of its family.
   */
  public void addStunServer(long nowNanos, InetSocketAddress server) {
    checkOpen();
    lastNow = nowNanos;
    if (server.getAddress() == null || config.lite() || config.relayOnly()) {
      return;
    }
    for (Local l : new ArrayList<>(locals)) {
      if (l.candidate.type() == CandidateType.HOST && sameFamily(server.getAddress(), l.base.getAddress())) {
        startServerTransaction(l, server);
      }
    }
  }

  /**
   * Starts a TURN allocation on {@code server}, reached at {@code resolved} (the caller resolved
   * its host name off the event loop), from the first host base of the same family. For TCP and
   * TLS the agent asks for a connection ({@link IceEvent.OpenConnection}). The relay candidate
   * follows as an {@link IceEvent.LocalCandidate}; a failure as {@link IceEvent.TurnFailed}.
   * Local gathering completes only when every allocation succeeded or failed.
   */
  public void addTurnServer(long nowNanos, TurnServer server, InetSocketAddress resolved) {
    checkOpen();
    lastNow = nowNanos;
    if (config.lite()) {
      return;
    }
    for (Relay r : relays) {
      if (r.serverAddress.equals(resolved) && r.server.transport() == server.transport()) {
        LOG.debug("TURN server {} listed twice: one allocation per 5-tuple (RFC 8656 §2.2)", server);
        return;
      }
    }
    Local base = turnBase(resolved.getAddress());
    if (base == null) {
      LOG.debug("no host socket of the family of TURN server {}", server);
      return;
    }
    TurnClient.Options o = new TurnClient.Options(random, false, config.stunRto().toNanos(),
        config.stunMaxTransmits(), config.stunRm(), config.streamTransactionTimeout().toNanos(), config.software());
    Relay r = new Relay(server, resolved, new TurnClient(server, o), server.transport().isStream() ? null : base.base,
        relays.size());
    relays.add(r);
    setGathering(GatheringState.GATHERING);
    if (server.transport().isStream()) {
      r.connection = nextConnection++;
      r.connectDeadline = nowNanos + config.streamTransactionTimeout().toNanos();
      relayByConnection.put(r.connection, r);
      events.add(new IceEvent.OpenConnection(r.connection, new InetSocketAddress(base.base.getAddress(), 0), resolved,
          server.transport() == TurnTransport.TLS, server.host(), StreamFramer.Mode.TURN));
    } else {
      r.client.start(nowNanos);
      drainRelay(nowNanos, r);
    }
  }

  private void startPendingTurn(long now) {
    for (java.util.Iterator<TurnServer> it = pendingTurn.iterator(); it.hasNext(); ) {
      TurnServer t = it.next();
      InetSocketAddress addr = new InetSocketAddress(t.host(), t.port()); // an IP literal: no lookup
      if (turnBase(addr.getAddress()) != null) {
        it.remove();
        addTurnServer(now, t, addr);
      }
    }
  }

  /** The host socket TURN traffic to {@code server} leaves from: same family, loopback only for a loopback server. */
  private Local turnBase(InetAddress server) {
    Local fallback = null;
    for (Local l : locals) {
      if (l.candidate.type() != CandidateType.HOST || !sameFamily(l.base.getAddress(), server)) {
        continue;
      }
      if (l.base.getAddress().isLoopbackAddress() == server.isLoopbackAddress()) {
        return l;
      }
      fallback = fallback == null ? l : fallback;
    }
    return fallback;
  }

  /** No more host candidates will be added; gathering completes once server transactions end. */
  public void endOfLocalCandidates() {
    checkOpen();
    hostsDone = true;
    maybeGatheringComplete();
  }

  /** The peer's ufrag and password (and whether it is ICE-lite, from {@code a=ice-lite}). */
  public void setRemoteCredentials(IceCredentials remote, boolean lite) {
    checkOpen();
    Objects.requireNonNull(remote, "remote");
    if (generation.remote != null && !generation.remote.equals(remote)) {
      throw new IllegalStateException("remote credentials changed without an ICE restart: call restart() first");
    }
    generation.setRemote(remote);
    remoteLite = lite;
    lastActivity = Math.max(lastActivity, lastNow);
    if (lite && config.lite()) {
      LOG.debug("both agents are ICE-lite: no checks will run");
    } else if (lite && role != IceRole.CONTROLLING) {
      setRole(IceRole.CONTROLLING); // RFC 8445 §6.1.1: the full agent controls a lite peer
    }
  }

  /** Same as {@link #setRemoteCredentials(IceCredentials, boolean)} for a full peer. */
  public void setRemoteCredentials(IceCredentials remote) {
    setRemoteCredentials(remote, false);
  }

  /**
   * Adds a remote candidate (from SDP or trickled). Returns false when it is ignored: not UDP, not
   * component 1, an mDNS or other hostname (see the class comment), or a {@code ufrag} of another
   * generation. Counted in {@link #stats()}.
   */
  public boolean addRemoteCandidate(Candidate c) {
    checkOpen();
    boolean tcp = !c.isUdp();
    if (c.component() != COMPONENT || (tcp && (!config.tcpCandidates() || !c.transport().equalsIgnoreCase("tcp")
        || !"passive".equals(c.tcpType()) && !"active".equals(c.tcpType())))) {
      remoteCandidatesIgnored++;
      return false;
    }
    if (c.isMdns()) {
      mdnsCandidatesIgnored++;
      LOG.debug("ignoring mDNS candidate {}: relying on peer-reflexive candidates", c.address());
      return false;
    }
    InetSocketAddress addr = c.socketAddress();
    if (addr == null || (c.ufrag() != null && generation.remote != null && !c.ufrag().equals(generation.remote.ufrag()))) {
      remoteCandidatesIgnored++;
      return false;
    }
    Remote existing = remote(addr, tcp);
    if (existing != null) {
      if (existing.candidate.type() == CandidateType.PRFLX) {
        // Signalled later than its check arrived (RFC 8445 §7.3.1.3), or an mDNS name resolved
        // after it: the candidate and its pairs take the signalled type and priority.
        Candidate learned = existing.candidate;
        existing.candidate = c;
        for (CandidatePair p : pairs) {
          if (p.remote() == learned) {
            p.remoteSignalled(c);
          }
        }
      }
      return true;
    }
    if (remoteCount(false) >= MAX_REMOTE_CANDIDATES) {
      remoteCandidatesIgnored++;
      LOG.debug("ignoring remote candidate {}: already {}", addr, MAX_REMOTE_CANDIDATES);
      return false;
    }
    Remote r = new Remote(c, addr);
    remotes.add(r);
    remoteAddresses.add(addr);
    lastActivity = Math.max(lastActivity, lastNow);
    for (Local l : new ArrayList<>(locals)) {
      if (pairable(l)) {
        addPair(l, r);
      }
    }
    drainRelays(lastNow);
    return true;
  }

  /** Local candidates that form pairs: signalled hosts and allocated relays (not srflx/prflx: their base is paired). */
  private static boolean pairable(Local l) {
    return (l.candidate.type() == CandidateType.HOST && !l.hidden) || l.relay != null;
  }

  /** The peer signalled end-of-candidates (RFC 8838 §4). */
  public void setRemoteEndOfCandidates() {
    checkOpen();
    remoteEndOfCandidates = true;
    maybeCompleted();
    maybeFailed();
  }

  /**
   * ICE restart (RFC 8445 §9) with new local credentials: remote candidates, pairs and checks are
   * dropped, local candidates are signalled again, and set the peer's new credentials with
   * {@link #setRemoteCredentials}. Media stays on the current selected pair, with consent checks
   * under the old credentials, until a pair of the new generation is selected.
   */
  public void restart(IceCredentials newLocal) {
    checkOpen();
    previousGeneration = selected != null ? (Generation) selected.generation : null;
    generation = new Generation(Objects.requireNonNull(newLocal, "newLocal"));
    remotes.clear();
    remoteAddresses.clear();
    if (selected != null) {
      remoteAddresses.add(selected.remoteAddress());
    }
    pairs.clear();
    triggered.clear();
    txns.removeIf(t -> t.kind == Kind.CHECK);
    nominating = null;
    nominationDeadline = Long.MAX_VALUE;
    remoteEndOfCandidates = false;
    remoteLite = false;
    if (!locals.isEmpty()) {
      gathering = GatheringState.NEW;
      setGathering(GatheringState.GATHERING);
      for (Local l : locals) {
        if (l.candidate.type() != CandidateType.PRFLX && !l.hidden) {
          events.add(new IceEvent.LocalCandidate(l.signalled()));
        }
      }
      maybeGatheringComplete();
    }
    if (state == IceState.FAILED || state == IceState.COMPLETED) {
      setState(selected != null && !consentExpired ? IceState.CONNECTED : IceState.CHECKING);
    }
    LOG.debug("ICE restart, ufrag {}", newLocal.ufrag());
  }

  /** Stops everything: no more transmits, events after {@link IceState#CLOSED}, or timeouts. */
  public void close() {
    if (state == IceState.CLOSED) {
      return;
    }
    txns.clear();
    transmits.clear();
    triggered.clear();
    for (Conn c : conns.values()) {
      events.add(new IceEvent.CloseConnection(c.id));
    }
    conns.clear();
    for (Relay r : relays) {
      r.client.close(lastNow); // Refresh with LIFETIME 0 (RFC 8656 §7)
      for (byte[] b; (b = r.client.pollTransmit()) != null; ) {
        toServer(r, b);
      }
      if (r.connection != 0) {
        events.add(new IceEvent.CloseConnection(r.connection));
      }
    }
    setState(IceState.CLOSED);
  }

  // ---------------------------------------------------------------- network and time inputs

  /**
   * A datagram arrived on the local socket {@code to} from {@code from}. Returns false if it is not
   * STUN (hand it to DTLS/SRTP, RFC 7983); true if it was STUN, handled or dropped. Application
   * data relayed by a TURN server is consumed here too: use {@link #handleReceive} to get it.
   */
  public boolean handleDatagram(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from,
      InetSocketAddress to) {
    return !handleReceive(nowNanos, buf, off, len, from, to).isApplication();
  }

  /**
   * A UDP datagram arrived on the local socket {@code to} from {@code from}: STUN for the agent,
   * TURN traffic from one of its servers (unwrapped: relayed checks to the agent, relayed data
   * returned), or application data. The returned view is the agent's, valid until its next input;
   * nothing is allocated for application data, relayed through a channel or not relayed.
   */
  public Received handleReceive(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from,
      InetSocketAddress to) {
    lastNow = nowNanos;
    for (int i = 0; i < relays.size(); i++) {
      Relay r = relays.get(i);
      if (r.connection == 0 && r.serverAddress.equals(from) && r.socketBase.equals(to)
          && !(StunMessage.isStun(buf, off, len) && isBinding(buf, off))) {
        // A Binding response from the same server is the agent's (it is also the STUN server).
        return fromRelay(nowNanos, r, buf, off, len);
      }
    }
    if (!StunMessage.isStun(buf, off, len)) {
      return received.application(buf, off, len, from, to);
    }
    stunIn(nowNanos, buf, off, len, from, to);
    drainRelays(nowNanos);
    return received.consumed();
  }

  /**
   * One frame of a stream connection ({@link IceEvent.OpenConnection} or accepted), cut by a
   * {@link StreamFramer}: like {@link #handleReceive}.
   */
  public Received handleFrame(long nowNanos, long connection, byte[] buf, int off, int len) {
    lastNow = nowNanos;
    Relay r = relayByConnection.get(connection);
    if (r != null) {
      return fromRelay(nowNanos, r, buf, off, len);
    }
    Conn c = conns.get(connection);
    if (c == null || len < 2 || state == IceState.CLOSED) {
      malformed++;
      return received.consumed();
    }
    int o = off + 2; // RFC 4571 length prefix
    int l = len - 2;
    if (!StunMessage.isStun(buf, o, l)) {
      return received.application(buf, o, l, c.remote, c.local.base);
    }
    tcpInput = true;
    try {
      stunIn(nowNanos, buf, o, l, c.remote, c.local.base);
    } finally {
      tcpInput = false;
    }
    drainRelays(nowNanos);
    return received.consumed();
  }

  /** The stream connection asked for by {@link IceEvent.OpenConnection} is up, from {@code local}. */
  public void handleConnected(long nowNanos, long connection, InetSocketAddress local) {
    lastNow = nowNanos;
    Relay r = relayByConnection.get(connection);
    if (r != null && !r.connected && state != IceState.CLOSED) {
      r.connected = true;
      r.connectionLocal = local;
      r.client.start(nowNanos);
      drainRelay(nowNanos, r);
    }
    Conn c = conns.get(connection);
    if (c != null && !c.connected) {
      c.connected = true;
      for (byte[] frame : c.waiting) {
        transmits.add(new Transmit(local, c.remote, frame, c.id));
      }
      c.waiting.clear();
    }
  }

  /** A stream connection failed to open, or closed. */
  public void handleDisconnected(long nowNanos, long connection) {
    lastNow = nowNanos;
    Relay r = relayByConnection.remove(connection);
    if (r != null) {
      r.connected = false;
      r.client.handleConnectionLost(nowNanos);
      drainRelay(nowNanos, r);
    }
    Conn c = conns.remove(connection);
    if (c != null) {
      for (CandidatePair p : new ArrayList<>(pairs)) {
        if (p.connection == connection && p.state != CandidatePair.State.FAILED) {
          failPair(nowNanos, p);
        }
      }
    }
  }

  /**
   * Application data for the selected pair, framed for its route into {@code dst[dstOff...]}: a
   * ChannelData header (or a Send indication before the channel is bound) for a relayed pair,
   * RFC 4571 framing for ICE-TCP, a plain copy otherwise. Returns the bytes written, or -1 (and
   * counts) when nothing may be sent: no selected pair, no consent, or the relay is gone. Then
   * send them as {@link CandidatePair#connection()}, {@link CandidatePair#socketAddress()} and
   * {@link CandidatePair#sendAddress()} say. Allocates nothing on the ChannelData path. {@code dst}
   * needs {@code len +} {@link TurnClient#MAX_OVERHEAD} bytes.
   */
  public int wrap(byte[] buf, int off, int len, byte[] dst, int dstOff) {
    CandidatePair p = selected;
    if (p == null || !canSend()) {
      sendRefused++;
      return -1;
    }
    if (p.relay != null) {
      int n = ((Relay) p.relay).client.wrap(buf, off, len, p.remoteAddress(), dst, dstOff);
      if (n < 0) {
        sendRefused++;
      }
      return n;
    }
    if (p.connection != 0) {
      return StreamFramer.writeRfc4571(dst, dstOff, buf, off, len);
    }
    System.arraycopy(buf, off, dst, dstOff, len);
    return len;
  }

  private void stunIn(long nowNanos, byte[] buf, int off, int len, InetSocketAddress from, InetSocketAddress to) {
    StunMessage msg;
    try {
      msg = StunMessage.parse(buf, off, len);
    } catch (StunParseException e) {
      malformed++;
      LOG.trace("dropping malformed STUN: {}", e.getMessage());
      return;
    }
    handleStun(nowNanos, msg, from, to);
  }

  /** Whether the STUN message at {@code off} is of the Binding method (RFC 8489 §5 type bits). */
  private static boolean isBinding(byte[] buf, int off) {
    int type = ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
    return ((type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2)) == StunMessage.BINDING;
  }

  private Received fromRelay(long now, Relay r, byte[] buf, int off, int len) {
    int kind = r.client.handleMessage(now, buf, off, len);
    Received out = received.consumed();
    if (kind == TurnClient.DATA && r.local != null) {
      byte[] b = r.client.dataBuffer();
      int o = r.client.dataOffset();
      int l = r.client.dataLength();
      InetSocketAddress peer = r.client.dataPeer();
      if (StunMessage.isStun(b, o, l)) {
        stunIn(now, b, o, l, peer, r.local.base);
      } else {
        out = received.application(b, o, l, peer, r.local.base);
      }
    }
    drainRelays(now);
    return out;
  }

  // ---------------------------------------------------------------- relays (TURN, RFC 8656)

  private void drainRelays(long now) {
    for (int i = 0; i < relays.size(); i++) {
      drainRelay(now, relays.get(i));
    }
  }

  /** Sends the client's messages and handles its events, until both are empty (events queue more messages). */
  private void drainRelay(long now, Relay r) {
    for (boolean more = true; more; ) {
      more = false;
      for (byte[] b; (b = r.client.pollTransmit()) != null; ) {
        toServer(r, b);
      }
      for (TurnEvent e; (e = r.client.pollEvent()) != null; ) {
        more = true;
        if (e instanceof TurnEvent.Allocated a) {
          onAllocated(now, r, a); // pairs with the remote candidates: permissions and channels to send
        } else if (e instanceof TurnEvent.Failed f) {
          onRelayFailed(now, r, f);
        }
      }
    }
  }

  private void toServer(Relay r, byte[] b) {
    if (r.connection == 0) {
      transmits.add(new Transmit(r.socketBase, r.serverAddress, b));
    } else if (r.connected) {
      transmits.add(new Transmit(r.connectionLocal, r.serverAddress, b, r.connection));
    }
  }

  private void onAllocated(long now, Relay r, TurnEvent.Allocated a) {
    r.done = true;
    if (state == IceState.CLOSED) {
      return;
    }
    // RFC 8445 §5.1.2.2: relay type preference 0; local preference orders UDP > TCP > TLS, then server order.
    int lp = ((2 - r.rank()) << 14) + Math.max(0, 16383 - r.index);
    long prio = Priorities.candidate(CandidateType.RELAY.typePreference(), lp, COMPONENT);
    Candidate c = Candidate.udp(foundation("relay-" + r.server.transport(), r.serverAddress.getAddress(), null),
        COMPONENT, prio, a.relayed(), CandidateType.RELAY, a.mapped());
    Local l = new Local(c, a.relayed(), a.relayed(), lp);
    l.relay = r;
    r.local = l;
    locals.add(l);
    LOG.debug("relay candidate {} via {}", a.relayed(), r.server);
    events.add(new IceEvent.LocalCandidate(c));
    for (Remote rem : new ArrayList<>(remotes)) {
      addPair(l, rem);
    }
    maybeGatheringComplete();
  }

  private void onRelayFailed(long now, Relay r, TurnEvent.Failed f) {
    if (r.client.state() != TurnClient.State.FAILED) {
      r.client.close(now); // nothing more from it (no Refresh: it never allocated or is gone)
      while (r.client.pollEvent() != null) {
        // Closed
      }
      while (r.client.pollTransmit() != null) {
        // a Refresh(0) to a lost server: dropped
      }
    }
    r.done = true;
    events.add(new IceEvent.TurnFailed(r.server, f.error(), f.code(), f.message()));
    if (r.connection != 0) {
      relayByConnection.remove(r.connection);
      events.add(new IceEvent.CloseConnection(r.connection));
    }
    if (r.local != null) {
      for (CandidatePair p : new ArrayList<>(pairs)) {
        if (p.relay == r && p.state != CandidatePair.State.FAILED) {
          failPair(now, p);
        }
      }
    }
    maybeGatheringComplete();
  }

  /** A decoded STUN message arrived on the local socket {@code to} from {@code from}. */
  public void handleStun(long nowNanos, StunMessage msg, InetSocketAddress from, InetSocketAddress to) {
    lastNow = nowNanos;
    if (state == IceState.CLOSED || msg.method() != StunMessage.BINDING) {
      return;
    }
    switch (msg.messageClass()) {
      case REQUEST -> onRequest(nowNanos, msg, from, to);
      case SUCCESS_RESPONSE, ERROR_RESPONSE -> onResponse(nowNanos, msg, from, to);
      case INDICATION -> { } // keepalive (RFC 8445 §11): nothing to do
    }
    pace(nowNanos);
  }

  /** Time passed: retransmissions, pacing (Ta), nomination, consent. */
  public void handleTimeout(long nowNanos) {
    lastNow = nowNanos;
    if (state == IceState.CLOSED) {
      return;
    }
    for (int i = 0; i < txns.size(); i++) {
      Txn t = txns.get(i);
      if (nowNanos < t.rtx.deadline()) {
        continue;
      }
      if (t.rtx.exhausted()) {
        txns.remove(i--);
        onTxnTimeout(nowNanos, t);
      } else {
        retransmissions++;
        emit(t.source, t.destination, t.data, t.pair != null && t.pair.tcp);
        t.rtx.sent(nowNanos);
      }
    }
    for (int i = 0; i < relays.size(); i++) {
      Relay r = relays.get(i);
      if (r.connection != 0 && !r.connected && !r.done && nowNanos >= r.connectDeadline) {
        // A connection that never opens (a firewall dropping SYNs): the OS would wait minutes.
        onRelayFailed(nowNanos, r, new TurnEvent.Failed(TurnError.TIMEOUT, 0,
            "no connection to " + r.server.host() + ":" + r.server.port() + " over " + r.server.transport()));
        continue;
      }
      r.client.handleTimeout(nowNanos);
    }
    for (java.util.Iterator<Conn> it = conns.values().iterator(); it.hasNext(); ) {
      Conn c = it.next();
      if (!c.connected && nowNanos >= c.connectDeadline) {
        it.remove();
        events.add(new IceEvent.CloseConnection(c.id));
      }
    }
    drainRelays(nowNanos);
    maybeNominate(nowNanos);
    pace(nowNanos);
    consent(nowNanos);
    checkFailureTimer(nowNanos);
    drainRelays(nowNanos);
  }

  // ---------------------------------------------------------------- outputs

  /** The next datagram to send, or null. */
  public Transmit pollTransmit() {
    return transmits.poll();
  }

  /** The next event, or null. */
  public IceEvent pollEvent() {
    return events.poll();
  }

  /** The absolute deadline (nanos) for the next {@link #handleTimeout}, or {@code Long.MAX_VALUE}. */
  public long pollTimeout() {
    if (state == IceState.CLOSED) {
      return Long.MAX_VALUE;
    }
    long t = Long.MAX_VALUE;
    for (int i = 0; i < txns.size(); i++) { // indexed: called after every packet, no iterator
      t = Math.min(t, txns.get(i).rtx.deadline());
    }
    if (hasCheckWork()) {
      t = Math.min(t, nextPace);
    }
    t = Math.min(t, nominationDeadline);
    for (int i = 0; i < relays.size(); i++) {
      Relay r = relays.get(i);
      t = Math.min(t, r.client.pollTimeout());
      if (r.connection != 0 && !r.connected && !r.done) {
        t = Math.min(t, r.connectDeadline);
      }
    }
    for (Conn c : conns.values()) {
      if (!c.connected) {
        t = Math.min(t, c.connectDeadline);
      }
    }
    if (failureTimerArmed()) {
      t = Math.min(t, lastActivity + config.failureTimeout().toNanos());
    }
    if (selected != null && !consentExpired) {
      if (sendsConsent()) {
        t = Math.min(t, nextConsent);
      }
      if (state == IceState.CONNECTED || state == IceState.COMPLETED) {
        t = Math.min(t, lastConsent + config.disconnectedTimeout().toNanos());
      }
      t = Math.min(t, lastConsent + config.consentTimeout().toNanos());
    }
    return t;
  }

  // ---------------------------------------------------------------- queries

  public IceState state() {
    return state;
  }

  public GatheringState gatheringState() {
    return gathering;
  }

  public IceRole role() {
    return role;
  }

  public long tieBreaker() {
    return tieBreaker;
  }

  public IceCredentials localCredentials() {
    return generation.local;
  }

  /** The pair media uses, or null. */
  public CandidatePair selectedPair() {
    return selected;
  }

  /**
   * Whether media may be sent: a pair is selected and the peer's consent has not expired
   * (RFC 7675 §5.1).
   */
  public boolean canSend() {
    return selected != null && !consentExpired && state != IceState.CLOSED;
  }

  /**
   * The transport to the TURN server behind local relay candidate {@code local} (W3C
   * {@code relayProtocol}: "udp", "tcp" or "tls"), or null when it is not one of this agent's relays.
   */
  public String relayProtocol(Candidate local) {
    for (Relay r : relays) {
      if (r.local != null && r.local.candidate.equals(local)) {
        return r.server.transport().name().toLowerCase(java.util.Locale.ROOT);
      }
    }
    return null;
  }

  /** Whether {@code from} is a known remote transport address (signalled or peer-reflexive). */
  public boolean isRemoteAddress(InetSocketAddress from) {
    return remoteAddresses.contains(from);
  }

  public List<Candidate> localCandidates() {
    List<Candidate> out = new ArrayList<>(locals.size());
    for (Local l : locals) {
      if (!l.hidden) {
        out.add(l.signalled());
      }
    }
    return out;
  }

  public List<Candidate> remoteCandidates() {
    List<Candidate> out = new ArrayList<>(remotes.size());
    for (Remote r : remotes) {
      out.add(r.candidate);
    }
    return out;
  }

  /** The check list, highest priority first (a snapshot). */
  public List<CandidatePair> checkList() {
    return List.copyOf(pairs);
  }

  public IceStats stats() {
    return new IceStats(checksSent, retransmissions, requestsReceived, successResponsesSent, badRequests,
        unauthenticated, unknownAttributes, roleConflictsSent, roleSwitches, responsesReceived, responsesBadIntegrity,
        responsesUnmatched, malformed, consentChecksSent, remoteCandidatesIgnored, mdnsCandidatesIgnored,
        stunServerResponses, stunServerTimeouts, peerReflexiveIgnored);
  }

  // ---------------------------------------------------------------- requests (RFC 8445 §7.3)

  private void onRequest(long now, StunMessage req, InetSocketAddress from, InetSocketAddress to) {
    requestsReceived++;
    if (config.relayOnly() && localByBase(to) == null) {
      badRequests++;
      return; // relay-only: host sockets are not candidates and answer nothing
    }
    StunAttribute.Username username = req.attribute(StunAttribute.Username.class);
    StunAttribute.Priority priority = req.attribute(StunAttribute.Priority.class);
    if (username == null || !req.hasIntegrity()) {
      badRequests++;
      sendError(req, to, from, StunAttribute.ErrorCode.BAD_REQUEST, "Bad Request", null, null);
      return;
    }
    String name = username.value();
    int colon = name.indexOf(':');
    String localUfrag = colon < 0 ? name : name.substring(0, colon);
    Generation g = null;
    if (generation.local.ufrag().equals(localUfrag)) {
      g = generation;
    } else if (previousGeneration != null && previousGeneration.local.ufrag().equals(localUfrag)) {
      g = previousGeneration;
    }
    if (g == null || !req.verifyIntegrity(g.localKey)) {
      unauthenticated++;
      LOG.debug("refusing check from {}: wrong username or integrity", from);
      sendError(req, to, from, StunAttribute.ErrorCode.UNAUTHENTICATED, "Unauthenticated", null, null);
      return;
    }
    List<Integer> unknown = req.unknownComprehensionRequired();
    if (!unknown.isEmpty()) {
      unknownAttributes++;
      if (unknown.size() > 32) {
        unknown = unknown.subList(0, 32); // keeps the answer small whatever the request holds
      }
      sendError(req, to, from, StunAttribute.ErrorCode.UNKNOWN_ATTRIBUTE, "Unknown Attribute", unknown, g.localKey);
      return;
    }
    if (priority == null || priority.priority() == 0) {
      badRequests++;
      sendError(req, to, from, StunAttribute.ErrorCode.BAD_REQUEST, "Bad Request", null, g.localKey);
      return;
    }
    // Role conflict (§7.3.1.1). Tie-breakers compare as unsigned 64-bit numbers.
    StunAttribute.IceControlling controlling = req.attribute(StunAttribute.IceControlling.class);
    StunAttribute.IceControlled controlled = req.attribute(StunAttribute.IceControlled.class);
    if (role == IceRole.CONTROLLING && controlling != null) {
      if (Long.compareUnsigned(tieBreaker, controlling.tieBreaker()) >= 0) {
        roleConflictsSent++;
        sendError(req, to, from, StunAttribute.ErrorCode.ROLE_CONFLICT, "Role Conflict", null, g.localKey);
        return;
      }
      switchRole(IceRole.CONTROLLED);
    } else if (role == IceRole.CONTROLLED && controlled != null && !config.lite()) {
      if (Long.compareUnsigned(tieBreaker, controlled.tieBreaker()) >= 0) {
        switchRole(IceRole.CONTROLLING);
      } else {
        roleConflictsSent++;
        sendError(req, to, from, StunAttribute.ErrorCode.ROLE_CONFLICT, "Role Conflict", null, g.localKey);
        return;
      }
    }
    sendSuccess(req, to, from, g.localKey);
    lastActivity = Math.max(lastActivity, now); // the peer is there: the failure timer starts again
    boolean useCandidate = req.attribute(StunAttribute.UseCandidate.class) != null;
    if (g != generation) {
      // A check under the previous credentials keeps the old pair alive until the new one is chosen.
      if (selected != null && config.lite() && selected.remoteAddress().equals(from)) {
        consentGranted(now);
      }
      return;
    }
    Local local = localByBase(to);
    if (local == null) {
      return; // not one of our sockets: answered, nothing to pair
    }
    Remote remote = remote(from);
    if (remote == null && remoteCount(true) >= MAX_PEER_REFLEXIVE_CANDIDATES) {
      peerReflexiveIgnored++;
      LOG.debug("not learning peer-reflexive candidate {}: already {}", from, MAX_PEER_REFLEXIVE_CANDIDATES);
      return; // answered, not remembered
    }
    if (remote == null) {
      // Peer-reflexive remote candidate (§7.3.1.3)
      Candidate c = tcpInput
          ? new Candidate("p" + (++prflxCount), COMPONENT, "tcp", priority.priority(), Candidate.literal(from.getAddress()),
              from.getPort(), CandidateType.PRFLX, null, -1, List.of(Map.entry("tcptype", "active")))
          : Candidate.udp("p" + (++prflxCount), COMPONENT, priority.priority(), from, CandidateType.PRFLX, null);
      remote = new Remote(c, from);
      remotes.add(remote);
      remoteAddresses.add(from);
      LOG.debug("learned peer-reflexive remote candidate {}", from);
    }
    CandidatePair pair = pair(to, from);
    if (pair == null) {
      pair = addPair(local, remote);
      if (pair == null) {
        return;
      }
    }
    if (state == IceState.NEW) {
      setState(IceState.CHECKING);
    }
    if (config.lite()) {
      // A lite agent does no checks: a pair is usable once the full agent checks it (§2.5).
      pair.state = CandidatePair.State.SUCCEEDED;
      pair.valid = true;
      if (useCandidate) {
        pair.nominated = true;
        maybeSelectNominated(now, pair);
      }
      if (pair == selected) {
        consentGranted(now);
      }
      return;
    }
    // Triggered check (§7.3.1.4)
    if (pair.state != CandidatePair.State.SUCCEEDED && pair.state != CandidatePair.State.IN_PROGRESS
        && (checksActive() || useCandidate)) {
      pair.state = CandidatePair.State.WAITING;
      if (!triggered.contains(pair)) {
        triggered.add(pair);
      }
    }
    if (useCandidate && role == IceRole.CONTROLLED) {
      if (pair.state == CandidatePair.State.SUCCEEDED) {
        pair.nominated = true;
        maybeSelectNominated(now, pair);
      } else {
        pair.nominateOnSuccess = true;
      }
    }
  }

  private void sendSuccess(StunMessage req, InetSocketAddress local, InetSocketAddress to, byte[] key) {
    writer.begin(scratch, 0, StunMessage.BINDING, StunClass.SUCCESS_RESPONSE, req.transactionId())
        .xorMappedAddress(to);
    if (softwareBytes != null) {
      writer.bytes(StunAttribute.SOFTWARE, softwareBytes, 0, softwareBytes.length);
    }
    writer.messageIntegrity(key).fingerprint();
    successResponsesSent++;
    emit(local, to, Arrays.copyOf(scratch, writer.length()), tcpInput);
  }

  private void sendError(StunMessage req, InetSocketAddress local, InetSocketAddress to, int code, String reason,
      List<Integer> unknown, byte[] key) {
    writer.begin(scratch, 0, StunMessage.BINDING, StunClass.ERROR_RESPONSE, req.transactionId())
        .errorCode(code, reason);
    if (unknown != null) {
      writer.attribute(new StunAttribute.UnknownAttributes(unknown));
    }
    if (key != null) {
      writer.messageIntegrity(key);
    }
    writer.fingerprint();
    emit(local, to, Arrays.copyOf(scratch, writer.length()), tcpInput);
  }

  // ---------------------------------------------------------------- responses (RFC 8445 §7.2.5)

  private void onResponse(long now, StunMessage res, InetSocketAddress from, InetSocketAddress to) {
    responsesReceived++;
    if (tcpInput) {
      for (Txn x : txns) {
        if (res.hasTransactionId(x.tid) && (x.pair == null || !x.pair.tcp)) {
          responsesUnmatched++;
          return; // a UDP transaction answered over TCP
        }
      }
    }
    Txn t = null;
    for (Txn x : txns) {
      if (res.hasTransactionId(x.tid)) {
        t = x;
        break;
      }
    }
    if (t == null) {
      responsesUnmatched++;
      return;
    }
    if (t.kind == Kind.SERVER) {
      if (!from.equals(t.destination) || !to.equals(t.source)) {
        responsesUnmatched++; // not from the server we asked, or not to the socket that asked
        return;
      }
      txns.remove(t);
      stunServerResponses++;
      if (res.messageClass() == StunClass.SUCCESS_RESPONSE) {
        StunAttribute.XorMappedAddress xor = res.attribute(StunAttribute.XorMappedAddress.class);
        StunAttribute.MappedAddress mapped = res.attribute(StunAttribute.MappedAddress.class);
        InetSocketAddress addr = xor != null ? xor.address() : mapped != null ? mapped.address() : null;
        if (addr != null) {
          addServerReflexive(t.local, addr, t.destination);
        }
      } else {
        LOG.debug("STUN server {} answered with an error", t.destination);
      }
      maybeGatheringComplete();
      return;
    }
    if (!res.verifyIntegrity(t.generation.remoteKey)) {
      responsesBadIntegrity++;
      return; // RFC 8489 §9.1.5: discard, keep waiting
    }
    txns.remove(t);
    CandidatePair pair = t.pair;
    if (!from.equals(t.destination) || !to.equals(t.source)) {
      // Non-symmetric addresses (§7.2.5.2.1)
      if (t.kind == Kind.CHECK) {
        failPair(now, pair);
      }
      return;
    }
    if (res.messageClass() == StunClass.ERROR_RESPONSE) {
      StunAttribute.ErrorCode err = res.attribute(StunAttribute.ErrorCode.class);
      if (err != null && err.code() == StunAttribute.ErrorCode.ROLE_CONFLICT && t.kind == Kind.CHECK) {
        if (role == t.role) {
          switchRole(role.other()); // §7.2.5.1
        }
        if (pair == nominating) {
          nominating = null;
          pair.nominating = false;
        }
        if (pair.state != CandidatePair.State.SUCCEEDED) {
          pair.state = CandidatePair.State.WAITING;
        }
        triggered.add(pair);
      } else if (t.kind == Kind.CHECK) {
        failPair(now, pair);
      }
      return;
    }
    pair.responsesReceived++;
    if (t.rtx.transmits() == 1) { // Karn: a retransmitted request's response times nothing
      pair.roundTrip(now - t.sentNanos);
    }
    if (t.kind == Kind.CONSENT) {
      if (pair == selected) {
        consentGranted(now);
      }
      return;
    }
    onCheckSuccess(now, t, res);
  }

  private void onCheckSuccess(long now, Txn t, StunMessage res) {
    CandidatePair pair = t.pair;
    StunAttribute.XorMappedAddress mapped = res.attribute(StunAttribute.XorMappedAddress.class);
    if (mapped != null && !pair.tcp && localByAddress(mapped.address()) == null) {
      // Peer-reflexive local candidate (§7.2.5.3.1): same base, used for the valid pair. Not signalled.
      Local base = localByBase(t.source);
      int lp = base != null ? base.localPreference : 0;
      Candidate c = Candidate.udp(foundation("prflx", t.source.getAddress(), null), COMPONENT, t.priority,
          mapped.address(), CandidateType.PRFLX, t.source);
      locals.add(new Local(c, t.source, mapped.address(), lp));
      LOG.debug("learned peer-reflexive local candidate {}", mapped.address());
    }
    pair.state = CandidatePair.State.SUCCEEDED;
    pair.valid = true;
    for (CandidatePair p : pairs) {
      if (p.state == CandidatePair.State.FROZEN && p.foundation().equals(pair.foundation())) {
        p.state = CandidatePair.State.WAITING; // §7.2.5.3.3
      }
    }
    if (state == IceState.NEW) {
      setState(IceState.CHECKING);
    }
    if (t.useCandidate) {
      if (pair == nominating) {
        nominating = null;
      }
      pair.nominating = false;
      pair.nominated = true;
      if (config.aggressiveNomination()) {
        maybeSelectNominated(now, pair); // every check nominates: keep the best one
      } else {
        select(now, pair);
      }
    } else if (role == IceRole.CONTROLLED && pair.nominateOnSuccess) {
      pair.nominated = true;
      maybeSelectNominated(now, pair);
    }
    maybeNominate(now);
    if (pair == selected) {
      consentGranted(now);
    }
  }

  private void onTxnTimeout(long now, Txn t) {
    switch (t.kind) {
      case SERVER -> {
        stunServerTimeouts++;
        LOG.debug("STUN server {} did not answer", t.destination);
        maybeGatheringComplete();
      }
      case CHECK -> {
        boolean other = false;
        for (Txn x : txns) {
          other |= x.pair == t.pair && x.kind == Kind.CHECK;
        }
        if (!other && t.pair.state != CandidatePair.State.SUCCEEDED) {
          failPair(now, t.pair);
        } else if (t.useCandidate && t.pair == nominating) {
          failPair(now, t.pair);
        }
      }
      case CONSENT -> { } // expiry is judged by time since the last answer
    }
  }

  private void failPair(long now, CandidatePair pair) {
    pair.state = CandidatePair.State.FAILED;
    pair.valid = false;
    lastActivity = Math.max(lastActivity, now);
    if (pair == nominating) {
      nominating = null;
      pair.nominating = false;
      CandidatePair best = bestValid();
      if (best != null) {
        nominate(now, best);
      }
    }
    maybeNominate(now); // a better pair that fails no longer holds the nomination back
    maybeFailed();
  }

  // ---------------------------------------------------------------- checks and pacing

  private boolean checksActive() {
    return !config.lite() && (selected == null || selected.generation != generation);
  }

  /**
   * Whether a check is due. Once a pair is selected, ordinary checks stop (RFC 8445 §8.1.2); only
   * a triggered check for a pair the controlling agent nominates later still runs, so that the
   * controlled agent can follow a renomination.
   */
  private boolean hasCheckWork() {
    if (config.lite() || generation.remote == null) {
      return false;
    }
    boolean active = checksActive();
    if (!triggered.isEmpty()) { // no iterator on the empty queue of a connected agent
      for (CandidatePair p : triggered) {
        if (active || p.nominateOnSuccess) {
          return true;
        }
      }
    }
    if (!active) {
      return false;
    }
    for (CandidatePair p : pairs) {
      if (p.state == CandidatePair.State.WAITING || p.state == CandidatePair.State.FROZEN) {
        return true;
      }
    }
    return false;
  }

  /**
   * Sends every queued triggered check at once (RFC 8445 §7.3.1.4: the peer is checking this pair
   * right now, so our answer-check should cross it, not wait for the next Ta tick), then one
   * ordinary check if Ta has elapsed since the last one (§6.1.4.2).
   */
  private void pace(long now) {
    if (!hasCheckWork()) {
      return;
    }
    for (CandidatePair t; (t = nextTriggered()) != null; ) {
      sendCheck(now, t, aggressive(), Kind.CHECK);
    }
    if (now < nextPace) {
      return;
    }
    CandidatePair p = nextCheck();
    if (p != null) {
      sendCheck(now, p, aggressive(), Kind.CHECK);
      nextPace = now + config.ta().toNanos();
    }
  }

  /** Aggressive nomination (RFC 5245 §8.1.1.2): the controlling agent nominates with every check. */
  private boolean aggressive() {
    return config.aggressiveNomination() && role == IceRole.CONTROLLING;
  }

  private CandidatePair nextTriggered() {
    boolean active = checksActive();
    CandidatePair p;
    while ((p = triggered.poll()) != null) {
      if (pairs.contains(p) && p.state != CandidatePair.State.SUCCEEDED && p.state != CandidatePair.State.IN_PROGRESS
          && p.state != CandidatePair.State.FAILED && (active || p.nominateOnSuccess)) {
        return p;
      }
    }
    return null;
  }

  private CandidatePair nextCheck() {
    boolean active = checksActive();
    if (!active) {
      return null;
    }
    for (CandidatePair q : pairs) {
      if (q.state == CandidatePair.State.WAITING) {
        return q;
      }
    }
    for (CandidatePair q : pairs) {
      if (q.state == CandidatePair.State.FROZEN) {
        return q;
      }
    }
    return null;
  }

  private void sendCheck(long now, CandidatePair pair, boolean useCandidate, Kind kind) {
    Generation g = (Generation) pair.generation;
    if (g.remote == null) {
      return;
    }
    byte[] tid = StunMessage.newTransactionId(random);
    long prio = Priorities.candidate(CandidateType.PRFLX.typePreference(),
        Priorities.localPreferenceOf(pair.local().priority()), COMPONENT);
    writer.begin(scratch, 0, StunMessage.BINDING, StunClass.REQUEST, tid).username(g.username).priority(prio);
    if (role == IceRole.CONTROLLING) {
      writer.iceControlling(tieBreaker);
      if (useCandidate) {
        writer.useCandidate();
      }
    } else {
      writer.iceControlled(tieBreaker);
    }
    if (softwareBytes != null) {
      writer.bytes(StunAttribute.SOFTWARE, softwareBytes, 0, softwareBytes.length);
    }
    writer.messageIntegrity(g.remoteKey).fingerprint();
    byte[] data = Arrays.copyOf(scratch, writer.length());
    // Over TCP one transmission and the whole schedule as a timeout (RFC 6544 §7.1, RFC 8489 Ti).
    Retransmission rtx = pair.tcp ? new Retransmission(config.streamTransactionTimeout().toNanos(), 1, 1)
        : new Retransmission(config.checkRto().toNanos(), config.checkMaxTransmits(), config.stunRm());
    rtx.sent(now);
    Txn txn = new Txn(kind, tid, pair.localAddress(), pair.remoteAddress(), data, rtx, pair, g, useCandidate, role,
        null, prio);
    txn.sentNanos = now;
    txns.add(txn);
    pair.requestsSent++;
    emit(pair.localAddress(), pair.remoteAddress(), data, pair.tcp);
    if (kind == Kind.CONSENT) {
      consentChecksSent++;
    } else {
      checksSent++;
      if (pair.state != CandidatePair.State.SUCCEEDED) {
        pair.state = CandidatePair.State.IN_PROGRESS;
      }
      if (state == IceState.NEW) {
        setState(IceState.CHECKING);
      }
    }
  }

  /** Sends a STUN message from a local candidate's base: straight out, through its relay, or over ICE-TCP. */
  private void emit(InetSocketAddress source, InetSocketAddress destination, byte[] data, boolean tcp) {
    if (tcp) {
      emitTcp(source, destination, data);
      return;
    }
    for (int i = 0; i < relays.size(); i++) {
      Relay r = relays.get(i);
      if (r.local != null && r.local.base.equals(source)) {
        int n = r.client.wrap(data, 0, data.length, destination, wrapScratch, 0);
        if (n > 0) {
          toServer(r, Arrays.copyOf(wrapScratch, n));
        }
        return;
      }
    }
    transmits.add(new Transmit(source, destination, data));
  }

  /** RFC 4571 framing over the pair's connection; an active candidate opens it first (RFC 6544 §7.1). */
  private void emitTcp(InetSocketAddress source, InetSocketAddress destination, byte[] data) {
    byte[] frame = new byte[data.length + 2];
    StreamFramer.writeRfc4571(frame, 0, data, 0, data.length);
    Conn c = null;
    for (Conn x : conns.values()) {
      if (x.local.base.equals(source) && x.remote.equals(destination)) {
        c = x;
        break;
      }
    }
    if (c == null) {
      Local l = localByBase(source, true);
      if (l == null || !"active".equals(l.tcpType)) {
        return; // a passive candidate waits for the peer's connection
      }
      c = new Conn(nextConnection++, l, destination);
      c.connectDeadline = lastNow + config.streamTransactionTimeout().toNanos();
      conns.put(c.id, c);
      CandidatePair p = pair(source, destination, true);
      if (p != null) {
        p.connection = c.id;
      }
      events.add(new IceEvent.OpenConnection(c.id, new InetSocketAddress(source.getAddress(), 0), destination, false,
          null, StreamFramer.Mode.RFC4571));
    }
    if (c.connected) {
      transmits.add(new Transmit(source, destination, frame, c.id));
    } else {
      c.waiting.add(frame);
    }
  }

  private void startServerTransaction(Local local, InetSocketAddress server) {
    byte[] tid = StunMessage.newTransactionId(random);
    writer.begin(scratch, 0, StunMessage.BINDING, StunClass.REQUEST, tid);
    if (softwareBytes != null) {
      writer.bytes(StunAttribute.SOFTWARE, softwareBytes, 0, softwareBytes.length);
    }
    writer.fingerprint();
    byte[] data = Arrays.copyOf(scratch, writer.length());
    Retransmission rtx = new Retransmission(config.stunRto().toNanos(), config.stunMaxTransmits(), config.stunRm());
    rtx.sent(lastNow);
    txns.add(new Txn(Kind.SERVER, tid, local.base, server, data, rtx, null, generation, false, role, local, 0));
    transmits.add(new Transmit(local.base, server, data));
  }

  // ---------------------------------------------------------------- nomination and selection (§8)

  /**
   * Regular nomination by the controlling agent (RFC 8445 §8.1.1): nominate the best valid pair as
   * soon as no pair that could still beat it (higher priority, not yet failed or succeeded) is
   * pending; while one is, wait at most {@link IceConfig#nominationDelay()} from the first
   * success. Re-evaluated after every success, failure and timeout, so a better pair that fails
   * releases the nomination at once.
   */
  private void maybeNominate(long now) {
    if (role != IceRole.CONTROLLING || config.lite() || config.aggressiveNomination() || nominating != null
        || !needsNomination() || generation.remote == null) {
      return;
    }
    CandidatePair best = bestValid();
    if (best == null) {
      return;
    }
    if (now >= nominationDeadline || !betterPending(best)) {
      nominate(now, best);
    } else if (nominationDeadline == Long.MAX_VALUE) {
      nominationDeadline = now + config.nominationDelay().toNanos();
    }
  }

  private boolean needsNomination() {
    return selected == null || selected.generation != generation;
  }

  private boolean betterPending(CandidatePair succeeded) {
    for (CandidatePair p : pairs) {
      if (Long.compareUnsigned(p.priority, succeeded.priority) > 0 && p.state != CandidatePair.State.FAILED
          && p.state != CandidatePair.State.SUCCEEDED) {
        return true;
      }
    }
    return false;
  }

  private CandidatePair bestValid() {
    for (CandidatePair p : pairs) {
      if (p.valid && p.state == CandidatePair.State.SUCCEEDED) {
        return p; // pairs are sorted by priority
      }
    }
    return null;
  }

  private void nominate(long now, CandidatePair pair) {
    if (role != IceRole.CONTROLLING || !needsNomination()) {
      return;
    }
    nominating = pair;
    pair.nominating = true;
    nominationDeadline = Long.MAX_VALUE;
    LOG.debug("nominating {}", pair);
    sendCheck(now, pair, true, Kind.CHECK);
  }

  private void maybeSelectNominated(long now, CandidatePair pair) {
    if (selected == null || selected.generation != generation
        || Long.compareUnsigned(pair.priority, selected.priority) > 0) {
      select(now, pair);
    }
  }

  private void select(long now, CandidatePair pair) {
    if (selected == pair) {
      return;
    }
    selected = pair;
    if (previousGeneration != null && pair.generation == generation) {
      previousGeneration = null;
    }
    consentExpired = false;
    lastConsent = now;
    scheduleConsent(now);
    nominationDeadline = Long.MAX_VALUE;
    triggered.clear();
    LOG.debug("selected {}", pair);
    events.add(new IceEvent.SelectedPair(pair));
    if (state != IceState.CONNECTED && state != IceState.COMPLETED) {
      setState(IceState.CONNECTED);
    }
    maybeCompleted();
  }

  // ---------------------------------------------------------------- consent freshness (RFC 7675)

  private boolean sendsConsent() {
    return !config.lite() && !(remoteLite && config.lite());
  }

  private void scheduleConsent(long now) {
    double jitter = 0.8 + 0.4 * random.nextDouble(); // RFC 7675 §5.1
    nextConsent = now + (long) (config.consentInterval().toNanos() * jitter);
  }

  private void consentGranted(long now) {
    lastConsent = now;
    if (state == IceState.DISCONNECTED) {
      setState(IceState.CONNECTED);
      maybeCompleted();
    }
  }

  private void consent(long now) {
    if (selected == null || consentExpired) {
      return;
    }
    if (now - lastConsent >= config.consentTimeout().toNanos()) {
      consentExpired = true;
      LOG.debug("consent expired on {}", selected);
      setState(IceState.FAILED);
      return;
    }
    if (now - lastConsent >= config.disconnectedTimeout().toNanos()
        && (state == IceState.CONNECTED || state == IceState.COMPLETED)) {
      setState(IceState.DISCONNECTED);
    }
    if (sendsConsent() && now >= nextConsent) {
      sendCheck(now, selected, false, Kind.CONSENT);
      scheduleConsent(now);
    }
  }

  // ---------------------------------------------------------------- candidates and pairs

  private CandidatePair addPair(Local local, Remote remote) {
    InetAddress la = local.base.getAddress();
    InetAddress ra = remote.address.getAddress();
    if (!sameFamily(la, ra) || (local.relay == null && (la.isLoopbackAddress() != ra.isLoopbackAddress()
        || la.isLinkLocalAddress() != ra.isLinkLocalAddress())) || local.hidden) {
      return null;
    }
    boolean tcp = local.tcpType != null;
    if (tcp != remote.tcp || local.relay != null && remote.tcp) {
      return null;
    }
    if (tcp && !(("active".equals(local.tcpType) && "passive".equals(remote.candidate.tcpType()))
        || ("passive".equals(local.tcpType) && remote.candidate.type() == CandidateType.PRFLX))) {
      return null; // RFC 6544 §6.2: active pairs with passive; a passive local pairs with the peer's connection
    }
    if (pair(local.base, remote.address, tcp) != null) {
      return null; // pruned: same base and remote (§6.1.2.4)
    }
    if (pairs.size() >= config.maxPairs()) {
      remoteCandidatesIgnored++;
      return null;
    }
    CandidatePair p = new CandidatePair(local.candidate, local.base, remote.candidate, remote.address, generation);
    p.priority = pairPriority(local.candidate.priority(), remote.candidate.priority());
    if (local.relay != null) {
      Relay r = local.relay;
      p.relay = r;
      p.socketAddress = r.socketBase;
      p.sendAddress = r.serverAddress;
      p.connection = r.connection;
      p.framed = true;
      r.client.createPermission(lastNow, remote.address.getAddress()); // RFC 8656 §9
      r.client.bindChannel(lastNow, remote.address); // ChannelData once bound (§12)
    } else if (tcp) {
      p.tcp = true;
      p.framed = true;
      p.sendAddress = remote.address;
      for (Conn c : conns.values()) {
        if (c.local == local && c.remote.equals(remote.address)) {
          p.connection = c.id;
        }
      }
    } else {
      p.socketAddress = local.base;
      p.sendAddress = remote.address;
    }
    p.state = CandidatePair.State.WAITING;
    for (CandidatePair q : pairs) {
      if (q.foundation().equals(p.foundation())) {
        if (q.state == CandidatePair.State.SUCCEEDED) {
          p.state = CandidatePair.State.WAITING;
          break;
        }
        if (q.state == CandidatePair.State.WAITING || q.state == CandidatePair.State.IN_PROGRESS) {
          p.state = CandidatePair.State.FROZEN;
        }
      }
    }
    int i = 0;
    while (i < pairs.size() && Long.compareUnsigned(pairs.get(i).priority, p.priority) >= 0) {
      i++;
    }
    pairs.add(i, p);
    if (state == IceState.FAILED && selected == null) {
      setState(IceState.CHECKING); // a late candidate gives the checks another chance
    }
    return p;
  }

  private long pairPriority(long local, long remote) {
    return role == IceRole.CONTROLLING ? Priorities.pair(local, remote) : Priorities.pair(remote, local);
  }

  private void switchRole(IceRole newRole) {
    roleSwitches++;
    setRole(newRole);
  }

  private void setRole(IceRole newRole) {
    if (role == newRole) {
      return;
    }
    role = newRole;
    for (CandidatePair p : pairs) {
      p.priority = pairPriority(p.local().priority(), p.remote().priority());
    }
    pairs.sort((a, b) -> Long.compareUnsigned(b.priority, a.priority));
    nominationDeadline = Long.MAX_VALUE;
    LOG.debug("role is now {}", newRole);
    events.add(new IceEvent.RoleChanged(newRole));
  }

  private void addServerReflexive(Local base, InetSocketAddress mapped, InetSocketAddress server) {
    if (localByAddress(mapped) != null) {
      return; // no NAT, or already known: redundant (§5.1.3)
    }
    long prio = Priorities.candidate(CandidateType.SRFLX.typePreference(), base.localPreference, COMPONENT);
    boolean hide = config.mdnsMode() == IceConfig.MdnsMode.QUERY_AND_GATHER;
    Candidate c = Candidate.udp(foundation("srflx", base.base.getAddress(), server.getAddress()), COMPONENT, prio,
        mapped, CandidateType.SRFLX, hide ? new InetSocketAddress(ANY_V4, 0) : base.base);
    locals.add(new Local(c, base.base, mapped, base.localPreference));
    events.add(new IceEvent.LocalCandidate(c));
  }

  private String foundation(String type, InetAddress base, InetAddress server) {
    String key = type + "|" + base.getHostAddress() + "|" + (server == null ? "" : server.getHostAddress()) + "|udp";
    return foundations.computeIfAbsent(key, k -> Integer.toString(foundations.size() + 1));
  }

  private CandidatePair pair(InetSocketAddress localBase, InetSocketAddress remote) {
    return pair(localBase, remote, tcpInput);
  }

  private CandidatePair pair(InetSocketAddress localBase, InetSocketAddress remote, boolean tcp) {
    for (CandidatePair p : pairs) {
      if (p.tcp == tcp && p.localAddress().equals(localBase) && p.remoteAddress().equals(remote)) {
        return p;
      }
    }
    return null;
  }

  /** How many remote candidates are peer-reflexive ({@code prflx}) or, if not, signalled. */
  private int remoteCount(boolean prflx) {
    int n = 0;
    for (int i = 0; i < remotes.size(); i++) {
      if ((remotes.get(i).candidate.type() == CandidateType.PRFLX) == prflx) {
        n++;
      }
    }
    return n;
  }

  private Remote remote(InetSocketAddress addr) {
    return remote(addr, tcpInput);
  }

  private Remote remote(InetSocketAddress addr, boolean tcp) {
    for (Remote r : remotes) {
      if (r.tcp == tcp && r.address.equals(addr)) {
        return r;
      }
    }
    return null;
  }

  private Local localByBase(InetSocketAddress base) {
    return localByBase(base, tcpInput);
  }

  private Local localByBase(InetSocketAddress base, boolean tcp) {
    for (Local l : locals) {
      if (pairable(l) && (l.tcpType != null) == tcp && l.base.equals(base)) {
        return l;
      }
    }
    return null;
  }

  private Local localByAddress(InetSocketAddress addr) {
    for (Local l : locals) {
      if (l.address.equals(addr)) {
        return l;
      }
    }
    return null;
  }

  private static boolean sameFamily(InetAddress a, InetAddress b) {
    return (a instanceof Inet4Address) == (b instanceof Inet4Address);
  }

  // ---------------------------------------------------------------- states

  private void setState(IceState s) {
    if (state == s) {
      return;
    }
    LOG.debug("ICE state {} -> {}", state, s);
    state = s;
    events.add(new IceEvent.StateChanged(s));
  }

  private void setGathering(GatheringState s) {
    if (gathering == s) {
      return;
    }
    gathering = s;
    events.add(new IceEvent.GatheringStateChanged(s));
  }

  private void maybeGatheringComplete() {
    if (!hostsDone || gathering == GatheringState.COMPLETE) {
      return;
    }
    for (Txn t : txns) {
      if (t.kind == Kind.SERVER) {
        return;
      }
    }
    for (Relay r : relays) {
      if (!r.done) {
        return;
      }
    }
    if (gathering == GatheringState.NEW) {
      setGathering(GatheringState.GATHERING);
    }
    setGathering(GatheringState.COMPLETE);
    lastActivity = Math.max(lastActivity, lastNow);
    maybeCompleted();
  }

  private void maybeCompleted() {
    if (state == IceState.CONNECTED && gathering == GatheringState.COMPLETE && remoteEndOfCandidates
        && selected != null && selected.generation == generation) {
      setState(IceState.COMPLETED);
    }
  }

  private void maybeFailed() {
    if (selected != null || !remoteEndOfCandidates || pairs.isEmpty() || state == IceState.FAILED) {
      return;
    }
    for (CandidatePair p : pairs) {
      if (p.state != CandidatePair.State.FAILED) {
        return;
      }
    }
    LOG.debug("every candidate pair failed");
    setState(IceState.FAILED);
  }

  /**
   * The failure timer (issue 15: ICE fails on time): armed while no pair is selected, local
   * gathering is complete, the peer's credentials are known and no pair is left to check (all
   * failed, or none). When nothing new (candidate, credentials, pair failure, a check from the
   * peer) happened for {@link IceConfig#failureTimeout()}, the state goes to FAILED even without
   * the peer's end-of-candidates.
   *
   * <p>A controlled agent also counts its succeeded pairs as done (issue 21): only the controlling
   * peer can finish by nominating one, and a controlling peer that is still there keeps checking
   * (or nominates within its nomination delay). One that vanished before nominating leaves the
   * controlled agent with succeeded checks and no selected pair, which without this never failed.
   */
  private boolean failureTimerArmed() {
    if (selected != null || state == IceState.FAILED || state == IceState.CLOSED || generation.remote == null
        || gathering != GatheringState.COMPLETE || config.failureTimeout().isZero() || lastActivity == Long.MIN_VALUE) {
      return false;
    }
    for (CandidatePair p : pairs) {
      boolean awaitsNomination = role == IceRole.CONTROLLED && p.state == CandidatePair.State.SUCCEEDED;
      if (p.state != CandidatePair.State.FAILED && !awaitsNomination) {
        return false;
      }
    }
    return true;
  }

  private void checkFailureTimer(long now) {
    if (failureTimerArmed() && now - lastActivity >= config.failureTimeout().toNanos()) {
      LOG.debug("no pair left to check, none nominated and nothing new for {}: failed", config.failureTimeout());
      setState(IceState.FAILED);
    }
  }

  private void checkOpen() {
    if (state == IceState.CLOSED) {
      throw new IllegalStateException("InvalidStateError: the ICE agent is closed");
    }
  }
}
