package org.rtc4j.peer.internal;

import java.util.List;
import java.util.Random;
import org.rtc4j.peer.internal.jfr.RtcpReportEvent;
import org.rtc4j.rtcp.FullIntraRequest;
import org.rtc4j.rtcp.GenericNack;
import org.rtc4j.rtcp.NtpTime;
import org.rtc4j.rtcp.PictureLossIndication;
import org.rtc4j.rtcp.ReportBlock;
import org.rtc4j.rtcp.RtcpHeader;
import org.rtc4j.rtcp.RtcpPacket;
import org.rtc4j.rtcp.Remb;
import org.rtc4j.rtcp.RtcpWriter;
import org.rtc4j.rtcp.SenderReport;
import org.rtc4j.rtcp.TransportCc;

/**
 * RTCP for the whole connection (RFC 3550 §6, RFC 4585): sender and receiver reports with SDES
 * CNAME on a randomized interval (a deadline, §6.3.1: 0.5 to 1.5 times 1 s, as WebRTC stacks
 * use), NACK and PLI when the receive side asks, BYE on close; and what the peer sends: its
 * reports (loss, jitter, round-trip time for {@code remote-inbound-rtp}), NACKs answered from the
 * send history, PLI and FIR passed to the application.
 *
 * <p>Received compounds are walked in place with {@link RtcpHeader}; packets are written with
 * {@link RtcpWriter} into pooled buffers. Neither allocates. A compound whose lengths do not add
 * up is counted and the rest of it ignored.
 */
final class RtcpSession {
  private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
  private static final int MAX_REPORT_BLOCKS = 31;

  private final PeerCore core;
  private final BufferPool pool;
  private final Random random;
  private final byte[] cname;
  private final int ssrc;
  private final long wallOffsetNanos;
  private long nextReportNanos = Long.MAX_VALUE;
  private final int[] byeSsrcs = new int[31];
  long malformed;
  /** Compounds longer than {@link #MAX_COMPOUND_BYTES}, dropped unread. */
  long oversize;
  /**
   * The longest compound RTCP packet read: a packet buffer of the loop's pool. Every RTCP packet a
   * WebRTC peer sends fits one MTU; a longer one (UDP carries up to 64 KB) would have the NACK
   * walker retransmit thousands of packets for one datagram, so it is dropped and counted.
   */
  static final int MAX_COMPOUND_BYTES = BufferPool.BUFFER_SIZE;
  long reportsSent;
  long byesReceived;

  /**
   * @param wallOffsetNanos Unix time in nanoseconds minus the core's clock, for NTP timestamps
   */
  RtcpSession(PeerCore core, BufferPool pool, Random random, byte[] cname, int ssrc, long wallOffsetNanos) {
    this.core = core;
    this.pool = pool;
    this.random = random;
    this.cname = cname;
    this.ssrc = ssrc;
    this.wallOffsetNanos = wallOffsetNanos;
  }

  /** SRTP is keyed: reports start. */
  void start(long nowNanos) {
    nextReportNanos = nowNanos + interval();
  }

  void stop() {
    nextReportNanos = Long.MAX_VALUE;
  }

  long pollTimeout() {
    return nextReportNanos;
  }

  void handleTimeout(long nowNanos) {
    if (nowNanos - nextReportNanos >= 0) {
      nextReportNanos = nowNanos + interval();
      sendReports(nowNanos);
    }
  }

  /** RFC 3550 §6.3.1: the interval randomized over [0.5, 1.5] of its nominal value. */
  private long interval() {
    return (long) ((0.5 + random.nextDouble()) * REPORT_INTERVAL_NANOS);
  }

  /** NTP time of a core-clock instant (RFC 3550 §4). */
  long ntp(long nowNanos) {
    return NtpTime.fromUnixNanos(nowNanos + wallOffsetNanos);
  }

  // ------------------------------------------------------------------ sending

