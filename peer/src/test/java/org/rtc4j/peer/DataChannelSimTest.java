package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.Transceiver;
import org.rtc4j.sctp.SendException;
import org.rtc4j.sctp.dcep.DataChannel;
import org.rtc4j.sctp.dcep.DataChannelEvent;
import org.rtc4j.sctp.dcep.DataChannelInit;
import org.rtc4j.sctp.dcep.DataChannelState;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.SessionDescription;

/**
 * Data channels through two sans-IO peer cores on the manual clock: the m=application section
 * (RFC 8841), the association over DTLS (RFC 8261), DCEP (RFC 8832), alongside media and under
 * loss.
 */
class DataChannelSimTest {
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  private static SessionDescription parse(String sdp) {
    try {
      return SessionDescription.parse(sdp);
    } catch (org.rtc4j.sdp.SdpParseException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aChannelMadeBeforeTheOfferOpensOnBothSidesAndCarriesTextBothWays() {
    try (Sim sim = new Sim(1, CONFIG)) {
      DataChannel chat = sim.a.createDataChannel("chat", DataChannelInit.defaults());
      assertEquals(DataChannelState.CONNECTING, chat.state());
      sim.drainBoth();
      assertEquals(1, sim.a.negotiationNeeded, "the first channel needs a negotiation");
      sim.negotiate(sim.a);
      SessionDescription offer = parse(sim.a.core.localDescription().sdp());
      assertEquals(1, offer.media().size());
      MediaDescription m = offer.media().get(0);
      assertEquals("application", m.kind());
      assertEquals(MediaDescription.PROTO_SCTP, m.proto());
      assertEquals(5000, m.sctpPort().orElseThrow());
      assertEquals(256 * 1024, m.maxMessageSize().orElseThrow());
      sim.runUntil(() -> chat.state() == DataChannelState.OPEN && sim.b.opened().contains("chat"), 10_000, "open");
      assertTrue(sim.b.channelEvents.stream().anyMatch(e -> e instanceof DataChannelEvent.ChannelAnnounced a
          && a.channel().label().equals("chat")), "the answerer was told of the channel");
      DataChannel remote = sim.b.channelEvents.stream().filter(e -> e instanceof DataChannelEvent.ChannelAnnounced)
          .map(e -> ((DataChannelEvent.ChannelAnnounced) e).channel()).findFirst().orElseThrow();
      sim.a.sendText(chat, "hello");
      sim.b.sendText(remote, "hi");
      sim.runUntil(() -> sim.b.messagesOf("chat").size() == 1 && sim.a.messagesOf("chat").size() == 1, 2_000,
          "messages");
      assertEquals(List.of("hello"), sim.b.messagesOf("chat"));
      assertEquals(List.of("hi"), sim.a.messagesOf("chat"));
      assertEquals(1, chat.id() % 2, "the offerer is the DTLS server (the answer is active): odd ids, RFC 8832 §6");
      assertEquals(chat.id(), remote.id(), "one stream id both ways");
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void aReliableOrderedChannelDeliversEveryMessageInOrderAtTenPercentLoss(long seed) {
    try (Sim sim = new Sim(seed, CONFIG)) {
      DataChannel c = sim.a.createDataChannel("bulk", DataChannelInit.defaults());
      sim.negotiate(sim.a);
      sim.runUntil(() -> c.state() == DataChannelState.OPEN, 10_000, "open");
      sim.ab.delay(25, 5).loss(0.10);
      sim.ba.delay(25, 5).loss(0.10);
      int n = 2_000;
      List<String> sent = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String msg = "message " + i + " " + "x".repeat(i % 700);
        sent.add(msg);
        sim.a.sendText(c, msg);
        if (i % 50 == 49) {
          sim.runFor(20);
        }
      }
      sim.runUntil(() -> sim.b.messagesOf("bulk").size() == n, 60_000, "every message");
      assertEquals(sent, sim.b.messagesOf("bulk"), "in order, none lost, none doubled");
    }
  }

  @Test
  void aChannelWithNoRetransmissionsLosesMessagesButNeverStalls() {
    try (Sim sim = new Sim(7, CONFIG)) {
      DataChannel c = sim.a.createDataChannel("game",
          DataChannelInit.defaults().withOrdered(false).withMaxRetransmits(0));
      sim.negotiate(sim.a);
      sim.runUntil(() -> c.state() == DataChannelState.OPEN && sim.b.opened().contains("game"), 10_000, "open");
      sim.ab.delay(25, 0).loss(0.20);
      for (int i = 0; i < 500; i++) {
        sim.a.sendText(c, "tick " + i);
        sim.runFor(10);
      }
      sim.runFor(2_000);
      int got = sim.b.messagesOf("game").size();
      assertTrue(got > 300 && got < 500, "about 80% arrive, the rest are abandoned: " + got);
      sim.ab.loss(0);
      sim.a.sendText(c, "after");
      sim.runUntil(() -> sim.b.messagesOf("game").contains("after"), 2_000, "the channel still delivers");
    }
  }

  @Test
  void dataAndMediaShareTheBundle() throws Exception {
    List<EncodedFrame> clip = Media.opus(100);
    try (Sim sim = new Sim(3, CONFIG)) {
      Transceiver audio = sim.a.addTrack(MediaStreamTrack.audio("mic"));
      DataChannel c = sim.a.createDataChannel("side", DataChannelInit.defaults());
      sim.negotiate(sim.a);
      SessionDescription offer = parse(sim.a.core.localDescription().sdp());
      assertEquals(List.of("audio", "application"), offer.media().stream().map(MediaDescription::kind).toList(),
          "the channel asked for after the track comes after it");
      assertEquals(2, offer.group("BUNDLE").orElseThrow().mids().size());
      sim.runUntil(() -> c.state() == DataChannelState.OPEN, 10_000, "open");
      for (int i = 0; i < clip.size(); i++) {
        sim.a.send(audio, clip.get(i));
        sim.a.sendText(c, "caption " + i);
        sim.runFor(20);
      }
      sim.runFor(500);
      assertEquals(100, sim.b.messagesOf("side").size());
      assertTrue(sim.b.frameCount() >= 95, "audio arrived too: " + sim.b.frameCount());
    }
  }

  @Test
  void aChannelAddedByRenegotiationOpensAfterTheSecondExchange() {
    try (Sim sim = new Sim(4, CONFIG)) {
      sim.a.addTrack(MediaStreamTrack.audio("mic"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      int before = sim.b.negotiationNeeded;
      DataChannel c = sim.b.createDataChannel("late", DataChannelInit.defaults());
      sim.drainBoth();
      assertEquals(before + 1, sim.b.negotiationNeeded, "negotiation-needed on the first channel");
      sim.runFor(500);
      assertEquals(DataChannelState.CONNECTING, c.state(), "nothing opens before the section is negotiated");
      sim.negotiate(sim.b);
      SessionDescription offer = parse(sim.b.core.localDescription().sdp());
      assertEquals(List.of("audio", "application"), offer.media().stream().map(MediaDescription::kind).toList());
      sim.runUntil(() -> c.state() == DataChannelState.OPEN && sim.a.opened().contains("late"), 10_000, "open");
      DataChannel second = sim.b.createDataChannel("second", DataChannelInit.defaults());
      sim.b.core.flushDataChannels(sim.now());
      sim.runUntil(() -> second.state() == DataChannelState.OPEN, 2_000, "a second channel needs no negotiation");
      sim.drainBoth();
      assertEquals(before + 1, sim.b.negotiationNeeded);
    }
  }

  @Test
  void negotiatedChannelsOpenWithoutDcep() {
    try (Sim sim = new Sim(5, CONFIG)) {
      DataChannel a = sim.a.createDataChannel("pre", DataChannelInit.defaults().withNegotiatedId(7));
      DataChannel b = sim.b.createDataChannel("pre", DataChannelInit.defaults().withNegotiatedId(7));
      sim.negotiate(sim.a);
      sim.runUntil(() -> a.state() == DataChannelState.OPEN && b.state() == DataChannelState.OPEN, 10_000, "open");
      assertTrue(sim.b.channelEvents.stream().noneMatch(e -> e instanceof DataChannelEvent.ChannelAnnounced),
          "no DATA_CHANNEL_OPEN for a negotiated channel");
      sim.a.sendText(a, "ping");
      sim.runUntil(() -> sim.b.messagesOf("pre").contains("ping"), 2_000, "delivered on stream 7");
      assertEquals(7, b.id());
    }
  }

  @Test
  void theRemoteMaxMessageSizeBoundsWhatIsSent() {
    try (Sim sim = new Sim(6, CONFIG)) {
      sim.offerRewrite = sdp -> sdp.replace("a=max-message-size:262144", "a=max-message-size:100000");
      DataChannel c = sim.b.createDataChannel("files", DataChannelInit.defaults());
      sim.a.createDataChannel("x", DataChannelInit.defaults());
      sim.negotiate(sim.a);
      sim.runUntil(() -> c.state() == DataChannelState.OPEN, 10_000, "open");
      assertEquals(100_000, sim.b.core.dataChannelMaxMessageSize(), "the offer's limit binds the answerer");
      assertEquals(256 * 1024, sim.a.core.dataChannelMaxMessageSize(), "the answer's binds the offerer");
      SendException e = assertThrows(SendException.class, () -> c.send(sim.now(), new byte[100_001]));
      assertEquals(SendException.Reason.MESSAGE_TOO_LARGE, e.reason());
      byte[] big = new byte[100_000];
      for (int i = 0; i < big.length; i++) {
        big[i] = (byte) (i * 31);
      }
      c.send(sim.now(), big);
      sim.b.core.flushDataChannels(sim.now());
      sim.runUntil(() -> sim.a.messagesOf("files").size() == 1, 5_000, "the largest message");
      assertEquals(new String(big, java.nio.charset.StandardCharsets.ISO_8859_1), sim.a.messagesOf("files").get(0));
    }
  }

  @Test
  void closingAChannelClosesItOnBothSidesAndClosingTheConnectionClosesTheRest() {
    try (Sim sim = new Sim(8, CONFIG)) {
      DataChannel one = sim.a.createDataChannel("one", DataChannelInit.defaults());
      DataChannel two = sim.a.createDataChannel("two", DataChannelInit.defaults());
      sim.negotiate(sim.a);
      sim.runUntil(() -> one.state() == DataChannelState.OPEN && two.state() == DataChannelState.OPEN, 10_000, "open");
      one.close(sim.now());
      sim.a.core.flushDataChannels(sim.now());
      sim.runUntil(() -> one.state() == DataChannelState.CLOSED && sim.b.channelEvents.stream()
          .anyMatch(e -> e instanceof DataChannelEvent.Closed c && c.channel().label().equals("one")), 2_000, "closed");
      assertEquals(DataChannelState.OPEN, two.state(), "the other channel is untouched");
      sim.a.core.close(sim.now());
      sim.runFor(200);
      assertEquals(DataChannelState.CLOSED, two.state());
      assertFalse(sim.b.channelEvents.stream().anyMatch(e -> e instanceof DataChannelEvent.Error), "no errors");
    }
  }
}
