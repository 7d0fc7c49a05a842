package org.rtc4j.peer.internal.cc.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.rtc4j.peer.internal.cc.CongestionConfig;
import org.rtc4j.peer.internal.cc.CongestionController;
import org.rtc4j.peer.internal.cc.Pacer;
import org.rtc4j.peer.internal.cc.PacerConfig;
import org.rtc4j.peer.internal.cc.RembGenerator;
import org.rtc4j.peer.internal.cc.TransportFeedbackGenerator;
import org.rtc4j.rtcp.Remb;
import org.rtc4j.rtp.RtpExtensions;

/**
 * One sender and its receiver, wired as the connection core will wire them: a video source that
 * follows the target bitrate (30 frames a second, up to 1200-byte packets, optionally capped to
 * model an application-limited sender), a {@link Pacer}, a {@link CongestionController}, and at
 * the far end a {@link TransportFeedbackGenerator} whose feedback comes back over the reverse
 * path, or, for a peer that only speaks REMB, a {@link RembGenerator} fed with abs-send-time.
 */
public final class SimFlow {
  static final int MTU = 1200;
  static final long FRAME_NANOS = 1_000_000_000L / 30;
  static final long SAMPLE_NANOS = 100_000_000L;

  final int id;
  final CongestionController cc;
  final Pacer pacer;
  final TransportFeedbackGenerator feedback;
  private RembGenerator remb;
  private final SimPacket[] pool = new SimPacket[1 << 14];
  private int nextHandle;
  private final byte[] rtcp = new byte[1500];
  private final long startNanos;
  private long stopNanos = Long.MAX_VALUE;
  private long appMaxBps = Long.MAX_VALUE;
  private long nextFrameNanos;
  private long nextSampleNanos;

  private final List<long[]> targetSamples = new ArrayList<>();
  private long[] queueDelays = new long[1 << 16];
  private long[] queueDelayTimes = new long[1 << 16];
  private int queueDelayCount;
  private long[] receivedTimes = new long[1 << 16];
  private int[] receivedSizes = new int[1 << 16];
  private int receivedCount;
  private final List<long[]> sends = new ArrayList<>();
  private boolean recordSends;
  long framesProduced;
  long packetsSent;
  long paddingSent;

  SimFlow(int id, CongestionConfig config, PacerConfig pacerConfig, long startNanos) {
    this.id = id;
    this.cc = new CongestionController(config, startNanos);
    this.pacer = new Pacer(pacerConfig);
    this.feedback = new TransportFeedbackGenerator(0x1000 + id);
    this.startNanos = startNanos;
    this.nextFrameNanos = startNanos;
    this.nextSampleNanos = startNanos;
    cc.updatePacer(pacer);
  }

  /** Caps what the application produces (an encoder that cannot go higher). */
  public SimFlow appMaxBitrate(long bps) {
    appMaxBps = bps;
    return this;
  }

  /** The receiver sends REMB from abs-send-time instead of transport-cc feedback. */
  public SimFlow rembOnly(CongestionConfig config) {
    remb = new RembGenerator(0x3000 + id, config);
    return this;
  }

  /** Stops the source at {@code nanos}. */
  public SimFlow stopAt(long nanos) {
    stopNanos = nanos;
    return this;
  }

  /** Keeps (time, size, probe cluster) of every packet the pacer lets out. */
  public SimFlow recordSends() {
    recordSends = true;
    return this;
  }

  long nextEventNanos(long now) {
    long t = Math.min(pacer.pollTimeout(), cc.pollTimeout());
    t = Math.min(t, remb != null ? remb.pollTimeout() : feedback.pollTimeout());
    if (now < stopNanos) {
      t = Math.min(t, nextFrameNanos);
    }
    t = Math.min(t, nextSampleNanos);
    return t;
  }

  void step(long now, BottleneckLink forward, BottleneckLink reverse) {
    if (now >= startNanos && now < stopNanos && now >= nextFrameNanos) {
      produceFrame(now);
      nextFrameNanos += FRAME_NANOS;
    }
    if (now >= cc.pollTimeout()) {
      cc.handleTimeout(now);
      cc.updatePacer(pacer);
    }
    for (int h; (h = pacer.poll(now)) != Pacer.NONE; ) {
      boolean padding = h == Pacer.PADDING;
      SimPacket p = padding ? new SimPacket(id, pacer.paddingBytes(), true, null) : pool[h];
      if (!padding) {
        pool[h] = null;
      }
      int cluster = pacer.probeClusterId();
      p.transportSequence = cc.handlePacketSent(now, p.size, cluster, padding);
      p.sendNanos = now;
      packetsSent++;
      if (padding) {
        paddingSent++;
      }
      if (recordSends) {
        sends.add(new long[] {now, p.size, cluster, pacer.pacingRateBps()});
      }
      forward.send(now, p);
      cc.updatePacer(pacer);
    }
    if (remb != null) {
      for (int n; (n = remb.pollRemb(now, rtcp, 0)) > 0; ) {
        reverse.send(now, new SimPacket(id, n, false, Arrays.copyOf(rtcp, n)));
      }
    } else {
      for (int n; (n = feedback.pollFeedback(now, rtcp, 0)) > 0; ) {
        reverse.send(now, new SimPacket(id, n, false, Arrays.copyOf(rtcp, n)));
      }
    }
    if (now >= nextSampleNanos) {
      targetSamples.add(new long[] {now, cc.targetBitrateBps(), cc.delayBasedBitrateBps(),
          cc.lossBasedBitrateBps(), cc.ackedBitrateBps(), pacer.queuedPackets()});
      nextSampleNanos += SAMPLE_NANOS;
    }
  }

