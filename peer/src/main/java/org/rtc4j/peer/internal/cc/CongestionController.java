package org.rtc4j.peer.internal.cc;

import org.rtc4j.rtcp.TransportCc;
import org.rtc4j.rtcp.TransportCcReader;

/**
 * The send-side bandwidth estimator (GCC family: draft-ietf-rmcat-gcc-02, libwebrtc's GoogCC as
 * the reference for the trendline and probing), a pure function of what was sent, what the
 * feedback says, and time. The connection core owns one per transport and calls it:
 *
 * <pre>{@code
 * // each packet, as it leaves the pacer (padding and probes too):
 * int twcc = cc.handlePacketSent(now, length, pacer.probeClusterId(), isPadding);
 * rtp.setExtensionValue(twccId, twcc);                        // then SRTP, then the socket
 * // each RTCP transport-cc packet (RTPFB, FMT 15), REMB, and RTT from reports:
 * cc.handleTransportFeedback(now, buf, off, len);
 * cc.handleRemb(now, Remb.readBitrate(buf, off, len));
 * cc.handleRoundTripTime(now, rttNanos);
 * // timer:
 * cc.handleTimeout(now);
 * // after any of these:
 * cc.updatePacer(pacer);                                      // target and probe clusters
 * long target = cc.targetBitrateBps();                        // tell the application if it changed
 * long deadline = Math.min(cc.pollTimeout(), pacer.pollTimeout());
 * }</pre>
 *
 * <p>Per feedback packet: the reported packets are matched with the send history, sorted by
 * arrival, and fed to the delay-based estimator (over-use detection on 5 ms groups, AIMD), the
 * acknowledged bitrate, and the probe estimator; the loss-based bound takes the loss fraction.
 * The target is the lower of the delay-based estimate and the loss-based bound, capped by REMB
 * and the configured maximum, never below the minimum. A peer that sends REMB but no
 * transport-cc gets a target that follows its REMB (the receiver runs the delay-based estimator
 * then). Probing starts with the first packet
 * sent. Without feedback for {@value #FEEDBACK_TIMEOUT_NANOS} ns while sending, the estimate
 * falls by {@value #TIMEOUT_FACTOR} each such interval. Nothing is allocated per packet or per
 * feedback once warm; malformed feedback is counted and dropped.
 */
public final class CongestionController {
  static final long FEEDBACK_TIMEOUT_NANOS = 1_000_000_000L;
  static final double TIMEOUT_FACTOR = 0.8;
  private static final long NONE = Long.MIN_VALUE;
  private static final long TICK_NANOS = 250_000L;

  private final CongestionConfig config;
  private final SendHistory history;
  private final TransportCcReader reader = new TransportCcReader();
  private final DelayBasedEstimator delayBased;
  private final LossBasedEstimator lossBased;
  private final AckedBitrateEstimator acked = new AckedBitrateEstimator();
  private final ProbeBitrateEstimator probeEstimator = new ProbeBitrateEstimator();
  private final ProbeController probeController;
  private final AlrDetector alr = new AlrDetector();
  private final TransportCcReader.Visitor visitor = this::reported;

  // One feedback packet's results, in report order; sorted by arrival through `order`. They grow
  // with the feedback packets (up to the history's maximum), then stay.
  private int[] resultSlots = new int[128];
  private long[] resultArrivals = new long[128];
  private int[] order = new int[128];
  private int results;
  private long cursorSeq;
  private long cursorTicks;
  private int batchLost;
  private int batchLate;
  private long newestSendNanos;

  private boolean refKnown;
  private int lastRef;
  private long refUnwrapped;

  private long maxCapBps;
  private long targetBps;
  private long rembBps = -1;
  private long rttNanos = -1;
  private long feedbackRttNanos = -1;
  private boolean started;
  private long lastSentNanos = NONE;
  private long lastFeedbackNanos = NONE;
  private long lastTimeoutNanos = NONE;

  private long feedbackReceived;
  private long feedbackMalformed;
  private long packetsLost;
  private long packetsReceived;

  /**
   * A controller starting at {@code config.startBitrateBps()}, with a send history that grows to at
   * most 8192 packets.
   */
  public CongestionController(CongestionConfig config, long nowNanos) {
    this(config, nowNanos, SendHistory.DEFAULT_MAX_CAPACITY);
  }

  /** The same with a send history of at most {@code historyPackets} (a power of two, at least 16). */
  public CongestionController(CongestionConfig config, long nowNanos, int historyPackets) {
    this.config = config;
    this.history = new SendHistory(historyPackets);
    this.delayBased = new DelayBasedEstimator(config.minBitrateBps(), config.startBitrateBps(),
        config.maxBitrateBps());
    this.lossBased = new LossBasedEstimator(config.minBitrateBps(), config.startBitrateBps(),
        config.maxBitrateBps());
    this.probeController = new ProbeController(config.maxBitrateBps());
    this.maxCapBps = config.maxBitrateBps();
    this.targetBps = config.startBitrateBps();
    alr.setTargetBitrate(targetBps);
  }

