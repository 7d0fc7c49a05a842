package org.rtc4j.sctp.dcep;

import static org.junit.jupiter.api.Assertions.*;
import static org.rtc4j.sctp.testing.Sctp.SECOND;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rtc4j.sctp.CloseReason;
import org.rtc4j.sctp.SctpConfig;
import org.rtc4j.sctp.SendException;
import org.rtc4j.sctp.testing.Payloads;
import org.rtc4j.sctp.testing.Sctp;
import org.rtc4j.sctp.testing.SimLink;
import org.rtc4j.sctp.testing.SimPair;

/** Data channels end to end: DCEP, negotiated channels, message sizes, closing, abort. */
class DataChannelEndpointTest {

  /** One side with every event it saw (messages copied out of the reused event). */
  static final class Side {
    final DataChannelEndpoint ep;
    final List<DataChannelEvent> events = new ArrayList<>();
    final List<Msg> messages = new ArrayList<>();
    final Map<String, DataChannel> announced = new HashMap<>();

    Side(SctpConfig config) {
      ep = new DataChannelEndpoint(config);
    }

    void on(DataChannelEvent e) {
      if (e instanceof DataChannelEvent.Message m) {
        messages.add(new Msg(m.channel(), m.data(), m.binary()));
      } else {
        events.add(e);
        if (e instanceof DataChannelEvent.ChannelAnnounced a) {
          announced.put(a.channel().label(), a.channel());
        }
      }
    }

    long count(Class<?> type) {
      return events.stream().filter(type::isInstance).count();
    }
  }

  record Msg(DataChannel channel, byte[] data, boolean binary) {}

  private Side a;
  private Side b;
  private SimPair pair;

  private void connect(SimLink.Config link, SctpConfig.Builder ca, SctpConfig.Builder cb) {
    a = new Side(ca.build());
    b = new Side(cb.build());
    pair = SimPair.of(a.ep, b.ep, new SimLink(link), new SimLink(link.copy().seed(link.hashCode())), a::on, b::on);
    a.ep.setDtlsRole(0, true);
    b.ep.setDtlsRole(0, false);
    a.ep.connect(0);
    b.ep.connect(0);
    assertTrue(pair.runUntil(() -> a.count(DataChannelEvent.TransportConnected.class) == 1
        && b.count(DataChannelEvent.TransportConnected.class) == 1, 30 * SECOND));
  }

  private void connect() {
    connect(new SimLink.Config().delayMillis(5), Sctp.config(1), Sctp.config(2));
  }

  @Test
  void inBandChannelOpensOnBothSidesWithDcepAndCarriesTextAndBinary() {
    connect();
    DataChannel ca = a.ep.createChannel(pair.now, "chat", DataChannelInit.defaults().withProtocol("json"));
    assertEquals(0, ca.id(), "DTLS client: even ids");
    assertTrue(pair.runUntil(() -> b.announced.containsKey("chat"), 5 * SECOND));
    DataChannel cb = b.announced.get("chat");
    assertEquals(DataChannelState.OPEN, cb.state());
    assertEquals("json", cb.protocol());
    assertEquals(0, cb.id());
    assertTrue(cb.ordered());
    assertNull(cb.maxRetransmits());
    assertFalse(cb.negotiated());
    assertEquals(DataChannelState.OPEN, ca.state());
    ca.send(pair.now, "héllo");
    ca.send(pair.now, new byte[] {1, 2, 3});
    cb.send(pair.now, "back");
    assertTrue(pair.runUntil(() -> b.messages.size() == 2 && a.messages.size() == 1, 5 * SECOND));
    assertEquals("héllo", new String(b.messages.get(0).data(), StandardCharsets.UTF_8));
    assertFalse(b.messages.get(0).binary());
    assertArrayEquals(new byte[] {1, 2, 3}, b.messages.get(1).data());
    assertTrue(b.messages.get(1).binary());
    assertEquals("back", new String(a.messages.get(0).data(), StandardCharsets.UTF_8));
    DataChannel serverSide = b.ep.createChannel(pair.now, "from-b", DataChannelInit.defaults());
    assertEquals(1, serverSide.id(), "DTLS server: odd ids");
    DataChannelStats s = ca.stats();
    assertEquals(2, s.messagesSent());
    assertEquals("héllo".getBytes(StandardCharsets.UTF_8).length + 3, s.bytesSent());
    assertEquals(1, s.messagesReceived());
    assertEquals(4, s.bytesReceived());
  }

