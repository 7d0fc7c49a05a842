package org.rtc4j.ice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.Agent;
import org.ice4j.ice.Component;
import org.ice4j.ice.HostCandidate;
import org.ice4j.ice.IceMediaStream;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.ice.KeepAliveStrategy;
import org.ice4j.ice.LocalCandidate;
import org.ice4j.ice.RemoteCandidate;
import org.ice4j.socket.IceUdpSocketWrapper;
import org.ice4j.socket.MultiplexingDatagramSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.rtc4j.net.EventLoop;

/**
 * Interop with an independent ICE implementation, ice4j's {@link Agent}, over 127.0.0.1 in both
 * roles: both reach a nominated pair and exchange application datagrams over it.
 *
 * <p>ice4j's host harvester never binds loopback addresses, so its dynamic-port host harvesting is
 * switched off and the test gives the ice4j component one host candidate on 127.0.0.1 itself (what
 * the harvester would do for any other address). Its mapping harvesters are disabled (the AWS one
 * would query the cloud metadata address), so ice4j sends only to 127.0.0.1.
 */
@Timeout(60)
class Ice4jInteropTest {
  @BeforeAll
  static void configureIce4j() {
    System.setProperty("ice4j.harvest.mapping.aws.enabled", "false");
    System.setProperty("org.ice4j.ice.harvest.DISABLE_AWS_HARVESTER", "true");
    System.setProperty("ice4j.harvest.use-ipv6", "false");
    System.setProperty("org.ice4j.ice.harvest.DISABLE_IPv6", "true");
    System.setProperty("ice4j.harvest.allowed-addresses.0", "127.0.0.1");
    System.setProperty("org.ice4j.ice.harvest.ALLOWED_ADDRESSES", "127.0.0.1");
    System.setProperty("ice4j.harvest.udp.use-dynamic-ports", "false");
  }

  @ParameterizedTest(name = "rtc4j {0}")
  @ValueSource(strings = {"CONTROLLING", "CONTROLLED"})
  void rtc4jAndIce4jConnectAndExchangeDatagrams(IceRole rtc4jRole) throws Exception {
    Agent ice4j = new Agent();
    EventLoop loop = new EventLoop("rtc4j-interop");
    IceTransport rtc4j = null;
    try {
      ice4j.setUseDynamicPorts(false);
      ice4j.setControlling(rtc4jRole == IceRole.CONTROLLED);
      IceMediaStream stream = ice4j.createMediaStream("data");
      Component component = ice4j.createComponent(stream, KeepAliveStrategy.SELECTED_ONLY, true);
      MultiplexingDatagramSocket socket = new MultiplexingDatagramSocket(0, InetAddress.getLoopbackAddress());
      HostCandidate host = new HostCandidate(new IceUdpSocketWrapper(socket), component, Transport.UDP);
      component.addLocalCandidate(host);
      host.getStunStack().addSocket(host.getStunSocket(null));
      assertEquals(1, component.getLocalCandidates().size());

      CompletableFuture<CandidatePair> selected = new CompletableFuture<>();
      CompletableFuture<byte[]> received = new CompletableFuture<>();
      IceTransport[] self = new IceTransport[1];
      rtc4j = new IceTransport(loop, LoopbackPeers.loopbackConfig(7).build(), IceCredentials.random(new Random(3)),
          rtc4jRole, e -> {
            if (e instanceof IceEvent.LocalCandidate c) {
              InetSocketAddress a = c.candidate().socketAddress();
              component.addRemoteCandidate(new RemoteCandidate(new TransportAddress(a, Transport.UDP), component,
                  org.ice4j.ice.CandidateType.HOST_CANDIDATE, c.candidate().foundation(), c.candidate().priority(),
                  null));
            } else if (e instanceof IceEvent.SelectedPair p) {
              selected.complete(p.pair());
            }
          });
      self[0] = rtc4j;
      rtc4j.onDtls((buf, off, len, from) -> received.complete(Arrays.copyOfRange(buf, off, off + len)));
      stream.setRemoteUfrag(rtc4j.agent().localCredentials().ufrag());
      stream.setRemotePassword(rtc4j.agent().localCredentials().password());
      rtc4j.setRemoteCredentials(new IceCredentials(ice4j.getLocalUfrag(), ice4j.getLocalPassword()), false).join();
      for (LocalCandidate lc : component.getLocalCandidates()) {
        rtc4j.addRemoteCandidate(Candidate.udp(lc.getFoundation(), 1, lc.getPriority(),
            lc.getTransportAddress(), CandidateType.HOST, null)).join();
      }
      rtc4j.setRemoteEndOfCandidates().join();
      rtc4j.start().get(5, TimeUnit.SECONDS);

      CompletableFuture<IceProcessingState> ice4jDone = new CompletableFuture<>();
      ice4j.addStateChangeListener(ev -> {
        IceProcessingState s = (IceProcessingState) ev.getNewValue();
        if (s == IceProcessingState.COMPLETED || s == IceProcessingState.TERMINATED || s == IceProcessingState.FAILED) {
          ice4jDone.complete(s);
        }
      });
      ice4j.startConnectivityEstablishment();

      assertTrue(ice4jDone.get(20, TimeUnit.SECONDS) != IceProcessingState.FAILED, "ice4j connected");
      CandidatePair pair = selected.get(20, TimeUnit.SECONDS);
      assertTrue(pair.nominated(), "rtc4j's selected pair is nominated");
      org.ice4j.ice.CandidatePair theirs = component.getSelectedPair();
      assertNotNull(theirs, "ice4j selected a pair");
      assertTrue(theirs.isNominated(), "ice4j's pair is nominated");
      assertEquals(pair.remoteAddress(), new InetSocketAddress(theirs.getLocalCandidate().getTransportAddress()
          .getAddress(), theirs.getLocalCandidate().getTransportAddress().getPort()));
      assertEquals(pair.localAddress().getPort(), theirs.getRemoteCandidate().getTransportAddress().getPort());

      // ice4j -> rtc4j: a DTLS-looking datagram (first byte 22) from the socket of ice4j's selected
      // pair (its only local candidate; STUN on that socket is filtered off to ice4j's stack).
      assertEquals(host, theirs.getLocalCandidate());
      byte[] toRtc4j = {22, (byte) 0xfe, (byte) 0xfd, 9, 8, 7};
      socket.send(new DatagramPacket(toRtc4j, toRtc4j.length, theirs.getRemoteCandidate().getTransportAddress()));
      assertArrayEquals(toRtc4j, received.get(10, TimeUnit.SECONDS));

      // rtc4j -> ice4j over the selected pair.
      byte[] toIce4j = {23, (byte) 0xfe, (byte) 0xfd, 1, 2, 3, 4};
      IceTransport t = rtc4j;
      assertTrue(loop.submit(() -> t.send(toIce4j, 0, toIce4j.length)).get(5, TimeUnit.SECONDS));
      socket.setSoTimeout(10_000);
      DatagramPacket in = new DatagramPacket(new byte[1500], 1500);
      socket.receive(in);
      assertArrayEquals(toIce4j, Arrays.copyOfRange(in.getData(), in.getOffset(), in.getOffset() + in.getLength()));
    } finally {
      ice4j.free();
      if (rtc4j != null) {
        rtc4j.closeAsync().get(5, TimeUnit.SECONDS);
      }
      loop.close();
    }
  }
}
