package org.rtc4j.peer.internal;

import java.util.List;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.internal.cc.CongestionConfig;
import org.rtc4j.peer.internal.cc.CongestionController;
import org.rtc4j.peer.internal.cc.Pacer;
import org.rtc4j.peer.internal.cc.PacerConfig;
import org.rtc4j.peer.internal.cc.RembGenerator;
import org.rtc4j.peer.internal.cc.TransportFeedbackGenerator;
import org.rtc4j.rtp.RtpExtensions;
import org.rtc4j.rtp.RtpHeaderWriter;
import org.rtc4j.rtp.RtpPacket;
import org.rtc4j.rtp.internal.RtpRetransmission;

/**
 * The connection's congestion control as the core drives it (see {@code internal.cc}): every RTP
 * packet it sends waits in the {@link Pacer} (audio first, then retransmissions, then video), gets
 * its transport-wide sequence number and abs-send-time when it leaves, then SRTP and the socket;
 * the send-side estimator ({@link CongestionController}) learns from the peer's transport-cc
 * feedback or REMB and from RTCP round trips, and sets the pacing rate and the target bitrate the
 * application hears. On the receive side it writes transport-cc feedback for the peer (or REMB for
 * a peer that only speaks REMB).
 *
 * <p>Without any congestion feedback negotiated the pacer still smooths bursts, at a rate far
 * above anything a peer of that kind could report, so nothing is held back.
 */
final class CongestionControl {
  /** The pacing target when the peer gives no feedback: smoothing only. */
  private static final long UNLIMITED_BPS = 100_000_000L;
  /** What an audio sender is assumed to use when the target is shared out (Opus at its usual rate). */
  private static final long AUDIO_BUDGET_BPS = 40_000L;
  /** RFC 3550 §5.1 padding: at most 255 bytes, the count in the last one. */
  private static final int MAX_PADDING = 255;

  private final PeerCore core;
  private final BufferPool pool;
  private final CongestionController estimator;
  private final Pacer pacer = new Pacer(PacerConfig.DEFAULT);
  private final PacketTable packets;
  private final RtpPacket view = new RtpPacket();
  private final RtpHeaderWriter header = new RtpHeaderWriter();
  private final int feedbackSsrc;
  private TransportFeedbackGenerator feedback;
  private RembGenerator remb;
  private boolean feedbackNegotiated;
  private long reportedTargetBps = -1;
  private long reportedAtNanos;
  long paddingSent;

  CongestionControl(PeerCore core, BufferPool pool, int feedbackSsrc, long nowNanos) {
    this.core = core;
    this.pool = pool;
    this.packets = new PacketTable(pool);
    this.feedbackSsrc = feedbackSsrc;
    this.estimator = new CongestionController(CongestionConfig.DEFAULT, nowNanos);
    pacer.setTargetBitrate(UNLIMITED_BPS);
  }

  /** After a negotiation: whether the peer will send transport-cc or REMB for what we send. */
  void configure(List<Transceiver> transceivers) {
    boolean any = false;
    for (int i = 0; i < transceivers.size(); i++) {
      for (CodecParams c : transceivers.get(i).negotiated) {
        any |= c.transportCc() || c.remb();
      }
    }
    if (any != feedbackNegotiated) {
      feedbackNegotiated = any;
      if (any) {
        estimator.updatePacer(pacer);
      } else {
        pacer.setTargetBitrate(UNLIMITED_BPS);
      }
    }
  }

  // ------------------------------------------------------------------ sending

  /**
   * Queues an RTP packet in a pooled buffer (the table owns it from now on), written with
   * placeholders for the transport-wide sequence number and abs-send-time where negotiated.
   * {@code flags}: {@link PacketTable#KEEP_PROTECTED} puts the protected packet into {@code t}'s send
   * history when it leaves; {@link PacketTable#PROTECTED} sends it as it is. Returns false, having
   * released the buffer, when the queue is full.
   */
  boolean enqueue(long nowNanos, byte[] buf, int len, int priority, Transceiver t, int flags) {
    int handle = packets.add(buf, len, t, flags);
    if (!pacer.enqueue(nowNanos, handle, len, priority)) {
      packets.release(handle);
      return false;
    }
    return true;
  }

  /** Adds the placeholder extensions a sent packet carries to a header being written. */
  void addPlaceholders(RtpHeaderWriter h) {
    HeaderExtensions x = core.extensions();
    if (x.transportCc() > 0) {
      h.addExtensionValue(x.transportCc(), 0, 2);
    }
    if (x.absSendTime() > 0) {
      h.addExtensionValue(x.absSendTime(), 0, 3);
    }
  }

  /** Sends every packet the pacer lets leave now. */
  void drain(long nowNanos) {
    if (feedbackNegotiated) {
      estimator.updatePacer(pacer);
    }
    for (int h; (h = pacer.poll(nowNanos)) != Pacer.NONE; ) {
      int cluster = pacer.probeClusterId();
      if (h == Pacer.PADDING) {
        sendPadding(nowNanos, cluster, pacer.paddingBytes());
        continue;
      }
      byte[] buf = packets.buffer(h);
      int len = packets.length(h);
      Transceiver t = packets.owner(h);
      int flags = packets.flags(h);
      packets.forget(h); // the buffer is ours to send now
      if ((flags & PacketTable.PROTECTED) != 0) {
        core.transmitPooled(buf, len);
      } else {
        send(nowNanos, buf, len, cluster, false, (flags & PacketTable.KEEP_PROTECTED) != 0 ? t : null);
      }
    }
  }

