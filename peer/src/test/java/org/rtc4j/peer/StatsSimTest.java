package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.Transceiver;

/**
 * The W3C stats this stack adds on top of the RTP ones, on the manual clock over a link of a known
 * delay: every candidate pair with its STUN round trip, {@code remote-outbound-rtp} from sender
 * reports, {@code media-source}, and the transport's DTLS cipher and selected pair.
 */
class StatsSimTest {
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  @Test
  void candidatePairsRemoteOutboundMediaSourceAndTransport() throws Exception {
    List<EncodedFrame> video = Media.vp8(150); // 5 s at 30 fps: several RTCP intervals
    try (Sim sim = new Sim(7, CONFIG)) {
      sim.ab.delay(30, 0);
      sim.ba.delay(30, 0); // a round trip of exactly 60 ms: the clock is manual, processing takes none
      Transceiver cam = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      // A second remote candidate: a's check list has two pairs.
      sim.a.core.addIceCandidate(sim.now(),
          new IceCandidate("candidate:9 1 udp 2122260223 10.0.0.99 9999 typ host", cam.mid, 0));
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      long t0 = sim.now();
      for (int i = 0; i < video.size(); i++) {
        EncodedFrame f = video.get(i);
        sim.at(t0 + i * 33 * Sim.MS, () -> sim.a.send(cam, f));
      }
      sim.runUntil(() -> sim.b.frameCount() >= video.size(), 20_000, "all frames");
      sim.runFor(6_000); // consent checks on the selected pair (RFC 7675: every 5 s or so)

      StatsReport a = sim.a.core.getStats(sim.now(), 0);
      StatsReport b = sim.b.core.getStats(sim.now(), 0);

      // Transport: DTLS state and cipher, the selected pair by id.
      Stats transport = a.ofType("transport").get(0);
      assertEquals("connected", transport.getString("dtlsState"));
      assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", transport.getString("dtlsCipher"));
      assertEquals("FEFD", transport.getString("tlsVersion"));
      Stats selected = a.get(transport.getString("selectedCandidatePairId"));
      assertNotNull(selected, "selectedCandidatePairId names a candidate-pair: " + a);
      assertEquals("candidate-pair", selected.type());

      // Every pair of the check list, each naming candidates that are in the report.
      List<Stats> pairs = a.ofType("candidate-pair");
      assertEquals(2, pairs.size(), "the working pair and the one to 10.0.0.99: " + pairs);
      for (Stats p : pairs) {
        assertNotNull(a.get(p.getString("localCandidateId")), p.toString());
        assertNotNull(a.get(p.getString("remoteCandidateId")), p.toString());
        assertTrue(p.getLong("requestsSent", -1) > 0, "checks were sent on " + p);
      }
      Stats other = pairs.stream().filter(p -> !p.id().equals(selected.id())).findFirst().orElseThrow();
      assertEquals("10.0.0.99", a.get(other.getString("remoteCandidateId")).getString("address"));
      // The simulated link delivers whatever the address (b answers for 10.0.0.99 too): this pair
      // succeeds as well, is measured the same, and carries no media.
      assertTrue(other.getLong("responsesReceived", -1) > 0, other.toString());
      assertEquals(0.060, other.getDouble("currentRoundTripTime", -1), 1e-6, other.toString());
      assertFalse(other.members().containsKey("packetsSent"), "media counts belong to the selected pair");
      // STUN round trip over a 30 + 30 ms link (consent requests keep measuring it).
      assertEquals(0.060, selected.getDouble("currentRoundTripTime", -1), 1e-6, selected.toString());
      assertTrue(selected.getLong("responsesReceived", -1) >= 2, "a check and at least one consent answer");
      assertTrue(selected.getDouble("totalRoundTripTime", -1) >= 0.120 - 1e-6, selected.toString());
      assertTrue(selected.getLong("packetsSent", -1) > video.size(), selected.toString());

      // media-source for the sending track, linked from outbound-rtp.
      Stats outbound = a.ofType("outbound-rtp").get(0);
      Stats source = a.get(outbound.getString("mediaSourceId"));
      assertNotNull(source, "mediaSourceId names a media-source");
      assertEquals("media-source", source.type());
      assertEquals("video", source.getString("kind"));
      assertEquals("cam", source.getString("trackIdentifier"));
      assertEquals(video.size(), source.getLong("frames", -1));

      // remote-outbound-rtp at b from a's sender reports, linked both ways with inbound-rtp.
      Stats inbound = b.ofType("inbound-rtp").get(0);
      Stats remoteOut = b.get(inbound.getString("remoteId"));
      assertNotNull(remoteOut, "inbound-rtp names its remote-outbound-rtp: " + b);
      assertEquals("remote-outbound-rtp", remoteOut.type());
      assertEquals(inbound.id(), remoteOut.getString("localId"));
      assertEquals(inbound.getLong("ssrc", -1), remoteOut.getLong("ssrc", -2));
      assertTrue(remoteOut.getLong("reportsSent", -1) >= 2, remoteOut.toString());
      // The last report was sent after the last frame: it counts every media packet a sent.
      long mediaPackets = outbound.getLong("packetsSent", -1) - outbound.getLong("retransmittedPacketsSent", -1);
      assertEquals(mediaPackets, remoteOut.getLong("packetsSent", -1), remoteOut + " vs " + outbound);
      assertTrue(remoteOut.getLong("bytesSent", -1) > 0);
      assertTrue(remoteOut.getDouble("remoteTimestamp", -1) > 1.7e12, "NTP time as Unix milliseconds");

      // The transport and codec stats every report has stay consistent with the new links.
      Set<String> ids = a.asMap().keySet();
      for (Stats s : a.ofType("candidate-pair")) {
        assertTrue(ids.contains(s.getString("transportId")), s.toString());
      }
      assertEquals(Set.of("local-candidate", "remote-candidate"), a.asMap().values().stream()
          .filter(s -> s.type().endsWith("-candidate")).map(Stats::type).collect(Collectors.toSet()));
    }
  }
}
