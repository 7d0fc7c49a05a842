package org.rtc4j.peer.internal.cc;

/**
 * The send pacer: a leaky bucket on the core's timer. It holds no packets, only the core's handles
 * to them (an index into the core's buffer pool, say) with their sizes, in four priority queues:
 * {@link #AUDIO}, {@link #RETRANSMISSION}, {@link #VIDEO}, {@link #PADDING_PRIORITY}. Packets
 * leave at the pacing rate ({@link PacerConfig#pacingFactor()} times the target) in bursts of at
 * most {@code rate * burstNanos} bytes plus one packet; {@link #pollTimeout()} says when the next
 * may leave. During a probe cluster ({@link #addProbeCluster}: libwebrtc's name for a burst sent
 * at a chosen rate to measure the path) packets leave at the probe rate instead, media if queued,
 * else padding the core builds. Allocation-free once its queues have grown to the traffic.
 *
 * <pre>{@code
 * pacer.enqueue(now, bufferIndex, length, Pacer.VIDEO);
 * for (int h; (h = pacer.poll(now)) != Pacer.NONE; ) {
 *   int cluster = pacer.probeClusterId();           // -1 outside probes
 *   if (h == Pacer.PADDING) { h = buildPadding(pacer.paddingBytes()); }
 *   send(h, cluster);
 * }
 * timer.rearm(pacer.pollTimeout());
 * }</pre>
 *
 * In any interval of length T outside probes, at most {@code rate * T + burstAllowanceBytes()}
 * bytes leave ({@link #burstAllowanceBytes()}: the bucket plus one largest packet).
 */
public final class Pacer {
  /** {@link #poll}: nothing may leave now. */
  public static final int NONE = -1;
  /** {@link #poll}: send about {@link #paddingBytes()} of padding (or an RTX probe) now. */
  public static final int PADDING = -2;
  /** Priority: audio leaves first. */
  public static final int AUDIO = 0;
  /** Priority: retransmissions (RTX) next. */
  public static final int RETRANSMISSION = 1;
  /** Priority: video. */
  public static final int VIDEO = 2;
  /** Priority: padding and FEC the core built itself, last. */
  public static final int PADDING_PRIORITY = 3;
  private static final int PRIORITIES = 4;
  private static final long NONE_TIME = Long.MIN_VALUE;

  private final PacerConfig config;
  private final int[][] handles = new int[PRIORITIES][];
  private final int[][] sizes = new int[PRIORITIES][];
  private final long[][] enqueued = new long[PRIORITIES][];
  private final int[] heads = new int[PRIORITIES];
  private final int[] counts = new int[PRIORITIES];
  private int queued;
  private long queuedBytes;
  private int largestPacket = 1200;

  private long targetBps;
  private long paddingBps;
  private double debtBytes;
  private double paddingDebtBytes;
  private long lastNanos = NONE_TIME;

  // Probe clusters waiting, oldest first, and the one being sent (probing).
  private final int[] probeIds = new int[8];
  private final long[] probeRates = new long[8];
  private final int[] probeMinBytes = new int[8];
  private final int[] probeMinPackets = new int[8];
  private int probeCount;
  private boolean probing;
  private int probeId;
  private long probeRateBps;
  private int probeMinBytesNow;
  private int probeMinPacketsNow;
  private long probeStartNanos;
  private long probeBytes;
  private int probePackets;

  private int lastCluster = -1;
  private int paddingBytes;
  private long refused;
  private long probeClustersDone;

  public Pacer(PacerConfig config) {
    this.config = config;
    for (int p = 0; p < PRIORITIES; p++) {
      handles[p] = new int[16];
      sizes[p] = new int[16];
      enqueued[p] = new long[16];
    }
  }

  /** Sets the target bitrate; packets leave at {@code pacingFactor} times it. */
  public void setTargetBitrate(long bps) {
    targetBps = Math.max(0, bps);
  }

  /** Sets the rate of padding to send while no media is queued (0: none). */
  public void setPaddingBitrate(long bps) {
    paddingBps = Math.max(0, bps);
  }

  /**
   * Queues probe cluster {@code id}: at least {@code minPackets} packets and {@code minBytes} bytes
   * sent at {@code bitrateBps}, starting with the next packet that may leave. Up to 8 wait; more
   * are dropped.
   */
  public void addProbeCluster(int id, long bitrateBps, int minBytes, int minPackets) {
    if (bitrateBps <= 0) {
      throw new IllegalArgumentException("probe rate " + bitrateBps);
    }
    if (probeCount < probeIds.length) {
      probeIds[probeCount] = id;
      probeRates[probeCount] = bitrateBps;
      probeMinBytes[probeCount] = minBytes;
      probeMinPackets[probeCount] = minPackets;
      probeCount++;
    }
  }

