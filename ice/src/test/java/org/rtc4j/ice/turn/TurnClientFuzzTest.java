package org.rtc4j.ice.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunCredentials;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunParseException;
import org.rtc4j.stun.StunWriter;

/**
 * Coverage-guided fuzzing of {@link TurnClient} against a hostile TURN server (FUZZING.md). The
 * input is a script of operations, one opcode byte each followed by its arguments (bytes past the
 * end read as zero): random bytes from the server; error and success responses built with the
 * project's {@link StunWriter} for one of the client's own transactions (401 with REALM and NONCE,
 * 438, 486, 508..., XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS and LIFETIME of fuzzed values,
 * PASSWORD-ALGORITHMS, MESSAGE-INTEGRITY with the right key, a wrong one or none, FINGERPRINT or
 * not, one byte flipped or not); Data indications; ChannelData on bound and unbound channels;
 * responses of any method and class; time jumps (to the deadline, just before it, by milliseconds
 * or seconds); and the application's calls (createPermission, bindChannel, wrap, close,
 * connection lost). Seeds in {@code TurnClientFuzzTestInputs/hostileServer/}, written by
 * {@code seeds.py} there.
 *
 * <p>After every operation it checks what the client promises: nothing but the documented
 * exceptions escapes (none, for these inputs); every transmit is a TURN request that parses,
 * with FINGERPRINT, and, once authenticated, always with MESSAGE-INTEGRITY that verifies with
 * the long-term key of its REALM; never the same transaction twice over TCP/TLS; a bounded number of
 * transmits per input and of open transactions; data only while allocated, from a peer it asked
 * for, as a view inside the input; an unverified success changes nothing; events agree with the
 * state; after Failed or Closed nothing more is sent and no deadline is set; a deadline in the
 * past is due (handling it moves it into the future) and time before the deadline does nothing.
 */
class TurnClientFuzzTest {
  static final String USER = "alice";
  static final String PASS = "fuzz-s3cret-pass";
  static final String REALM = "rtc4j.test";
  static final long MS = 1_000_000L;
  static final long S = 1_000 * MS;
  static final int MAX_OPS = 300;
  static final int[] ERROR_CODES = {401, 438, 486, 508, 437, 403, 441, 440, 442, 443, 500, 400, 420, 300};
  static final byte[] ALGORITHMS_BOTH = {0, 2, 0, 0, 0, 1, 0, 0};
  static final byte[] ALGORITHMS_MD5 = {0, 1, 0, 0};
  static final String[] NONCES = {"n1", "n2", "obMatJos2AAAAAAnonce"};
  static final String[] REALMS = {REALM, "other.realm", ""};
  static final InetSocketAddress[] POOL = {
      addr("203.0.113.9", 7000), addr("203.0.113.9", 7001), addr("198.51.100.20", 9),
      addr("2001:db8::1", 5000), addr("192.0.2.200", 65535), addr("10.0.0.1", 1)};

  /** A script of server messages, application calls and time jumps; see the class comment. */
  @FuzzTest(maxDuration = "5m")
  void hostileServer(byte[] data) throws Exception {
    new Run(new Script(data)).run();
  }

  /** Reads the fuzzer's bytes; past the end every read is zero. */
  static final class Script {
    final byte[] d;
    int p;

    Script(byte[] d) {
      this.d = d;
    }

    boolean done() {
      return p >= d.length;
    }

    int u8() {
      return p < d.length ? d[p++] & 0xFF : 0;
    }

    int u16() {
      return (u8() << 8) | u8();
    }

    long u32() {
      return ((long) u16() << 16) | u16();
    }

    byte[] bytes(int n) {
      byte[] b = new byte[n];
      int k = Math.max(0, Math.min(n, d.length - p));
      System.arraycopy(d, Math.min(p, d.length), b, 0, k);
      p += k;
      return b;
    }
  }

  /** Which input an event came from: failures must fit it. */
  enum Input { MESSAGE, TIMEOUT, CONNECTION_LOST, APPLICATION }

