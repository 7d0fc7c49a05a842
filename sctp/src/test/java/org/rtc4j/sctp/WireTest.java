package org.rtc4j.sctp;

import static org.junit.jupiter.api.Assertions.*;
import static org.rtc4j.sctp.testing.FakePeer.INITIAL_TSN;
import static org.rtc4j.sctp.testing.FakePeer.TAG;
import static org.rtc4j.sctp.testing.Sctp.MILLI;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.rtc4j.sctp.chunk.AbortChunk;
import org.rtc4j.sctp.chunk.Chunk;
import org.rtc4j.sctp.chunk.ChunkType;
import org.rtc4j.sctp.chunk.DataChunk;
import org.rtc4j.sctp.chunk.ErrorCause;
import org.rtc4j.sctp.chunk.ErrorChunk;
import org.rtc4j.sctp.chunk.ForwardTsnChunk;
import org.rtc4j.sctp.chunk.HeartbeatChunk;
import org.rtc4j.sctp.chunk.InitChunk;
import org.rtc4j.sctp.chunk.ReConfigChunk;
import org.rtc4j.sctp.chunk.ReConfigParameter;
import org.rtc4j.sctp.chunk.SackChunk;
import org.rtc4j.sctp.chunk.SctpPacket;
import org.rtc4j.sctp.chunk.SimpleChunk;
import org.rtc4j.sctp.chunk.UnknownChunk;
import org.rtc4j.sctp.testing.FakePeer;
import org.rtc4j.sctp.testing.Sctp;

/** Exact protocol behaviour against a hand-driven peer. */
class WireTest {
  private static final byte[] EXTENSIONS = {(byte) ChunkType.RE_CONFIG, (byte) ChunkType.FORWARD_TSN};
  private FakePeer peer;

  @BeforeEach
  void establish() throws Exception {
    peer = new FakePeer(Sctp.association(1)).establish(EXTENSIONS);
    assertEquals(SctpState.ESTABLISHED, peer.sut.state());
  }

  private static DataChunk data(int tsn, int stream, int ssn, int flags, int len) {
    return new DataChunk(tsn, stream, ssn, 53, flags, new byte[len]);
  }

  private static <T extends Chunk> T only(List<SctpPacket> packets, Class<T> type) {
    List<T> found = packets.stream().flatMap(p -> p.chunks().stream()).filter(type::isInstance).map(type::cast).toList();
    assertEquals(1, found.size(), "one " + type.getSimpleName() + " in " + packets);
    return found.get(0);
  }

  private static boolean none(List<SctpPacket> packets, Class<?> type) {
    return packets.stream().flatMap(p -> p.chunks().stream()).noneMatch(type::isInstance);
  }

  @Test
  void theAssociationAnswersWithTheTagsItWasGiven() throws Exception {
    peer.send(TAG - 1, data(INITIAL_TSN, 0, 0, 3, 10)); // wrong tag: dropped
    peer.advanceTo(1_000 * MILLI);
    assertTrue(peer.receiveAll().isEmpty());
    assertEquals(1, peer.sut.stats().droppedPackets());
    peer.send(peer.sutTag, data(INITIAL_TSN, 0, 0, 3, 10));
    peer.advanceTo(2_000 * MILLI);
    SctpPacket p = peer.receiveOne();
    assertEquals(TAG, p.verificationTag());
    assertEquals(5000, p.sourcePort());
  }

  @Test
  void aLonePacketIsAcknowledgedAfterTheDelayedAckTime() throws Exception {
    peer.send(peer.sutTag, data(INITIAL_TSN, 0, 0, 3, 100));
    assertTrue(peer.receiveAll().isEmpty(), "no SACK at once for a single packet");
    // RFC 9260 §6.2: within 200 ms, and within RTO/2 (here 220 ms: the handshake RTT was 0).
    assertEquals(110 * MILLI, peer.sut.pollTimeout());
    peer.advanceTo(109 * MILLI);
    assertTrue(peer.receiveAll().isEmpty());
    peer.advanceTo(110 * MILLI);
    SackChunk sack = only(peer.receiveAll(), SackChunk.class);
    assertEquals(INITIAL_TSN, sack.cumulativeTsnAck());
    assertTrue(sack.gapAckBlocks().isEmpty());
  }

