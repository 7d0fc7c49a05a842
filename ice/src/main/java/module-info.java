/**
 * STUN (RFC 8489), TURN (RFC 8656) and ICE (RFC 8445), plus the event loop and the non-blocking
 * UDP sockets every connection runs on: ICE owns the transport.
 *
 * <p>Exported: {@code org.rtc4j.stun} (the STUN codec), {@code org.rtc4j.ice} (the sans-IO ICE
 * agent, candidates, gathering, the shared UDP socket), {@code org.rtc4j.ice.turn} (the TURN
 * client, its servers and errors), {@code org.rtc4j.ice.mdns} (mDNS names for host candidates) and
 * {@code org.rtc4j.net} (event loops, UDP and TCP endpoints, TLS, clocks).
 * {@code org.rtc4j.ice.internal} (checklist arithmetic) is not exported.
 */
module org.rtc4j.ice {
  requires org.slf4j;
  requires jdk.jfr;

  exports org.rtc4j.ice;
  exports org.rtc4j.ice.mdns;
  exports org.rtc4j.ice.turn;
  exports org.rtc4j.net;
  exports org.rtc4j.stun;
}