  static final class Run {
    final Script s;
    final TurnTransport transport;
    final TurnClient client;
    final StunWriter w = new StunWriter();
    long now;
    // What the client sent: every request once (by transaction id), newest last.
    final List<StunMessage> sent = new ArrayList<>();
    final Set<String> tids = new HashSet<>();
    // What the application asked for.
    final Set<InetAddress> permissionsAsked = new HashSet<>();
    final Set<InetSocketAddress> channelsAsked = new HashSet<>();
    // Channel numbers the client sent a ChannelBind for, and to which peer.
    final Map<Integer, InetSocketAddress> channelBinds = new HashMap<>();
    final Map<InetSocketAddress, Integer> boundEvents = new HashMap<>();
    boolean allocatedEvent;
    boolean failedEvent;
    boolean closeCalled;
    boolean closedEvent;
    boolean silent; // after Failed or Closed: nothing more may be sent
    boolean authenticated; // a request with credentials was sent

    Run(Script s) {
      this.s = s;
      int setup = s.u8();
      transport = TurnTransport.values()[(setup & 0x03) % 3];
      TurnClient.Options o = TurnClient.Options.defaults(new Random(s.u32()))
          .withIpv6Relay((setup & 0x04) != 0);
      if ((setup & 0x08) != 0) {
        o = new TurnClient.Options(o.random(), o.ipv6Relay(), o.rtoNanos(), o.maxTransmits(), o.rm(),
            o.streamTimeoutNanos(), "rtc4j fuzz");
      }
      client = new TurnClient(new TurnServer("turn.test", 3478, transport, USER, PASS), o);
      now = 1_000 * S + s.u32() * MS;
    }

    void run() throws Exception {
      client.start(now);
      after(Input.APPLICATION, true);
      for (int ops = 0; ops < MAX_OPS && !s.done(); ops++) {
        switch (s.u8() % 12) {
          case 0 -> raw();
          case 1 -> response(StunClass.ERROR_RESPONSE);
          case 2 -> response(StunClass.SUCCESS_RESPONSE);
          case 3 -> dataIndication();
          case 4 -> channelData();
          case 5 -> time();
          case 6 -> {
            InetAddress peer = address().getAddress();
            if (!silent) {
              permissionsAsked.add(peer);
            }
            client.createPermission(now, peer);
            after(Input.APPLICATION, false);
          }
          case 7 -> {
            InetSocketAddress peer = address();
            if (!silent) {
              channelsAsked.add(peer);
            }
            client.bindChannel(now, peer);
            after(Input.APPLICATION, false);
          }
          case 8 -> wrap();
          case 9 -> {
            TurnClient.State before = client.state();
            closeCalled = true;
            client.close(now);
            assertEquals(TurnClient.State.CLOSED, client.state());
            List<byte[]> out = after(Input.APPLICATION, false);
            assertTrue(out.size() <= (before == TurnClient.State.ALLOCATED ? 1 : 0),
                "close sends one Refresh, and only with an allocation");
          }
          case 10 -> {
            client.handleConnectionLost(now);
            after(Input.CONNECTION_LOST, false);
          }
          default -> anyMessage();
        }
      }
    }

    // ---------------------------------------------------------------------------- operations

    void raw() throws Exception {
      int off = s.u8() % 4;
      byte[] b = s.bytes(s.u16() % 2048);
      byte[] buf = new byte[off + b.length + s.u8() % 4];
      System.arraycopy(b, 0, buf, off, b.length);
      deliver(buf, off, b.length, null);
    }