  @Test
  void channelsCreatedBeforeTheRoleIsKnownGetIdsLater() {
    a = new Side(Sctp.config(1).build());
    b = new Side(Sctp.config(2).build());
    pair = SimPair.of(a.ep, b.ep, new SimLink(new SimLink.Config().delayMillis(5)), new SimLink(new SimLink.Config().delayMillis(5)), a::on, b::on);
    DataChannel early = a.ep.createChannel(0, "early", DataChannelInit.defaults());
    assertEquals(-1, early.id());
    assertEquals(DataChannelState.CONNECTING, early.state());
    early.setBufferedAmountLowThreshold(100);
    assertThrows(SendException.class, () -> early.send(0, "too soon"));
    a.ep.connect(0);
    b.ep.connect(0);
    pair.runFor(SECOND);
    assertEquals(DataChannelState.CONNECTING, early.state(), "no id yet");
    a.ep.setDtlsRole(pair.now, false);
    b.ep.setDtlsRole(pair.now, true);
    assertEquals(1, early.id());
    assertEquals(100, early.bufferedAmountLowThreshold());
    assertTrue(pair.runUntil(() -> b.announced.containsKey("early"), 5 * SECOND));
    assertEquals(DataChannelState.OPEN, early.state());
  }

  @Test
  void negotiatedChannelsNeedNoDcep() {
    connect();
    DataChannelInit neg = DataChannelInit.defaults().withNegotiatedId(7).withOrdered(false).withMaxRetransmits(3);
    DataChannel ca = a.ep.createChannel(pair.now, "n", neg);
    DataChannel cb = b.ep.createChannel(pair.now, "n", neg);
    assertEquals(DataChannelState.OPEN, ca.state());
    assertEquals(7, cb.id());
    assertTrue(cb.negotiated());
    assertEquals(3, cb.maxRetransmits());
    ca.send(pair.now, "x");
    assertTrue(pair.runUntil(() -> b.messages.size() == 1, 5 * SECOND));
    assertSame(cb, b.messages.get(0).channel());
    assertEquals(0, b.count(DataChannelEvent.ChannelAnnounced.class));
    assertThrows(IllegalStateException.class, () -> a.ep.createChannel(pair.now, "dup", neg), "OperationError: id in use");
    assertThrows(IllegalArgumentException.class,
        () -> a.ep.createChannel(pair.now, "bad", DataChannelInit.defaults().withMaxRetransmits(1).withMaxPacketLifeTime(1)));
  }

  @Test
  void partialReliabilityTravelsInDcep() {
    connect();
    a.ep.createChannel(pair.now, "rexmit", DataChannelInit.defaults().withOrdered(false).withMaxRetransmits(0));
    a.ep.createChannel(pair.now, "timed", DataChannelInit.defaults().withMaxPacketLifeTime(250).withPriority(1024));
    assertTrue(pair.runUntil(() -> b.announced.size() == 2, 5 * SECOND));
    DataChannel r = b.announced.get("rexmit");
    assertFalse(r.ordered());
    assertEquals(0, r.maxRetransmits());
    assertNull(r.maxPacketLifeTime());
    DataChannel t = b.announced.get("timed");
    assertTrue(t.ordered());
    assertEquals(250, t.maxPacketLifeTime());
    assertEquals(1024, t.priority());
  }

