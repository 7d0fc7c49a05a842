package org.rtc4j.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.rtc4j.dtls.bc.QueueDatagramTransportTest.record;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DtlsEndpointTest {
  static Certificate ecdsaA;
  static Certificate ecdsaB;
  static Certificate rsa;

  @BeforeAll
  static void certificates() throws DtlsException {
    ecdsaA = Certificate.generate();
    ecdsaB = Certificate.generate();
    rsa = Certificate.generate(Certificate.KeyType.RSA_2048);
  }

  static DtlsConfig.Builder config(Certificate c) {
    return DtlsConfig.builder(c).initialRetransmit(Duration.ofMillis(100)).handshakeTimeout(Duration.ofSeconds(10));
  }

  static InMemoryLink connect(DtlsConfig client, DtlsConfig server, double loss, long seed) throws Exception {
    InMemoryLink link = new InMemoryLink(client, server, loss, seed).pinned();
    link.right.start(link.now, DtlsRole.SERVER);
    link.left.start(link.now, DtlsRole.CLIENT);
    assertTrue(link.progressUntil(() -> link.bothConnected() || link.anyEnded(), 15_000), "handshake stalled");
    return link;
  }

  static void assertKeysAgree(InMemoryLink link, SrtpProtectionProfile expected) {
    assertEquals(DtlsEndpoint.State.CONNECTED, link.left.state(), () -> "client: " + link.leftEvents
        + " server: " + link.right.state() + " " + link.rightEvents + " " + link.trace());
    assertEquals(DtlsEndpoint.State.CONNECTED, link.right.state(), () -> "server: " + link.rightEvents);
    DtlsEvent.Connected c = InMemoryLink.find(link.leftEvents, DtlsEvent.Connected.class);
    DtlsEvent.Connected s = InMemoryLink.find(link.rightEvents, DtlsEvent.Connected.class);
    assertNotNull(c);
    assertNotNull(s);
    assertEquals(expected, c.profile());
    assertEquals(expected, s.profile());
    assertEquals(expected.keyingMaterialLength(), c.keyingMaterial().exported().length);
    assertArrayEquals(c.keyingMaterial().exported(), s.keyingMaterial().exported());
    // What the client sends with, the server receives with (RFC 5764 §4.2).
    assertArrayEquals(
        c.keyingMaterial().localMasterKey(DtlsRole.CLIENT), s.keyingMaterial().remoteMasterKey(DtlsRole.SERVER));
    assertArrayEquals(
        c.keyingMaterial().remoteMasterSalt(DtlsRole.CLIENT), s.keyingMaterial().localMasterSalt(DtlsRole.SERVER));
    // Each side saw the other's certificate, the one its fingerprint pins.
    DtlsEvent.PeerCertificate cp = InMemoryLink.find(link.leftEvents, DtlsEvent.PeerCertificate.class);
    assertTrue(link.right.localFingerprint().matches(cp.der()));
    DtlsEvent.PeerCertificate sp = InMemoryLink.find(link.rightEvents, DtlsEvent.PeerCertificate.class);
    assertTrue(link.left.localFingerprint().matches(sp.der()));
    assertTrue(link.leftEvents.indexOf(cp) < link.leftEvents.indexOf(c), "PeerCertificate precedes Connected");
  }

  @ParameterizedTest
  @EnumSource(SrtpProtectionProfile.class)
  void negotiatesEveryProfileWhenTheClientOffersOnlyIt(SrtpProtectionProfile profile) throws Exception {
    InMemoryLink link =
        connect(config(ecdsaA).srtpProfiles(profile).build(), config(ecdsaB).build(), 0, 1);
    assertKeysAgree(link, profile);
  }

  @ParameterizedTest
  @EnumSource(SrtpProtectionProfile.class)
  void serverPreferenceDecidesTheProfile(SrtpProtectionProfile profile) throws Exception {
    // Client offers all four in default order; the server prefers `profile` first.
    java.util.List<SrtpProtectionProfile> order = new java.util.ArrayList<>(List.of(SrtpProtectionProfile.values()));
    order.remove(profile);
    order.add(0, profile);
    InMemoryLink link = connect(config(ecdsaA).build(), config(ecdsaB).srtpProfiles(order).build(), 0, 2);
    assertKeysAgree(link, profile);
  }

  @Test
  void rsaCertificatesOnBothSides() throws Exception {
    InMemoryLink link = connect(config(rsa).build(), config(ecdsaA).build(), 0, 3);
    assertKeysAgree(link, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
    InMemoryLink swapped = connect(config(ecdsaA).build(), config(rsa).build(), 0, 4);
    assertKeysAgree(swapped, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
  }

  @ParameterizedTest
  @EnumSource(DtlsConfig.CryptoProvider.class)
  void bothCryptoProvidersInterwork(DtlsConfig.CryptoProvider provider) throws Exception {
    DtlsConfig.CryptoProvider other =
        provider == DtlsConfig.CryptoProvider.JCA ? DtlsConfig.CryptoProvider.BC : DtlsConfig.CryptoProvider.JCA;
    InMemoryLink link =
        connect(config(ecdsaA).cryptoProvider(provider).build(), config(ecdsaB).cryptoProvider(other).build(), 0, 5);
    assertKeysAgree(link, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
  }

  @Test
  void completesWithTwentyPercentLoss() throws Exception {
    int lost = 0;
    for (long seed = 1; seed <= 12; seed++) {
      InMemoryLink link = connect(config(ecdsaA).build(), config(ecdsaB).build(), 0.20, seed);
      assertKeysAgree(link, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
      lost += link.dropped;
    }
    assertTrue(lost >= 5, "the link must have lost datagrams, lost " + lost);
  }

  /**
   * Loses the first transmission of every flight (RFC 6347 §4.2.4): the ClientHello, the server's
   * hello flight, the client's key flight, and the server's final ChangeCipherSpec/Finished, which
   * the server must resend from the owner's thread after its handshake thread is gone.
   */
  @Test
  void retransmitsEveryFlightLostOnce() throws Exception {
    InMemoryLink link = new InMemoryLink(config(ecdsaA).build(), config(ecdsaB).build(), 0, 0).pinned();
    java.util.Set<String> seen = new java.util.HashSet<>();
    link.dropRule = (ltr, d) -> seen.add(ltr + "/" + d[0] + "/" + (d[0] == 22 ? d[13] : -1));
    link.right.start(link.now, DtlsRole.SERVER);
    link.left.start(link.now, DtlsRole.CLIENT);
    assertTrue(link.progressUntil(() -> link.bothConnected() || link.anyEnded(), 15_000), "handshake stalled");
    assertKeysAgree(link, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
    assertTrue(seen.contains("true/22/1"), "ClientHello lost once");
    assertTrue(seen.contains("false/22/2"), "ServerHello flight lost once");
    assertTrue(seen.contains("true/22/11"), "client Certificate flight lost once");
    assertTrue(seen.contains("false/20/-1"), "server ChangeCipherSpec+Finished lost once");
    assertEquals(4, link.dropped, link::trace);
  }

  @Test
  void wrongFingerprintFailsWithClearReason() throws Exception {
    InMemoryLink link = new InMemoryLink(config(ecdsaA).build(), config(ecdsaB).build(), 0, 6);
    // The client expects some other certificate than the server's.
    link.left.setRemoteFingerprints(List.of(rsa.fingerprint()));
    link.right.setRemoteFingerprints(List.of(link.left.localFingerprint()));
    link.right.start(link.now, DtlsRole.SERVER);
    link.left.start(link.now, DtlsRole.CLIENT);
    assertTrue(link.progressUntil(() -> link.left.state() == DtlsEndpoint.State.FAILED
        && link.right.state() == DtlsEndpoint.State.FAILED, 10_000));
    DtlsEvent.Failed f = InMemoryLink.find(link.leftEvents, DtlsEvent.Failed.class);
    assertEquals(DtlsFailure.FINGERPRINT_MISMATCH, f.reason());
    assertEquals(42, f.alert(), "bad_certificate (RFC 5246 §7.2)");
    assertTrue(f.message().contains(link.right.localFingerprint().toString()), f.message());
    DtlsEvent.Failed s = InMemoryLink.find(link.rightEvents, DtlsEvent.Failed.class);
    assertEquals(DtlsFailure.ALERT_RECEIVED, s.reason());
    assertNull(InMemoryLink.find(link.leftEvents, DtlsEvent.Connected.class));
  }

  @Test
  void serverRejectsClientCertificateThatDoesNotMatch() throws Exception {
    InMemoryLink link = new InMemoryLink(config(ecdsaA).build(), config(ecdsaB).build(), 0, 7);
    link.left.setRemoteFingerprints(List.of(link.right.localFingerprint()));
    link.right.setRemoteFingerprints(List.of(rsa.fingerprint(Fingerprint.Algorithm.SHA_384)));
    link.right.start(link.now, DtlsRole.SERVER);
    link.left.start(link.now, DtlsRole.CLIENT);
    assertTrue(link.progressUntil(() -> link.right.state() == DtlsEndpoint.State.FAILED
        && link.left.state() == DtlsEndpoint.State.FAILED, 10_000));
    assertEquals(DtlsFailure.FINGERPRINT_MISMATCH, InMemoryLink.find(link.rightEvents, DtlsEvent.Failed.class).reason());
  }

  @Test
  void silentPeerTimesOutOnTheOwnersClock() throws Exception {
    DtlsConfig cfg = config(ecdsaA).handshakeTimeout(Duration.ofSeconds(5)).build();
    DtlsEndpoint client = new DtlsEndpoint(cfg);
    client.setRemoteFingerprints(List.of(ecdsaB.fingerprint()));
    long t0 = 42_000_000_000L;
    client.start(t0, DtlsRole.CLIENT);
    assertEquals(t0 + 5_000_000_000L, client.pollTimeout());
    client.handleTimeout(t0 + 4_999_999_999L);
    assertEquals(DtlsEndpoint.State.CONNECTING, client.state());
    client.handleTimeout(t0 + 5_000_000_000L);
    assertEquals(DtlsEndpoint.State.FAILED, client.state());
    DtlsEvent.Failed f = (DtlsEvent.Failed) client.pollEvent();
    assertEquals(DtlsFailure.TIMEOUT, f.reason());
    assertEquals(Long.MAX_VALUE, client.pollTimeout());
    assertNull(client.pollEvent());
  }

  @Test
  void silentPeerRetransmitsClientHelloThenTimesOut() throws Exception {
    DtlsConfig cfg = config(ecdsaA).initialRetransmit(Duration.ofMillis(50)).handshakeTimeout(Duration.ofMillis(600)).build();
    java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
    DtlsEndpoint client = new DtlsEndpoint(cfg, wake::release);
    client.setRemoteFingerprints(List.of(ecdsaB.fingerprint()));
    client.start(0, DtlsRole.CLIENT);
    int hellos = 0;
    long end = System.nanoTime() + 5_000_000_000L;
    while (client.state() == DtlsEndpoint.State.CONNECTING && System.nanoTime() < end) {
      wake.tryAcquire(20, java.util.concurrent.TimeUnit.MILLISECONDS);
      for (byte[] d; (d = client.pollTransmit()) != null; ) {
        assertEquals(22, d[0], "handshake record");
        assertEquals(1, d[13], "ClientHello");
        hellos++;
      }
    }
    assertEquals(DtlsEndpoint.State.FAILED, client.state());
    assertEquals(DtlsFailure.TIMEOUT, ((DtlsEvent.Failed) client.pollEvent()).reason());
    assertTrue(hellos >= 2, "ClientHello retransmitted, sent " + hellos);
  }

  @Test
  void applicationDataBothWaysThenCloseNotify() throws Exception {
    InMemoryLink link = connect(config(ecdsaA).build(), config(ecdsaB).build(), 0, 8);
    byte[] hello = "hello from client".getBytes(StandardCharsets.UTF_8);
    byte[] reply = "hello from server".getBytes(StandardCharsets.UTF_8);
    link.left.sendApplicationData(hello, 0, hello.length);
    byte[] datagram = link.left.pollTransmit();
    assertEquals(23, datagram[0], "application_data record");
    assertTrue(indexOf(datagram, hello) < 0, "plaintext must not appear on the wire");
    link.right.handleDatagram(link.now, datagram, 0, datagram.length);
    link.right.sendApplicationData(reply, 0, reply.length);
    assertTrue(link.progressUntil(
        () -> InMemoryLink.find(link.rightEvents, DtlsEvent.ApplicationData.class) != null
            && InMemoryLink.find(link.leftEvents, DtlsEvent.ApplicationData.class) != null, 5_000));
    assertArrayEquals(hello, InMemoryLink.find(link.rightEvents, DtlsEvent.ApplicationData.class).data());
    assertArrayEquals(reply, InMemoryLink.find(link.leftEvents, DtlsEvent.ApplicationData.class).data());

    link.left.close();
    assertEquals(DtlsEndpoint.State.CLOSED, link.left.state());
    assertTrue(link.progressUntil(() -> link.right.state() == DtlsEndpoint.State.CLOSED, 5_000));
    assertEquals(new DtlsEvent.Closed(false), InMemoryLink.find(link.leftEvents, DtlsEvent.Closed.class));
    assertEquals(new DtlsEvent.Closed(true), InMemoryLink.find(link.rightEvents, DtlsEvent.Closed.class));
    assertThrows(IllegalStateException.class, () -> link.left.sendApplicationData(hello, 0, hello.length));
  }

  @Test
  void fingerprintsMayArriveAfterTheClientHello() throws Exception {
    // The offerer (server here) sees the answerer's ClientHello before the answer's fingerprint.
    InMemoryLink link = new InMemoryLink(config(ecdsaA).build(), config(ecdsaB).build(), 0, 9);
    link.left.setRemoteFingerprints(List.of(link.right.localFingerprint()));
    link.left.start(link.now, DtlsRole.CLIENT);
    // The ClientHello reaches the server before it knows its role.
    assertTrue(link.progressUntil(() -> !link.leftToRight.isEmpty(), 5_000));
    link.right.start(link.now, DtlsRole.SERVER);
    link.progressUntil(() -> false, 200);
    assertEquals(DtlsEndpoint.State.CONNECTING, link.right.state());
    link.right.setRemoteFingerprints(List.of(link.left.localFingerprint()));
    assertTrue(link.progressUntil(link::bothConnected, 10_000));
    assertKeysAgree(link, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
  }

  @Test
  void closingReleasesAHandshakeThreadWaitingForFingerprints() throws Exception {
    try (DtlsHandshakeExecutor pool = new DtlsHandshakeExecutor("test-dtls-wait", 1, 4)) {
      InMemoryLink link = new InMemoryLink(
          config(ecdsaA).handshakeExecutor(pool).build(), config(ecdsaB).build(), 0, 10);
      link.right.setRemoteFingerprints(List.of(link.left.localFingerprint()));
      // The client never learns the server's fingerprint: its thread waits at the Certificate.
      link.right.start(link.now, DtlsRole.SERVER);
      link.left.start(link.now, DtlsRole.CLIENT);
      link.progressUntil(() -> false, 300);
      assertEquals(DtlsEndpoint.State.CONNECTING, link.left.state());
      assertEquals(1, pool.admitted(), "the handshake holds the pool's thread");
      link.left.close();
      long end = System.nanoTime() + 5_000_000_000L;
      while (pool.admitted() > 0 && System.nanoTime() < end) {
        Thread.sleep(5);
      }
      assertEquals(0, pool.admitted(), "close() freed the waiting handshake thread");
      assertEquals(new DtlsEvent.Closed(false), link.left.pollEvent());
    }
  }

  @Test
  void dropsDatagramsThatAreNotDtls() throws Exception {
    DtlsEndpoint server = new DtlsEndpoint(config(ecdsaA).build());
    server.start(0, DtlsRole.SERVER);
    byte[] stun = new byte[20];
    server.handleDatagram(0, stun, 0, stun.length);
    byte[] rtp = new byte[40];
    rtp[0] = (byte) 0x80;
    server.handleDatagram(0, rtp, 0, rtp.length);
    assertEquals(2, server.droppedDatagrams());
    assertEquals(2, server.droppedDatagrams(DtlsDropReason.NOT_DTLS));
    assertNull(server.pollTransmit());
    assertNull(server.pollEvent());
    server.close();
  }

  /** Every drop is counted under its reason; none of them starts or disturbs the handshake. */
  @Test
  void countsEveryDroppedDatagramByReason() throws Exception {
    DtlsEndpoint server = new DtlsEndpoint(config(ecdsaA).inboundQueueCapacity(2).build());
    // An application_data record of 2^14 + 2049 bytes: one byte more than RFC 5246 §6.2.3 allows.
    byte[] oversize = record(23, 1, new byte[(1 << 14) + 2049]);
    server.handleDatagram(0, oversize, 0, oversize.length);
    byte[] truncated = java.util.Arrays.copyOf(record(22, 0, new byte[100]), 60);
    server.handleDatagram(0, truncated, 0, truncated.length);
    byte[] header = record(22, 0);
    server.handleDatagram(0, header, 0, 5);
    byte[] huge = new byte[70_000];
    huge[0] = 23;
    server.handleDatagram(0, huge, 0, huge.length);
    // Before start, a server keeps what fits in its queue (an offerer may hear the ClientHello
    // before the answer makes it the server) and drops the rest.
    byte[] alert = record(21, 0, (byte) 1, (byte) 0);
    for (int i = 0; i < 3; i++) {
      server.handleDatagram(0, alert, 0, alert.length);
    }
    assertEquals(1, server.droppedDatagrams(DtlsDropReason.OVERSIZE_RECORD));
    assertEquals(2, server.droppedDatagrams(DtlsDropReason.TRUNCATED_RECORD));
    assertEquals(1, server.droppedDatagrams(DtlsDropReason.OVERSIZE_DATAGRAM));
    assertEquals(1, server.droppedDatagrams(DtlsDropReason.QUEUE_FULL));
    assertEquals(0, server.droppedDatagrams(DtlsDropReason.NOT_DTLS));
    assertEquals(5, server.droppedDatagrams());
    assertEquals(DtlsEndpoint.State.NEW, server.state());
    server.close();
    server.handleDatagram(0, alert, 0, alert.length);
    assertEquals(1, server.droppedDatagrams(DtlsDropReason.ENDED));
    assertEquals(6, server.droppedDatagrams());
  }

  /**
   * Each side's MTU limits what it sends, never what it receives: a peer with a larger MTU sends
   * 3,000-byte records in 3,000-byte datagrams, handshake and application data alike, and a side
   * configured for 1,200 takes them all.
   */
  @Test
  void receivesDatagramsLargerThanItsOwnMtu() throws Exception {
    // The server, with an RSA certificate, sends its hello flight as one datagram of ~1,700 bytes.
    InMemoryLink link = connect(config(ecdsaA).build(), config(rsa).mtu(4000).build(), 0, 3);
    assertKeysAgree(link, SrtpProtectionProfile.SRTP_AEAD_AES_128_GCM);
    int largestFromServer = link.rightToLeft.stream().mapToInt(d -> d.length).max().orElse(0);
    assertTrue(largestFromServer > 1200, "the server's flight came in a datagram over 1,200 bytes: " + largestFromServer);
    assertTrue(link.leftToRight.stream().allMatch(d -> d.length <= 1200), "the client sends at most its MTU");
    byte[] big = new byte[3000];
    new java.util.Random(7).nextBytes(big);
    link.right.sendApplicationData(big, 0, big.length);
    assertTrue(link.progressUntil(() -> InMemoryLink.find(link.leftEvents, DtlsEvent.ApplicationData.class) != null,
        5_000));
    assertArrayEquals(big, InMemoryLink.find(link.leftEvents, DtlsEvent.ApplicationData.class).data());
    assertEquals(0, link.right.droppedDatagrams());
    assertEquals(0, link.left.droppedDatagrams());
  }

  @Test
  void misuseIsRejected() throws Exception {
    DtlsEndpoint e = new DtlsEndpoint(config(ecdsaA).build());
    assertThrows(IllegalStateException.class, () -> e.sendApplicationData(new byte[1], 0, 1));
    e.start(0, DtlsRole.SERVER);
    assertThrows(IllegalStateException.class, () -> e.start(0, DtlsRole.CLIENT));
    e.close();
    assertEquals(new DtlsEvent.Closed(false), e.pollEvent());
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
