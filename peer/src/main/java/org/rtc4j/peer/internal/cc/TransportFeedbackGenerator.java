package org.rtc4j.peer.internal.cc;

import org.rtc4j.rtcp.TransportCcWriter;

/**
 * The receiver's half of transport-wide congestion control: records the arrival time of every
 * packet carrying a transport-wide sequence number and writes RTCP transport-cc feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) every
 * {@value #DEFAULT_INTERVAL_NANOS} ns, or as soon as {@value #DEFAULT_PACKETS_PER_FEEDBACK}
 * packets wait (so at high packet rates feedback comes more often, each covering about that many
 * packets). Deadlines come from {@link #pollTimeout()}; there is no tick.
 *
 * <pre>{@code
 * gen.handlePacket(now, (int) rtp.extensionValue(twccId));    // per received RTP packet
 * for (int n; (n = gen.pollFeedback(now, buf, 0)) > 0; ) sendRtcp(buf, n);
 * timer.rearm(gen.pollTimeout());
 * }</pre>
 *
 * A feedback packet reports from the first packet not yet reported to the last received one,
 * lost packets included; one that would exceed {@code maxPacketBytes}, or a receive delta beyond
 * 8.19 s, ends the packet and the rest goes in the next one at once. Packets that arrive after
 * their number was reported (lost) are counted ({@link #packetsLate()}) and not reported again.
 * Arrival times are kept for the sequence numbers not yet reported, in a ring that starts at
 * {@value #INITIAL_WINDOW} and doubles as the packet rate needs, up to {@value #MAX_WINDOW};
 * allocation-free once grown.
 */
public final class TransportFeedbackGenerator {
  static final long DEFAULT_INTERVAL_NANOS = 100_000_000L;
  static final int DEFAULT_PACKETS_PER_FEEDBACK = 100;
  static final int INITIAL_WINDOW = 1 << 8;
  static final int MAX_WINDOW = 1 << 12;
  private static final long TICK_NANOS = 250_000L;
  private static final long NONE = Long.MIN_VALUE;

  private final int senderSsrc;
  private final long intervalNanos;
  private final int packetsPerFeedback;
  private final TransportCcWriter writer;
  private long[] arrivals = new long[INITIAL_WINDOW];
  private long[] seqs = new long[INITIAL_WINDOW];
  private int window = INITIAL_WINDOW;
  private final org.rtc4j.rtp.SequenceNumberUnwrapper unwrapper = new org.rtc4j.rtp.SequenceNumberUnwrapper();
  private int mediaSsrc;
  private long epochNanos = NONE;
  private long nextToReport = -1;
  private long highest = -1;
  private int pending;
  private long lastFeedbackNanos = NONE;
  private long firstPendingNanos = NONE;
  private boolean dueNow;
  private int feedbackCount;
  private long feedbackSent;
  private long late;

  /** Feedback every 100 ms or every 100 packets, at most 1200 bytes a packet. */
  public TransportFeedbackGenerator(int senderSsrc) {
    this(senderSsrc, DEFAULT_INTERVAL_NANOS, DEFAULT_PACKETS_PER_FEEDBACK, 1200);
  }

  /**
   * @param intervalNanos the longest a received packet waits to be reported (50-100 ms is usual)
   * @param packetsPerFeedback feedback goes out at once when this many packets wait
   * @param maxPacketBytes the largest feedback packet (before SRTCP's tag and index)
   */
  public TransportFeedbackGenerator(int senderSsrc, long intervalNanos, int packetsPerFeedback, int maxPacketBytes) {
    if (intervalNanos <= 0 || packetsPerFeedback < 1) {
      throw new IllegalArgumentException("interval " + intervalNanos + ", packets " + packetsPerFeedback);
    }
    this.senderSsrc = senderSsrc;
    this.intervalNanos = intervalNanos;
    this.packetsPerFeedback = packetsPerFeedback;
    this.writer = new TransportCcWriter(maxPacketBytes);
    java.util.Arrays.fill(seqs, -1);
  }

  /** The media source SSRC the feedback names (libwebrtc puts that of a received stream). */
  public void setMediaSsrc(int ssrc) {
    mediaSsrc = ssrc;
  }

