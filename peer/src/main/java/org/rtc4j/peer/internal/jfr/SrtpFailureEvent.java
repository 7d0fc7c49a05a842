package org.rtc4j.peer.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * JFR {@code rtc4j.SrtpFailure}: an SRTP or SRTCP packet failed to unprotect and was dropped, with
 * the reason ({@code AUTH_FAIL}, {@code REPLAY_DUPLICATE}, {@code REPLAY_OLD}, ...; or
 * {@code NO_KEYS} for one that came before DTLS keyed SRTP and could not be kept).
 */
@Name("rtc4j.SrtpFailure")
@Label("SRTP Failure")
@Category({"rtc4j", "SRTP"})
@Description("An SRTP or SRTCP packet dropped because it did not unprotect")
@StackTrace(false)
public final class SrtpFailureEvent extends jdk.jfr.Event {
  @Label("Connection Id")
  String connectionId;

  @Label("Protocol")
  @Description("SRTP or SRTCP")
  String protocol;

  @Label("Reason")
  String reason;

  @Label("Length")
  int length;

  /** Records the failure if a recording wants it. */
  public static void emit(String connectionId, boolean rtcp, String reason, int length) {
    SrtpFailureEvent e = new SrtpFailureEvent();
    if (e.shouldCommit()) {
      e.connectionId = connectionId;
      e.protocol = rtcp ? "SRTCP" : "SRTP";
      e.reason = reason;
      e.length = length;
      e.commit();
    }
  }
}
