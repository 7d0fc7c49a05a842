package org.rtc4j.bench.scale;

import java.util.Collection;

/** Median, 95th percentile and maximum of a sample (nearest rank). */
record Quantiles(int count, double median, double p95, double max) {

  static Quantiles of(Collection<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return new Quantiles(0, Double.NaN, Double.NaN, Double.NaN);
    }
    return new Quantiles(v.length, rank(v, 0.50), rank(v, 0.95), v[v.length - 1]);
  }

  private static double rank(double[] sorted, double q) {
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }
}
