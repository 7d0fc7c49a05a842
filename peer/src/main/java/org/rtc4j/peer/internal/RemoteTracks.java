package org.rtc4j.peer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.Msid;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.sdp.Ssrc;
import org.rtc4j.sdp.SsrcGroup;

/**
 * What a remote description says about the peer's senders: their SSRCs (RFC 5576 {@code a=ssrc},
 * {@code a=ssrc-group:FID} for RTX), track and stream ids ({@code a=msid}, RFC 8830), and which
 * sections it now sends on, for the track events (W3C "process remote tracks").
 */
final class RemoteTracks {
  private RemoteTracks() {}

  /** Learns remote SSRCs and track ids, and emits a track event for each section the peer starts sending on. */
  static void apply(SessionDescription s, List<Object> mLines, PeerCore core) {
    for (int i = 0; i < mLines.size() && i < s.media().size(); i++) {
      if (!(mLines.get(i) instanceof Transceiver t)) {
        continue;
      }
      MediaDescription m = s.media().get(i);
      if (m.isRejected()) {
        continue;
      }
      ReceiveStream rs = t.receive;
      List<String> streams = new ArrayList<>();
      String trackId = null;
      for (Msid x : m.msids()) {
        if (!x.streamId().equals("-")) {
          streams.add(x.streamId());
        }
        if (x.trackId() != null) {
          trackId = x.trackId();
        }
      }
      long fidMedia = -1;
      long fidRtx = -1;
      for (SsrcGroup g : m.ssrcGroups()) {
        if (g.semantics().equals("FID") && g.ssrcs().size() == 2) {
          fidMedia = g.ssrcs().get(0);
          fidRtx = g.ssrcs().get(1);
        }
      }
      long mediaSsrc = fidMedia;
      for (Ssrc x : m.ssrcs()) {
        if (mediaSsrc < 0) {
          mediaSsrc = x.ssrc();
        }
        if (trackId == null && x.attribute().equals("msid") && x.value() != null) {
          String[] parts = x.value().trim().split(" ");
          if (parts.length == 2) {
            trackId = parts[1];
            if (!parts[0].equals("-")) {
              streams.add(parts[0]);
            }
          }
        }
      }
      if (mediaSsrc >= 0) {
        rs.ssrc = mediaSsrc;
      }
      if (fidRtx >= 0) {
        rs.rtxSsrc = fidRtx;
      }
      boolean sends = Jsep.remoteDirection(s, m).sends();
      if (sends && !t.trackFired) {
        t.trackFired = true;
        rs.trackId = trackId != null ? trackId : UUID.randomUUID().toString();
        rs.streamIds = streams;
        core.emit(new PeerEvent.Track(t, rs.trackId, streams));
      } else if (!sends) {
        t.trackFired = false;
      }
    }
  }
}
