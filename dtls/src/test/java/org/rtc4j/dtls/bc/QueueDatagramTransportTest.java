package org.rtc4j.dtls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.rtc4j.dtls.DtlsDropReason;

/** The queue-backed transport between the event loop and Bouncy Castle, and its record framing. */
public class QueueDatagramTransportTest {

  /** A DTLS 1.2 record (RFC 6347 §4.1) with the given type, epoch and body. */
  public static byte[] record(int type, int epoch, byte... body) {
    byte[] r = new byte[13 + body.length];
    r[0] = (byte) type;
    r[1] = (byte) 0xfe;
    r[2] = (byte) 0xfd;
    r[3] = (byte) (epoch >> 8);
    r[4] = (byte) epoch;
    r[11] = (byte) (body.length >> 8);
    r[12] = (byte) body.length;
    System.arraycopy(body, 0, r, 13, body.length);
    return r;
  }

  /** An unfragmented handshake message (RFC 6347 §4.2.2) of {@code bodyLength} zero bytes. */
  static byte[] handshake(int msgType, int bodyLength) {
    byte[] h = new byte[12 + bodyLength];
    h[0] = (byte) msgType;
    h[3] = (byte) bodyLength;
    h[11] = (byte) bodyLength;
    return record(22, 0, h);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int off = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, off, p.length);
      off += p.length;
    }
    return out;
  }

  @Test
  void packsRecordsUpToTheMtuAndFlushesWhenTheHandshakeWaits() throws Exception {
    AtomicInteger wakeups = new AtomicInteger();
    QueueDatagramTransport t = new QueueDatagramTransport(300, 8, wakeups::incrementAndGet);
    byte[] a = handshake(11, 150);
    byte[] b = handshake(16, 60);
    byte[] c = handshake(15, 100); // would exceed 300 with a + b
    t.send(a, 0, a.length);
    t.send(b, 0, b.length);
    assertNull(t.pollOutbound(), "nothing sent until the flight is complete");
    t.send(c, 0, c.length);
    assertArrayEquals(concat(a, b), t.pollOutbound(), "full datagram sent when the next record does not fit");
    assertEquals(-1, t.receive(new byte[300], 0, 300, 1), "nothing to receive");
    assertArrayEquals(c, t.pollOutbound(), "waiting for the peer flushes the rest");
    assertEquals(1, wakeups.get(), "the owner is woken once per flushed flight");
  }

  @Test
  void nonBlockingReceiveNeverWaits() throws Exception {
    QueueDatagramTransport t = new QueueDatagramTransport(1200, 8, () -> {});
    t.setNonBlocking();
    assertThrows(QueueDatagramTransport.WouldBlock.class, () -> t.receive(new byte[1200], 0, 1200, 60_000));
    byte[] d = record(23, 1, (byte) 1, (byte) 2);
    t.offerInbound(d);
    byte[] buf = new byte[1200];
    assertEquals(d.length, t.receive(buf, 0, buf.length, 60_000));
  }

  @Test
  void dropsChangeCipherSpecThatOvertakesALostCertificateVerify() throws Exception {
    QueueDatagramTransport t = new QueueDatagramTransport(1200, 8, () -> {});
    t.holdChangeCipherSpecUntilCertificateVerify();
    byte[] cke = handshake(16, 65);
    byte[] ccs = record(20, 0, (byte) 1);
    byte[] finished = record(22, 1, new byte[40]);

    // CertificateVerify lost: the ChangeCipherSpec is cut out, the other records pass.
    t.offerInbound(concat(cke, ccs, finished));
    assertArrayEquals(cke, receive(t));
    assertArrayEquals(finished, receive(t));
    assertEquals(-1, t.receive(new byte[2000], 0, 2000, 1));
    assertEquals(1, t.droppedChangeCipherSpecs());

    // The retransmitted flight carries the CertificateVerify: now the ChangeCipherSpec passes.
    byte[] cv = handshake(15, 72);
    t.offerInbound(concat(cke, cv, ccs, finished));
    for (byte[] r : new byte[][] {cke, cv, ccs, finished}) {
      assertArrayEquals(r, receive(t));
    }
    assertEquals(1, t.droppedChangeCipherSpecs());
  }

  @Test
  void aCertificateVerifyCutShortByTheDatagramIsNotSeen() throws Exception {
    // Found by DtlsRecordFuzzTest: a record whose length claims a CertificateVerify header that
    // the datagram does not hold made the filter read past the datagram.
    QueueDatagramTransport t = new QueueDatagramTransport(1200, 8, () -> {});
    t.holdChangeCipherSpecUntilCertificateVerify();
    byte[] cut = java.util.Arrays.copyOf(handshake(15, 72), 20);
    byte[] ccs = record(20, 0, (byte) 1);
    byte[] buf = new byte[1200];
    t.offerInbound(cut);
    assertEquals(cut.length, t.receive(buf, 0, buf.length, 1));
    t.offerInbound(ccs);
    assertEquals(-1, t.receive(buf, 0, buf.length, 1), "still held: no CertificateVerify was seen");
    assertEquals(1, t.droppedChangeCipherSpecs());
  }

  /** Bouncy Castle reads into a buffer of getReceiveLimit() bytes and drops anything longer. */
  private static byte[] receive(QueueDatagramTransport t) throws Exception {
    byte[] buf = new byte[t.getReceiveLimit()];
    int n = t.receive(buf, 0, buf.length, 1);
    assertTrue(n >= 0 && n <= buf.length, "received " + n + " into " + buf.length);
    return java.util.Arrays.copyOf(buf, n);
  }

  /**
   * RFC 6347 §4.1 lets a datagram carry several records, and a peer's datagrams may be larger than
   * our MTU (Firefox sends 1,416 bytes). Each record is handed over on its own, so none is cut at
   * Bouncy Castle's buffer size.
   */
  @Test
  void receivesDatagramsLargerThanTheSendMtuRecordByRecord() throws Exception {
    QueueDatagramTransport t = new QueueDatagramTransport(1200, 8, () -> {});
    byte[] hello = handshake(1, 1391); // 1,416 bytes: Firefox's first ClientHello datagram
    assertEquals(1416, hello.length);
    t.offerInbound(hello);
    assertEquals(RecordFraming.MAX_RECORD_BYTES, t.getReceiveLimit(), "blocking: the largest legal record");
    assertArrayEquals(hello, receive(t));

    byte[] big = handshake(11, RecordFraming.MAX_RECORD_BYTES - 25); // the largest legal record
    byte[] small = handshake(12, 40);
    byte[] jumbo = concat(big, small, big, small); // 36,970 bytes in one datagram
    t.offerInbound(jumbo);
    for (byte[] r : new byte[][] {big, small, big, small}) {
      assertArrayEquals(r, receive(t));
    }

    // Once the loop drives the transport alone, the limit is the next record's exact size.
    t.setNonBlocking();
    t.offerInbound(concat(small, hello));
    assertEquals(small.length, t.getReceiveLimit());
    assertArrayEquals(small, receive(t));
    assertEquals(hello.length, t.getReceiveLimit());
    assertArrayEquals(hello, receive(t));
    assertThrows(QueueDatagramTransport.WouldBlock.class, () -> receive(t));
  }

  @Test
  void sendsNoDatagramLargerThanTheMtu() throws Exception {
    QueueDatagramTransport t = new QueueDatagramTransport(1200, 8, () -> {});
    assertEquals(1200, t.getSendLimit());
    for (int i = 0; i < 5; i++) {
      byte[] r = handshake(11, 500);
      t.send(r, 0, r.length);
    }
    t.flush();
    int datagrams = 0;
    for (byte[] d; (d = t.pollOutbound()) != null; datagrams++) {
      assertTrue(d.length <= 1200, d.length + " bytes");
    }
    assertEquals(3, datagrams, "two 525-byte records per datagram");
  }

  @Test
  void framingCheckNamesWhatIsWrong() {
    byte[] ok = concat(handshake(1, 100), record(23, 1, new byte[30]));
    assertNull(RecordFraming.check(ok, 0, ok.length));
    byte[] rtp = new byte[40];
    rtp[0] = (byte) 0x80;
    assertEquals(DtlsDropReason.NOT_DTLS, RecordFraming.check(rtp, 0, rtp.length));
    assertEquals(DtlsDropReason.TRUNCATED_RECORD, RecordFraming.check(ok, 0, 10), "shorter than a header");
    assertEquals(DtlsDropReason.TRUNCATED_RECORD, RecordFraming.check(ok, 0, ok.length - 1), "last record cut");
    assertEquals(DtlsDropReason.TRUNCATED_RECORD, RecordFraming.check(ok, 0, 125 + 5), "partial second header");
    byte[] oversize = record(23, 1, new byte[(1 << 14) + 2049]);
    assertEquals(DtlsDropReason.OVERSIZE_RECORD, RecordFraming.check(oversize, 0, oversize.length));
    byte[] largest = record(23, 1, new byte[(1 << 14) + 2048]);
    assertNull(RecordFraming.check(largest, 0, largest.length));
    byte[] huge = new byte[65_508];
    huge[0] = 23;
    assertEquals(DtlsDropReason.OVERSIZE_DATAGRAM, RecordFraming.check(huge, 0, huge.length));
    byte[] epoch2 = record(23, 1, new byte[30]);
    epoch2[4] = 2;
    assertEquals(DtlsDropReason.UNKNOWN_EPOCH, RecordFraming.check(epoch2, 0, epoch2.length), "never renegotiated");
    byte[] epoch256 = concat(handshake(1, 100), record(23, 1, new byte[30]));
    epoch256[125 + 3] = 1;
    assertEquals(DtlsDropReason.UNKNOWN_EPOCH, RecordFraming.check(epoch256, 0, epoch256.length), "in a later record");
  }
}
