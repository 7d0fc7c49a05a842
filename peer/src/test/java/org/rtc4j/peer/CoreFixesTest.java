package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.peer.internal.CoreProbe;
import org.rtc4j.peer.internal.Transceiver;
import org.rtc4j.rtp.RtpHeaderWriter;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.RtpMap;
import org.rtc4j.sdp.SessionDescription;

/** The defects the peer core rewrite fixed, each shown on the manual clock. */
class CoreFixesTest {
  private static final Configuration CONFIG = Configuration.builder().loopbackOnly().build();

  /** The offer as a peer without RTX (RFC 4588) would make it. */
  private static String withoutRtx(String sdp) {
    SessionDescription s;
    try {
      s = SessionDescription.parse(sdp);
    } catch (org.rtc4j.sdp.SdpParseException e) {
      throw new AssertionError(e);
    }
    SessionDescription.Builder b = s.toBuilder();
    for (int i = 0; i < s.media().size(); i++) {
      MediaDescription m = s.media().get(i);
      b.updateMedia(i, mb -> {
        for (RtpMap r : m.rtpMaps()) {
          if (r.encodingName().equalsIgnoreCase("rtx")) {
            mb.removePayloadType(r.payloadType());
          }
        }
        return mb.clearSsrcs();
      });
    }
    return b.build().toString();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void nackWithoutRtxResendsTheProtectedCopy(long seed) throws Exception {
    // Before: the packet was protected again under its used sequence number; the receiver's
    // replay window refused it, so the retransmission was lost while it was counted as sent.
    List<EncodedFrame> clip = Media.vp8(90);
    Configuration small = Configuration.builder().loopbackOnly().mtu(600).build();
    try (Sim sim = new Sim(seed, small)) {
      sim.offerRewrite = CoreFixesTest::withoutRtx;
      Transceiver video = sim.a.addTrack(MediaStreamTrack.video("cam"));
      sim.negotiate(sim.a);
      assertTrue(video.negotiated().stream().allMatch(c -> c.rtxPayloadType() < 0), "no RTX negotiated");
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      sim.ab.delay(20, 0).loss(0.10).lossApplies = SimLink::isRtp;
      sim.ba.delay(20, 0);
      long t0 = sim.now();
      for (int i = 0; i < clip.size(); i++) {
        EncodedFrame f = clip.get(i);
        sim.at(t0 + i * 33 * Sim.MS, () -> sim.a.send(video, f));
      }
      sim.runFor(90 * 33 + 1000);
      Stats out = sim.a.core.getStats(sim.now(), 0).ofType("outbound-rtp").get(0);
      Stats in = sim.b.core.getStats(sim.now(), 0).ofType("inbound-rtp").get(0);
      assertTrue(out.getLong("retransmittedPacketsSent", 0) > 0, out.toString());
      assertEquals(0, in.getLong("retransmittedPacketsReceived", -1), "plain resends are not RTX");
      // A loss in the last frame's last packet shows only when a later packet comes: none does here.
      List<EncodedFrame> got = sim.b.framesOf(video.mid);
      assertTrue(got.size() >= clip.size() - 1, "seed " + seed + ": " + got.size() + " frames; " + in);
      assertEquals(clip.subList(0, got.size()), got, "seed " + seed + ": every frame repaired, in order");
    }
  }

  @Test
  void aMidTooLongForTheOneByteFormUsesTheTwoByteForm() throws Exception {
    // Before: a MID of more than 16 bytes overflowed the one-byte header's length nibble and
    // corrupted the packet. Two video sections with one payload type and no a=ssrc lines: only the
    // MID extension (RFC 8843 §9.2) tells the receiver which stream is which.
    List<EncodedFrame> clip = Media.vp8(40);
    List<EncodedFrame> first = new ArrayList<>();
    List<EncodedFrame> second = new ArrayList<>();
    for (int i = 0; i < clip.size(); i++) {
      (i < 20 ? first : second).add(clip.get(i));
    }
    try (Sim sim = new Sim(7, CONFIG)) {
      sim.offerRewrite = CoreFixesTest::withoutRtx;
      Transceiver one = sim.a.addTrack(MediaStreamTrack.video("one"));
      Transceiver two = sim.a.addTrack(MediaStreamTrack.video("two"));
      one.mid = "a-mid-of-twenty-seven-bytes";
      two.mid = "another-mid-of-twenty-eight";
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      long t0 = sim.now();
      for (int i = 0; i < 20; i++) {
        EncodedFrame f1 = first.get(i);
        EncodedFrame f2 = second.get(i);
        sim.at(t0 + i * 33 * Sim.MS, () -> {
          sim.a.send(one, f1);
          sim.a.send(two, f2);
        });
      }
      sim.runFor(20 * 33 + 500);
      assertEquals(first, sim.b.framesOf(one.mid));
      assertEquals(second, sim.b.framesOf(two.mid));
      assertEquals(0L, sim.b.core.getStats(sim.now(), 0).ofType("transport").get(0).getLong("rtpPacketsUnroutable", -1));
    }
  }

  @Test
  void malformedRtpIsCountedAndDropped() throws Exception {
    // Before: a packet that authenticated but did not parse as RTP vanished without a trace.
    try (Sim sim = new Sim(3, CONFIG)) {
      Transceiver mic = sim.a.addTrack(MediaStreamTrack.audio("mic"));
      sim.negotiate(sim.a);
      sim.runUntil(() -> sim.a.connected() && sim.b.connected(), 10_000, "connected");
      byte[] packet = new byte[40];
      int h = new RtpHeaderWriter().payloadType(111).sequenceNumber(1).timestamp(1).ssrc((int) mic.send.ssrc())
          .writeTo(packet, 0);
      packet[0] |= 0x20; // RFC 3550 §5.1 padding, and a padding count longer than the payload
      packet[packet.length - 1] = (byte) (packet.length - h + 1);
      assertTrue(CoreProbe.sendRtp(sim.a.core, packet));
      sim.drainBoth();
      sim.runFor(100);
      assertEquals(1L, sim.b.core.getStats(sim.now(), 0).ofType("transport").get(0).getLong("rtpPacketsMalformed", -1));
      assertEquals(0, sim.b.frameCount());
      assertTrue(sim.b.connected(), "one bad packet changes nothing else");
    }
  }
}
