package org.rtc4j.ice.mdns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The DNS codec and the sans-IO mDNS resolver/responder (RFC 6762, RFC 1035 §4) on a manual clock. */
class MdnsTest {
  static final long S = 1_000_000_000L;
  static final InetSocketAddress PEER = new InetSocketAddress(ip("127.0.0.1"), Mdns.PORT);

  @Test
  void messagesRoundTrip() throws Exception {
    MdnsMessage q = new MdnsMessage(7, false, List.of(new MdnsMessage.Question("a-b.local", MdnsMessage.TYPE_A, true)),
        List.of());
    MdnsMessage back = MdnsMessage.parse(q.encode(), 0, q.encode().length);
    assertEquals(7, back.id());
    assertFalse(back.isResponse());
    assertEquals(q.questions(), back.questions());
    MdnsMessage r = new MdnsMessage(0, true, List.of(),
        List.of(MdnsMessage.Answer.of("x.local", ip("192.0.2.1"), 120, true),
            MdnsMessage.Answer.of("x.local", ip("2001:db8::1"), 120, false)));
    byte[] wire = r.encode();
    MdnsMessage rb = MdnsMessage.parse(wire, 0, wire.length);
    assertTrue(rb.isResponse());
    assertEquals(ip("192.0.2.1"), rb.answers().get(0).address());
    assertTrue(rb.answers().get(0).cacheFlush());
    assertEquals(ip("2001:db8::1"), rb.answers().get(1).address());
    assertEquals(120, rb.answers().get(1).ttlSeconds());
  }

  @Test
  void compressedNamesAreFollowedBackwardsOnly() throws Exception {
    // Header, question "ab.local" A IN, answer name = pointer to offset 12, A 10.0.0.1 TTL 120.
    byte[] m = {0, 0, (byte) 0x84, 0, 0, 1, 0, 1, 0, 0, 0, 0,
        2, 'a', 'b', 5, 'l', 'o', 'c', 'a', 'l', 0, 0, 1, 0, 1,
        (byte) 0xC0, 12, 0, 1, (byte) 0x80, 1, 0, 0, 0, 120, 0, 4, 10, 0, 0, 1};
    MdnsMessage p = MdnsMessage.parse(m, 0, m.length);
    assertEquals("ab.local", p.answers().get(0).name());
    assertEquals(ip("10.0.0.1"), p.answers().get(0).address());
    byte[] loop = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, (byte) 0xC0, 12, 0, 1, 0, 1};
    assertEquals(MdnsParseException.Reason.BAD_POINTER,
        assertThrows(MdnsParseException.class, () -> MdnsMessage.parse(loop, 0, loop.length)).reason());
    byte[] truncated = {0, 0, 0, 0, 0, 1};
    assertEquals(MdnsParseException.Reason.TRUNCATED,
        assertThrows(MdnsParseException.class, () -> MdnsMessage.parse(truncated, 0, truncated.length)).reason());
  }

  @Test
  void mutatedMessagesThrowOnlyParseExceptions() {
    Random r = new Random(3);
    byte[] seed = new MdnsMessage(0, true, List.of(new MdnsMessage.Question("q.local", 1, false)),
        List.of(MdnsMessage.Answer.of("abcdef.local", ip("10.1.2.3"), 120, true))).encode();
    for (int i = 0; i < 50_000; i++) {
      byte[] m = seed.clone();
      for (int f = 0; f < 1 + r.nextInt(4); f++) {
        m[r.nextInt(m.length)] = (byte) r.nextInt(256);
      }
      int len = r.nextInt(5) == 0 ? r.nextInt(m.length + 1) : m.length;
      try {
        MdnsMessage.parse(m, 0, len);
      } catch (MdnsParseException expected) {
        assertNotNull(expected.reason());
      }
    }
  }

  @Test
  void resolverAndResponderTalk() throws Exception {
    Mdns responder = new Mdns(new Random(1), 3 * S);
    Mdns resolver = new Mdns(new Random(2), 3 * S);
    String name = responder.register(ip("127.0.0.1"));
    assertTrue(name.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\\.local"), name);
    long now = 10 * S;
    resolver.query(now, name);
    Mdns.Transmit q = resolver.pollTransmit();
    assertEquals(Mdns.GROUP_V4, q.destination());
    assertEquals(2, MdnsMessage.parse(q.data(), 0, q.data().length).questions().size(), "A and AAAA");
    // From port 5353: answered to the group.
    responder.handleDatagram(now, q.data(), 0, q.data().length, PEER);
    Mdns.Transmit a = responder.pollTransmit();
    assertEquals(Mdns.GROUP_V4, a.destination());
    assertNull(responder.pollTransmit(), "only the A question matches an IPv4 address");
    resolver.handleDatagram(now, a.data(), 0, a.data().length, PEER);
    assertEquals(new MdnsEvent.Resolved(name, ip("127.0.0.1")), resolver.pollEvent());
    assertEquals(Long.MAX_VALUE, resolver.pollTimeout());
    // A legacy one-shot querier (another port): unicast back, id echoed (RFC 6762 §6.7).
    byte[] legacy = new MdnsMessage(4242, false, List.of(new MdnsMessage.Question(name.toUpperCase(), 1, false)),
        List.of()).encode();
    InetSocketAddress oneShot = new InetSocketAddress(ip("127.0.0.1"), 40000);
    responder.handleDatagram(now, legacy, 0, legacy.length, oneShot);
    Mdns.Transmit u = responder.pollTransmit();
    assertEquals(oneShot, u.destination());
    MdnsMessage um = MdnsMessage.parse(u.data(), 0, u.data().length);
    assertEquals(4242, um.id());
    assertArrayEquals(ip("127.0.0.1").getAddress(), um.answers().get(0).data());
    assertEquals(2, responder.answeredCount());
  }

  @Test
  void unansweredQueryIsRetriedThenGivesUp() {
    Mdns resolver = new Mdns(new Random(2), 3 * S);
    long now = 0;
    resolver.query(now, "nobody.local");
    resolver.pollTransmit();
    assertEquals(S, resolver.pollTimeout());
    now = resolver.pollTimeout();
    resolver.handleTimeout(now);
    assertNotNull(resolver.pollTransmit(), "retried after 1 s");
    now = resolver.pollTimeout();
    assertEquals(3 * S, now);
    resolver.handleTimeout(now);
    assertEquals(new MdnsEvent.NotResolved("nobody.local"), resolver.pollEvent());
  }

  static InetAddress ip(String s) {
    try {
      return InetAddress.getByName(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
