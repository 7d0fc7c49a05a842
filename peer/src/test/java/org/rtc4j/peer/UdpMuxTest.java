package org.rtc4j.peer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.ice.UdpMux;
import org.rtc4j.media.Codec;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.net.Clock;
import org.rtc4j.net.EventLoopGroup;
import org.rtc4j.stun.StunAttribute;
import org.rtc4j.stun.StunClass;
import org.rtc4j.stun.StunMessage;

/** A server's single-port mode: many connections on one shared UDP socket, over real sockets. */
class UdpMuxTest {

  @Test
  void connectionsShareOneSocketAndUnknownUfragsCreateNothing() throws Exception {
    try (EventLoopGroup serverLoops = new EventLoopGroup("mux-server", 1, Clock.system());
        EventLoopGroup clientLoops = new EventLoopGroup("mux-client", 1, Clock.system())) {
      UdpMux mux = serverLoops.next().submit(() -> UdpMux.bind(serverLoops.next(),
          new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))).get();
      Certificate cert = Certificate.generate();
      Configuration server = Configuration.builder().loopbackOnly().udpMux(mux).certificates(cert).build();
      Configuration client = Configuration.builder().loopbackOnly().eventLoopGroup(clientLoops).build();
      List<PeerConnection> all = new ArrayList<>();
      AtomicInteger frames = new AtomicInteger();
      try {
        List<RtpSender> senders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          PeerConnection s = PeerConnection.create(server);
          PeerConnection c = PeerConnection.create(client);
          all.add(s);
          all.add(c);
          senders.add(c.addTrack(MediaStreamTrack.audio("mic" + i), "s"));
          s.onTrack(e -> e.receiver().onFrame(f -> frames.incrementAndGet()));
          Signaling sig = new Signaling(c, s);
          sig.negotiate(c);
          sig.awaitConnected();
          String sdp = s.localDescription().sdp();
          assertTrue(sdp.contains(" " + mux.localAddress().getPort() + " typ host"), "the mux's port: " + sdp);
        }
        assertEquals(1, serverLoops.next().submit(() -> serverLoops.next().endpointCount()).get(),
            "three connections, one socket");
        assertEquals(3, serverLoops.next().submit(mux::sessionCount).get());
        byte[] opus = {0x78, 1, 2, 3, 4, 5, 6, 7};
        for (int k = 0; k < 50 && frames.get() < 3 * 30; k++) {
          for (RtpSender r : senders) {
            r.sendFrame(new EncodedFrame(opus, 960L * k, true, Codec.OPUS));
          }
          Thread.sleep(20);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (frames.get() < 3 * 30 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertTrue(frames.get() >= 3 * 30, "audio reached every server connection: " + frames.get());

        // A check for a ufrag nobody registered: dropped, counted, no state created.
        int addressesBefore = serverLoops.next().submit(mux::addressCount).get();
        StunMessage check = new StunMessage(StunMessage.BINDING, StunClass.REQUEST,
            StunMessage.newTransactionId(new java.util.Random(1)), List.of(new StunAttribute.Username("nosuch:peer")));
        byte[] bytes = check.encode(null, true);
        try (DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
          for (int i = 0; i < 10; i++) {
            stranger.send(new DatagramPacket(bytes, bytes.length, mux.localAddress()));
          }
          byte[] garbage = {(byte) 0x80, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
          stranger.send(new DatagramPacket(garbage, garbage.length, mux.localAddress()));
        }
        deadline = System.nanoTime() + 5_000_000_000L;
        while (serverLoops.next().submit(mux::unknownUfragCount).get() < 10 && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertEquals(10L, serverLoops.next().submit(mux::unknownUfragCount).get());
        assertTrue(serverLoops.next().submit(mux::unknownSourceCount).get() >= 1);
        assertEquals(addressesBefore, serverLoops.next().submit(mux::addressCount).get(), "nothing was created");
      } finally {
        for (PeerConnection pc : all) {
          pc.closeAsync().get();
        }
      }
      assertEquals(0, serverLoops.next().submit(mux::sessionCount).get(), "closed connections leave the mux");
      assertEquals(0, serverLoops.next().submit(mux::addressCount).get());
      serverLoops.next().submit(() -> {
        mux.close();
        return null;
      }).get();
    }
  }
}
