package org.rtc4j.peer.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.rtc4j.dtls.Certificate;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.CandidatePair;
import org.rtc4j.ice.IceAgent;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.Stats;
import org.rtc4j.peer.StatsReport;
import org.rtc4j.peer.internal.DataChannels.DataChannelStats;
import org.rtc4j.rtcp.NtpTime;
import org.rtc4j.rtp.RtpExtensions;

/**
 * W3C {@code getStats()} (webrtc-stats): a snapshot of the core's counters as stats objects with
 * the W3C member names. rtc4j does not decode, so {@code inbound-rtp} reports frames assembled
 * and delivered ({@code framesReceived}, {@code framesAssembled}) and no {@code framesDecoded}.
 */
final class StatsBuilder {
  private final PeerCore core;
  private final double timestamp;
  private final long nowNanos;
  private final List<Stats> out = new ArrayList<>();

  private StatsBuilder(PeerCore core, long nowNanos, double wallMillis) {
    this.core = core;
    this.nowNanos = nowNanos;
    this.timestamp = wallMillis;
  }

  static StatsReport build(PeerCore core, long nowNanos, double wallMillis) {
    return new StatsBuilder(core, nowNanos, wallMillis).build();
  }

  private StatsReport build() {
    DataChannels channels = core.dataChannels();
    out.add(new Stats("P", "peer-connection", timestamp, Map.of("dataChannelsOpened", channels.channelsOpened,
        "dataChannelsClosed", channels.channelsClosed)));
    Map<String, Object> transport = transport();
    Certificate certificate = core.certificate();
    String certificateId = "CF" + certificate.fingerprint().toString().hashCode();
    transport.put("localCertificateId", certificateId);
    String fp = certificate.fingerprint().toString();
    out.add(new Stats(certificateId, "certificate", timestamp, Map.of(
        "fingerprint", fp.substring(fp.indexOf(' ') + 1), "fingerprintAlgorithm", "sha-256",
        "base64Certificate", Base64.getEncoder().encodeToString(certificate.der()))));
    IceAgent ice = core.iceAgent();
    CandidatePair pair = ice == null ? null : ice.selectedPair();
    candidates(ice, pair);
    if (ice != null) {
      // Every pair of the check list (W3C: one candidate-pair object per pair), the selected one too.
      for (CandidatePair p : ice.checkList()) {
        if (p != pair) {
          candidatePair(p, false);
        }
      }
    }
    if (pair != null) {
      transport.put("selectedCandidatePairId", candidatePair(pair, true));
    }
    out.add(new Stats("T01", "transport", timestamp, transport));
    Set<String> codecIds = new LinkedHashSet<>();
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      codecs(t, codecIds);
      outbound(t);
      inbound(t);
    }
    for (DataChannelStats c : channels.stats()) {
      dataChannel(c);
    }
    return new StatsReport(out);
  }

  /** W3C {@code RTCDataChannelStats}: open channels and the most recently closed. */
  private void dataChannel(DataChannelStats c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("label", c.label());
    m.put("protocol", c.protocol());
    if (c.dataChannelIdentifier() >= 0) {
      m.put("dataChannelIdentifier", (long) c.dataChannelIdentifier());
    }
    m.put("state", c.state().name().toLowerCase(Locale.ROOT));
    m.put("messagesSent", c.messagesSent());
    m.put("bytesSent", c.bytesSent());
    m.put("messagesReceived", c.messagesReceived());
    m.put("bytesReceived", c.bytesReceived());
    out.add(new Stats("D" + c.sequence(), "data-channel", timestamp, m));
  }

  private Map<String, Object> transport() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dtlsState", core.dtlsState().name().toLowerCase(Locale.ROOT));
    m.put("iceState", core.iceConnectionState().w3cName());
    IceAgent ice = core.iceAgent();
    m.put("iceRole", ice == null ? "unknown" : ice.role().name().toLowerCase(Locale.ROOT));
    m.put("iceLocalUsernameFragment", core.localCredentials().ufrag());
    if (core.dtlsRole() != null) {
      m.put("dtlsRole", core.dtlsRole().name().toLowerCase(Locale.ROOT));
    }
    if (core.srtpProfile() != null) {
      m.put("srtpCipher", core.srtpProfile().ianaName()); // W3C: the IANA registry name
    }
    String cipher = core.transport().dtlsCipherSuite();
    if (cipher != null) {
      m.put("dtlsCipher", cipher);
      m.put("tlsVersion", "FEFD"); // DTLS 1.2, as W3C asks: the version's two bytes in hex
    }
    m.put("rtpPacketsMalformed", core.receiver().malformed);
    m.put("rtpPacketsUnroutable", core.receiver().unroutable);
    m.put("rtcpPacketsMalformed", core.rtcp().malformed);
    m.put("rtcpByesReceived", core.rtcp().byesReceived);
    m.put("srtpPacketsDropped", core.transport().srtpDropped);
    m.put("datagramsDropped", core.transport().datagramsDropped);
    DropStats.put(m, core);
    return m;
  }

  private void candidates(IceAgent ice, CandidatePair pair) {
    Map<String, Stats> candidates = new LinkedHashMap<>();
    if (ice != null) {
      for (Candidate c : ice.localCandidates()) {
        candidates.putIfAbsent(candidateId(c, true), candidate(c, true));
      }
      for (Candidate c : ice.remoteCandidates()) {
        candidates.putIfAbsent(candidateId(c, false), candidate(c, false));
      }
    }
    if (pair != null) {
      // The selected pair's candidates are reported even if the agent no longer lists them.
      candidates.putIfAbsent(candidateId(pair.local(), true), candidate(pair.local(), true));
      candidates.putIfAbsent(candidateId(pair.remote(), false), candidate(pair.remote(), false));
    }
    if (ice != null) {
      for (CandidatePair p : ice.checkList()) { // a pair's stats name both of its candidates
        candidates.putIfAbsent(candidateId(p.local(), true), candidate(p.local(), true));
        candidates.putIfAbsent(candidateId(p.remote(), false), candidate(p.remote(), false));
      }
    }
    out.addAll(candidates.values());
  }

  /**
   * W3C {@code RTCIceCandidatePairStats}. The round trip comes from ICE's STUN checks and consent
   * requests on the pair; the packet and byte counts are the media's, so only the selected pair
   * (which carries it all) has them.
   */
  private String candidatePair(CandidatePair pair, boolean selected) {
    String lid = candidateId(pair.local(), true);
    String rid = candidateId(pair.remote(), false);
    String id = "CP" + lid + "_" + rid;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transportId", "T01");
    m.put("localCandidateId", lid);
    m.put("remoteCandidateId", rid);
    m.put("state", pair.state().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    m.put("nominated", pair.nominated());
    m.put("priority", pair.priority());
    m.put("requestsSent", pair.requestsSent());
    m.put("responsesReceived", pair.responsesReceived());
    if (pair.currentRoundTripTimeNanos() >= 0) {
      m.put("currentRoundTripTime", pair.currentRoundTripTimeNanos() / 1e9);
      m.put("totalRoundTripTime", pair.totalRoundTripTimeNanos() / 1e9);
    }
    if (!selected) {
      out.add(new Stats(id, "candidate-pair", timestamp, m));
      return id;
    }
    long packetsSent = 0;
    long bytesSent = 0;
    long packetsReceived = 0;
    long bytesReceived = 0;
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      packetsSent += t.send.packetsSent;
      bytesSent += t.send.payloadBytesSent + t.send.headerBytesSent;
      packetsReceived += t.receive.received;
      bytesReceived += t.receive.payloadBytesReceived + t.receive.headerBytesReceived;
    }
    long available = core.congestion().availableOutgoingBitrate();
    if (available >= 0) {
      m.put("availableOutgoingBitrate", (double) available);
    }
    m.put("packetsSent", packetsSent);
    m.put("bytesSent", bytesSent);
    m.put("packetsReceived", packetsReceived);
    m.put("bytesReceived", bytesReceived);
    out.add(new Stats(id, "candidate-pair", timestamp, m));
    return id;
  }

  private void codecs(Transceiver t, Set<String> codecIds) {
    for (CodecParams c : t.negotiated) {
      String id = "CIT01_" + c.payloadType();
      if (codecIds.add(id)) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("transportId", "T01");
        m.put("payloadType", (long) c.payloadType());
        m.put("mimeType", t.kind.sdpName() + "/" + c.codec().encodingName());
        m.put("clockRate", (long) c.codec().clockRate());
        if (c.codec().isAudio()) {
          m.put("channels", (long) c.channels());
        }
        if (!c.fmtp().isEmpty()) {
          m.put("sdpFmtpLine", c.fmtpLine());
        }
        out.add(new Stats(id, "codec", timestamp, m));
      }
    }
  }

  private void outbound(Transceiver t) {
    SendStream s = t.send;
    if (s.packetsSent == 0 && !(t.track != null && t.currentDirection != null && t.currentDirection.sends())) {
      return;
    }
    String id = "OT01" + (t.kind == MediaKind.AUDIO ? "A" : "V") + s.ssrc;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ssrc", s.ssrc);
    m.put("kind", t.kind.sdpName());
    m.put("transportId", "T01");
    if (s.lastPayloadType >= 0) {
      m.put("codecId", "CIT01_" + s.lastPayloadType);
    }
    m.put("mid", t.mid);
    if (t.track != null) {
      m.put("mediaSourceId", mediaSource(t));
    }
    // W3C: both include retransmissions; RTCP sender reports count the media stream alone.
    m.put("packetsSent", s.packetsSent + s.retransmittedPacketsSent);
    m.put("bytesSent", s.payloadBytesSent); // retransmissions included (W3C)
    m.put("headerBytesSent", s.headerBytesSent);
    m.put("retransmittedPacketsSent", s.retransmittedPacketsSent);
    m.put("retransmittedBytesSent", s.retransmittedBytesSent);
    if (s.rtxSsrc >= 0) {
      m.put("rtxSsrc", s.rtxSsrc);
    }
    m.put("nackCount", s.nackCount);
    if (s.targetBitrateBps >= 0) {
      m.put("targetBitrate", (double) s.targetBitrateBps);
    }
    if (t.kind == MediaKind.VIDEO) {
      m.put("framesSent", s.framesSent);
      m.put("keyFramesEncoded", s.keyFramesSent);
      m.put("pliCount", s.pliCount);
      m.put("firCount", s.firCount);
    }
    if (t.track != null) {
      m.put("trackIdentifier", t.track.id());
    }
    if (s.reportsReceived > 0) {
      m.put("remoteId", "RI" + id);
    }
    out.add(new Stats(id, "outbound-rtp", timestamp, m));
    if (s.reportsReceived > 0) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ssrc", s.ssrc);
      r.put("kind", t.kind.sdpName());
      r.put("transportId", "T01");
      r.put("localId", id);
      r.put("packetsLost", s.packetsLost);
      r.put("fractionLost", s.fractionLost / 256.0);
      CodecParams c = t.codecFor(s.lastPayloadType);
      r.put("jitter", s.remoteJitter / (double) (c != null ? c.codec().clockRate() : 90_000));
      r.put("reportsReceived", s.reportsReceived);
      if (!Double.isNaN(s.roundTripTime)) {
        r.put("roundTripTime", s.roundTripTime);
        r.put("totalRoundTripTime", s.totalRoundTripTime);
        r.put("roundTripTimeMeasurements", s.roundTripTimeMeasurements);
      }
      out.add(new Stats("RI" + id, "remote-inbound-rtp", timestamp, r));
    }
  }

  /**
   * W3C {@code RTCAudioSourceStats}/{@code RTCVideoSourceStats} for a sending track. rtc4j takes
   * encoded frames, so a video source reports the frames handed to the sender ({@code frames}) and
   * neither an audio level nor a resolution.
   */
  private String mediaSource(Transceiver t) {
    String id = "SO" + (t.kind == MediaKind.AUDIO ? "A" : "V") + t.send.ssrc;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("kind", t.kind.sdpName());
    m.put("trackIdentifier", t.track.id());
    if (t.kind == MediaKind.VIDEO) {
      m.put("frames", t.send.framesSent + t.send.framesDropped);
    }
    out.add(new Stats(id, "media-source", timestamp, m));
    return id;
  }

  /** W3C {@code RTCRemoteOutboundRtpStreamStats}: the peer's latest sender report about its stream. */
  private void remoteOutbound(Transceiver t, String inboundId) {
    ReceiveStream rs = t.receive;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("ssrc", rs.ssrc);
    r.put("kind", t.kind.sdpName());
    r.put("transportId", "T01");
    if (rs.assemblerPayloadType >= 0) {
      r.put("codecId", "CIT01_" + rs.assemblerPayloadType);
    }
    r.put("localId", inboundId);
    r.put("remoteTimestamp", NtpTime.toUnixNanos(rs.lastSrNtp) / 1e6);
    r.put("reportsSent", rs.senderReportsReceived);
    r.put("packetsSent", rs.remotePacketsSent);
    r.put("bytesSent", rs.remoteOctetsSent);
    out.add(new Stats("RO" + inboundId, "remote-outbound-rtp", timestamp, r));
  }

  private void inbound(Transceiver t) {
    ReceiveStream rs = t.receive;
    if (!rs.started) {
      return;
    }
    String id = "IT01" + (t.kind == MediaKind.AUDIO ? "A" : "V") + rs.ssrc;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ssrc", rs.ssrc);
    m.put("kind", t.kind.sdpName());
    m.put("transportId", "T01");
    if (rs.assemblerPayloadType >= 0) {
      m.put("codecId", "CIT01_" + rs.assemblerPayloadType);
    }
    m.put("mid", t.mid);
    if (rs.trackId != null) {
      m.put("trackIdentifier", rs.trackId);
    }
    m.put("packetsReceived", rs.received + rs.retransmittedPacketsReceived);
    m.put("packetsLost", rs.cumulativeLost());
    m.put("packetsDiscarded", rs.packetsDiscarded);
    m.put("bytesReceived", rs.payloadBytesReceived);
    m.put("headerBytesReceived", rs.headerBytesReceived);
    m.put("jitter", rs.jitter / rs.clockRate);
    m.put("lastPacketReceivedTimestamp", timestamp - (nowNanos - rs.lastPacketReceivedNanos) / 1e6);
    m.put("retransmittedPacketsReceived", rs.retransmittedPacketsReceived);
    m.put("nackCount", rs.nackCount);
    m.put("framesReceived", rs.framesReceived);
    m.put("framesAssembled", rs.framesReceived);
    m.put("framesLost", rs.framesLost);
    if (t.kind == MediaKind.VIDEO) {
      m.put("keyFramesReceived", rs.keyFramesReceived);
      m.put("pliCount", rs.pliCount);
    }
    if (rs.audioLevel >= 0) {
      m.put("audioLevel", audioLevel(rs.audioLevel));
    }
    if (rs.senderReportsReceived > 0) {
      m.put("remoteId", "RO" + id);
    }
    out.add(new Stats(id, "inbound-rtp", timestamp, m));
    if (rs.senderReportsReceived > 0) {
      remoteOutbound(t, id);
    }
  }

  /**
   * W3C {@code audioLevel} (0..1, linear: 1.0 is 0 dBov, 0 silence) of an RFC 6464 byte, converted
   * as W3C does for {@code RTCRtpSynchronizationSource.audioLevel}: 10^(-dBov / 20), and 0 for
   * -127 dBov (RFC 6464 §3: digital silence). rtc4j does not decode audio, so it reports what the
   * sender put in its last packet rather than a level measured from the samples.
   */
  static double audioLevel(int rfc6464) {
    int dbov = RtpExtensions.audioLevelDbov((byte) rfc6464);
    return dbov >= 127 ? 0.0 : Math.pow(10, -dbov / 20.0);
  }

  private static String candidateId(Candidate c, boolean local) {
    return (local ? "IL" : "IR") + c.type().sdpName() + "_" + c.address() + "_" + c.port();
  }

  private Stats candidate(Candidate c, boolean local) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("transportId", "T01");
    m.put("address", c.address());
    m.put("port", (long) c.port());
    m.put("protocol", c.transport().toLowerCase(Locale.ROOT));
    m.put("candidateType", c.type().sdpName());
    if (c.tcpType() != null) {
      m.put("tcpType", c.tcpType());
    }
    IceAgent ice = core.iceAgent();
    String relayProtocol = local && ice != null ? ice.relayProtocol(c) : null;
    if (relayProtocol != null) {
      m.put("relayProtocol", relayProtocol);
    }
    m.put("priority", c.priority());
    m.put("foundation", c.foundation());
    return new Stats(candidateId(c, local), local ? "local-candidate" : "remote-candidate", timestamp, m);
  }
}