    /** A response the fuzzer describes, to one of the client's transactions unless told otherwise. */
    void response(StunClass cls) throws Exception {
      int flags = s.u8();
      StunMessage req = pick();
      byte[] tid = (flags & 0x01) != 0 || req == null ? s.bytes(12) : req.transactionId();
      int method = (flags & 0x02) != 0 || req == null ? s.u8() % 10 : req.method();
      byte[] buf = new byte[16384];
      int off = flags >>> 6;
      w.begin(buf, off, method, cls, tid);
      if (cls == StunClass.ERROR_RESPONSE) {
        int sel = s.u8();
        int code = sel < 0xF0 ? ERROR_CODES[sel % ERROR_CODES.length] : 300 + s.u16() % 400;
        w.errorCode(code, "fuzz");
        int a = s.u8();
        if ((a & 0x01) != 0) {
          text(StunAttribute.REALM, REALMS);
        }
        if ((a & 0x02) != 0) {
          text(StunAttribute.NONCE, NONCES);
        }
        if ((a & 0x04) != 0) {
          int k = s.u8() % 3;
          byte[] v = k == 0 ? ALGORITHMS_BOTH : k == 1 ? ALGORITHMS_MD5 : s.bytes(s.u16() % 2048);
          w.bytes(StunAttribute.PASSWORD_ALGORITHMS, v, 0, v.length);
        }
      } else {
        int a = s.u8();
        if ((a & 0x01) != 0) {
          w.address(StunAttribute.XOR_RELAYED_ADDRESS, address(), true);
        }
        if ((a & 0x02) != 0) {
          w.xorMappedAddress(address());
        }
        if ((a & 0x04) != 0) {
          w.u32(StunAttribute.LIFETIME, (int) s.u32());
        }
      }
      int integrity = s.u8() % 4;
      byte[] right = req == null ? longTermKey(REALM, false) : keyOf(req);
      switch (integrity) {
        case 1 -> w.messageIntegrity(right);
        case 2 -> w.messageIntegritySha256(right);
        case 3 -> w.messageIntegrity(StunCredentials.longTermKey(USER, REALM, "not-" + PASS));
        default -> { }
      }
      if ((flags & 0x04) == 0) {
        w.fingerprint();
      }
      int len = w.length();
      boolean corrupt = (flags & 0x08) != 0;
      if (corrupt) {
        buf[off + s.u16() % len] ^= (byte) (s.u8() | 1);
      }
      // A success for an authenticated request that its key does not verify must change nothing.
      boolean unverified = cls == StunClass.SUCCESS_RESPONSE && !corrupt && req != null
          && req.attribute(StunAttribute.Username.class) != null && (integrity == 0 || integrity == 3);
      deliver(buf, off, len, unverified ? "a success without valid MESSAGE-INTEGRITY" : null);
    }

    /** One of three values, or any bytes (up to 2 KB: past RFC 8489's bounds). */
    void text(int type, String[] values) {
      int k = s.u8() % 4;
      if (k < values.length) {
        w.string(type, values[k]);
      } else {
        byte[] v = s.bytes(s.u16() % 2048);
        w.bytes(type, v, 0, v.length);
      }
    }

    void dataIndication() throws Exception {
      int flags = s.u8();
      byte[] buf = new byte[4096];
      int off = flags >>> 6;
      StunClass cls = (flags & 0x08) != 0 ? StunClass.values()[s.u8() % 4] : StunClass.INDICATION;
      w.begin(buf, off, (flags & 0x10) != 0 ? s.u8() % 10 : StunMessage.DATA, cls, s.bytes(12));
      if ((flags & 0x01) == 0) {
        w.address(StunAttribute.XOR_PEER_ADDRESS, address(), true);
      }
      if ((flags & 0x02) == 0) {
        byte[] v = s.bytes(s.u16() % 1500);
        w.bytes(StunAttribute.DATA, v, 0, v.length);
      }
      if ((flags & 0x04) == 0) {
        w.fingerprint();
      }
      deliver(buf, off, w.length(), null);
    }

    void channelData() throws Exception {
      int sel = s.u8();
      int channel = sel < 0xC0 ? ChannelData.MIN_CHANNEL + sel % 8 : s.u16();
      int flags = s.u8();
      byte[] payload = s.bytes(s.u16() % 1500);
      int off = flags >>> 6;
      int pad = (flags & 0x01) != 0 ? (4 - payload.length % 4) % 4 : 0;
      byte[] buf = new byte[off + 4 + payload.length + pad + (flags >>> 4 & 3)];
      buf[off] = (byte) (channel >>> 8);
      buf[off + 1] = (byte) channel;
      int length = (flags & 0x02) != 0 ? s.u16() : payload.length;
      buf[off + 2] = (byte) (length >>> 8);
      buf[off + 3] = (byte) length;
      System.arraycopy(payload, 0, buf, off + 4, payload.length);
      deliver(buf, off, 4 + payload.length + pad, null);
    }