  @Test
  void everySecondPacketIsAcknowledgedAtOnce() throws Exception {
    peer.send(peer.sutTag, data(INITIAL_TSN, 0, 0, 3, 100));
    peer.send(peer.sutTag, data(INITIAL_TSN + 1, 0, 1, 3, 100));
    assertEquals(INITIAL_TSN + 1, only(peer.receiveAll(), SackChunk.class).cumulativeTsnAck());
  }

  @Test
  void gapsAndDuplicatesAreReportedAtOnce() throws Exception {
    peer.send(peer.sutTag, data(INITIAL_TSN, 0, 0, 3, 10));
    peer.send(peer.sutTag, data(INITIAL_TSN + 2, 0, 2, 3, 10));
    SackChunk sack = only(peer.receiveAll(), SackChunk.class);
    assertEquals(INITIAL_TSN, sack.cumulativeTsnAck());
    assertEquals(List.of(new SackChunk.GapAckBlock(2, 2)), sack.gapAckBlocks());
    peer.send(peer.sutTag, data(INITIAL_TSN + 4, 0, 4, 3, 10), data(INITIAL_TSN + 5, 0, 5, 3, 10));
    sack = only(peer.receiveAll(), SackChunk.class);
    assertEquals(List.of(new SackChunk.GapAckBlock(2, 2), new SackChunk.GapAckBlock(4, 5)), sack.gapAckBlocks());
    peer.send(peer.sutTag, data(INITIAL_TSN, 0, 0, 3, 10));
    sack = only(peer.receiveAll(), SackChunk.class);
    assertEquals(List.of(INITIAL_TSN), sack.duplicateTsns());
    peer.send(peer.sutTag, data(INITIAL_TSN + 1, 0, 1, 3, 10), data(INITIAL_TSN + 3, 0, 3, 3, 10));
    sack = only(peer.receiveAll(), SackChunk.class);
    assertEquals(INITIAL_TSN + 5, sack.cumulativeTsnAck(), "filling the gaps moves the cumulative ack");
    assertTrue(sack.gapAckBlocks().isEmpty());
    long messages = peer.events.stream().filter(e -> e instanceof SctpEvent.Message).count();
    assertEquals(6, messages, "each message once, in order");
  }

  @Test
  void unknownChunksFollowTheirUpperTwoBits() throws Exception {
    // 10: skip silently and go on; 11: skip, report, go on.
    peer.send(peer.sutTag, new UnknownChunk(0xBF, 0, new byte[3]), data(INITIAL_TSN, 0, 0, 3, 10),
        new UnknownChunk(0xC5, 7, new byte[] {1, 2}), data(INITIAL_TSN + 1, 0, 1, 3, 10));
    List<SctpPacket> out = peer.receiveAll();
    ErrorChunk err = only(out, ErrorChunk.class);
    assertEquals(ErrorCause.UNRECOGNIZED_CHUNK_TYPE, err.causes().get(0).code());
    assertArrayEquals(new byte[] {(byte) 0xC5, 7, 0, 6, 1, 2}, err.causes().get(0).info(), "the whole unrecognized chunk");
    assertEquals(INITIAL_TSN + 1, only(out, SackChunk.class).cumulativeTsnAck(), "both DATA chunks processed");
    // 00: stop, drop the rest of the packet silently; 01: stop and report.
    peer.send(peer.sutTag, new UnknownChunk(0x3F, 0, new byte[0]), data(INITIAL_TSN + 2, 0, 2, 3, 10));
    peer.send(peer.sutTag, new UnknownChunk(0x7F, 0, new byte[0]), data(INITIAL_TSN + 3, 0, 3, 3, 10));
    out = peer.receiveAll();
    peer.advanceTo(300 * MILLI);
    out = new java.util.ArrayList<>(out);
    out.addAll(peer.receiveAll());
    assertEquals(0x7F, only(out, ErrorChunk.class).causes().get(0).info()[0] & 0xFF);
    for (SctpPacket p : out) {
      for (Chunk c : p.chunks()) {
        if (c instanceof SackChunk s) {
          assertEquals(INITIAL_TSN + 1, s.cumulativeTsnAck(), "the DATA after a stopping chunk was dropped");
        }
      }
    }
  }