  /**
   * A packet leaves now (after the pacer, before SRTP). Returns its transport-wide sequence number
   * (16 bits) for the header extension. The first call starts the start-up probes.
   *
   * @param probeClusterId {@link Pacer#probeClusterId()}, or -1
   * @param padding whether it is padding or an RTX probe rather than application data (ALR)
   */
  public int handlePacketSent(long nowNanos, int sizeBytes, int probeClusterId, boolean padding) {
    if (!started) {
      started = true;
      probeController.start(nowNanos, targetBps);
    }
    long seq = history.add(nowNanos, sizeBytes, probeClusterId);
    alr.handleSent(nowNanos, padding ? 0 : sizeBytes);
    lastSentNanos = nowNanos;
    return (int) (seq & 0xFFFF);
  }

  /**
   * One RTCP transport-cc feedback packet, {@code buf[off, off + len)} from its common header
   * (found with {@link org.rtc4j.rtcp.RtcpHeader}). Returns false, counting it, if it is
   * malformed.
   */
  public boolean handleTransportFeedback(long nowNanos, byte[] buf, int off, int len) {
    if (!reader.wrap(buf, off, len)) {
      feedbackMalformed++;
      return false;
    }
    feedbackReceived++;
    int ref = reader.referenceTime();
    if (!refKnown) {
      refKnown = true;
      refUnwrapped = ref;
    } else {
      refUnwrapped += ((ref - lastRef) << 8) >> 8; // signed 24-bit step
    }
    lastRef = ref;
    cursorSeq = history.unwrap(reader.baseSequence());
    cursorTicks = refUnwrapped << 8; // 64 ms = 256 ticks of 250 us
    results = 0;
    batchLost = 0;
    batchLate = 0;
    newestSendNanos = NONE;
    reader.forEach(visitor);
    processResults(nowNanos);
    return true;
  }

  private void reported(int seq16, int symbol, int deltaTicks) {
    long seq = cursorSeq++;
    if (symbol != TransportCc.NOT_RECEIVED) {
      cursorTicks += deltaTicks;
    }
    int slot = history.slot(seq);
    if (slot < 0) {
      return;
    }
    byte state = history.state(slot);
    if (symbol == TransportCc.NOT_RECEIVED) {
      if (state == SendHistory.UNACKED) {
        history.setState(slot, SendHistory.LOST);
        batchLost++;
      }
      return;
    }
    if (state == SendHistory.RECEIVED) {
      return;
    }
    if (results == resultSlots.length) {
      if (results >= history.maxCapacity()) {
        return;
      }
      resultSlots = java.util.Arrays.copyOf(resultSlots, 2 * results);
      resultArrivals = java.util.Arrays.copyOf(resultArrivals, 2 * results);
      order = java.util.Arrays.copyOf(order, 2 * results);
    }
    if (state == SendHistory.LOST) {
      batchLate++;
    }
    history.setState(slot, SendHistory.RECEIVED);
    resultSlots[results] = slot;
    resultArrivals[results] = cursorTicks * TICK_NANOS;
    order[results] = results;
    results++;
    newestSendNanos = Math.max(newestSendNanos, history.sendNanos(slot));
  }

  private void processResults(long nowNanos) {
    // Insertion sort by arrival: feedback is nearly in arrival order already.
    for (int i = 1; i < results; i++) {
      int k = order[i];
      long a = resultArrivals[k];
      int j = i - 1;
      while (j >= 0 && resultArrivals[order[j]] > a) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = k;
    }
    for (int i = 0; i < results; i++) {
      int k = order[i];
      int slot = resultSlots[k];
      long send = history.sendNanos(slot);
      long arrival = resultArrivals[k];
      int size = history.size(slot);
      delayBased.handlePacket(send, arrival, size);
      acked.handlePacket(arrival, size);
      int cluster = history.probeCluster(slot);
      if (cluster >= 0) {
        probeEstimator.handlePacket(cluster, send, arrival, size);
      }
    }
    packetsReceived += results;
    packetsLost += batchLost - batchLate;
    lossBased.handleReport(results - batchLate, batchLost);
    lossBased.handleLateArrival(batchLate);
    if (newestSendNanos != NONE) {
      long r = nowNanos - newestSendNanos;
      feedbackRttNanos = feedbackRttNanos < 0 ? r : (7 * feedbackRttNanos + r) / 8;
    }
    long rtt = rttNanos();
    long delay = delayBased.update(nowNanos, acked.bitrateBps(), probeEstimator.pollResult(), rtt);
    lossBased.update(nowNanos, delay, rtt);
    lastFeedbackNanos = nowNanos;
    lastTimeoutNanos = NONE;
    recompute();
    probeController.handleEstimate(nowNanos, targetBps, alr.inAlr());
  }