    /** A message of any method and class with any attributes, for one of the client's transactions. */
    void anyMessage() throws Exception {
      int flags = s.u8();
      StunMessage req = pick();
      byte[] tid = (flags & 0x01) != 0 || req == null ? s.bytes(12) : req.transactionId();
      byte[] buf = new byte[16384];
      w.begin(buf, 0, s.u16() & 0xFFF, StunClass.values()[s.u8() % 4], tid);
      for (int n = s.u8() % 6; n > 0; n--) {
        int type = s.u16();
        byte[] v = s.bytes(s.u16() % 512);
        w.bytes(type, v, 0, v.length);
      }
      if ((flags & 0x02) != 0 && req != null) {
        w.messageIntegrity(keyOf(req));
      }
      if ((flags & 0x04) == 0) {
        w.fingerprint();
      }
      deliver(buf, 0, w.length(), null);
    }

    void time() throws Exception {
      long deadline = client.pollTimeout();
      switch (s.u8() % 4) {
        case 0 -> now = deadline != Long.MAX_VALUE && deadline > now ? deadline : now + S;
        case 1 -> now += s.u16() * MS;
        case 2 -> now += s.u16() * S;
        default -> now = deadline != Long.MAX_VALUE && deadline - 1 > now ? deadline - 1 : now + 1;
      }
      timeout();
    }

    void wrap() throws Exception {
      InetSocketAddress peer = address();
      byte[] payload = s.bytes(s.u16() % 1200);
      int off = s.u8() % 4;
      byte[] dst = new byte[off + payload.length + TurnClient.MAX_OVERHEAD];
      int n = client.wrap(payload, 0, payload.length, peer, dst, off);
      if (client.state() != TurnClient.State.ALLOCATED) {
        assertEquals(-1, n, "nothing to wrap into without an allocation");
      } else {
        assertTrue(n > 0 && off + n <= dst.length, "wrapped inside the buffer");
        int channel = client.channelOf(peer);
        if (channel >= 0) {
          assertEquals(payload.length, ChannelData.check(dst, off, n), "ChannelData once bound");
          assertEquals(channel, ChannelData.channel(dst, off));
          assertArrayEquals(payload, Arrays.copyOfRange(dst, off + 4, off + 4 + payload.length));
          assertEquals(transport.isStream() ? (4 + payload.length + 3) & ~3 : 4 + payload.length, n,
              "padded over TCP/TLS only");
        } else {
          StunMessage m = StunMessage.parse(dst, off, n);
          assertEquals(StunMessage.SEND, m.method());
          assertEquals(StunClass.INDICATION, m.messageClass());
          assertEquals(peer, m.attribute(StunAttribute.XorPeerAddress.class).address());
          assertArrayEquals(payload, m.attribute(StunAttribute.Data.class).value());
        }
      }
      after(Input.APPLICATION, false);
    }

    // ---------------------------------------------------------------------------- checks

