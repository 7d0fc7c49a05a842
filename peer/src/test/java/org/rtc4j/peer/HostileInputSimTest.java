package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.CoreProbe;
import org.rtc4j.peer.internal.Transceiver;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/**
 * Garbage at a live connection from the peer's own address, which only a sans-IO test can forge
 * (loopback sockets cannot spoof a source; {@code HostileInputLoopbackTest} sends from a foreign
 * socket): two {@link org.rtc4j.peer.internal.PeerCore}s on a manual clock, video flowing a to b,
 * and b fed every kind of bad datagram "from a" between the real ones. Media keeps flowing, every
 * frame is byte-identical, and b's {@code transport} stats count each drop under its reason.
 */
class HostileInputSimTest {
  /** Bad datagrams handed to b. */
  private int fed;
  /** RTCP packets with a lying length that a protected and sent to b. */
  private int rtcpLies;
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  /** Where each kind of garbage must show up in the receiver's transport stats. */
  private static final List<String> COUNTERS = List.of(
      "rtc4jDatagramsDroppedEmpty", "rtc4jDatagramsDroppedNotStun", "rtc4jDatagramsDroppedUnknownProtocol",
      "rtc4jDatagramsDroppedUnknownSource", "rtc4jStunUnauthenticated", "rtc4jDtlsDroppedUnknownEpoch",
      "rtc4jDtlsDroppedTruncatedRecord", "rtc4jSrtpDroppedAuthFail",
      "rtcpPacketsMalformed");

  @Test
  void garbageFromThePeersAddressIsCountedAndMediaKeepsFlowing() throws Exception {
    List<EncodedFrame> clip = Media.vp8(150);
    try (Sim sim = new Sim(17, CONFIG)) {
      Transceiver video = sim.a.addTrack(MediaStreamTrack.video("cam"));
      List<byte[]> srtp = new ArrayList<>();
      sim.ab.tap = d -> {
        int b0 = d[0] & 0xFF;
        if (b0 >= 128 && b0 <= 191 && srtp.size() < 64) {
          srtp.add(d);
        }
      };
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      Random random = new Random(3);
      long t0 = sim.now();
      for (int i = 0; i < clip.size(); i++) {
        EncodedFrame f = clip.get(i);
        sim.at(t0 + i * 33 * Sim.MS, () -> sim.a.send(video, f));
      }
      int[] injected = new int[1];
      for (int i = 0; i < 600; i++) {
        int kind = i;
        sim.at(t0 + 20 * Sim.MS + i * 8 * Sim.MS, () -> {
          inject(sim, kind, random, srtp);
          injected[0]++;
        });
      }
      sim.runUntil(() -> sim.b.framesOf(video.mid).size() >= clip.size(), 20_000, "every frame");
      sim.runFor(100);
      assertEquals(600, injected[0]);
      assertEquals(clip, sim.b.framesOf(video.mid), "every frame, byte-identical, in order");
      Stats t = sim.b.core.getStats(sim.now(), 0).ofType("transport").get(0);
      for (String counter : COUNTERS) {
        assertTrue(t.getLong(counter, -1) > 0, counter + " counts its garbage: " + t);
      }
      assertTrue(t.getLong("rtc4jSrtpDroppedReplayDuplicate", 0) + t.getLong("rtc4jSrtpDroppedReplayOld", 0) > 0,
          "replayed SRTP is counted: " + t);
      // Every bad datagram is accounted for, exactly once, under one reason.
      long accounted = 0;
      long demux = 0;
      for (var e : t.members().entrySet()) {
        String k = e.getKey();
        if (k.startsWith("rtc4jDatagramsDropped") || k.startsWith("rtc4jDtlsDropped") || k.startsWith("rtc4jSrtpDropped")
            || k.equals("rtc4jStunUnauthenticated") || k.equals("rtc4jStunMalformed")) {
          accounted += (Long) e.getValue();
        }
        if (k.startsWith("rtc4jDatagramsDropped")) {
          demux += (Long) e.getValue();
        }
      }
      assertEquals(fed, accounted, "each of the " + fed + " bad datagrams is counted once: " + t);
      assertEquals(t.getLong("datagramsDropped", -1), demux);
      assertTrue(rtcpLies > 30);
      assertEquals(rtcpLies, t.getLong("rtcpPacketsMalformed", -1), "each RTCP packet whose length lies");
      assertEquals(PeerConnectionState.CONNECTED, sim.b.core.connectionState());
      assertEquals(PeerConnectionState.CONNECTED, sim.a.core.connectionState());
    }
  }

