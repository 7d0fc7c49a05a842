package org.rtc4j.ice.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunCredentials;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/** The TURN client against a scripted server, on a manual clock (RFC 8656, RFC 8489 §9.2). */
class TurnClientTest {
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;
  static final String REALM = "rtc4j.test";
  static final String USER = "alice";
  static final String PASS = "secret";
  static final InetSocketAddress RELAYED = new InetSocketAddress(ip("192.0.2.15"), 50000);
  static final InetSocketAddress MAPPED = new InetSocketAddress(ip("198.51.100.7"), 40000);
  static final InetSocketAddress PEER = new InetSocketAddress(ip("203.0.113.9"), 7000);

  long now = 1_000 * S;
  TurnClient client;
  final StunWriter w = new StunWriter();
  final byte[] key = StunCredentials.longTermKey(USER, REALM, PASS);

  TurnClient newClient(TurnTransport transport, String password) {
    return new TurnClient(new TurnServer("turn.test", 3478, transport, USER, password),
        TurnClient.Options.defaults(new Random(7)));
  }

  StunMessage next() throws Exception {
    byte[] b = client.pollTransmit();
    assertNotNull(b, "the client sent something");
    return StunMessage.parse(b, 0, b.length);
  }

  /** A response to {@code req}: {@code attrs} written by the caller, MESSAGE-INTEGRITY when keyed. */
  int respond(StunMessage req, StunClass cls, java.util.function.Consumer<StunWriter> attrs, byte[] integrityKey) {
    byte[] out = new byte[1024];
    w.begin(out, 0, req.method(), cls, req.transactionId());
    attrs.accept(w);
    if (integrityKey != null) {
      w.messageIntegrity(integrityKey);
    }
    w.fingerprint();
    return client.handleMessage(now, out, 0, w.length());
  }

  void unauthorized(StunMessage req, String nonce) {
    respond(req, StunClass.ERROR_RESPONSE, x -> x.errorCode(401, "Unauthorized").string(StunAttribute.REALM, REALM)
        .string(StunAttribute.NONCE, nonce), null);
  }

  /** Start, 401, authenticated retry, success. */
  void allocate(TurnTransport transport) throws Exception {
    client = newClient(transport, PASS);
    client.start(now);
    StunMessage first = next();
    assertEquals(StunMessage.ALLOCATE, first.method());
    assertFalse(first.hasIntegrity(), "the first Allocate goes without credentials");
    unauthorized(first, "nonce-1");
    StunMessage second = next();
    assertTrue(second.verifyIntegrity(key), "the retry is signed with MD5(user:realm:pass)");
    assertEquals(USER, second.attribute(StunAttribute.Username.class).value());
    assertEquals("nonce-1", second.attribute(StunAttribute.Nonce.class).value());
    assertEquals(CONTROL, respond(second, StunClass.SUCCESS_RESPONSE, x -> x
        .address(StunAttribute.XOR_RELAYED_ADDRESS, RELAYED, true).xorMappedAddress(MAPPED)
        .u32(StunAttribute.LIFETIME, 600), key));
    TurnEvent.Allocated a = assertInstanceOf(TurnEvent.Allocated.class, client.pollEvent());
    assertEquals(RELAYED, a.relayed());
    assertEquals(MAPPED, a.mapped());
    assertEquals(600, a.lifetimeSeconds());
    assertEquals(TurnClient.State.ALLOCATED, client.state());
  }

  static final int CONTROL = TurnClient.CONTROL;

  @Test
  void allocatesWithLongTermCredentials() throws Exception {
    allocate(TurnTransport.UDP);
    StunMessage first = null;
    assertNull(client.pollTransmit());
    // REQUESTED-TRANSPORT UDP in both requests was checked by the server in real life; here: the refresh.
    assertEquals(now + 540 * S, client.pollTimeout(), "refresh a minute before the 600 s lifetime ends");
    now += 540 * S;
    client.handleTimeout(now);
    StunMessage refresh = next();
    assertEquals(StunMessage.REFRESH, refresh.method());
    assertTrue(refresh.verifyIntegrity(key));
    respond(refresh, StunClass.SUCCESS_RESPONSE, x -> x.u32(StunAttribute.LIFETIME, 300), key);
    assertEquals(now + 240 * S, client.pollTimeout(), "a 300 s lifetime is refreshed a minute early");
    assertNull(first);
  }

