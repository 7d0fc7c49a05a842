package org.rtc4j.dtls.bc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Coverage-guided fuzzing of the DTLS record walking rtc4j does itself before Bouncy Castle sees a
 * datagram (FUZZING.md): {@link QueueDatagramTransport}'s filter that holds back an epoch-0
 * ChangeCipherSpec until the client's CertificateVerify has arrived (RFC 6347 §4.1 record header,
 * §4.2.2 handshake header). Everything else of the record layer and the handshake reassembly is
 * Bouncy Castle's. Seeds: {@code DtlsRecordFuzzTestInputs/filter}, flights as the unit tests build them.
 */
class DtlsRecordFuzzTest {

  /**
   * Any datagram, received twice: the filter throws nothing, hands Bouncy Castle at most what
   * arrived, record by record, and removes exactly the epoch-0 ChangeCipherSpec records that come
   * before a complete epoch-0 CertificateVerify, as a plain model of the rule computes them.
   */
  @FuzzTest(maxDuration = "5m")
  void filter(byte[] data) throws IOException {
    QueueDatagramTransport t = new QueueDatagramTransport(1500, 8, () -> {});
    t.holdChangeCipherSpecUntilCertificateVerify();
    Model model = new Model();
    byte[] buf = new byte[data.length + 1];
    // the datagram, then its retransmission: what the first one showed carries over
    for (int k = 0; k < 2; k++) {
      byte[] datagram = data;
      t.offerInbound(datagram.clone());
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      for (int records = 0; records <= datagram.length; records++) {
        int n = t.receive(buf, 0, buf.length, 0);
        if (n < 0) {
          break; // nothing more: Bouncy Castle would wait
        }
        assertTrue(n <= datagram.length, "a record of " + n + " bytes from a datagram of " + datagram.length);
        got.write(buf, 0, n);
      }
      assertArrayEquals(model.filter(datagram), got.toByteArray(), "what Bouncy Castle is handed");
      assertEquals(model.dropped, t.droppedChangeCipherSpecs());
    }
  }

  /** The rule, written plainly: whole records only, never reading past the datagram. */
  private static final class Model {
    boolean certificateVerifySeen;
    int dropped;

    byte[] filter(byte[] d) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      int off = 0;
      while (off + 13 <= d.length) {
        int type = d[off] & 0xFF;
        int epoch = u16(d, off + 3);
        int len = u16(d, off + 11);
        int end = Math.min(d.length, off + 13 + len);
        boolean drop = false;
        // a handshake header (12 bytes) must be there, in the record and in the datagram
        if (epoch == 0 && type == 22 && len >= 12 && end - (off + 13) >= 12 && (d[off + 13] & 0xFF) == 15) {
          if (u24(d, off + 19) == 0 && u24(d, off + 22) == u24(d, off + 14)) {
            certificateVerifySeen = true;
          }
        } else if (epoch == 0 && type == 20 && !certificateVerifySeen) {
          drop = true;
          dropped++;
        }
        if (!drop) {
          out.write(d, off, end - off);
        }
        off = end;
      }
      out.write(d, off, d.length - off);
      return out.toByteArray();
    }

    private static int u16(byte[] b, int i) {
      return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF);
    }

    private static int u24(byte[] b, int i) {
      return (b[i] & 0xFF) << 16 | u16(b, i + 1);
    }
  }
}