  /**
   * Queues the core's packet {@code handle} (any value >= 0) of {@code sizeBytes} at
   * {@code priority}.
   *
   * @return false, queueing nothing, if {@link PacerConfig#maxQueuedPackets()} are queued
   */
  public boolean enqueue(long nowNanos, int handle, int sizeBytes, int priority) {
    if (handle < 0 || priority < 0 || priority >= PRIORITIES || sizeBytes < 0) {
      throw new IllegalArgumentException("handle " + handle + ", priority " + priority);
    }
    drain(nowNanos);
    if (queued >= config.maxQueuedPackets()) {
      refused++;
      return false;
    }
    if (counts[priority] == handles[priority].length) {
      grow(priority);
    }
    int[] h = handles[priority];
    int i = (heads[priority] + counts[priority]) & (h.length - 1);
    h[i] = handle;
    sizes[priority][i] = sizeBytes;
    enqueued[priority][i] = nowNanos;
    counts[priority]++;
    queued++;
    queuedBytes += sizeBytes;
    largestPacket = Math.max(largestPacket, sizeBytes);
    return true;
  }

  private void grow(int p) {
    int n = handles[p].length;
    int[] h = new int[2 * n];
    int[] s = new int[2 * n];
    long[] e = new long[2 * n];
    for (int k = 0; k < counts[p]; k++) {
      int j = (heads[p] + k) & (n - 1);
      h[k] = handles[p][j];
      s[k] = sizes[p][j];
      e[k] = enqueued[p][j];
    }
    handles[p] = h;
    sizes[p] = s;
    enqueued[p] = e;
    heads[p] = 0;
  }

  /**
   * Bytes per second the bucket drains at: the pacing rate, raised so that what is queued leaves
   * before the oldest packet has waited the maximum queue delay.
   */
  private double drainBytesPerSecond(long nowNanos) {
    double rate = targetBps * config.pacingFactor() / 8;
    if (queued == 0) {
      return rate;
    }
    long left = Math.max(1_000_000L, config.maxQueueDelayNanos() - (nowNanos - oldestEnqueueNanos()));
    return Math.max(rate, queuedBytes * 1e9 / left);
  }

  private void drain(long nowNanos) {
    if (lastNanos != NONE_TIME && nowNanos > lastNanos) {
      double dt = (nowNanos - lastNanos) / 1e9;
      debtBytes = Math.max(0, debtBytes - drainBytesPerSecond(lastNanos) * dt);
      paddingDebtBytes = Math.max(0, paddingDebtBytes - paddingBps / 8.0 * dt);
    }
    if (lastNanos == NONE_TIME || nowNanos > lastNanos) {
      lastNanos = nowNanos;
    }
  }

  private double bucketBytes() {
    return targetBps * config.pacingFactor() / 8 * config.burstNanos() / 1e9;
  }

  /** Bytes that may leave at once beyond the pacing rate: the bucket plus one largest packet. */
  public long burstAllowanceBytes() {
    return (long) Math.ceil(bucketBytes()) + largestPacket;
  }

  /** The pacing rate in bits per second (before any raise for the maximum queue delay). */
  public long pacingRateBps() {
    return (long) (targetBps * config.pacingFactor());
  }

  /**
   * The next packet to send now: a handle given to {@link #enqueue}, {@link #PADDING} (send about
   * {@link #paddingBytes()} bytes of padding), or {@link #NONE}. {@link #probeClusterId()} tells
   * whether it belongs to a probe. Call until it returns {@link #NONE}.
   */
  public int poll(long nowNanos) {
    drain(nowNanos);
    lastCluster = -1;
    if (!probing && probeCount > 0) {
      probing = true;
      probeId = probeIds[0];
      probeRateBps = probeRates[0];
      probeMinBytesNow = probeMinBytes[0];
      probeMinPacketsNow = probeMinPackets[0];
      probeCount--;
      System.arraycopy(probeIds, 1, probeIds, 0, probeCount);
      System.arraycopy(probeRates, 1, probeRates, 0, probeCount);
      System.arraycopy(probeMinBytes, 1, probeMinBytes, 0, probeCount);
      System.arraycopy(probeMinPackets, 1, probeMinPackets, 0, probeCount);
      probeStartNanos = NONE_TIME;
      probeBytes = 0;
      probePackets = 0;
    }
    if (probing) {
      return pollProbe(nowNanos);
    }
    if (queued > 0) {
      if (debtBytes > bucketBytes() + 0.5) {
        return NONE;
      }
      int p = highestQueued();
      int size = sizes[p][heads[p]];
      debtBytes += size;
      return dequeue(p);
    }
    if (paddingBps > 0 && targetBps > 0 && paddingDebtBytes <= 0.5 && debtBytes <= bucketBytes() + 0.5) {
      paddingBytes = (int) Math.min(config.maxPaddingBytes(), Math.max(1, paddingBps / 8 / 50));
      paddingDebtBytes += paddingBytes;
      debtBytes += paddingBytes;
      return PADDING;
    }
    return NONE;
  }