    /** Hands one server message to the client and checks the answer and what follows. */
    void deliver(byte[] buf, int off, int len, String unverified) throws Exception {
      TurnClient.State before = client.state();
      long dropped = client.droppedCount();
      long integrityFailures = client.integrityFailureCount();
      byte[] copy = Arrays.copyOfRange(buf, off, off + len);
      int kind = client.handleMessage(now, buf, off, len);
      assertArrayEquals(copy, Arrays.copyOfRange(buf, off, off + len), "the input is borrowed, not written");
      assertTrue(kind == TurnClient.CONTROL || kind == TurnClient.DATA || kind == TurnClient.DROPPED);
      assertEquals(dropped + (kind == TurnClient.DROPPED ? 1 : 0), client.droppedCount(), "a drop is counted once");
      if (silent) {
        assertEquals(TurnClient.DROPPED, kind, "nothing is taken after Failed or Closed");
      }
      if (kind == TurnClient.DATA) {
        checkData(buf, off, len);
      } else {
        assertNull(client.dataPeer(), "no data view without data");
      }
      if (unverified != null) {
        assertEquals(before, client.state(), unverified + " changes no state");
        assertTrue(kind == TurnClient.DROPPED || client.integrityFailureCount() == integrityFailures + 1,
            unverified + " is dropped or counted");
        List<byte[]> out = drainTransmits();
        assertTrue(out.isEmpty(), unverified + " sends nothing");
        assertNull(client.pollEvent(), unverified + " reports nothing");
      }
      after(Input.MESSAGE, false);
    }

    void checkData(byte[] buf, int off, int len) throws Exception {
      assertEquals(TurnClient.State.ALLOCATED, client.state(), "data only through an allocation");
      InetSocketAddress peer = client.dataPeer();
      assertNotNull(peer);
      byte[] b = client.dataBuffer();
      int o = client.dataOffset();
      int n = client.dataLength();
      assertTrue(o >= 0 && n >= 0 && o + n <= b.length, "the data view lies inside its buffer");
      if (ChannelData.isChannelData(buf, off, len)) {
        assertSame(buf, b, "ChannelData is a view over the caller's bytes");
        assertEquals(off + 4, o);
        assertTrue(o + n <= off + len, "the data lies inside the message");
        assertEquals(ChannelData.dataLength(buf, off), n);
        int channel = ChannelData.channel(buf, off);
        assertEquals(channelBinds.get(channel), peer, "ChannelData only on a channel it asked to bind, for its peer");
      } else {
        StunMessage m = StunMessage.parse(buf, off, len);
        assertEquals(StunMessage.DATA, m.method());
        assertEquals(StunClass.INDICATION, m.messageClass());
        assertEquals(m.attribute(StunAttribute.XorPeerAddress.class).address(), peer);
        assertArrayEquals(m.attribute(StunAttribute.Data.class).value(), Arrays.copyOfRange(b, o, o + n));
      }
    }

    /** handleTimeout at {@code now}: nothing happens before the deadline. */
    void timeout() throws Exception {
      long deadline = client.pollTimeout();
      TurnClient.State before = client.state();
      client.handleTimeout(now);
      if (now < deadline) {
        assertEquals(before, client.state(), "nothing changes before the deadline");
        assertTrue(drainTransmits().isEmpty(), "nothing is sent before the deadline");
        assertNull(client.pollEvent(), "nothing happens before the deadline");
        after(Input.TIMEOUT, false);
      } else {
        after(Input.TIMEOUT, true);
      }
    }

    /**
     * Checks the client after an input: transmits and events, bounds, state, and the deadline;
     * a deadline at or before {@code now} is handled as an event loop would, and must move on.
     */
    List<byte[]> after(Input input, boolean timedOut) throws Exception {
      List<byte[]> out = drainTransmits();
      int bound = 2 * (2 + permissionsAsked.size() + channelsAsked.size()) + 1;
      assertTrue(out.size() <= bound, out.size() + " transmits for one input (bound " + bound + ")");
      assertTrue(client.requestCount() <= 1 + permissionsAsked.size() + channelsAsked.size(),
          client.requestCount() + " open transactions");
      for (TurnEvent e; (e = client.pollEvent()) != null; ) {
        event(e, input);
        if (e instanceof TurnEvent.Failed) {
          assertTrue(out.isEmpty(), "nothing sent by the input that failed the allocation");
        }
      }
      TurnClient.State st = client.state();
      assertEquals(closeCalled, st == TurnClient.State.CLOSED, "CLOSED exactly after close()");
      assertEquals(failedEvent && !closeCalled, st == TurnClient.State.FAILED, "FAILED exactly with its event");
      assertEquals(allocatedEvent && !failedEvent && !closeCalled, st == TurnClient.State.ALLOCATED,
          "ALLOCATED exactly after its event");
      if (silent) {
        assertEquals(Long.MAX_VALUE, client.pollTimeout(), "no deadline after Failed or Closed");
        assertEquals(-1, client.wrap(new byte[1], 0, 1, POOL[0], new byte[64], 0));
      }
      if (timedOut) {
        assertTrue(client.pollTimeout() > now, "a deadline that was due moves into the future");
      } else if (client.pollTimeout() <= now) {
        timeout(); // due now: an event loop would call handleTimeout at once
      }
      return out;
    }

