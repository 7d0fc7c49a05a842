package org.rtc4j.peer.internal.cc;

/**
 * Application-limited region detection: a budget fills at {@value #USAGE_RATIO} of the target
 * bitrate and drains with every byte sent (padding and probes excluded), holding at most
 * {@value #WINDOW_NANOS} ns worth. When the budget is more than {@value #START_LEVEL} full the
 * application is not using what it is allowed (ALR starts); when it falls below
 * {@value #STOP_LEVEL}, the application fills the link again (ALR ends). In ALR the estimate
 * cannot be tested by the application's own traffic, so the prober takes over.
 */
final class AlrDetector {
  static final double USAGE_RATIO = 0.65;
  static final double START_LEVEL = 0.8;
  static final double STOP_LEVEL = 0.5;
  static final long WINDOW_NANOS = 500_000_000L;
  private static final long NONE = Long.MIN_VALUE;

  private double budgetBytes;
  private long lastNanos = NONE;
  private long targetBps;
  private long startNanos = NONE;

  void setTargetBitrate(long bps) {
    targetBps = bps;
  }

  /** Time passes, then {@code bytes} of application data leave (0 to just let time pass). */
  void handleSent(long nowNanos, int bytes) {
    if (lastNanos != NONE && nowNanos > lastNanos) {
      budgetBytes += USAGE_RATIO * targetBps * (nowNanos - lastNanos) / 8e9;
    }
    lastNanos = Math.max(nowNanos, lastNanos == NONE ? nowNanos : lastNanos);
    double max = USAGE_RATIO * targetBps * WINDOW_NANOS / 8e9;
    budgetBytes = Math.max(-max, Math.min(max, budgetBytes - bytes));
    double level = max > 0 ? budgetBytes / max : 0;
    if (startNanos == NONE && level > START_LEVEL) {
      startNanos = nowNanos;
    } else if (startNanos != NONE && level < STOP_LEVEL) {
      startNanos = NONE;
    }
  }

  boolean inAlr() {
    return startNanos != NONE;
  }

  /** When the current ALR began, or {@code Long.MIN_VALUE}. */
  long alrStartNanos() {
    return startNanos;
  }
}