  @Test
  void wrongPasswordFailsAtOnceWithATypedError() throws Exception {
    client = newClient(TurnTransport.UDP, "not-the-password");
    client.start(now);
    unauthorized(next(), "n1");
    StunMessage retry = next();
    assertFalse(retry.verifyIntegrity(key));
    unauthorized(retry, "n1");
    TurnEvent.Failed f = assertInstanceOf(TurnEvent.Failed.class, client.pollEvent());
    assertEquals(TurnError.WRONG_CREDENTIALS, f.error());
    assertEquals(401, f.code());
    assertFalse(f.message().contains("not-the-password"));
    assertEquals(TurnClient.State.FAILED, client.state());
    assertNull(client.pollTransmit(), "no third attempt");
    assertEquals(Long.MAX_VALUE, client.pollTimeout());
  }

  @Test
  void staleNonceIsRetriedWithTheNewOne() throws Exception {
    client = newClient(TurnTransport.UDP, PASS);
    client.start(now);
    unauthorized(next(), "n1");
    StunMessage retry = next();
    respond(retry, StunClass.ERROR_RESPONSE, x -> x.errorCode(438, "Stale Nonce").string(StunAttribute.REALM, REALM)
        .string(StunAttribute.NONCE, "n2"), null);
    StunMessage again = next();
    assertEquals("n2", again.attribute(StunAttribute.Nonce.class).value());
    assertFalse(again.hasTransactionId(retry.transactionId()), "a new transaction");
    assertTrue(again.verifyIntegrity(key));
    respond(again, StunClass.SUCCESS_RESPONSE, x -> x.address(StunAttribute.XOR_RELAYED_ADDRESS, RELAYED, true), key);
    assertInstanceOf(TurnEvent.Allocated.class, client.pollEvent());
  }

  @ParameterizedTest
  @ValueSource(ints = {486, 508, 437, 403, 500})
  void refusedAllocationsAreTyped(int code) throws Exception {
    client = newClient(TurnTransport.UDP, PASS);
    client.start(now);
    unauthorized(next(), "n1");
    respond(next(), StunClass.ERROR_RESPONSE, x -> x.errorCode(code, "No"), key);
    TurnEvent.Failed f = assertInstanceOf(TurnEvent.Failed.class, client.pollEvent());
    TurnError expected = switch (code) {
      case 486 -> TurnError.ALLOCATION_QUOTA_REACHED;
      case 508 -> TurnError.INSUFFICIENT_CAPACITY;
      case 437 -> TurnError.ALLOCATION_MISMATCH;
      case 403 -> TurnError.REFUSED;
      default -> TurnError.SERVER_ERROR;
    };
    assertEquals(expected, f.error());
    assertEquals(code, f.code());
  }

  @Test
  void silentServerTimesOutOnTheRfc8489Schedule() throws Exception {
    client = newClient(TurnTransport.UDP, PASS);
    client.start(now);
    long t0 = now;
    List<Long> sends = new ArrayList<>();
    sends.add(now);
    client.pollTransmit();
    for (int i = 0; i < 20 && client.state() == TurnClient.State.ALLOCATING; i++) {
      now = client.pollTimeout();
      client.handleTimeout(now);
      if (client.pollTransmit() != null) {
        sends.add(now);
      }
    }
    // RFC 8489 §6.2.1: 0, 500, 1500, 3500, 7500, 15500, 31500 ms, then 16 x 500 ms: 39.5 s.
    assertEquals(List.of(t0, t0 + 500 * MS, t0 + 1500 * MS, t0 + 3500 * MS, t0 + 7500 * MS, t0 + 15500 * MS,
        t0 + 31500 * MS), sends);
    assertEquals(t0 + 39_500 * MS, now);
    assertEquals(TurnError.TIMEOUT, assertInstanceOf(TurnEvent.Failed.class, client.pollEvent()).error());
  }

  @Test
  void overTcpOneTransmissionThenTimeout() throws Exception {
    client = newClient(TurnTransport.TCP, PASS);
    client.start(now);
    client.pollTransmit();
    assertEquals(now + 39_500 * MS, client.pollTimeout());
    now = client.pollTimeout();
    client.handleTimeout(now);
    assertNull(client.pollTransmit(), "no retransmission over a reliable transport");
    assertEquals(TurnError.TIMEOUT, assertInstanceOf(TurnEvent.Failed.class, client.pollEvent()).error());
  }