  @Test
  void messagesFromZeroBytesToMaxMessageSizeArriveIntactOverALossyLink() {
    connect(new SimLink.Config().delayMillis(10).lossRate(0.05).reorder(0.05, 10).seed(3), Sctp.config(3), Sctp.config(4));
    DataChannel ca = a.ep.createChannel(pair.now, "sizes", DataChannelInit.defaults());
    assertTrue(pair.runUntil(() -> b.announced.containsKey("sizes"), 10 * SECOND));
    assertEquals(65_536, a.ep.maxMessageSize(), "RFC 8841 §6.1 default");
    List<Integer> sizes = new ArrayList<>();
    for (int s = 0; s <= 70; s++) {
      sizes.add(s);
    }
    for (int s = 1100; s <= 1300; s += 13) {
      sizes.add(s);
    }
    sizes.add(16 * 1024);
    sizes.add(65_535);
    sizes.add(65_536);
    for (int i = 0; i < sizes.size(); i++) {
      int len = sizes.get(i);
      byte[] m = java.util.Arrays.copyOf(Payloads.message(i, Math.max(4, len)), len);
      ca.send(pair.now, m, 0, len, i % 2 == 0);
    }
    SendException tooBig = assertThrows(SendException.class, () -> ca.send(pair.now, new byte[65_537]));
    assertEquals(SendException.Reason.MESSAGE_TOO_LARGE, tooBig.reason());
    assertEquals(65_536, tooBig.limit());
    assertTrue(pair.runUntil(() -> b.messages.size() == sizes.size(), 300 * SECOND));
    for (int i = 0; i < sizes.size(); i++) {
      int len = sizes.get(i);
      byte[] m = java.util.Arrays.copyOf(Payloads.message(i, Math.max(4, len)), len);
      assertArrayEquals(m, b.messages.get(i).data(), "size " + len);
      assertEquals(i % 2 == 0, b.messages.get(i).binary());
    }
    // Our own limit (256 KiB) is what we accept once the peer says so.
    b.ep.setRemoteMaxMessageSize(a.ep.localMaxMessageSize());
    DataChannel cb = b.announced.get("sizes");
    byte[] max = Payloads.message(77, (int) a.ep.localMaxMessageSize());
    cb.send(pair.now, max);
    assertTrue(pair.runUntil(() -> a.messages.size() == 1, 300 * SECOND));
    assertArrayEquals(max, a.messages.get(0).data());
  }

