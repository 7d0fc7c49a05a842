package org.rtc4j.dtls.bc;

import org.rtc4j.dtls.DtlsDropReason;

/**
 * How DTLS 1.2 records sit in a datagram (RFC 6347 §4.1): one or more records back to back, none
 * spanning datagrams, each a 13-byte header followed by {@code length} bytes.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     type      |            version            |     epoch     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     epoch     |                sequence_number (48 bits)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |            length             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  fragment (length bytes) ...
 * </pre>
 */
public final class RecordFraming {
  /** Bytes in a DTLS 1.2 record header. */
  public static final int HEADER_BYTES = 13;

  /**
   * The largest record a peer may send: a header and 2^14 + 2048 bytes of protected fragment
   * (RFC 6347 §4.1 refers to RFC 5246 §6.2.3, TLSCiphertext.length).
   */
  public static final int MAX_RECORD_BYTES = HEADER_BYTES + (1 << 14) + 2048;

  /** The highest epoch of a connection that never renegotiates: 0 for the handshake, 1 after it. */
  public static final int MAX_EPOCH = 1;

  /** The largest UDP payload (65,535 - 8 byte UDP header - 20 byte IPv4 header). */
  public static final int MAX_DATAGRAM_BYTES = 65_507;

  private RecordFraming() {}

  /**
   * Whether a received datagram is well-framed DTLS: null if so, else why it must be dropped. Only
   * the framing is checked (first byte, every record header, length and epoch); the content is
   * Bouncy Castle's business.
   */
  public static DtlsDropReason check(byte[] buf, int off, int len) {
    if (len > MAX_DATAGRAM_BYTES) {
      return DtlsDropReason.OVERSIZE_DATAGRAM;
    }
    if (len < 1 || (buf[off] & 0xFF) < 20 || (buf[off] & 0xFF) > 63) {
      return DtlsDropReason.NOT_DTLS;
    }
    int end = off + len;
    for (int p = off; p < end; ) {
      if (end - p < HEADER_BYTES) {
        return DtlsDropReason.TRUNCATED_RECORD;
      }
      int recordBytes = recordBytes(buf, p);
      if (recordBytes > MAX_RECORD_BYTES) {
        return DtlsDropReason.OVERSIZE_RECORD;
      }
      if (recordBytes > end - p) {
        return DtlsDropReason.TRUNCATED_RECORD;
      }
      if (((buf[p + 3] & 0xFF) << 8 | (buf[p + 4] & 0xFF)) > MAX_EPOCH) {
        return DtlsDropReason.UNKNOWN_EPOCH;
      }
      p += recordBytes;
    }
    return null;
  }

  /** The whole record's size (header included) of the record header at {@code off}. */
  public static int recordBytes(byte[] buf, int off) {
    return HEADER_BYTES + ((buf[off + 11] & 0xFF) << 8 | (buf[off + 12] & 0xFF));
  }
}
