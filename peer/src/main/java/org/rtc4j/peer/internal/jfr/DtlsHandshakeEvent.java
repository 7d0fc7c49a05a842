package org.rtc4j.peer.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR {@code rtc4j.DtlsHandshake}: the DTLS-SRTP handshake completed and SRTP is keyed. */
@Name("rtc4j.DtlsHandshake")
@Label("DTLS Handshake")
@Category({"rtc4j", "DTLS"})
@Description("A DTLS-SRTP handshake completed: its duration, cipher suite and SRTP profile")
@StackTrace(false)
public final class DtlsHandshakeEvent extends jdk.jfr.Event {
  @Label("Connection Id")
  String connectionId;

  @Label("Role")
  @Description("client or server")
  String role;

  @Label("Handshake Duration")
  @Description("From the client's first flight, or the server's first ClientHello, to completion")
  @Timespan(Timespan.NANOSECONDS)
  long handshakeDuration;

  @Label("Cipher Suite")
  String cipherSuite;

  @Label("SRTP Profile")
  String srtpProfile;

  /** Records the handshake if a recording wants it. */
  public static void emit(String connectionId, String role, long durationNanos, String cipherSuite,
      String srtpProfile) {
    DtlsHandshakeEvent e = new DtlsHandshakeEvent();
    if (e.shouldCommit()) {
      e.connectionId = connectionId;
      e.role = role;
      e.handshakeDuration = durationNanos;
      e.cipherSuite = cipherSuite;
      e.srtpProfile = srtpProfile;
      e.commit();
    }
  }
}
