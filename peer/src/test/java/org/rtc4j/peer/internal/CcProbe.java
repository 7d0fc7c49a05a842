package org.rtc4j.peer.internal;

/** Test access to the congestion control's counters. */
public final class CcProbe {
  private CcProbe() {}

  public static String describe(PeerCore core) {
    CongestionControl c = core.congestion();
    return "probes created " + c.estimator().probeClustersCreated() + ", sent " + c.pacer().probeClustersSent()
        + ", padding packets " + c.paddingSent + ", feedback received " + c.estimator().feedbackReceived()
        + ", delay-based " + c.estimator().delayBasedBitrateBps() + ", loss-based " + c.estimator().lossBasedBitrateBps()
        + ", acked " + c.estimator().ackedBitrateBps() + ", alr " + c.estimator().inAlr();
  }
}