  @Test
  void refreshThatIsNeverAnsweredEndsTheAllocation() throws Exception {
    allocate(TurnTransport.UDP);
    now += 540 * S;
    client.handleTimeout(now);
    while (client.state() == TurnClient.State.ALLOCATED) {
      now = client.pollTimeout();
      client.handleTimeout(now);
      client.pollTransmit();
    }
    assertEquals(TurnError.TIMEOUT, assertInstanceOf(TurnEvent.Failed.class, client.pollEvent()).error());
  }

  @Test
  void permissionsWaitForTheAllocationAndAreRefreshedEveryFourMinutes() throws Exception {
    client = newClient(TurnTransport.UDP, PASS);
    client.start(now);
    client.createPermission(now, PEER.getAddress());
    unauthorized(next(), "n1");
    StunMessage alloc = next();
    assertNull(client.pollTransmit(), "no CreatePermission before the allocation");
    respond(alloc, StunClass.SUCCESS_RESPONSE, x -> x.address(StunAttribute.XOR_RELAYED_ADDRESS, RELAYED, true)
        .u32(StunAttribute.LIFETIME, 3600), key);
    client.pollEvent();
    StunMessage perm = next();
    assertEquals(StunMessage.CREATE_PERMISSION, perm.method());
    assertEquals(PEER.getAddress(), perm.attribute(StunAttribute.XorPeerAddress.class).address().getAddress());
    assertTrue(perm.verifyIntegrity(key));
    respond(perm, StunClass.SUCCESS_RESPONSE, x -> { }, key);
    assertEquals(new TurnEvent.PermissionCreated(PEER.getAddress()), client.pollEvent());
    assertTrue(client.hasPermission(PEER.getAddress()));
    assertEquals(now + 240 * S, client.pollTimeout(), "permissions last 300 s: refreshed after 240 s");
    now += 240 * S;
    client.handleTimeout(now);
    assertEquals(StunMessage.CREATE_PERMISSION, next().method());
  }

  @ParameterizedTest
  @ValueSource(strings = {"UDP", "TCP"})
  void sendIndicationsUntilTheChannelIsBoundThenChannelData(TurnTransport transport) throws Exception {
    allocate(transport);
    byte[] payload = "hello peer".getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[payload.length + TurnClient.MAX_OVERHEAD];
    client.bindChannel(now, PEER);
    StunMessage bind = next();
    assertEquals(StunMessage.CHANNEL_BIND, bind.method());
    int n = client.wrap(payload, 0, payload.length, PEER, out, 0);
    StunMessage send = StunMessage.parse(out, 0, n);
    assertEquals(StunMessage.SEND, send.method());
    assertEquals(StunClass.INDICATION, send.messageClass());
    assertEquals(PEER, send.attribute(StunAttribute.XorPeerAddress.class).address());
    assertArrayEquals(payload, send.attribute(StunAttribute.Data.class).value());
    respond(bind, StunClass.SUCCESS_RESPONSE, x -> { }, key);
    assertEquals(new TurnEvent.ChannelBound(PEER, 0x4000), client.pollEvent());
    n = client.wrap(payload, 0, payload.length, PEER, out, 0);
    assertEquals(transport == TurnTransport.TCP ? 16 : 14, n, "4-byte header, padded to 4 over TCP");
    assertEquals(0x4000, ChannelData.channel(out, 0));
    assertEquals(payload.length, ChannelData.dataLength(out, 0));
    // Incoming ChannelData is a view over the caller's bytes.
    assertEquals(TurnClient.DATA, client.handleMessage(now, out, 0, n));
    assertSame(out, client.dataBuffer());
    assertEquals(4, client.dataOffset());
    assertEquals(payload.length, client.dataLength());
    assertEquals(PEER, client.dataPeer());
    // An unbound channel is dropped.
    out[1] = 0x01;
    assertEquals(TurnClient.DROPPED, client.handleMessage(now, out, 0, n));
    assertEquals(now + 540 * S, client.pollTimeout(), "channels last 600 s: refreshed after 540 s");
  }