  @Test
  void badChecksumsAndMalformedPacketsAreCountedAndDropped() throws Exception {
    byte[] p = SctpPacket.encode(5000, 5000, peer.sutTag, List.of(data(INITIAL_TSN, 0, 0, 3, 10)));
    p[p.length - 1] ^= 1;
    peer.sendRaw(p);
    assertEquals(1, peer.sut.stats().checksumErrors());
    byte[] shortChunk = SctpPacket.encode(5000, 5000, peer.sutTag, List.of(data(INITIAL_TSN, 0, 0, 3, 10)));
    shortChunk[14] = 0;
    shortChunk[15] = 99; // chunk length past the end
    new org.rtc4j.sctp.chunk.SctpChecksum().seal(shortChunk, 0, shortChunk.length);
    peer.sendRaw(shortChunk);
    assertEquals(1, peer.sut.stats().malformedPackets());
    peer.sendRaw(new byte[3]);
    assertEquals(2, peer.sut.stats().malformedPackets());
    assertEquals(SctpState.ESTABLISHED, peer.sut.state());
    assertEquals(0, peer.sut.stats().messagesReceived());
  }

  @Test
  void dataWithoutUserDataAbortsTheAssociation() throws Exception {
    peer.send(peer.sutTag, new DataChunk(INITIAL_TSN, 0, 0, 53, 3, new byte[0]));
    AbortChunk abort = only(peer.receiveAll(), AbortChunk.class);
    assertEquals(ErrorCause.NO_USER_DATA, abort.causes().get(0).code());
    assertEquals(SctpState.TERMINATED, peer.sut.state());
  }

  @Test
  void aSackForDataNeverSentIsAProtocolViolation() throws Exception {
    peer.send(peer.sutTag, new SackChunk(peer.sutInitialTsn + 5, 100_000, List.of(), List.of()));
    AbortChunk abort = only(peer.receiveAll(), AbortChunk.class);
    assertEquals(ErrorCause.PROTOCOL_VIOLATION, abort.causes().get(0).code());
    SctpEvent.Closed closed = (SctpEvent.Closed) peer.events.stream().filter(e -> e instanceof SctpEvent.Closed).findFirst().orElseThrow();
    assertEquals(CloseReason.PROTOCOL_VIOLATION, closed.reason());
  }

  @Test
  void heartbeatsAreEchoed() throws Exception {
    byte[] info = {9, 8, 7, 6, 5};
    peer.send(peer.sutTag, new HeartbeatChunk(false, info));
    HeartbeatChunk ack = only(peer.receiveAll(), HeartbeatChunk.class);
    assertTrue(ack.ack());
    assertArrayEquals(info, ack.info());
  }

