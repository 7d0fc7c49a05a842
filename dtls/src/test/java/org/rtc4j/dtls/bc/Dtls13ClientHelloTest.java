package org.rtc4j.dtls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.Test;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.dtls.DtlsConfig;
import org.rtc4j.dtls.DtlsEndpoint;
import org.rtc4j.dtls.DtlsEvent;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.dtls.Fingerprint;
import org.rtc4j.dtls.KeyingMaterial;

/**
 * Today's browsers offer DTLS 1.3 (supported_versions, RFC 9147 §5.3) and post-quantum hybrid key
 * shares (X25519MLKEM768 is 1216 bytes), so their ClientHello no longer fits one datagram and
 * arrives as several handshake fragments (RFC 6347 §4.2.3). Our DTLS 1.2 server must reassemble it
 * and negotiate DTLS 1.2 (RFC 8446 §4.2.1: a server that does not support 1.3 ignores the
 * extension's higher versions).
 *
 * <p>Bouncy Castle 1.82's DTLS client cannot offer 1.3 itself, so the test client adds the two
 * extensions as raw bytes; both ends hash the same ClientHello, so Finished still verifies.
 */
class Dtls13ClientHelloTest {
  private static final int SUPPORTED_VERSIONS = 43;
  private static final int KEY_SHARE = 51;
  private static final int PSK_KEY_EXCHANGE_MODES = 45;

  /** A client that advertises DTLS 1.3 and large key shares like Chrome does. */
  static final class BrowserLikeClient extends BcDtlsClient {
    final AtomicReference<ProtocolVersion> serverVersion = new AtomicReference<>();
    private final int[][] shares;

    BrowserLikeClient(HandshakeSession session, int[][] shares) {
      super(BcCrypto.of(DtlsConfig.CryptoProvider.JCA), session);
      this.shares = shares;
    }

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Hashtable getClientExtensions() throws IOException {
      Hashtable ext = super.getClientExtensions();
      // supported_versions: DTLS 1.3 (0xfefc), DTLS 1.2 (0xfefd)
      ext.put(SUPPORTED_VERSIONS, new byte[] {4, (byte) 0xfe, (byte) 0xfc, (byte) 0xfe, (byte) 0xfd});
      ext.put(PSK_KEY_EXCHANGE_MODES, new byte[] {1, 1});
      ext.put(KEY_SHARE, keyShares(shares));
      return ext;
    }

    @Override
    public void notifyServerVersion(ProtocolVersion version) throws IOException {
      super.notifyServerVersion(version);
      serverVersion.set(version);
    }
  }

  /** Chrome's: X25519MLKEM768 (0x11EC, 1216 B), SecP256r1MLKEM768 (0x11EB, 1249 B), x25519 (0x001D, 32 B). */
  static final int[][] CHROME_SHARES = {{0x11EC, 1216}, {0x11EB, 1249}, {0x001D, 32}};

  /** Firefox ESR 153's: X25519MLKEM768 and x25519. */
  static final int[][] FIREFOX_SHARES = {{0x11EC, 1216}, {0x001D, 32}};

  /** A key_share extension (RFC 8446 §4.2.8) with random keys of the given groups and sizes. */
  static byte[] keyShares(int[][] groups) {
    SecureRandom r = new SecureRandom();
    ByteArrayOutputStream shares = new ByteArrayOutputStream();
    for (int[] g : groups) {
      byte[] key = new byte[g[1]];
      r.nextBytes(key);
      shares.write(g[0] >> 8);
      shares.write(g[0]);
      shares.write(key.length >> 8);
      shares.write(key.length);
      shares.writeBytes(key);
    }
    ByteArrayOutputStream ext = new ByteArrayOutputStream();
    ext.write(shares.size() >> 8);
    ext.write(shares.size());
    ext.writeBytes(shares.toByteArray());
    return ext.toByteArray();
  }

  /** What one handshake between a browser-like client and an rtc4j server left behind. */
  record Run(BrowserLikeClient client, HandshakeSession session, DtlsEndpoint server, Object clientResult,
      List<byte[]> fromClient, List<byte[]> fromServer, int clientDatagramsBeforeServerSpoke,
      List<DtlsEvent> serverEvents, Certificate serverCert) {}

