package org.rtc4j.peer.internal;

import java.util.Locale;
import java.util.Map;
import org.rtc4j.dtls.DtlsDropReason;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.ice.IceDropReason;
import org.rtc4j.ice.IceStats;
import org.rtc4j.srtp.SrtpStatus;

/**
 * Every datagram a connection dropped, by layer and typed reason, as members of its {@code
 * transport} stats object. W3C's {@code RTCTransportStats} has no such members, so they carry the
 * {@code rtc4j} prefix:
 *
 * <ul>
 *   <li>{@code rtc4jDatagramsDropped<Reason>}: the RFC 7983 demultiplexer ({@link IceDropReason}:
 *       empty, STUN range but not taken by ICE, unknown first byte, DTLS/SRTP from an address that
 *       is no remote candidate);
 *   <li>{@code rtc4jStun<Counter>}: STUN the ICE agent took and refused ({@link IceStats}), and the
 *       remote candidates it did not keep (its limits);
 *   <li>{@code rtc4jDtlsDropped<Reason>}: DTLS datagrams ({@link DtlsDropReason});
 *   <li>{@code rtc4jSrtpDropped<Status>}: SRTP and SRTCP that did not unprotect ({@link SrtpStatus}),
 *       and {@code rtc4jSrtpDroppedEarly} (before the keys, past the early queue);
 *   <li>{@code rtc4jRtcpDroppedOversize}: compounds over {@link RtcpSession#MAX_COMPOUND_BYTES}.
 * </ul>
 *
 * RTP and RTCP that unprotected but did not parse are the existing {@code rtpPacketsMalformed} and
 * {@code rtcpPacketsMalformed}.
 */
final class DropStats {
  private DropStats() {}

  static void put(Map<String, Object> m, PeerCore core) {
    BundleTransport t = core.transport();
    for (IceDropReason r : IceDropReason.values()) {
      if (r != IceDropReason.NO_HANDLER && r != IceDropReason.CLOSED) { // the peer's demux never has these
        m.put("rtc4jDatagramsDropped" + camel(r.name()), t.datagramsDroppedBy[r.ordinal()]);
      }
    }
    IceAgent ice = core.iceAgent();
    IceStats s = ice == null ? null : ice.stats();
    m.put("rtc4jStunMalformed", s == null ? 0L : s.malformed());
    m.put("rtc4jStunUnauthenticated", s == null ? 0L : s.unauthenticated());
    m.put("rtc4jStunBadRequests", s == null ? 0L : s.badRequests());
    m.put("rtc4jStunUnknownAttributes", s == null ? 0L : s.unknownAttributes());
    m.put("rtc4jStunResponsesBadIntegrity", s == null ? 0L : s.responsesBadIntegrity());
    m.put("rtc4jStunResponsesUnmatched", s == null ? 0L : s.responsesUnmatched());
    m.put("rtc4jStunRemoteCandidatesIgnored", s == null ? 0L : s.remoteCandidatesIgnored());
    m.put("rtc4jStunPeerReflexiveCandidatesIgnored", s == null ? 0L : s.peerReflexiveCandidatesIgnored());
    for (DtlsDropReason r : DtlsDropReason.values()) {
      m.put("rtc4jDtlsDropped" + camel(r.name()), t.dtlsDropped(r));
    }
    for (SrtpStatus r : SrtpStatus.values()) {
      if (r != SrtpStatus.OK) {
        m.put("rtc4jSrtpDropped" + camel(r.name()), t.srtpDroppedBy[r.ordinal()]);
      }
    }
    m.put("rtc4jSrtpDroppedEarly", t.srtpDroppedEarly);
    m.put("rtc4jRtcpDroppedOversize", core.rtcp().oversize);
  }

  /** {@code UNKNOWN_SOURCE} → {@code UnknownSource}. */
  static String camel(String enumName) {
    StringBuilder b = new StringBuilder(enumName.length());
    for (String part : enumName.split("_")) {
      b.append(part.charAt(0)).append(part.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