  private void send(long nowNanos, byte[] buf, int len, int cluster, boolean padding, Transceiver keepFor) {
    HeaderExtensions x = core.extensions();
    if ((x.transportCc() > 0 || x.absSendTime() > 0) && view.wrap(buf, 0, len) == RtpPacket.Status.OK) {
      if (x.transportCc() > 0) {
        view.setExtensionValue(x.transportCc(), estimator.handlePacketSent(nowNanos, len, cluster, padding));
      }
      if (x.absSendTime() > 0) {
        view.setExtensionValue(x.absSendTime(), RtpExtensions.absSendTime(nowNanos));
      }
    }
    int n = core.protectRtp(buf, len);
    if (n < 0) {
      pool.give(buf);
      return;
    }
    if (keepFor != null && keepFor.send.history != null && view.wrap(buf, 0, n) == RtpPacket.Status.OK) {
      keepFor.send.history.store(nowNanos, view.sequenceNumber(), buf, 0, n);
    }
    core.transmitPooled(buf, n);
  }

  /**
   * A probe with no media to carry it: an RTP packet of padding only (RFC 3550 §5.1) on the RTX
   * stream of a video sender that has one (RFC 4588 §8.1: the receiver drops it), else on its media
   * stream, where the jitter buffer counts it as a frame boundary.
   */
  private void sendPadding(long nowNanos, int cluster, int bytes) {
    Transceiver video = null;
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      if (t.kind == MediaKind.VIDEO && t.sending() && t.send.packetsSent > 0
          && (video == null || rtxOf(t) >= 0 && rtxOf(video) < 0)) {
        video = t;
      }
    }
    if (video == null) {
      return;
    }
    SendStream s = video.send;
    int rtx = rtxOf(video);
    if (rtx >= 0 && !s.historyHoldsProtected && s.history != null && s.history.newest() >= 0) {
      // libwebrtc's choice: a probe of full-size packets, RTX copies of the newest one (RFC 4588).
      byte[] kept = s.history.find(s.history.newest());
      int keptLen = s.history.length(s.history.newest());
      if (view.wrap(kept, 0, keptLen) == RtpPacket.Status.OK) {
        byte[] buf = pool.take();
        int payload = view.payloadLength();
        int len = RtpRetransmission.wrap(view, buf, 0, rtx, (int) s.rtxSsrc, s.rtxSeq);
        s.rtxSeq = (s.rtxSeq + 1) & 0xFFFF;
        s.countRetransmission(payload, len - payload);
        paddingSent++; // the receiver counts an RTX copy as a retransmission of the stream: so does the sender
        send(nowNanos, buf, len, cluster, true, null);
        return;
      }
    }
    header.reset().payloadType(rtx >= 0 ? rtx : s.lastPayloadType).timestamp(s.lastRtpTimestamp);
    if (rtx >= 0) {
      header.ssrc((int) s.rtxSsrc).sequenceNumber(s.rtxSeq);
      s.rtxSeq = (s.rtxSeq + 1) & 0xFFFF;
    } else {
      header.ssrc((int) s.ssrc).sequenceNumber(s.seq);
      s.seq = (s.seq + 1) & 0xFFFF;
    }
    addPlaceholders(header);
    int padding = Math.max(1, Math.min(MAX_PADDING, bytes - header.encodedLength()));
    byte[] buf = pool.take();
    int len = header.writePacket(buf, 0, buf, 0, 0, padding);
    paddingSent++;
    if (rtx < 0) { // a packet of the media stream, which its receiver counts
      s.packetsSent++;
      s.headerBytesSent += len;
    }
    send(nowNanos, buf, len, cluster, true, null);
  }

  private static int rtxOf(Transceiver t) {
    CodecParams c = t.codecFor(t.send.lastPayloadType);
    return c == null ? -1 : c.rtxPayloadType();
  }

  // ------------------------------------------------------------------ feedback in

  /** An RTCP transport-cc feedback packet ({@code buf[p, p + len)}); false if malformed. */
  boolean handleTransportFeedback(long nowNanos, byte[] buf, int p, int len) {
    boolean ok = estimator.handleTransportFeedback(nowNanos, buf, p, len);
    afterFeedback(nowNanos);
    return ok;
  }

  void handleRemb(long nowNanos, long bitrateBps) {
    estimator.handleRemb(nowNanos, bitrateBps);
    afterFeedback(nowNanos);
  }

  void handleRoundTripTime(long nowNanos, long rttNanos) {
    estimator.handleRoundTripTime(nowNanos, rttNanos);
    if (remb != null) {
      remb.handleRoundTripTime(rttNanos);
    }
  }

  private void afterFeedback(long nowNanos) {
    if (feedbackNegotiated) {
      estimator.updatePacer(pacer);
      reportTarget(nowNanos);
    }
  }

  /**
   * Tells the senders their share of the target when it moved by 5% or more (or a second passed):
   * each audio sender {@link #AUDIO_BUDGET_BPS}, the video senders the rest in equal parts, each
   * capped at its maximum.
   */
  private void reportTarget(long nowNanos) {
    long target = estimator.targetBitrateBps();
    if (reportedTargetBps >= 0 && Math.abs(target - reportedTargetBps) * 20 < reportedTargetBps
        && nowNanos - reportedAtNanos < 1_000_000_000L) {
      return;
    }
    reportedTargetBps = target;
    reportedAtNanos = nowNanos;
    List<Transceiver> all = core.transceivers();
    int video = 0;
    long audio = 0;
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      if (t.sending()) {
        if (t.kind == MediaKind.VIDEO) {
          video++;
        } else {
          audio += AUDIO_BUDGET_BPS;
        }
      }
    }
    long share = video == 0 ? 0 : Math.max(0, target - audio) / video;
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      if (!t.sending()) {
        continue;
      }
      long bps = t.kind == MediaKind.VIDEO ? share : Math.min(AUDIO_BUDGET_BPS, target);
      long max = t.send.maxBitrateBps;
      bps = max > 0 ? Math.min(bps, max) : bps;
      if (bps != t.send.targetBitrateBps) {
        t.send.targetBitrateBps = bps;
        core.emit(new PeerEvent.TargetBitrate(t, bps));
      }
    }
  }

  /** The senders' maximums changed: the estimate never goes above their sum (when all have one). */
  void updateMaxBitrate(List<Transceiver> all) {
    long sum = 0;
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      if (t.track != null && t.kind == MediaKind.VIDEO) {
        if (t.send.maxBitrateBps <= 0) {
          return; // one without a maximum: no cap
        }
        sum += t.send.maxBitrateBps;
      }
    }
    if (sum > 0) {
      estimator.setMaxBitrateBps(sum + AUDIO_BUDGET_BPS);
    }
  }

  // ------------------------------------------------------------------ feedback out

  /** A received RTP packet (unprotected, wrapped in {@code p}): what the feedback generators need. */
  void handleReceived(long nowNanos, RtpPacket p, int mediaSsrc) {
    HeaderExtensions x = core.extensions();
    int twcc = x.remoteTransportCc();
    if (twcc > 0) {
      long seq = p.extensionValue(twcc);
      if (seq >= 0) {
        if (feedback == null) {
          feedback = new TransportFeedbackGenerator(feedbackSsrc);
          feedback.setMediaSsrc(mediaSsrc);
        }
        feedback.handlePacket(nowNanos, (int) seq);
        return;
      }
    }
    int abs = x.remoteAbsSendTime();
    if (abs > 0) {
      long v = p.extensionValue(abs);
      if (v >= 0) {
        if (remb == null) {
          remb = new RembGenerator(feedbackSsrc, CongestionConfig.DEFAULT);
        }
        remb.handlePacket(nowNanos, (int) v, p.length(), mediaSsrc);
      }
    }
  }

  /** Writes due feedback packets (transport-cc, else REMB) and sends them as SRTCP. */
  void sendFeedback(long nowNanos) {
    if (feedback != null && feedback.pollTimeout() <= nowNanos) {
      for (int n; ; ) {
        byte[] buf = pool.take();
        n = feedback.pollFeedback(nowNanos, buf, 0);
        if (n <= 0) {
          pool.give(buf);
          break;
        }
        core.rtcp().sendProtected(buf, n);
      }
    }
    if (remb != null && remb.pollTimeout() <= nowNanos) {
      byte[] buf = pool.take();
      int n = remb.pollRemb(nowNanos, buf, 0);
      if (n > 0) {
        core.rtcp().sendProtected(buf, n);
      } else {
        pool.give(buf);
      }
    }
  }

  // ------------------------------------------------------------------ time

  void handleTimeout(long nowNanos) {
    if (feedbackNegotiated && estimator.pollTimeout() <= nowNanos) {
      estimator.handleTimeout(nowNanos);
      afterFeedback(nowNanos);
    }
    sendFeedback(nowNanos);
    drain(nowNanos);
  }

  long pollTimeout() {
    long t = pacer.pollTimeout();
    if (feedbackNegotiated) {
      t = Math.min(t, estimator.pollTimeout());
    }
    if (feedback != null) {
      t = Math.min(t, feedback.pollTimeout());
    }
    if (remb != null) {
      t = Math.min(t, remb.pollTimeout());
    }
    return t;
  }

  /** Drops what waits in the pacer (the connection closes). */
  void close() {
    packets.clear();
  }

  // ------------------------------------------------------------------ stats

  /** The estimate of what the path carries, or -1 without feedback (W3C {@code availableOutgoingBitrate}). */
  long availableOutgoingBitrate() {
    return feedbackNegotiated ? estimator.targetBitrateBps() : -1;
  }

  Pacer pacer() {
    return pacer;
  }

  CongestionController estimator() {
    return estimator;
  }
}