  /**
   * A flood of authenticated checks from 10,000 distinct source addresses (whoever knows the
   * credentials, e.g. the signalling peer): b answers them all but learns only {@link
   * IceAgent#MAX_PEER_REFLEXIVE_CANDIDATES} peer-reflexive candidates, keeps its selected pair, and
   * audio keeps arriving.
   */
  @Test
  void checksFromTenThousandAddressesKeepTheRealPair() throws Exception {
    List<EncodedFrame> audio = Media.opus(250);
    try (Sim sim = new Sim(18, CONFIG)) {
      Transceiver mic = sim.a.addTrack(MediaStreamTrack.audio("mic"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      String pairBefore = sim.b.core.getStats(sim.now(), 0).ofType("transport").get(0)
          .getString("selectedCandidatePairId");
      long t0 = sim.now();
      for (int i = 0; i < audio.size(); i++) {
        EncodedFrame f = audio.get(i);
        sim.at(t0 + i * 20 * Sim.MS, () -> sim.a.send(mic, f));
      }
      byte[] username = (CoreProbe.localUfrag(sim.b.core) + ":" + CoreProbe.localUfrag(sim.a.core))
          .getBytes(StandardCharsets.US_ASCII);
      byte[] key = CoreProbe.localPassword(sim.b.core).getBytes(StandardCharsets.US_ASCII);
      Random r = new Random(9);
      // 10,000 checks, 100 every 10 ms from 1 s on, while audio flows.
      for (int burst = 0; burst < 100; burst++) {
        int first = burst * 100;
        sim.at(t0 + 1000 * Sim.MS + burst * 10 * Sim.MS, () -> {
          byte[] buf = new byte[256];
          for (int i = first; i < first + 100; i++) {
            InetSocketAddress from = new InetSocketAddress("10.9." + (i / 256) + "." + (i % 256), 30_000 + i % 7);
            int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST,
                    StunMessage.newTransactionId(r))
                .username(username).priority(0x6E7F_00FFL).iceControlling(r.nextLong())
                .messageIntegrity(key).fingerprint().length();
            sim.b.core.handleDatagram(sim.now(), buf, 0, len, from, sim.b.address);
            sim.b.drain();
          }
        });
      }
      sim.runFor(250 * 20 + 500);
      Stats t = sim.b.core.getStats(sim.now(), 0).ofType("transport").get(0);
      assertEquals(10_000 - IceAgent.MAX_PEER_REFLEXIVE_CANDIDATES,
          t.getLong("rtc4jStunPeerReflexiveCandidatesIgnored", -1), t.toString());
      StatsReport report = sim.b.core.getStats(sim.now(), 0);
      assertTrue(report.ofType("remote-candidate").size() <= 1 + IceAgent.MAX_PEER_REFLEXIVE_CANDIDATES,
          "remote candidates stay bounded: " + report.ofType("remote-candidate").size());
      assertEquals(pairBefore, t.getString("selectedCandidatePairId"), "the real pair survives");
      assertEquals(PeerConnectionState.CONNECTED, sim.b.core.connectionState());
      List<EncodedFrame> got = sim.b.framesOf(mic.mid);
      assertTrue(got.size() >= audio.size() * 98 / 100, "audio kept flowing: " + got.size() + " of " + audio.size());
      for (EncodedFrame f : got) {
        assertEquals(audio.stream().filter(x -> x.rtpTimestamp() == f.rtpTimestamp()).findFirst().orElseThrow(), f);
      }
    }
  }

  /** {@code RtcpSession.MAX_COMPOUND_BYTES} holds: a compound of that size is read, 8 bytes more are dropped unread. */
  @Test
  void rtcpCompoundsLongerThanTheLimitAreDroppedAndCounted() throws Exception {
    try (Sim sim = new Sim(19, CONFIG)) {
      sim.a.addTrack(MediaStreamTrack.audio("mic"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      int max = CoreProbe.maxRtcpCompoundBytes();
      for (int bytes : new int[] {max, max + 8}) {
        byte[] compound = new byte[bytes]; // receiver reports without report blocks, 8 bytes each
        for (int p = 0; p < bytes; p += 8) {
          compound[p] = (byte) 0x80;
          compound[p + 1] = (byte) 201;
          compound[p + 3] = 1;
          compound[p + 7] = 9;
        }
        assertTrue(CoreProbe.sendRtcp(sim.a.core, compound));
        sim.a.drain();
        sim.runFor(50);
      }
      Stats t = sim.b.core.getStats(sim.now(), 0).ofType("transport").get(0);
      assertEquals(1, t.getLong("rtc4jRtcpDroppedOversize", -1), t.toString());
      assertEquals(0, t.getLong("rtcpPacketsMalformed", -1), "the largest allowed compound was read: " + t);
    }
  }

  /** One bad datagram of kind {@code kind % 14}, as if from a. */
  private void inject(Sim sim, int kind, Random random, List<byte[]> srtp) {
    byte[] g;
    InetSocketAddress from = sim.a.address;
    switch (kind % 14) {
      case 0 -> g = new byte[0];
      case 1 -> g = randomIn(random, 0, 3);          // STUN range, not STUN
      case 2 -> g = randomIn(random, 4, 19);         // unassigned
      case 3 -> g = randomIn(random, 20, 63);        // DTLS range
      case 4 -> g = randomIn(random, 64, 79);        // TURN channels
      case 5 -> g = randomIn(random, 80, 127);       // unassigned
      case 6 -> g = randomIn(random, 128, 191);      // RTP/RTCP range
      case 7 -> g = randomIn(random, 192, 255);      // unassigned
      case 8 -> { // STUN truncated: a check cut short, and one with a wrong MESSAGE-INTEGRITY
        byte[] check = check(sim, "not-the-password-of-b".getBytes(StandardCharsets.US_ASCII), true);
        feed(sim, java.util.Arrays.copyOf(check, 20 + random.nextInt(check.length - 20)), from);
        g = check;
      }
      case 9 -> g = check(sim, CoreProbe.localPassword(sim.b.core).getBytes(StandardCharsets.US_ASCII), false);
      case 10 -> { // DTLS: a record of epoch 5, and one whose length runs past the datagram
        feed(sim, dtlsRecord(23, 5, 40, 40, random), from);
        g = dtlsRecord(23, 1, 500, 30, random);
      }
      case 11 -> { // SRTP: a real packet with its tag flipped, and the same packet again (a replay)
        if (srtp.size() < 16) {
          return;
        }
        byte[] real = srtp.get(random.nextInt(srtp.size() - 8)); // delivered already
        byte[] bad = real.clone();
        bad[bad.length - 1] ^= 0x5A;
        feed(sim, bad, from);
        g = real;
      }
      case 12 -> { // RTCP whose length lies, protected with a's real SRTCP keys: it authenticates
        byte[] rr = {(byte) 0x81, (byte) 201, 0, 60, 1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 0};
        assertTrue(CoreProbe.sendRtcp(sim.a.core, rr));
        rtcpLies++;
        sim.a.drain();
        g = randomIn(random, 128, 191);
        g[1] = (byte) (200 + random.nextInt(8)); // and SRTCP with a bad tag
      }
      default -> { // DTLS and SRTP from an address that is no candidate
        from = new InetSocketAddress("10.66.0." + (1 + random.nextInt(200)), 40_000);
        g = randomIn(random, 20, 191);
      }
    }
    feed(sim, g, from);
  }

  private void feed(Sim sim, byte[] g, InetSocketAddress from) {
    fed++;
    sim.b.core.handleDatagram(sim.now(), g, 0, g.length, from, sim.b.address);
    sim.b.drain();
  }

  /** 12 to 300 random bytes whose first byte is in [lo, hi]. */
  private static byte[] randomIn(Random random, int lo, int hi) {
    byte[] g = new byte[12 + random.nextInt(289)];
    random.nextBytes(g);
    g[0] = (byte) (lo + random.nextInt(hi - lo + 1));
    return g;
  }

  /** A Binding request to b: under b's ufrag (or a foreign one), with MESSAGE-INTEGRITY over {@code key}. */
  private static byte[] check(Sim sim, byte[] key, boolean bUfrag) {
    byte[] buf = new byte[256];
    String user = (bUfrag ? CoreProbe.localUfrag(sim.b.core) : "frgn") + ":" + CoreProbe.localUfrag(sim.a.core);
    int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST,
            StunMessage.newTransactionId(new Random(user.hashCode())))
        .username(user.getBytes(StandardCharsets.US_ASCII)).priority(0x6E7F_00FFL).iceControlling(42)
        .messageIntegrity(key).fingerprint().length();
    return java.util.Arrays.copyOf(buf, len);
  }

  /** A DTLS 1.2 record header claiming {@code claimed} bytes, followed by {@code actual} random bytes. */
  private static byte[] dtlsRecord(int type, int epoch, int claimed, int actual, Random random) {
    byte[] r = new byte[13 + actual];
    random.nextBytes(r);
    r[0] = (byte) type;
    r[1] = (byte) 0xFE;
    r[2] = (byte) 0xFD;
    r[3] = (byte) (epoch >> 8);
    r[4] = (byte) epoch;
    r[11] = (byte) (claimed >> 8);
    r[12] = (byte) claimed;
    return r;
  }
}