  private void produceFrame(long now) {
    long rate = Math.min(cc.targetBitrateBps(), appMaxBps);
    int bytes = (int) Math.max(200, rate * FRAME_NANOS / 8_000_000_000L);
    int packets = (bytes + MTU - 1) / MTU;
    int each = (bytes + packets - 1) / packets;
    for (int i = 0; i < packets; i++) {
      int h = nextHandle;
      nextHandle = (nextHandle + 1) & (pool.length - 1);
      pool[h] = new SimPacket(id, each, false, null);
      if (!pacer.enqueue(now, h, each, Pacer.VIDEO)) {
        pool[h] = null;
      }
    }
    framesProduced++;
  }

  void receive(long now, SimPacket p) {
    if (remb != null) {
      remb.handlePacket(now, RtpExtensions.absSendTime(p.sendNanos), p.size, 0x2000 + id);
    } else {
      feedback.handlePacket(now, p.transportSequence);
    }
    if (queueDelayCount == queueDelays.length) {
      queueDelays = Arrays.copyOf(queueDelays, 2 * queueDelayCount);
      queueDelayTimes = Arrays.copyOf(queueDelayTimes, 2 * queueDelayCount);
    }
    queueDelays[queueDelayCount] = p.queueDelayNanos;
    queueDelayTimes[queueDelayCount++] = now;
    if (receivedCount == receivedTimes.length) {
      receivedTimes = Arrays.copyOf(receivedTimes, 2 * receivedCount);
      receivedSizes = Arrays.copyOf(receivedSizes, 2 * receivedCount);
    }
    receivedTimes[receivedCount] = now;
    receivedSizes[receivedCount++] = p.size;
  }

  void handleFeedback(long now, SimPacket p) {
    if (remb != null) {
      cc.handleRemb(now, Remb.readBitrate(p.rtcp, 0, p.rtcp.length));
    } else {
      cc.handleTransportFeedback(now, p.rtcp, 0, p.rtcp.length);
    }
    cc.updatePacer(pacer);
  }

  public CongestionController controller() {
    return cc;
  }

  public Pacer pacer() {
    return pacer;
  }

  /** Samples every 100 ms: {time, target, delay-based, loss-based, acked, queued packets}. */
  public List<long[]> samples() {
    return targetSamples;
  }

  /** The target bitrate at the last sample at or before {@code nanos}. */
  public long targetAt(long nanos) {
    long v = -1;
    for (long[] s : targetSamples) {
      if (s[0] <= nanos) {
        v = s[1];
      }
    }
    return v;
  }

  /** Target samples in {@code [fromNanos, toNanos)}. */
  public long[] targetsBetween(long fromNanos, long toNanos) {
    return targetSamples.stream().filter(s -> s[0] >= fromNanos && s[0] < toNanos).mapToLong(s -> s[1]).toArray();
  }

  /** Queueing delays (ns) of the packets that arrived in {@code [fromNanos, toNanos)}. */
  public long[] queueDelaysBetween(long fromNanos, long toNanos) {
    long[] out = new long[queueDelayCount];
    int n = 0;
    for (int i = 0; i < queueDelayCount; i++) {
      if (queueDelayTimes[i] >= fromNanos && queueDelayTimes[i] < toNanos) {
        out[n++] = queueDelays[i];
      }
    }
    return Arrays.copyOf(out, n);
  }

  /** Bits per second that arrived in {@code [fromNanos, toNanos)}. */
  public long throughputBps(long fromNanos, long toNanos) {
    long bytes = 0;
    for (int i = 0; i < receivedCount; i++) {
      if (receivedTimes[i] >= fromNanos && receivedTimes[i] < toNanos) {
        bytes += receivedSizes[i];
      }
    }
    return bytes * 8_000_000_000L / (toNanos - fromNanos);
  }

  /** {time, size, probe cluster, pacing rate} of each packet sent, when recorded. */
  public List<long[]> sends() {
    return sends;
  }

  public long packetsSent() {
    return packetsSent;
  }

  public long paddingSent() {
    return paddingSent;
  }
}