  /** A packet with transport-wide sequence number {@code seq16} arrived now. */
  public void handlePacket(long nowNanos, int seq16) {
    long seq = unwrapper.unwrap(seq16);
    if (epochNanos == NONE) {
      epochNanos = nowNanos;
      nextToReport = seq;
    }
    if (seq < nextToReport) {
      late++;
      return;
    }
    while (seq - nextToReport >= window && window < MAX_WINDOW) {
      grow();
    }
    if (seq - nextToReport >= window) {
      // A jump longer than the window: what lies before it can no longer be reported.
      long from = seq - window + 1;
      for (long s = nextToReport; s < from && pending > 0; s++) {
        if (seqs[(int) (s & (window - 1))] == s) {
          pending--;
        }
      }
      nextToReport = from;
    }
    int i = (int) (seq & (window - 1));
    if (seqs[i] == seq) {
      return; // duplicate
    }
    seqs[i] = seq;
    arrivals[i] = nowNanos;
    highest = Math.max(highest, seq);
    if (pending++ == 0) {
      firstPendingNanos = nowNanos;
    }
  }

  private void grow() {
    long[] a = new long[2 * window];
    long[] q = new long[2 * window];
    java.util.Arrays.fill(q, -1);
    for (int k = 0; k < window; k++) {
      if (seqs[k] >= 0) {
        int j = (int) (seqs[k] & (2 * window - 1));
        q[j] = seqs[k];
        a[j] = arrivals[k];
      }
    }
    arrivals = a;
    seqs = q;
    window *= 2;
  }

  /** When feedback is next due (absolute nanos), or {@code Long.MAX_VALUE} with nothing to report. */
  public long pollTimeout() {
    if (pending == 0) {
      return Long.MAX_VALUE;
    }
    if (dueNow) {
      return lastFeedbackNanos;
    }
    if (pending >= packetsPerFeedback) {
      return firstPendingNanos;
    }
    long since = lastFeedbackNanos == NONE ? firstPendingNanos : Math.max(lastFeedbackNanos, firstPendingNanos);
    return since + intervalNanos;
  }

  /**
   * Writes the next feedback packet at {@code dst[off]} if one is due at {@code nowNanos}.
   *
   * @return its length, or 0 when none is due
   */
  public int pollFeedback(long nowNanos, byte[] dst, int off) {
    if (pending == 0 || nowNanos < pollTimeout()) {
      return 0;
    }
    long first = -1;
    for (long s = nextToReport; s <= highest; s++) {
      if (seqs[(int) (s & (window - 1))] == s) {
        first = s;
        break;
      }
    }
    if (first < 0) {
      pending = 0;
      return 0;
    }
    long firstTick = (arrivals[(int) (first & (window - 1))] - epochNanos) / TICK_NANOS;
    long refTime = firstTick >> 8; // 64 ms units
    long tick = refTime << 8;
    writer.reset(senderSsrc, mediaSsrc, (int) nextToReport, (int) refTime, feedbackCount);
    long s = nextToReport;
    int reported = 0;
    for (; s <= highest; s++) {
      int i = (int) (s & (window - 1));
      if (seqs[i] == s) {
        long t = (arrivals[i] - epochNanos) / TICK_NANOS;
        if (!writer.addReceived((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, t - tick)))) {
          break;
        }
        tick = t;
        reported++;
      } else if (!writer.addLost()) {
        break;
      }
    }
    if (writer.isEmpty()) {
      return 0; // cannot happen with a sane size limit
    }
    nextToReport = s;
    pending -= reported;
    dueNow = pending > 0 && s <= highest; // the size limit cut it short: the rest goes at once
    firstPendingNanos = pending == 0 ? NONE : nowNanos;
    lastFeedbackNanos = nowNanos;
    feedbackCount = (feedbackCount + 1) & 0xFF;
    feedbackSent++;
    return writer.writeTo(dst, off);
  }

  /** Feedback packets written. */
  public long feedbackSent() {
    return feedbackSent;
  }

  /** Packets that arrived after their sequence number was reported as lost. */
  public long packetsLate() {
    return late;
  }
}