  /**
   * Runs a handshake between a {@link BrowserLikeClient} (its own queue transport, sending at most
   * {@code clientMtu} bytes per datagram) and an rtc4j {@link DtlsEndpoint} server with the default
   * 1,200-byte MTU, moving datagrams between them on this thread.
   */
  static Run handshake(int[][] shares, int clientMtu, Duration clientRetransmit) throws Exception {
    Certificate clientCert = Certificate.generate();
    Certificate serverCert = Certificate.generate();
    DtlsConfig clientConfig = DtlsConfig.builder(clientCert).initialRetransmit(clientRetransmit).build();
    DtlsConfig serverConfig = DtlsConfig.builder(serverCert).initialRetransmit(Duration.ofMillis(100)).build();

    java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
    DtlsEndpoint server = new DtlsEndpoint(serverConfig, wake::release);
    server.setRemoteFingerprints(List.of(clientCert.fingerprint()));
    server.start(0, DtlsRole.SERVER);

    HandshakeSession session = new HandshakeSession(
        clientConfig,
        CompletableFuture.completedFuture(List.of(serverCert.fingerprint())),
        System.currentTimeMillis() + 10_000);
    BrowserLikeClient client = new BrowserLikeClient(session, shares);
    QueueDatagramTransport link = new QueueDatagramTransport(clientMtu, 64, wake::release);
    AtomicReference<Object> result = new AtomicReference<>();
    Thread browser = new Thread(() -> {
      try {
        DTLSTransport t = new DTLSClientProtocol().connect(client, link);
        result.set(t);
      } catch (IOException | RuntimeException e) {
        result.set(e);
      }
      wake.release();
    }, "browser-like-client");
    browser.setDaemon(true);
    browser.start();

    List<byte[]> fromClient = new ArrayList<>();
    List<byte[]> fromServer = new ArrayList<>();
    List<DtlsEvent> serverEvents = new ArrayList<>();
    int beforeServerSpoke = -1;
    long end = System.nanoTime() + 10_000_000_000L;
    while ((result.get() == null || server.state() == DtlsEndpoint.State.CONNECTING) && System.nanoTime() < end) {
      wake.tryAcquire(5, java.util.concurrent.TimeUnit.MILLISECONDS);
      for (byte[] d; (d = link.pollOutbound()) != null; ) {
        fromClient.add(d);
        server.handleDatagram(System.nanoTime(), d, 0, d.length);
      }
      for (byte[] d; (d = server.pollTransmit()) != null; ) {
        if (fromServer.isEmpty()) {
          beforeServerSpoke = fromClient.size();
        }
        fromServer.add(d);
        link.offerInbound(d);
      }
      for (DtlsEvent e; (e = server.pollEvent()) != null; ) {
        serverEvents.add(e);
      }
    }
    browser.join(5_000);
    return new Run(client, session, server, result.get(), fromClient, fromServer, beforeServerSpoke, serverEvents,
        serverCert);
  }

  /** The bodies of the epoch-0 ClientHello records the client sent, in order. */
  static List<byte[]> clientHelloFragments(List<byte[]> fromClient) {
    List<byte[]> fragments = new ArrayList<>();
    for (byte[] d : fromClient) {
      for (int off = 0; off + 13 <= d.length; ) {
        int len = (d[off + 11] & 0xFF) << 8 | (d[off + 12] & 0xFF);
        int epoch = (d[off + 3] & 0xFF) << 8 | (d[off + 4] & 0xFF);
        if (d[off] == 22 && epoch == 0 && d[off + 13] == 1) { // handshake, ClientHello
          byte[] frag = new byte[len];
          System.arraycopy(d, off + 13, frag, 0, len);
          fragments.add(frag);
        }
        off += 13 + len;
      }
    }
    return fragments;
  }

  static void assertConnectedWithDtls12(Run run) {
    assertTrue(run.clientResult() instanceof DTLSTransport, () -> "client: " + run.clientResult() + ", server: "
        + run.serverEvents());
    assertEquals(DtlsEndpoint.State.CONNECTED, run.server().state(), run.serverEvents()::toString);
    assertEquals(ProtocolVersion.DTLSv12, run.client().serverVersion.get(), "server must pick DTLS 1.2");
    // Both ends derived the same SRTP keys.
    KeyingMaterial serverKeys = null;
    for (DtlsEvent e : run.serverEvents()) {
      if (e instanceof DtlsEvent.Connected c) {
        serverKeys = c.keyingMaterial();
      }
    }
    assertNotNull(serverKeys);
    assertEquals(serverKeys, run.session().keyingMaterial);
    assertTrue(Fingerprint.of(Fingerprint.Algorithm.SHA_256, run.session().peerCertificate)
        .equals(run.serverCert().fingerprint()));
  }

