package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;
import org.rtc4j.stun.StunWriter;

/**
 * Garbage at a live connection over real loopback sockets: two calls on one event loop, and a
 * foreign UDP socket sending every kind of bad datagram to the port of the first call's receiver
 * while video and audio flow (random bytes in each RFC 7983 range, truncated STUN, STUN with a
 * wrong MESSAGE-INTEGRITY, checks with a foreign ufrag, DTLS records with wrong epochs and lengths,
 * SRTP with bad tags, RTCP whose lengths lie). Loopback cannot forge the peer's source address, so
 * the same garbage "from the peer" is {@link HostileInputSimTest}'s.
 */
@Timeout(90)
class HostileInputLoopbackTest {
  private static EventLoopGroup group;

  @BeforeAll
  static void start() {
    group = new EventLoopGroup("rtc4j-hostile", 1, Clock.system()); // one loop: both calls share it
  }

  @AfterAll
  static void stop() {
    group.close();
  }

  @Test
  void garbageFromAForeignSocketIsCountedAndNeitherCallNotices() throws Exception {
    Configuration config = Configuration.builder().loopbackOnly().eventLoopGroup(group).build();
    PeerConnection a = PeerConnection.create(config);
    PeerConnection b = PeerConnection.create(config);
    PeerConnection c = PeerConnection.create(config);
    PeerConnection d = PeerConnection.create(config);
    try (DatagramChannel foreign = DatagramChannel.open()) {
      RtpSender video = a.addTrack(MediaStreamTrack.video("a-video"), "a");
      RtpSender audio = a.addTrack(MediaStreamTrack.audio("a-audio"), "a");
      RtpSender otherVideo = c.addTrack(MediaStreamTrack.video("c-video"), "c");
      RtpSender otherAudio = c.addTrack(MediaStreamTrack.audio("c-audio"), "c");
      Map<String, List<EncodedFrame>> atB = LoopbackTest.collect(b);
      Map<String, List<EncodedFrame>> atD = LoopbackTest.collect(d);
      Signaling ab = new Signaling(a, b);
      ab.negotiate(a);
      ab.awaitConnected();
      Signaling cd = new Signaling(c, d);
      cd.negotiate(c);
      cd.awaitConnected();

      StatsReport before = Signaling.get(b.getStats());
      Stats local = before.get(before.ofType("candidate-pair").stream()
          .filter(p -> p.id().equals(transport(before).getString("selectedCandidatePairId"))).findFirst()
          .orElseThrow().getString("localCandidateId"));
      InetSocketAddress target = new InetSocketAddress(local.getString("address"), (int) local.getLong("port", -1));
      String ufrag = transport(before).getString("iceLocalUsernameFragment");
      foreign.bind(new InetSocketAddress("127.0.0.1", 0));

      List<EncodedFrame> vp8 = Media.vp8(90);
      List<EncodedFrame> opus = Media.opus(150);
      int[] sent = new int[1];
      Thread garbage = new Thread(() -> {
        Random random = new Random(11);
        try {
          for (int i = 0; i < 1200; i++) {
            byte[] g = garbage(i, random, ufrag);
            foreign.send(ByteBuffer.wrap(g), target);
            sent[0]++;
            if (i % 4 == 3) {
              Thread.sleep(8); // about 500 a second, in small bursts: the kernel keeps them all
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      garbage.start();
      Thread other = new Thread(() -> {
        try {
          LoopbackTest.send(otherVideo, vp8, otherAudio, opus);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      other.start();
      LoopbackTest.send(video, vp8, audio, opus);
      other.join();
      garbage.join();

      LoopbackTest.awaitCount(atB, "a-video", vp8.size());
      LoopbackTest.awaitCount(atB, "a-audio", opus.size());
      LoopbackTest.awaitCount(atD, "c-video", vp8.size());
      LoopbackTest.awaitCount(atD, "c-audio", opus.size());
      assertEquals(vp8, atB.get("a-video"), "every video frame, byte-identical, through the garbage");
      assertEquals(opus, atB.get("a-audio"));
      assertEquals(vp8, atD.get("c-video"), "the other call on the same loop is unaffected");
      assertEquals(opus, atD.get("c-audio"));
      assertEquals(PeerConnectionState.CONNECTED, b.connectionState());

      // Every datagram of the foreign socket is counted once, under its reason.
      long deadline = System.nanoTime() + 5_000_000_000L;
      Stats t;
      long accounted;
      do {
        t = transport(Signaling.get(b.getStats()));
        accounted = t.getLong("datagramsDropped", 0) + t.getLong("rtc4jStunUnauthenticated", 0)
            + t.getLong("rtc4jStunMalformed", 0) + t.getLong("rtc4jStunBadRequests", 0);
      } while (accounted < sent[0] && System.nanoTime() < deadline && sleep());
      assertEquals(sent[0], accounted, "each of the " + sent[0] + " datagrams counted once: " + t);
      // From an address that is no candidate, whatever is not STUN is UNKNOWN_SOURCE before its first
      // byte is looked at (DTLS, SRTP, RTCP and the unassigned ranges alike).
      for (String counter : List.of("rtc4jDatagramsDroppedEmpty", "rtc4jDatagramsDroppedNotStun",
          "rtc4jDatagramsDroppedUnknownSource", "rtc4jStunUnauthenticated", "rtc4jStunMalformed")) {
        assertTrue(t.getLong(counter, -1) > 0, counter + ": " + t);
      }
      Stats quiet = transport(Signaling.get(d.getStats()));
      assertEquals(0, quiet.getLong("datagramsDropped", -1), "nothing reached the other call: " + quiet);
      assertEquals(0, quiet.getLong("rtc4jStunUnauthenticated", -1));
      assertEquals(0, t.getLong("srtpPacketsDropped", -1), "no garbage got past the source check");
    } finally {
      for (PeerConnection pc : List.of(a, b, c, d)) {
        Signaling.get(pc.closeAsync());
      }
    }
  }

  private static boolean sleep() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private static Stats transport(StatsReport r) {
    return r.ofType("transport").get(0);
  }

  /** Datagram {@code i}: one kind after the other. */
  static byte[] garbage(int i, Random random, String ufrag) {
    return switch (i % 12) {
      case 0 -> new byte[0];
      case 1 -> randomIn(random, 0, 3);
      case 2 -> randomIn(random, 4, 19);
      case 3 -> randomIn(random, 20, 63);
      case 4 -> randomIn(random, 64, 79);
      case 5 -> randomIn(random, 80, 127);
      case 6 -> randomIn(random, 128, 191); // SRTP/SRTCP with (at best) a bad tag
      case 7 -> randomIn(random, 192, 255);
      case 8 -> { // truncated STUN
        byte[] check = check(ufrag + ":frgn", "wrong-password-wrong-password".getBytes(StandardCharsets.US_ASCII));
        yield java.util.Arrays.copyOf(check, 20 + random.nextInt(check.length - 20));
      }
      case 9 -> check(ufrag + ":frgn", "wrong-password-wrong-password".getBytes(StandardCharsets.US_ASCII));
      case 10 -> check("frgn:" + ufrag, "wrong-password-wrong-password".getBytes(StandardCharsets.US_ASCII));
      default -> { // DTLS: epoch 7, a length that runs past the end; RTCP claiming 60 words in 12 bytes
        byte[] r = randomIn(random, 20, 20);
        r[3] = 0;
        r[4] = 7;
        if (random.nextBoolean()) {
          r[11] = 2;
        }
        if (random.nextInt(3) == 0) {
          r = new byte[] {(byte) 0x81, (byte) 201, 0, 60, 1, 2, 3, 4, 5, 6, 7, 8};
        }
        yield r;
      }
    };
  }

  private static byte[] randomIn(Random random, int lo, int hi) {
    byte[] g = new byte[13 + random.nextInt(288)];
    random.nextBytes(g);
    g[0] = (byte) (lo + random.nextInt(hi - lo + 1));
    return g;
  }

  private static byte[] check(String user, byte[] key) {
    byte[] buf = new byte[256];
    int len = new StunWriter().begin(buf, 0, StunMessage.BINDING, StunClass.REQUEST,
            StunMessage.newTransactionId(new Random(user.hashCode())))
        .username(user.getBytes(StandardCharsets.US_ASCII)).priority(0x6E7F_00FFL).iceControlling(42)
        .messageIntegrity(key).fingerprint().length();
    return java.util.Arrays.copyOf(buf, len);
  }
}