  /** Found by TurnClientFuzzTest#hostileServer: ChannelData was taken before the allocation existed. */
  @Test
  void channelDataOnlyOnAChannelItAskedTheServerToBind() throws Exception {
    client = newClient(TurnTransport.UDP, PASS);
    client.bindChannel(now, PEER); // waits for the allocation
    client.start(now);
    byte[] cd = new byte[8];
    int n = ChannelData.write(cd, 0, 0x4000, new byte[] {1, 2, 3, 4}, 0, 4, false);
    assertEquals(TurnClient.DROPPED, client.handleMessage(now, cd, 0, n), "no ChannelData before the allocation");
    unauthorized(next(), "n1");
    respond(next(), StunClass.SUCCESS_RESPONSE, x -> x.address(StunAttribute.XOR_RELAYED_ADDRESS, RELAYED, true), key);
    StunMessage bind = next();
    assertEquals(StunMessage.CHANNEL_BIND, bind.method());
    assertEquals(TurnClient.DATA, client.handleMessage(now, cd, 0, n),
        "the server may bind the channel before its answer reaches us (RFC 8656 §12.6)");
    assertEquals(PEER, client.dataPeer());
    respond(bind, StunClass.ERROR_RESPONSE, x -> x.errorCode(403, "Forbidden"), key);
    assertEquals(TurnClient.DROPPED, client.handleMessage(now, cd, 0, n), "a refused channel is not bound");
    assertEquals(TurnClient.State.ALLOCATED, client.state());
  }

  /**
   * Found by TurnClientFuzzTest#hostileServer: a 401 whose REALM and NONCE did not fit the
   * request buffer threw IllegalArgumentException out of handleMessage. REALM and NONCE are
   * bounded to 763 bytes (RFC 8489 §14.9, §14.10); within the bounds the request is built.
   */
  @ParameterizedTest
  @ValueSource(ints = {763, 764, 2000})
  void oversizedRealmOrNonceFailsTheAllocationInsteadOfThrowing(int length) throws Exception {
    client = newClient(TurnTransport.UDP, PASS);
    client.start(now);
    String big = "r".repeat(length);
    byte[] b = new byte[8192];
    int n = w.begin(b, 0, StunMessage.ALLOCATE, StunClass.ERROR_RESPONSE, next().transactionId())
        .errorCode(401, "Unauthorized").string(StunAttribute.REALM, big)
        .string(StunAttribute.NONCE, big.replace('r', 'n')).fingerprint().length();
    assertEquals(CONTROL, client.handleMessage(now, b, 0, n));
    if (length <= 763) {
      StunMessage retry = next();
      assertEquals(big, retry.attribute(StunAttribute.Realm.class).value());
      assertTrue(retry.verifyIntegrity(StunCredentials.longTermKey(USER, big, PASS)));
      assertEquals(TurnClient.State.ALLOCATING, client.state());
    } else {
      TurnEvent.Failed f = assertInstanceOf(TurnEvent.Failed.class, client.pollEvent());
      assertEquals(TurnError.SERVER_ERROR, f.error());
      assertEquals(401, f.code());
      assertNull(client.pollTransmit());
    }
  }

  /**
   * Found by TurnClientFuzzTest#hostileServer: a time jump past the allocation's expiry queued a
   * ChannelBind retransmission, then reported the allocation failed; the caller sent the
   * retransmission after the failure.
   */
  @Test
  void theInputThatFailsTheAllocationSendsNothing() throws Exception {
    allocate(TurnTransport.UDP);
    client.bindChannel(now, PEER);
    assertEquals(StunMessage.CHANNEL_BIND, next().method());
    now += 600 * S; // the ChannelBind's retransmission and the allocation's expiry are both due
    client.handleTimeout(now);
    assertEquals(TurnError.TIMEOUT, assertInstanceOf(TurnEvent.Failed.class, client.pollEvent()).error());
    assertNull(client.pollTransmit(), "nothing sent for an allocation that is gone");
    assertEquals(Long.MAX_VALUE, client.pollTimeout());
  }

  @Test
  void dataIndicationsAreDelivered() throws Exception {
    allocate(TurnTransport.UDP);
    byte[] b = new byte[256];
    int n = w.begin(b, 0, StunMessage.DATA, StunClass.INDICATION, StunMessage.newTransactionId(new Random(1)))
        .address(StunAttribute.XOR_PEER_ADDRESS, PEER, true).bytes(StunAttribute.DATA, new byte[] {1, 2, 3}, 0, 3)
        .length();
    assertEquals(TurnClient.DATA, client.handleMessage(now, b, 0, n));
    assertEquals(PEER, client.dataPeer());
    assertEquals(3, client.dataLength());
    assertEquals(3, client.dataBuffer()[client.dataOffset() + 2]);
  }

