package org.rtc4j.peer.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Percentage;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * JFR {@code rtc4j.RtcpReport}: the peer's report block about one of our streams (RFC 3550 §6.4.1):
 * loss, jitter and, when it echoes one of our sender reports, the round-trip time.
 */
@Name("rtc4j.RtcpReport")
@Label("RTCP Report Block")
@Category({"rtc4j", "RTCP"})
@Description("A received RTCP report block about a sent stream: round-trip time, loss and jitter")
@StackTrace(false)
public final class RtcpReportEvent extends jdk.jfr.Event {
  @Label("Connection Id")
  String connectionId;

  @Label("SSRC")
  long ssrc;

  @Label("Round-Trip Time")
  @Description("From LSR and DLSR; N/A when the block echoes no sender report")
  @Timespan(Timespan.NANOSECONDS)
  long roundTripTime;

  @Label("Fraction Lost")
  @Percentage
  double fractionLost;

  @Label("Packets Lost")
  @Description("Cumulative")
  long packetsLost;

  @Label("Jitter")
  @Description("Interarrival jitter in RTP timestamp units")
  long jitter;

  /** Records the block if a recording wants it. */
  public static void emit(String connectionId, long ssrc, long roundTripNanos, int fractionLost, long packetsLost,
      long jitter) { // roundTripNanos: -1 for none
    RtcpReportEvent e = new RtcpReportEvent();
    if (e.shouldCommit()) {
      e.connectionId = connectionId;
      e.ssrc = ssrc;
      e.roundTripTime = roundTripNanos < 0 ? Long.MIN_VALUE : roundTripNanos; // JFR prints MIN_VALUE as N/A
      e.fractionLost = fractionLost / 256.0;
      e.packetsLost = packetsLost;
      e.jitter = jitter;
      e.commit();
    }
  }
}