  @Test
  void initsThatBreakTheRulesAreIgnored() throws Exception {
    SctpAssociation fresh = Sctp.association(2);
    FakePeer p = new FakePeer(fresh);
    p.send(0, new InitChunk(false, 0, 1 << 20, 10, 10, 1, List.of()));
    assertTrue(p.receiveAll().isEmpty(), "initiate tag 0");
    p.send(5, new InitChunk(false, TAG, 1 << 20, 10, 10, 1, List.of()));
    assertTrue(p.receiveAll().isEmpty(), "an INIT must carry tag 0");
    p.send(0, new InitChunk(false, TAG, 1 << 20, 10, 10, 1, List.of()), SimpleChunk.cookieAck());
    assertTrue(p.receiveAll().isEmpty(), "an INIT must travel alone");
    assertEquals(SctpState.CLOSED, fresh.state());
    p.send(0, new InitChunk(false, TAG, 1 << 20, 10, 10, 1, List.of()));
    InitChunk ack = (InitChunk) p.receiveOne().chunks().get(0);
    assertTrue(ack.ack());
    assertEquals(SctpState.CLOSED, fresh.state(), "stateless until COOKIE ECHO (RFC 9260 §5.1.3)");
  }

  @Test
  void aForgedOrStaleCookieIsRefused() throws Exception {
    SctpAssociation fresh = Sctp.association(3);
    FakePeer p = new FakePeer(fresh);
    p.send(0, new InitChunk(false, TAG, 1 << 20, 10, 10, 1, List.of()));
    InitChunk ack = (InitChunk) p.receiveOne().chunks().get(0);
    byte[] cookie = ack.parameter(org.rtc4j.sctp.chunk.Parameter.STATE_COOKIE).value();
    byte[] forged = cookie.clone();
    forged[20] ^= 1;
    p.send(ack.initiateTag(), new org.rtc4j.sctp.chunk.CookieEchoChunk(forged));
    assertTrue(p.receiveAll().isEmpty());
    assertEquals(SctpState.CLOSED, fresh.state());
    p.now = 61_000 * MILLI; // Valid.Cookie.Life is 60 s
    p.send(ack.initiateTag(), new org.rtc4j.sctp.chunk.CookieEchoChunk(cookie));
    ErrorChunk stale = only(p.receiveAll(), ErrorChunk.class);
    assertEquals(ErrorCause.STALE_COOKIE, stale.causes().get(0).code());
    assertEquals(SctpState.CLOSED, fresh.state());
  }

  @Test
  void dataBundledAfterABadCookieIsNotTrusted() throws Exception {
    byte[] garbage = new byte[org.rtc4j.sctp.internal.StateCookie.LENGTH];
    peer.send(0x0BADBAD0, new org.rtc4j.sctp.chunk.CookieEchoChunk(garbage), data(INITIAL_TSN, 0, 0, 3, 10));
    peer.advanceTo(1_000 * MILLI);
    assertTrue(peer.receiveAll().isEmpty());
    assertEquals(0, peer.sut.stats().messagesReceived());
    // With a valid cookie, DATA may ride along with COOKIE ECHO (RFC 9260 §5.1 D).
    SctpAssociation fresh = Sctp.association(5);
    FakePeer p = new FakePeer(fresh);
    p.send(0, new InitChunk(false, TAG, 1 << 20, 10, 10, INITIAL_TSN, List.of()));
    InitChunk ack = (InitChunk) p.receiveOne().chunks().get(0);
    p.send(ack.initiateTag(), new org.rtc4j.sctp.chunk.CookieEchoChunk(ack.parameter(org.rtc4j.sctp.chunk.Parameter.STATE_COOKIE).value()),
        data(INITIAL_TSN, 0, 0, 3, 10));
    assertEquals(SctpState.ESTABLISHED, fresh.state());
    assertEquals(1, fresh.stats().messagesReceived());
  }