  @Test
  void closeSendsRefreshWithLifetimeZero() throws Exception {
    allocate(TurnTransport.UDP);
    client.close(now);
    StunMessage refresh = next();
    assertEquals(StunMessage.REFRESH, refresh.method());
    assertEquals(0, refresh.attribute(StunAttribute.Lifetime.class).seconds());
    assertTrue(refresh.verifyIntegrity(key));
    assertInstanceOf(TurnEvent.Closed.class, client.pollEvent());
    assertEquals(TurnClient.State.CLOSED, client.state());
    assertEquals(-1, client.wrap(new byte[1], 0, 1, PEER, new byte[64], 0));
  }

  @Test
  void sha256PasswordAlgorithmWhenTheServerOffersIt() throws Exception {
    client = newClient(TurnTransport.UDP, PASS);
    client.start(now);
    byte[] algorithms = {0, 2, 0, 0, 0, 1, 0, 0}; // SHA-256, MD5 (RFC 8489 §14.11)
    respond(next(), StunClass.ERROR_RESPONSE, x -> x.errorCode(401, "Unauthorized").string(StunAttribute.REALM, REALM)
        .string(StunAttribute.NONCE, "obMatJos2AAAAAAnonce").bytes(StunAttribute.PASSWORD_ALGORITHMS, algorithms, 0, 8),
        null);
    StunMessage retry = next();
    byte[] shaKey = StunCredentials.longTermKeySha256(USER, REALM, PASS);
    assertNotNull(retry.attribute(StunAttribute.MessageIntegritySha256.class));
    assertTrue(retry.verifyIntegrity(shaKey));
    StunAttribute.Unknown alg = null;
    for (StunAttribute a : retry.attributes()) {
      if (a instanceof StunAttribute.Unknown u && u.type() == StunAttribute.PASSWORD_ALGORITHM) {
        alg = u;
      }
    }
    assertNotNull(alg);
    assertArrayEquals(new byte[] {0, 2, 0, 0}, alg.value());
  }

  @Test
  void ipv6RelayIsRequested() throws Exception {
    client = new TurnClient(new TurnServer("turn.test", 3478, TurnTransport.UDP, USER, PASS),
        TurnClient.Options.defaults(new Random(1)).withIpv6Relay(true));
    client.start(now);
    StunMessage first = next();
    boolean found = false;
    for (StunAttribute a : first.attributes()) {
      found |= a instanceof StunAttribute.Unknown u && u.type() == StunAttribute.REQUESTED_ADDRESS_FAMILY
          && u.value()[0] == 2;
    }
    assertTrue(found, "REQUESTED-ADDRESS-FAMILY IPv6");
  }

  @Test
  void mutatedServerMessagesNeverThrow() throws Exception {
    allocate(TurnTransport.UDP);
    client.bindChannel(now, PEER);
    StunMessage bind = next();
    respond(bind, StunClass.SUCCESS_RESPONSE, x -> { }, key);
    Random r = new Random(99);
    List<byte[]> seeds = new ArrayList<>();
    byte[] b = new byte[256];
    seeds.add(java.util.Arrays.copyOf(b, w.begin(b, 0, StunMessage.DATA, StunClass.INDICATION,
        StunMessage.newTransactionId(r)).address(StunAttribute.XOR_PEER_ADDRESS, PEER, true)
        .bytes(StunAttribute.DATA, new byte[] {1, 2, 3}, 0, 3).length()));
    byte[] cd = new byte[40];
    seeds.add(java.util.Arrays.copyOf(cd, ChannelData.write(cd, 0, 0x4000, new byte[30], 0, 30, true)));
    seeds.add(java.util.Arrays.copyOf(b, w.begin(b, 0, StunMessage.REFRESH, StunClass.ERROR_RESPONSE,
        StunMessage.newTransactionId(r)).errorCode(438, "Stale").string(StunAttribute.NONCE, "x").fingerprint()
        .length()));
    for (int i = 0; i < 30_000; i++) {
      byte[] m = seeds.get(r.nextInt(seeds.size())).clone();
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        m[r.nextInt(m.length)] ^= (byte) (1 << r.nextInt(8));
      }
      int len = r.nextInt(4) == 0 ? r.nextInt(m.length + 1) : m.length;
      int kind = client.handleMessage(now, m, 0, len);
      assertTrue(kind == TurnClient.CONTROL || kind == TurnClient.DATA || kind == TurnClient.DROPPED);
      if (kind == TurnClient.DATA) {
        assertTrue(client.dataOffset() + client.dataLength() <= client.dataBuffer().length);
      }
      ChannelData.check(m, 0, len);
    }
    assertTrue(client.droppedCount() > 1000);
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