  private long rttNanos() {
    if (rttNanos > 0) {
      return rttNanos;
    }
    return feedbackRttNanos > 0 ? feedbackRttNanos : AimdRateControl.DEFAULT_RTT_NANOS;
  }

  /** The delay-based limit: the estimator's, or REMB's when the peer sends no transport-cc. */
  private long delayLimitBps() {
    return feedbackReceived == 0 && rembBps >= 0 ? rembBps : delayBased.bitrateBps();
  }

  private void recompute() {
    long t = Math.min(delayLimitBps(), lossBased.bitrateBps());
    if (rembBps >= 0) {
      t = Math.min(t, rembBps);
    }
    t = Math.min(t, maxCapBps);
    targetBps = Math.max(config.minBitrateBps(), t);
    alr.setTargetBitrate(targetBps);
  }

  /** A REMB from the peer ({@link org.rtc4j.rtcp.Remb#readBitrate}); it caps the target. -1 is ignored. */
  public void handleRemb(long nowNanos, long bitrateBps) {
    if (bitrateBps < 0) {
      return;
    }
    rembBps = bitrateBps;
    if (feedbackReceived == 0) {
      lossBased.update(nowNanos, rembBps, rttNanos()); // REMB-only peer: REMB is the delay limit
    }
    recompute();
  }

  /** The round-trip time from RTCP reports (RFC 3550 §6.4.1 LSR/DLSR). */
  public void handleRoundTripTime(long nowNanos, long rttNanos) {
    if (rttNanos > 0) {
      this.rttNanos = rttNanos;
    }
  }

  /** Caps the target (the sum of the senders' maximum bitrates, say); at most the configured maximum. */
  public void setMaxBitrateBps(long bps) {
    maxCapBps = Math.max(config.minBitrateBps(), Math.min(config.maxBitrateBps(), bps));
    recompute();
  }

  /** Runs what is due: the feedback timeout. */
  public void handleTimeout(long nowNanos) {
    alr.handleSent(nowNanos, 0);
    long deadline = pollTimeout();
    if (deadline == Long.MAX_VALUE || nowNanos < deadline) {
      return;
    }
    lastTimeoutNanos = nowNanos;
    delayBased.reduceTo((long) (TIMEOUT_FACTOR * delayBased.bitrateBps()), nowNanos);
    recompute();
  }

  /** When {@link #handleTimeout} has something to do, or {@code Long.MAX_VALUE}. */
  public long pollTimeout() {
    if (lastFeedbackNanos == NONE || lastSentNanos == NONE || lastSentNanos <= lastFeedbackNanos) {
      return Long.MAX_VALUE;
    }
    long since = lastTimeoutNanos == NONE ? lastFeedbackNanos : lastTimeoutNanos;
    return since + FEEDBACK_TIMEOUT_NANOS;
  }

  /** Hands the target bitrate and any new probe cluster to the pacer. Allocation-free. */
  public void updatePacer(Pacer pacer) {
    pacer.setTargetBitrate(targetBps);
    while (probeController.hasPending()) {
      int id = probeController.pendingId();
      int minBytes = probeController.pendingMinBytes();
      probeEstimator.handleCluster(id, minBytes, ProbeController.MIN_PACKETS);
      pacer.addProbeCluster(id, probeController.pendingBitrateBps(), minBytes, ProbeController.MIN_PACKETS);
      probeController.removePending();
    }
  }

  /** The target bitrate (bits per second): what the encoders together should produce. */
  public long targetBitrateBps() {
    return targetBps;
  }

  /** The delay-based estimate. */
  public long delayBasedBitrateBps() {
    return delayBased.bitrateBps();
  }

  /** The loss-based bound. */
  public long lossBasedBitrateBps() {
    return lossBased.bitrateBps();
  }

  /** The acknowledged bitrate, or -1 while unknown. */
  public long ackedBitrateBps() {
    return acked.bitrateBps();
  }

  /** The last REMB value, or -1. */
  public long rembBitrateBps() {
    return rembBps;
  }

  /** The last loss fraction the loss-based bound used. */
  public double lossFraction() {
    return lossBased.lossFraction();
  }

  /** Whether the sender is application-limited. */
  public boolean inAlr() {
    return alr.inAlr();
  }

  /** Feedback packets accepted. */
  public long feedbackReceived() {
    return feedbackReceived;
  }

  /** Feedback packets refused as malformed. */
  public long feedbackMalformed() {
    return feedbackMalformed;
  }

  /** Packets the feedback reported lost (and not later received). */
  public long packetsLost() {
    return packetsLost;
  }

  /** Packets the feedback reported received. */
  public long packetsReceived() {
    return packetsReceived;
  }

  /** Probe clusters created. */
  public long probeClustersCreated() {
    return probeController.probesSent();
  }
}