  @Test
  void thousandChannelsOpenAtOnce() {
    connect();
    int n = 1000;
    List<DataChannel> mine = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      mine.add(a.ep.createChannel(pair.now, "c" + i, DataChannelInit.defaults()));
    }
    assertTrue(pair.runUntil(() -> b.announced.size() == n, 60 * SECOND));
    for (int i = 0; i < n; i++) {
      assertEquals(2 * i, mine.get(i).id());
      mine.get(i).send(pair.now, "to " + i);
      b.announced.get("c" + i).send(pair.now, "from " + i);
    }
    assertTrue(pair.runUntil(() -> b.messages.size() == n && a.messages.size() == n, 60 * SECOND));
    for (Msg m : b.messages) {
      assertEquals("to " + m.channel().label().substring(1), new String(m.data(), StandardCharsets.UTF_8));
    }
    for (Msg m : a.messages) {
      assertEquals("from " + m.channel().label().substring(1), new String(m.data(), StandardCharsets.UTF_8));
    }
    assertEquals(n, a.ep.channels().size());
  }

  @Test
  void closingResetsTheStreamBothWaysFromEitherSideAndFreesTheId() {
    connect();
    DataChannel c1 = a.ep.createChannel(pair.now, "one", DataChannelInit.defaults());
    DataChannel c2 = a.ep.createChannel(pair.now, "two", DataChannelInit.defaults());
    assertTrue(pair.runUntil(() -> b.announced.size() == 2, 5 * SECOND));
    // Data queued before close() is delivered before the channel closes.
    for (int i = 0; i < 50; i++) {
      c1.send(pair.now, Payloads.message(i, 3000));
    }
    c1.close(pair.now);
    assertEquals(DataChannelState.CLOSING, c1.state());
    assertThrows(SendException.class, () -> c1.send(pair.now, "late"));
    DataChannel b1 = b.announced.get("one");
    assertTrue(pair.runUntil(() -> c1.state() == DataChannelState.CLOSED && b1.state() == DataChannelState.CLOSED, 10 * SECOND));
    assertEquals(50, b.messages.size());
    assertTrue(b.events.stream().anyMatch(e -> e instanceof DataChannelEvent.Closing c && c.channel() == b1), "remote closing event");
    assertTrue(b.events.stream().anyMatch(e -> e instanceof DataChannelEvent.Closed c && c.channel() == b1));
    assertTrue(a.events.stream().anyMatch(e -> e instanceof DataChannelEvent.Closed c && c.channel() == c1));
    // The other side closes the second channel.
    DataChannel b2 = b.announced.get("two");
    b2.close(pair.now);
    assertTrue(pair.runUntil(() -> c2.state() == DataChannelState.CLOSED && b2.state() == DataChannelState.CLOSED, 10 * SECOND));
    // Id 0 is free again and works with fresh sequence numbers.
    DataChannel again = a.ep.createChannel(pair.now, "again", DataChannelInit.defaults());
    assertEquals(0, again.id());
    assertTrue(pair.runUntil(() -> b.announced.containsKey("again"), 5 * SECOND));
    again.send(pair.now, "fresh");
    assertTrue(pair.runUntil(() -> b.messages.size() == 51, 5 * SECOND));
    assertEquals("fresh", new String(b.messages.get(50).data(), StandardCharsets.UTF_8));
  }

  @Test
  void abortClosesEveryChannelOnBothSides() {
    connect();
    DataChannel ca = a.ep.createChannel(pair.now, "x", DataChannelInit.defaults());
    assertTrue(pair.runUntil(() -> b.announced.containsKey("x"), 5 * SECOND));
    a.ep.abort(pair.now, "bye now");
    pair.runFor(SECOND);
    assertEquals(DataChannelState.CLOSED, ca.state());
    assertEquals(DataChannelState.CLOSED, b.announced.get("x").state());
    DataChannelEvent.TransportClosed atB = (DataChannelEvent.TransportClosed) b.events.stream()
        .filter(e -> e instanceof DataChannelEvent.TransportClosed).findFirst().orElseThrow();
    assertEquals(CloseReason.ABORTED_BY_PEER, atB.reason());
    assertTrue(atB.detail().contains("bye now"), atB.detail());
    assertTrue(a.events.stream().anyMatch(e -> e instanceof DataChannelEvent.TransportClosed t && t.reason() == CloseReason.ABORTED_LOCALLY));
    assertThrows(IllegalStateException.class, () -> a.ep.createChannel(pair.now, "y", DataChannelInit.defaults()));
  }

  @Test
  void bufferedAmountLowFiresWhenTheQueueDrains() {
    connect(new SimLink.Config().delayMillis(20).bandwidthBitsPerSecond(10_000_000).queueLimitBytes(100_000), Sctp.config(5),
        Sctp.config(6));
    DataChannel ca = a.ep.createChannel(pair.now, "bulk", DataChannelInit.defaults());
    ca.setBufferedAmountLowThreshold(64 * 1024);
    byte[] chunk = new byte[16 * 1024];
    for (int i = 0; i < 64; i++) {
      ca.send(pair.now, chunk);
    }
    assertTrue(ca.bufferedAmount() > 64 * 1024);
    assertTrue(pair.runUntil(() -> a.count(DataChannelEvent.BufferedAmountLow.class) == 1, 30 * SECOND));
    assertTrue(ca.bufferedAmount() <= 64 * 1024);
    assertTrue(pair.runUntil(() -> b.messages.size() == 64, 30 * SECOND));
  }
}
