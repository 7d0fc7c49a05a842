package org.rtc4j.peer.internal.cc;

/**
 * Estimates whether one-way delay grows, from the inter-group delay variations: the variations
 * are accumulated into a delay curve, smoothed exponentially, and a least-squares line is fitted
 * to the last {@value #WINDOW} points (arrival time against smoothed delay). Its slope, scaled by
 * the number of deltas seen (up to {@value #MAX_DELTAS_GAIN}) and a gain of {@value #GAIN},
 * is the "modified trend" the over-use detector compares with its threshold. This replaces the
 * Kalman filter of draft-ietf-rmcat-gcc-02 §5.3, as libwebrtc's GoogCC does.
 */
final class TrendlineEstimator {
  static final int WINDOW = 20;
  static final double SMOOTHING = 0.9;
  static final double GAIN = 4.0;
  static final int MAX_DELTAS_GAIN = 60;

  private final double[] xs = new double[WINDOW];
  private final double[] ys = new double[WINDOW];
  private int head;
  private int filled;
  private long firstArrivalNanos = Long.MIN_VALUE;
  private double accumulatedMs;
  private double smoothedMs;
  private double slope;
  private int numDeltas;

  /**
   * Adds one inter-group delta and returns the modified trend in milliseconds (positive when
   * queues grow).
   */
  double update(long sendDeltaNanos, long arrivalDeltaNanos, long arrivalNanos) {
    double variationMs = (arrivalDeltaNanos - sendDeltaNanos) / 1e6;
    if (firstArrivalNanos == Long.MIN_VALUE) {
      firstArrivalNanos = arrivalNanos;
    }
    numDeltas = Math.min(numDeltas + 1, 1000);
    accumulatedMs += variationMs;
    smoothedMs = SMOOTHING * smoothedMs + (1 - SMOOTHING) * accumulatedMs;
    xs[head] = (arrivalNanos - firstArrivalNanos) / 1e6;
    ys[head] = smoothedMs;
    head = (head + 1) % WINDOW;
    if (filled < WINDOW) {
      filled++;
    }
    if (filled == WINDOW) {
      fit();
    }
    return modifiedTrend();
  }

  private void fit() {
    double sx = 0;
    double sy = 0;
    for (int i = 0; i < WINDOW; i++) {
      sx += xs[i];
      sy += ys[i];
    }
    double mx = sx / WINDOW;
    double my = sy / WINDOW;
    double num = 0;
    double den = 0;
    for (int i = 0; i < WINDOW; i++) {
      double dx = xs[i] - mx;
      num += dx * (ys[i] - my);
      den += dx * dx;
    }
    if (den > 0) {
      slope = num / den;
    }
  }

  /** The slope of the last fit, scaled as the detector expects. */
  double modifiedTrend() {
    return Math.min(numDeltas, MAX_DELTAS_GAIN) * slope * GAIN;
  }

  /** The raw slope (delay milliseconds per arrival millisecond). */
  double slope() {
    return slope;
  }

  int numDeltas() {
    return numDeltas;
  }
}
