package org.rtc4j.rtcp;

import java.util.List;

/**
 * Sender report (RFC 3550 §6.4.1).
 *
 * <pre>
 * |V=2|P|    RC   |   PT=SR=200   |             length            |
 * |                         SSRC of sender                        |
 * |              NTP timestamp, most significant word             |
 * |             NTP timestamp, least significant word             |
 * |                         RTP timestamp                         |
 * |                     sender's packet count                     |
 * |                      sender's octet count                     |
 * |                 report blocks (24 bytes each)                 |
 * </pre>
 *
 * Profile-specific extensions after the report blocks are skipped when reading.
 *
 * @param ssrc sender SSRC
 * @param ntpTimestamp 64-bit NTP timestamp
 * @param rtpTimestamp RTP timestamp of the same instant (unsigned 32)
 * @param packetCount packets sent (unsigned 32)
 * @param octetCount payload octets sent (unsigned 32)
 * @param reports up to 31 reception report blocks
 */
public record SenderReport(int ssrc, long ntpTimestamp, long rtpTimestamp, long packetCount,
    long octetCount, List<ReportBlock> reports) implements RtcpPacket {

  /** Copies the list and checks there are at most 31 report blocks. */
  public SenderReport {
    reports = List.copyOf(reports);
    if (reports.size() > 31) {
      throw new IllegalArgumentException("at most 31 report blocks, got " + reports.size());
    }
  }

  /** The NTP timestamp of the sender report at {@code b[p]} (which has its 28 bytes), without parsing it. */
  public static long ntpTimestampAt(byte[] b, int p) {
    return (Bytes.u32(b, p + 8) << 32) | Bytes.u32(b, p + 12);
  }

  /** The middle 32 bits of the NTP timestamp, which receivers echo as LSR. */
  public long compactNtp() {
    return (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
  }

  @Override
  public int packetType() {
    return SR;
  }

  @Override
  public int encodedLength() {
    return 28 + ReportBlock.LENGTH * reports.size();
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int p = off + RtcpWriter.senderReport(dst, off, ssrc, ntpTimestamp, rtpTimestamp, packetCount, octetCount,
        reports.size());
    for (int i = 0; i < reports.size(); i++) {
      p += reports.get(i).write(dst, p);
    }
    return p - off;
  }
}
