package org.rtc4j.dtls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QueueDatagramTransportTest {

  /** A DTLS 1.2 record (RFC 6347 §4.1) with the given type, epoch and body. */
  static byte[] record(int type, int epoch, byte... body) {
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
    byte[] buf = new byte[1200];

    // CertificateVerify lost: the ChangeCipherSpec is cut out, the other records stay.
    t.offerInbound(concat(cke, ccs, finished));
    int n = t.receive(buf, 0, buf.length, 1);
    assertArrayEquals(concat(cke, finished), java.util.Arrays.copyOf(buf, n));
    assertEquals(1, t.droppedChangeCipherSpecs());

    // The retransmitted flight carries the CertificateVerify: now the ChangeCipherSpec passes.
    byte[] cv = handshake(15, 72);
    byte[] flight = concat(cke, cv, ccs, finished);
    t.offerInbound(flight);
    n = t.receive(buf, 0, buf.length, 1);
    assertArrayEquals(flight, java.util.Arrays.copyOf(buf, n));
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
    assertEquals(0, t.receive(buf, 0, buf.length, 1), "still held: no CertificateVerify was seen");
    assertEquals(1, t.droppedChangeCipherSpecs());
  }
}
