package org.rtc4j.rtcp;

import java.util.List;

/**
 * Receiver report (RFC 3550 §6.4.2).
 *
 * <pre>
 * |V=2|P|    RC   |   PT=RR=201   |             length            |
 * |                     SSRC of packet sender                     |
 * |                 report blocks (24 bytes each)                 |
 * </pre>
 *
 * @param ssrc reporter SSRC
 * @param reports up to 31 reception report blocks
 */
public record ReceiverReport(int ssrc, List<ReportBlock> reports) implements RtcpPacket {

  /** Copies the list and checks there are at most 31 report blocks. */
  public ReceiverReport {
    reports = List.copyOf(reports);
    if (reports.size() > 31) {
      throw new IllegalArgumentException("at most 31 report blocks, got " + reports.size());
    }
  }

  @Override
  public int packetType() {
    return RR;
  }

  @Override
  public int encodedLength() {
    return 8 + ReportBlock.LENGTH * reports.size();
  }

  @Override
  public int writeTo(byte[] dst, int off) {
    int p = off + RtcpWriter.receiverReport(dst, off, ssrc, reports.size());
    for (int i = 0; i < reports.size(); i++) {
      p += reports.get(i).write(dst, p);
    }
    return p - off;
  }
}
