/**
 * WHIP (RFC 9725) and WHEP as a library: {@code WhipClient} and {@code WhepClient} publish and
 * subscribe a {@code PeerConnection} over the JDK's {@code java.net.http} client, and
 * {@code WhipServer} serves either protocol on the JDK's {@code com.sun.net.httpserver}, handing
 * each new session's {@code PeerConnection} to the application.
 */
module org.rtc4j.whip {
  requires transitive org.rtc4j.peer;
  requires transitive java.net.http;
  requires transitive jdk.httpserver;
  requires org.rtc4j.sdp;
  requires org.slf4j;

  exports org.rtc4j.whip;
}