  @Test
  void anOutgoingResetWaitsForItsLastTsnAndAnswersInProgressMeanwhile() throws Exception {
    peer.send(peer.sutTag, data(INITIAL_TSN, 4, 0, 3, 10));
    peer.receiveAll();
    ReConfigParameter.OutgoingResetRequest req = new ReConfigParameter.OutgoingResetRequest(INITIAL_TSN, peer.sutInitialTsn - 1,
        INITIAL_TSN + 1, List.of(4));
    peer.send(peer.sutTag, new ReConfigChunk(List.of(req)));
    ReConfigParameter.Response r = (ReConfigParameter.Response) only(peer.receiveAll(), ReConfigChunk.class).parameters().get(0);
    assertEquals(INITIAL_TSN, r.responseSeq());
    assertEquals(ReConfigParameter.Response.IN_PROGRESS, r.result(), "TSN 1001 not received yet");
    peer.send(peer.sutTag, data(INITIAL_TSN + 1, 4, 1, 3, 10));
    List<SctpPacket> out = peer.receiveAll();
    r = (ReConfigParameter.Response) only(out, ReConfigChunk.class).parameters().get(0);
    assertEquals(ReConfigParameter.Response.SUCCESS_PERFORMED, r.result());
    assertTrue(peer.events.stream().anyMatch(e -> e instanceof SctpEvent.StreamsReset i && i.incoming() && i.streamIds()[0] == 4));
    // A retransmitted request gets the same answer; SSN 0 is accepted on the stream again.
    peer.send(peer.sutTag, new ReConfigChunk(List.of(req)));
    r = (ReConfigParameter.Response) only(peer.receiveAll(), ReConfigChunk.class).parameters().get(0);
    assertEquals(ReConfigParameter.Response.SUCCESS_PERFORMED, r.result());
    int before = (int) peer.events.stream().filter(e -> e instanceof SctpEvent.Message).count();
    peer.send(peer.sutTag, data(INITIAL_TSN + 2, 4, 0, 3, 10));
    assertEquals(before + 1, peer.events.stream().filter(e -> e instanceof SctpEvent.Message).count());
    // A request with a sequence number out of order is refused.
    peer.send(peer.sutTag, new ReConfigChunk(List.of(new ReConfigParameter.OutgoingResetRequest(INITIAL_TSN + 9, 0, 0, List.of(4)))));
    r = (ReConfigParameter.Response) only(peer.receiveAll(), ReConfigChunk.class).parameters().get(0);
    assertEquals(ReConfigParameter.Response.ERROR_BAD_SEQUENCE_NUMBER, r.result());
  }

  @Test
  void forwardTsnSkipsMissingFragmentsAndReleasesLaterOrderedMessages() throws Exception {
    // SSN 0 is a two-fragment message whose second fragment never comes; SSN 1 waits behind it.
    peer.send(peer.sutTag, data(INITIAL_TSN, 2, 0, DataChunk.FLAG_BEGINNING, 10));
    peer.send(peer.sutTag, data(INITIAL_TSN + 2, 2, 1, 3, 10));
    peer.receiveAll();
    assertEquals(0, peer.events.stream().filter(e -> e instanceof SctpEvent.Message).count());
    peer.send(peer.sutTag, new ForwardTsnChunk(false, INITIAL_TSN + 1, List.of(new ForwardTsnChunk.Skip(2, false, 0))));
    SackChunk sack = only(peer.receiveAll(), SackChunk.class);
    assertEquals(INITIAL_TSN + 2, sack.cumulativeTsnAck());
    List<SctpEvent> messages = peer.events.stream().filter(e -> e instanceof SctpEvent.Message).toList();
    assertEquals(1, messages.size(), "SSN 1 delivered, the broken SSN 0 dropped");
  }

  @Test
  void dataForAStreamBeyondTheNegotiatedOnesIsReported() throws Exception {
    peer.send(peer.sutTag, data(INITIAL_TSN, 2000, 0, 3, 10)); // the fake peer offered 1024 streams
    List<SctpPacket> out = new java.util.ArrayList<>(peer.receiveAll());
    assertEquals(ErrorCause.INVALID_STREAM_IDENTIFIER, only(out, ErrorChunk.class).causes().get(0).code());
    peer.advanceTo(300 * MILLI);
    out.addAll(peer.receiveAll());
    assertEquals(INITIAL_TSN, only(out, SackChunk.class).cumulativeTsnAck(), "acknowledged all the same");
    assertEquals(SctpState.ESTABLISHED, peer.sut.state());
  }
}
