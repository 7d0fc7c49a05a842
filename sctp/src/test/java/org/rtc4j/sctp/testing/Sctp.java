package org.rtc4j.sctp.testing;

import java.util.SplittableRandom;
import org.rtc4j.sctp.SctpAssociation;
import org.rtc4j.sctp.SctpConfig;

/** Test factories. */
public final class Sctp {
  private Sctp() {}

  /** A config with a seeded generator. */
  public static SctpConfig.Builder config(long seed) {
    return SctpConfig.builder().random(new SplittableRandom(seed));
  }

  public static SctpAssociation association(long seed) {
    return new SctpAssociation(config(seed).build());
  }

  public static SimLink link(double delayMillis, double loss, long seed) {
    return new SimLink(new SimLink.Config().delayMillis(delayMillis).lossRate(loss).seed(seed));
  }

  public static final long SECOND = 1_000_000_000L;
  public static final long MILLI = 1_000_000L;
}