    List<byte[]> drainTransmits() throws StunParseException {
      List<byte[]> out = new ArrayList<>();
      for (byte[] b; (b = client.pollTransmit()) != null; ) {
        assertFalse(silent, "nothing is sent after Failed or Closed");
        transmit(b);
        out.add(b);
        assertTrue(out.size() <= 10_000, "transmits end");
      }
      return out;
    }

    /** Every transmit is a TURN request that parses, signed with the right key once authenticated. */
    void transmit(byte[] b) throws StunParseException {
      assertFalse(ChannelData.isChannelData(b, 0, b.length), "the client's own messages are STUN");
      StunMessage m = StunMessage.parse(b, 0, b.length);
      assertEquals(StunClass.REQUEST, m.messageClass());
      int method = m.method();
      assertTrue(method == StunMessage.ALLOCATE || method == StunMessage.REFRESH
          || method == StunMessage.CREATE_PERMISSION || method == StunMessage.CHANNEL_BIND, "a TURN request");
      assertTrue(m.hasFingerprint(), "with FINGERPRINT");
      StunAttribute.Username user = m.attribute(StunAttribute.Username.class);
      if (user != null) {
        assertEquals(USER, user.value());
        assertNotNull(m.attribute(StunAttribute.Realm.class), "REALM with USERNAME");
        assertNotNull(m.attribute(StunAttribute.Nonce.class), "NONCE with USERNAME");
        assertTrue(m.verifyIntegrity(keyOf(m)), "signed with the long-term key of its REALM");
      } else {
        assertFalse(m.hasIntegrity());
      }
      String tid = HexFormat.of().formatHex(m.transactionId());
      if (tids.add(tid)) {
        // A server that allocates without a 401 gets requests without credentials; once it asked
        // for them (401), every new request carries them.
        assertTrue(user != null || !authenticated, "credentials, once used, are never dropped");
        authenticated |= user != null;
        sent.add(m);
        if (sent.size() > 64) {
          sent.remove(0);
        }
      } else {
        assertFalse(transport.isStream(), "no retransmission over TCP/TLS");
      }
      if (method == StunMessage.CHANNEL_BIND) {
        int channel = channelNumber(m);
        assertTrue(channel >= ChannelData.MIN_CHANNEL && channel <= ChannelData.MAX_CHANNEL);
        InetSocketAddress peer = m.attribute(StunAttribute.XorPeerAddress.class).address();
        assertTrue(channelsAsked.contains(peer), "a channel only to a peer the application asked for");
        InetSocketAddress was = channelBinds.putIfAbsent(channel, peer);
        assertTrue(was == null || was.equals(peer), "a channel number stays with its peer");
      } else if (method == StunMessage.CREATE_PERMISSION) {
        boolean any = false;
        for (StunAttribute a : m.attributes()) {
          if (a instanceof StunAttribute.XorPeerAddress p) {
            assertTrue(permissionsAsked.contains(p.address().getAddress()), "a permission only the application asked for");
            any = true;
          }
        }
        assertTrue(any, "CreatePermission names a peer");
      }
    }