  /** RFC 3550 §6.4: an SR per sending stream (or one RR), the report blocks, and SDES CNAME. */
  void sendReports(long nowNanos) {
    List<Transceiver> all = core.transceivers();
    int receiving = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).receive.started) {
        receiving++;
      }
    }
    int blocks = Math.min(receiving, MAX_REPORT_BLOCKS);
    long ntp = ntp(nowNanos);
    byte[] buf = pool.take();
    int p = 0;
    int reporter = ssrc;
    boolean first = true;
    for (int i = 0; i < all.size() && p < 1000; i++) {
      Transceiver t = all.get(i);
      SendStream s = t.send;
      if (s.packetsSent == 0) {
        continue;
      }
      long elapsedTs = (nowNanos - s.lastSendNanos) * clockRateOf(s, t) / 1_000_000_000L;
      p += RtcpWriter.senderReport(buf, p, (int) s.ssrc, ntp, (s.lastRtpTimestamp + elapsedTs) & 0xFFFF_FFFFL,
          s.packetsSent, s.payloadBytesSent, first ? blocks : 0);
      if (first) {
        p = writeBlocks(buf, p, nowNanos, blocks);
        reporter = (int) s.ssrc;
        first = false;
      }
    }
    if (first) {
      if (blocks == 0) {
        pool.give(buf);
        return;
      }
      p += RtcpWriter.receiverReport(buf, p, ssrc, blocks);
      p = writeBlocks(buf, p, nowNanos, blocks);
    }
    p += RtcpWriter.sdesCname(buf, p, reporter, cname);
    reportsSent++;
    sendProtected(buf, p);
  }

  private int writeBlocks(byte[] buf, int p, long nowNanos, int blocks) {
    List<Transceiver> all = core.transceivers();
    for (int i = 0, written = 0; i < all.size() && written < blocks; i++) {
      ReceiveStream rs = all.get(i).receive;
      if (!rs.started) {
        continue;
      }
      long expected = rs.expected();
      long expectedInterval = expected - rs.expectedPrior;
      long receivedInterval = rs.received - rs.receivedPrior;
      rs.expectedPrior = expected;
      rs.receivedPrior = rs.received;
      long lostInterval = expectedInterval - receivedInterval;
      int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
      long dlsr = rs.lastSrNtpMiddle == 0 ? 0 : NtpTime.compactDuration(nowNanos - rs.lastSrArrivalNanos);
      p += RtcpWriter.reportBlock(buf, p, (int) rs.ssrc, fraction, rs.cumulativeLost(),
          rs.extendedMax() & 0xFFFF_FFFFL, (long) rs.jitter, rs.lastSrNtpMiddle, dlsr);
      written++;
    }
    return p;
  }

  /** A generic NACK for {@code seqs[0, count)} of {@code t}'s remote stream. */
  void sendNack(Transceiver t, int[] seqs, int count) {
    ReceiveStream rs = t.receive;
    rs.nackCount++;
    byte[] buf = pool.take();
    int n = RtcpWriter.nack(buf, 0, senderSsrc(), (int) rs.ssrc, seqs, Math.min(count, 300));
    sendProtected(buf, n);
  }

  /** A picture loss indication for {@code t}'s remote stream (at most every 200 ms unless asked). */
  void sendPli(long nowNanos, Transceiver t) {
    ReceiveStream rs = t.receive;
    if (rs.ssrc < 0) {
      return;
    }
    rs.lastPliNanos = nowNanos;
    rs.pliCount++;
    byte[] buf = pool.take();
    sendProtected(buf, RtcpWriter.pli(buf, 0, senderSsrc(), (int) rs.ssrc));
  }

  /** RFC 3550 §6.6: BYE for every SSRC we sent on, when the connection closes. */
  void sendBye() {
    List<Transceiver> all = core.transceivers();
    int n = 0;
    for (int i = 0; i < all.size() && n < byeSsrcs.length - 1; i++) {
      SendStream s = all.get(i).send;
      if (s.packetsSent > 0) {
        byeSsrcs[n++] = (int) s.ssrc;
        if (s.retransmittedPacketsSent > 0) {
          byeSsrcs[n++] = (int) s.rtxSsrc;
        }
      }
    }
    if (n == 0) {
      return;
    }
    byte[] buf = pool.take();
    int p = RtcpWriter.receiverReport(buf, 0, ssrc, 0);
    p += RtcpWriter.bye(buf, p, byeSsrcs, n);
    sendProtected(buf, p);
  }

  /** Protects a compound RTCP packet in a pooled buffer and queues it (the queue owns the buffer). */
  void sendProtected(byte[] buf, int len) {
    int n = core.protectRtcp(buf, len);
    if (n < 0) {
      pool.give(buf);
      return;
    }
    core.transmitPooled(buf, n);
  }

  /** The SSRC our feedback is sent from: the first sending stream's, else the connection's own. */
  private int senderSsrc() {
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).track != null) {
        return (int) all.get(i).send.ssrc;
      }
    }
    return ssrc;
  }

  /** The round trip time from the peer's reports on what we send (RFC 3550 §6.4.1), or -1. */
  long roundTripTimeNanos() {
    double rtt = Double.NaN;
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      double r = all.get(i).send.roundTripTime;
      if (!Double.isNaN(r)) {
        rtt = r;
      }
    }
    return Double.isNaN(rtt) ? -1 : (long) (rtt * 1e9);
  }

  /**
   * NACK retry spacing: a little more than a round trip (1.5 RTT), at least 15 ms; {@code rttNanos}
   * is the best round trip known for the stream (-1: none yet, 15 ms).
   */
  static long nackRetryNanos(long rttNanos) {
    return rttNanos < 0 ? 15_000_000L : Math.max(15_000_000L, rttNanos * 3 / 2);
  }

  // ------------------------------------------------------------------ receiving

  /** An unprotected compound RTCP packet, borrowed for the call. */
  void handleRtcp(long nowNanos, byte[] b, int off, int len) {
    if (len > MAX_COMPOUND_BYTES) {
      oversize++;
      return;
    }
    int end = off + len;
    for (int p = off; p < end; ) {
      if (!RtcpHeader.valid(b, p, end)) {
        malformed++;
        return;
      }
      int plen = RtcpHeader.length(b, p);
      handlePacket(nowNanos, RtcpHeader.count(b, p), RtcpHeader.packetType(b, p), b, p, plen);
      p += plen;
    }
  }

  private void handlePacket(long nowNanos, int fmt, int type, byte[] b, int p, int plen) {
    switch (type) {
      case RtcpPacket.SR:
        if (plen >= 28) {
          long sender = RtcpHeader.senderSsrc(b, p) & 0xFFFF_FFFFL;
          List<Transceiver> all = core.transceivers();
          for (int i = 0; i < all.size(); i++) {
            ReceiveStream rs = all.get(i).receive;
            if (rs.ssrc == sender) {
              long ntp = SenderReport.ntpTimestampAt(b, p);
              rs.lastSrNtpMiddle = NtpTime.compact(ntp);
              rs.lastSrArrivalNanos = nowNanos;
              rs.senderReport(ntp, u32(b, p + 20), u32(b, p + 24)); // RFC 3550 §6.4.1 packet and octet counts
            }
          }
          reportBlocks(nowNanos, b, p + 28, Math.min(fmt, (plen - 28) / ReportBlock.LENGTH));
        }
        break;
      case RtcpPacket.RR:
        if (plen >= 8) {
          reportBlocks(nowNanos, b, p + 8, Math.min(fmt, (plen - 8) / ReportBlock.LENGTH));
        }
        break;
      case RtcpPacket.RTPFB:
        if (fmt == TransportCc.FMT) {
          if (!core.congestion().handleTransportFeedback(nowNanos, b, p, plen)) {
            malformed++;
          }
        } else if (fmt == GenericNack.FMT && plen >= 16) {
          Transceiver t = senderOf(RtcpHeader.mediaSsrc(b, p));
          if (t != null) {
            t.send.nackCount++;
            for (int q = p + 12; q + 4 <= p + plen; q += 4) {
              int pid = GenericNack.pidAt(b, q);
              int blp = GenericNack.blpAt(b, q);
              core.sender().retransmit(nowNanos, t, pid);
              for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                  core.sender().retransmit(nowNanos, t, (pid + bit + 1) & 0xFFFF);
                }
              }
            }
          }
        }
        break;
      case RtcpPacket.PSFB:
        if (fmt == PictureLossIndication.FMT && plen >= 12) {
          Transceiver t = senderOf(RtcpHeader.mediaSsrc(b, p));
          if (t != null) {
            t.send.pliCount++;
            core.emit(new PeerEvent.KeyFrameRequested(t));
          }
        } else if (fmt == Remb.FMT) {
          long bps = Remb.readBitrate(b, p, plen);
          if (bps >= 0) {
            core.congestion().handleRemb(nowNanos, bps);
          }
        } else if (fmt == FullIntraRequest.FMT && plen >= 20) {
          for (int q = p + 12; q + 8 <= p + plen; q += 8) {
            Transceiver t = senderOf(FullIntraRequest.entrySsrcAt(b, q));
            if (t != null) {
              t.send.firCount++;
              core.emit(new PeerEvent.KeyFrameRequested(t));
            }
          }
        }
        break;
      case RtcpPacket.BYE:
        byesReceived++; // RFC 3550 §6.6: the peer's streams end; the transport's close follows
        break;
      default:
        break;
    }
  }

  private void reportBlocks(long nowNanos, byte[] b, int at, int count) {
    for (int i = 0; i < count; i++, at += ReportBlock.LENGTH) {
      Transceiver t = senderOf(ReportBlock.ssrcAt(b, at));
      if (t == null) {
        continue;
      }
      SendStream s = t.send;
      s.reportsReceived++;
      s.fractionLost = ReportBlock.fractionLostAt(b, at);
      s.packetsLost = ReportBlock.cumulativeLostAt(b, at);
      s.remoteJitter = ReportBlock.jitterAt(b, at);
      long lsr = ReportBlock.lastSrAt(b, at);
      long rttNanos = -1;
      if (lsr != 0) {
        long rtt = (NtpTime.compact(ntp(nowNanos)) - lsr - ReportBlock.delaySinceLastSrAt(b, at)) & 0xFFFF_FFFFL;
        if (rtt < 0x8000_0000L) {
          s.roundTripTime = rtt / 65536.0;
          rttNanos = (rtt * 1_000_000_000L) >>> 16;
          core.congestion().handleRoundTripTime(nowNanos, rttNanos);
          s.totalRoundTripTime += s.roundTripTime;
          s.roundTripTimeMeasurements++;
        }
      }
      RtcpReportEvent.emit(core.id(), s.ssrc, rttNanos, s.fractionLost, s.packetsLost, s.remoteJitter);
    }
  }

  private static long u32(byte[] b, int p) {
    return ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFFL) << 16) | ((b[p + 2] & 0xFFL) << 8) | (b[p + 3] & 0xFFL);
  }

  private Transceiver senderOf(int mediaSsrc) {
    long ssrc = mediaSsrc & 0xFFFF_FFFFL;
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).send.ssrc == ssrc) {
        return all.get(i);
      }
    }
    return null;
  }

  private static long clockRateOf(SendStream s, Transceiver t) {
    CodecParams c = t.codecFor(s.lastPayloadType);
    return c != null ? c.codec().clockRate() : 90_000;
  }
}