  private int pollProbe(long nowNanos) {
    if (probeStartNanos == NONE_TIME) {
      probeStartNanos = nowNanos;
    }
    long due = probeStartNanos + (long) (probeBytes * 8e9 / probeRateBps);
    if (nowNanos < due) {
      return NONE;
    }
    int result;
    int size;
    if (queued > 0) {
      int p = highestQueued();
      size = sizes[p][heads[p]];
      result = dequeue(p);
    } else {
      long remaining = probeMinBytesNow - probeBytes;
      size = (int) Math.max(Math.min(config.maxPaddingBytes(), remaining), Math.min(200, config.maxPaddingBytes()));
      paddingBytes = size;
      result = PADDING;
    }
    lastCluster = probeId;
    probeBytes += size;
    probePackets++;
    if (probeBytes >= probeMinBytesNow && probePackets >= probeMinPacketsNow) {
      probing = false;
      probeClustersDone++;
    }
    return result;
  }

  private int highestQueued() {
    for (int p = 0; p < PRIORITIES; p++) {
      if (counts[p] > 0) {
        return p;
      }
    }
    return -1;
  }

  private int dequeue(int p) {
    int i = heads[p];
    int h = handles[p][i];
    queuedBytes -= sizes[p][i];
    heads[p] = (i + 1) & (handles[p].length - 1);
    counts[p]--;
    queued--;
    return h;
  }

  /** The probe cluster of the packet {@link #poll} returned last, or -1. */
  public int probeClusterId() {
    return lastCluster;
  }

  /** How many bytes of padding {@link #poll} asked for when it returned {@link #PADDING}. */
  public int paddingBytes() {
    return paddingBytes;
  }

  /** When {@link #poll} next returns a packet (absolute nanos), or {@code Long.MAX_VALUE}. */
  public long pollTimeout() {
    if (probing || probeCount > 0) {
      if (!probing || probeStartNanos == NONE_TIME) {
        return lastNanos == NONE_TIME ? Long.MIN_VALUE : lastNanos;
      }
      return probeStartNanos + (long) Math.ceil(probeBytes * 8e9 / probeRateBps);
    }
    double rate = drainBytesPerSecond(lastNanos);
    if (queued > 0) {
      return afterDebtFalls(debtBytes - bucketBytes(), rate);
    }
    if (paddingBps > 0 && targetBps > 0) {
      long media = afterDebtFalls(debtBytes - bucketBytes(), rate);
      long padding = afterDebtFalls(paddingDebtBytes, paddingBps / 8.0);
      return Math.max(media, padding);
    }
    return Long.MAX_VALUE;
  }

  private long afterDebtFalls(double excessBytes, double bytesPerSecond) {
    if (excessBytes <= 0.5) {
      return lastNanos == NONE_TIME ? Long.MIN_VALUE : lastNanos;
    }
    if (bytesPerSecond <= 0) {
      return Long.MAX_VALUE;
    }
    return lastNanos + (long) Math.ceil((excessBytes - 0.5) * 1e9 / bytesPerSecond);
  }

  /** Packets queued. */
  public int queuedPackets() {
    return queued;
  }

  /** Bytes queued. */
  public long queuedBytes() {
    return queuedBytes;
  }

  /** When the oldest queued packet was enqueued, or {@code Long.MAX_VALUE} if none is. */
  public long oldestEnqueueNanos() {
    long t = Long.MAX_VALUE;
    for (int p = 0; p < PRIORITIES; p++) {
      if (counts[p] > 0) {
        t = Math.min(t, enqueued[p][heads[p]]);
      }
    }
    return t;
  }

  /** Packets {@link #enqueue} refused because the queue was full. */
  public long refusedPackets() {
    return refused;
  }

  /** Probe clusters sent to the end. */
  public long probeClustersSent() {
    return probeClustersDone;
  }

  /** Whether a probe cluster is being sent or waits. */
  public boolean probing() {
    return probing || probeCount > 0;
  }
}