    void event(TurnEvent e, Input input) {
      assertTrue(!silent || (e instanceof TurnEvent.Closed && !closedEvent), "after Failed only Closed: " + e);
      TurnClient.State st = client.state();
      if (e instanceof TurnEvent.Allocated a) {
        assertFalse(allocatedEvent, "allocated once");
        assertEquals(Input.MESSAGE, input);
        allocatedEvent = true;
        assertEquals(TurnClient.State.ALLOCATED, st);
        assertEquals(a.relayed(), client.relayedAddress());
        assertEquals(a.mapped(), client.mappedAddress());
        long t = client.pollTimeout();
        assertTrue(t > now, "the first refresh is in the future");
        assertTrue(t <= now + Math.max(1, a.lifetimeSeconds()) * S, "refreshed before it expires");
      } else if (e instanceof TurnEvent.PermissionCreated p) {
        assertTrue(permissionsAsked.contains(p.peer()), "a permission it asked for");
        assertTrue(client.hasPermission(p.peer()));
      } else if (e instanceof TurnEvent.ChannelBound b) {
        assertTrue(channelsAsked.contains(b.peer()), "a channel it asked for");
        assertNull(boundEvents.put(b.peer(), b.channel()), "bound once");
        assertEquals(b.peer(), channelBinds.get(b.channel()), "the channel it sent ChannelBind for");
        assertEquals(b.channel(), client.channelOf(b.peer()));
      } else if (e instanceof TurnEvent.Failed f) {
        assertFalse(failedEvent, "failed once");
        assertFalse(closeCalled, "no failure after close()");
        failedEvent = true;
        silent = true;
        assertEquals(TurnClient.State.FAILED, st);
        assertNotNull(f.error());
        assertFalse(f.message().contains(PASS), "no password in the message");
        switch (input) {
          case MESSAGE -> {
            assertNotEquals(TurnError.TIMEOUT, f.error());
            assertNotEquals(TurnError.CONNECTION_FAILED, f.error());
          }
          case TIMEOUT -> assertEquals(TurnError.TIMEOUT, f.error());
          case CONNECTION_LOST -> assertEquals(TurnError.CONNECTION_FAILED, f.error());
          default -> fail("a failure from an application call: " + f);
        }
        assertEquals(Long.MAX_VALUE, client.pollTimeout());
      } else {
        assertTrue(e instanceof TurnEvent.Closed, "an event of its five kinds");
        assertTrue(closeCalled && !closedEvent, "Closed once, after close()");
        closedEvent = true;
        silent = true;
        assertEquals(TurnClient.State.CLOSED, st);
      }
    }

    // ---------------------------------------------------------------------------- helpers

    /** One of the client's requests, the newest for 0. */
    StunMessage pick() {
      int i = s.u8();
      return sent.isEmpty() ? null : sent.get(sent.size() - 1 - i % sent.size());
    }

    InetSocketAddress address() {
      int k = s.u8() % 8;
      if (k < POOL.length) {
        return POOL[k];
      }
      try {
        InetAddress ip = InetAddress.getByAddress(s.bytes(k == 6 ? 4 : 16));
        return new InetSocketAddress(ip, s.u16());
      } catch (UnknownHostException e) {
        throw new AssertionError(e);
      }
    }

    static byte[] keyOf(StunMessage req) {
      StunAttribute.Realm realm = req.attribute(StunAttribute.Realm.class);
      boolean sha256 = req.attribute(StunAttribute.MessageIntegritySha256.class) != null;
      return longTermKey(realm == null ? REALM : realm.value(), sha256);
    }

    static byte[] longTermKey(String realm, boolean sha256) {
      return sha256 ? StunCredentials.longTermKeySha256(USER, realm, PASS)
          : StunCredentials.longTermKey(USER, realm, PASS);
    }

    static int channelNumber(StunMessage m) {
      for (StunAttribute a : m.attributes()) {
        if (a instanceof StunAttribute.Unknown u && u.type() == StunAttribute.CHANNEL_NUMBER) {
          return ((u.value()[0] & 0xFF) << 8) | (u.value()[1] & 0xFF);
        }
      }
      throw new AssertionError("ChannelBind without CHANNEL-NUMBER");
    }
  }

  static InetSocketAddress addr(String ip, int port) {
    try {
      return new InetSocketAddress(InetAddress.getByName(ip), port);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