  @Test
  void fragmentedDtls13ClientHelloWithPostQuantumSharesNegotiatesDtls12() throws Exception {
    Run run = handshake(CHROME_SHARES, 1200, Duration.ofMillis(100));
    assertConnectedWithDtls12(run);

    // The ClientHello really was a DTLS 1.3 offer split across several records.
    List<byte[]> fragments = clientHelloFragments(run.fromClient());
    byte[] hello = reassemble(fragments);
    assertTrue(fragments.size() >= 3, "ClientHello must span at least 3 records, got " + fragments.size());
    assertTrue(hello.length > 2_500, "ClientHello body " + hello.length + " bytes");
    byte[] versions = extension(hello, SUPPORTED_VERSIONS);
    assertNotNull(versions, "supported_versions sent");
    assertArrayEquals(new byte[] {4, (byte) 0xfe, (byte) 0xfc, (byte) 0xfe, (byte) 0xfd}, versions);
    assertTrue(extension(hello, KEY_SHARE).length > 2_400);
  }

  /**
   * Firefox ESR 153's case: its ClientHello (DTLS 1.3 and 1.2, X25519MLKEM768 + x25519 shares,
   * about 1,460 bytes) goes out as a 1,416-byte datagram and a small one. rtc4j's MTU is 1,200,
   * but that limits only what rtc4j sends: the server must answer the first transmission. The
   * client's first retransmission is 30 s away, so a dropped datagram could not be rescued within
   * the test's 10 s.
   */
  @Test
  void clientHelloLargerThanOurMtuInOneDatagramIsAnsweredAtOnce() throws Exception {
    Run run = handshake(FIREFOX_SHARES, 1416, Duration.ofSeconds(30));
    assertConnectedWithDtls12(run);
    byte[] first = run.fromClient().get(0);
    assertEquals(1416, first.length, "the first ClientHello datagram fills Firefox's 1,416 bytes");
    List<byte[]> fragments = clientHelloFragments(run.fromClient());
    assertEquals(2, fragments.size(), "one ClientHello, sent once, in two records");
    assertEquals(2, run.clientDatagramsBeforeServerSpoke(), "the server answered the first transmission");
    byte[] hello = reassemble(fragments);
    assertTrue(hello.length > 1_400, "ClientHello body " + hello.length + " bytes");
    assertArrayEquals(new byte[] {4, (byte) 0xfe, (byte) 0xfc, (byte) 0xfe, (byte) 0xfd},
        extension(hello, SUPPORTED_VERSIONS));
    assertEquals(0, run.server().droppedDatagrams(), "nothing dropped");
  }

  /**
   * Firefox ESR 153's own ClientHello, captured on the loopback interface during {@code
   * FirefoxInteropTest} (see {@code src/test/resources/firefox/README.md}): a 1,461-byte body in a
   * 1,408-byte datagram (1,416 bytes with the UDP header) and a 103-byte one. It offers DTLS 1.3,
   * DTLS 1.2 and TLS 1.2 (0xfefc, 0xfefd, 0x0303) in supported_versions, X25519MLKEM768 and x25519
   * key shares, ALPN webrtc and c-webrtc, record_size_limit 16385 and delegated_credentials. Each
   * is handed to the server once, as Firefox sent it: the server must answer with a DTLS 1.2
   * ServerHello choosing ECDHE-ECDSA-AES128-GCM and SRTP_AEAD_AES_128_GCM, dropping nothing.
   */
  @Test
  void firefoxEsrClientHelloCapturedOnTheWireIsAnsweredWithDtls12() throws Exception {
    byte[][] hello = {resource("esr-153-clienthello-1.bin"), resource("esr-153-clienthello-2.bin")};
    assertEquals(1408, hello[0].length);
    java.util.concurrent.Semaphore wake = new java.util.concurrent.Semaphore(0);
    DtlsEndpoint server = new DtlsEndpoint(DtlsConfig.builder(Certificate.generate()).build(), wake::release);
    server.setRemoteFingerprints(List.of(Certificate.generate().fingerprint())); // never reached
    server.start(0, DtlsRole.SERVER);
    for (byte[] d : hello) {
      server.handleDatagram(System.nanoTime(), d, 0, d.length);
    }
    byte[] reply = null;
    long end = System.nanoTime() + 10_000_000_000L;
    while (reply == null && System.nanoTime() < end) {
      wake.tryAcquire(5, java.util.concurrent.TimeUnit.MILLISECONDS);
      reply = server.pollTransmit();
    }
    server.close();
    assertNotNull(reply, "the server answered Firefox's first transmission");
    assertEquals(0, server.droppedDatagrams());
    // RFC 6347 §4.1 record header, §4.2.2 handshake header, RFC 5246 §7.4.1.3 ServerHello.
    assertEquals(22, reply[0], "handshake record");
    assertEquals(2, reply[13], "ServerHello");
    int p = 13 + 12;
    assertEquals(0xfefd, (reply[p] & 0xFF) << 8 | (reply[p + 1] & 0xFF), "server_version DTLS 1.2");
    p += 2 + 32;
    p += 1 + reply[p];
    assertEquals(0xc02b, (reply[p] & 0xFF) << 8 | (reply[p + 1] & 0xFF), "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    p += 2 + 1;
    int extEnd = p + 2 + ((reply[p] & 0xFF) << 8 | (reply[p + 1] & 0xFF));
    int srtpProfile = -1;
    boolean supportedVersions = false;
    for (p += 2; p + 4 <= extEnd; ) {
      int type = (reply[p] & 0xFF) << 8 | (reply[p + 1] & 0xFF);
      int len = (reply[p + 2] & 0xFF) << 8 | (reply[p + 3] & 0xFF);
      if (type == 14) { // use_srtp (RFC 5764 §4.1.1): profiles length, one profile, MKI length
        srtpProfile = (reply[p + 6] & 0xFF) << 8 | (reply[p + 7] & 0xFF);
      }
      supportedVersions |= type == SUPPORTED_VERSIONS;
      p += 4 + len;
    }
    assertEquals(0x0007, srtpProfile, "SRTP_AEAD_AES_128_GCM");
    assertTrue(!supportedVersions, "a DTLS 1.2 ServerHello carries no supported_versions (RFC 8446 §4.2.1)");
  }

  private static byte[] resource(String name) throws IOException {
    try (java.io.InputStream in = Dtls13ClientHelloTest.class.getResourceAsStream("/firefox/" + name)) {
      if (in == null) {
        throw new IOException("missing test resource firefox/" + name);
      }
      return in.readAllBytes();
    }
  }

  /** Joins the fragments of message_seq 0 by fragment_offset (RFC 6347 §4.2.2). */
  private static byte[] reassemble(List<byte[]> fragments) {
    int total = -1;
    byte[] body = null;
    for (byte[] f : fragments) {
      int length = u24(f, 1);
      int seq = (f[4] & 0xFF) << 8 | (f[5] & 0xFF);
      int offset = u24(f, 6);
      int fragLen = u24(f, 9);
      if (seq != 0) {
        continue;
      }
      if (body == null) {
        total = length;
        body = new byte[total];
      }
      System.arraycopy(f, 12, body, offset, fragLen);
    }
    return body;
  }

  /** The data of one extension in a ClientHello body (RFC 6347 §4.2.1, RFC 5246 §7.4.1.2). */
  private static byte[] extension(byte[] hello, int type) {
    int p = 2 + 32; // client_version, random
    p += 1 + (hello[p] & 0xFF); // session_id
    p += 1 + (hello[p] & 0xFF); // cookie
    p += 2 + ((hello[p] & 0xFF) << 8 | (hello[p + 1] & 0xFF)); // cipher_suites
    p += 1 + (hello[p] & 0xFF); // compression_methods
    int end = p + 2 + ((hello[p] & 0xFF) << 8 | (hello[p + 1] & 0xFF));
    p += 2;
    while (p + 4 <= end) {
      int t = (hello[p] & 0xFF) << 8 | (hello[p + 1] & 0xFF);
      int len = (hello[p + 2] & 0xFF) << 8 | (hello[p + 3] & 0xFF);
      if (t == type) {
        byte[] out = new byte[len];
        System.arraycopy(hello, p + 4, out, 0, len);
        return out;
      }
      p += 4 + len;
    }
    return null;
  }

  private static int u24(byte[] b, int off) {
    return (b[off] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | (b[off + 2] & 0xFF);
  }
}
