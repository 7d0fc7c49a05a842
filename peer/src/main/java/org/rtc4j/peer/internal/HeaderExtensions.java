package org.rtc4j.peer.internal;

import org.rtc4j.peer.MediaKind;
import org.rtc4j.rtp.RtpExtensions;
import org.rtc4j.sdp.ExtMap;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.SessionDescription;

/**
 * The RTP header extensions of a connection (RFC 8285) and the ids negotiated for them. rtc4j
 * offers them with Chromium's ids; an answer takes the offer's ids for the URIs it knows; an
 * extension the answer leaves out is not sent. With BUNDLE every section shares one id space, so
 * one table serves the whole connection.
 */
final class HeaderExtensions {
  /** The MID extension (RFC 8843 §9.1). */
  static final String MID = RtpExtensions.MID;
  private static final int DEFAULT_MID_ID = 4;

  /** The id for MID in the packets we send, or 0. */
  private int mid;
  /** The id for MID in the packets the peer sends, or 0. */
  private int remoteMid;
  /** Whether both sides may use the two-byte header form (RFC 8285 §6, {@code extmap-allow-mixed}). */
  private boolean allowMixed;
  private boolean remoteAllowMixed;

  HeaderExtensions() {
    mid = DEFAULT_MID_ID;
  }

  /** The id to write MID under, or 0 when it is not negotiated. */
  int mid() {
    return mid;
  }

  /** The id the peer writes MID under, or 0. */
  int remoteMid() {
    return remoteMid;
  }

  /** Whether a two-byte header element (an id above 14 or a value above 16 bytes) may be sent. */
  boolean twoByteAllowed() {
    return allowMixed && remoteAllowMixed;
  }

  /**
   * Writes the {@code a=extmap} lines of a section: in an offer every extension rtc4j supports
   * (under the negotiated id if there is one), in an answer only the negotiated ones.
   */
  void writeTo(MediaDescription.Builder m, MediaKind kind, boolean offer) {
    int id = mid > 0 ? mid : offer ? DEFAULT_MID_ID : 0;
    if (id > 0) {
      m.addExtMap(new ExtMap(id, MID));
    }
  }

  /** Writes the session-level lines. */
  void writeTo(SessionDescription.Builder s) {
    s.extmapAllowMixed(true);
    allowMixed = true;
  }

  /**
   * A remote offer: the answer uses its ids for what rtc4j supports and leaves out the rest
   * (RFC 8285 §7).
   */
  void fromOffer(SessionDescription s, MediaDescription m) {
    int offered = idOf(m, MID);
    remoteMid = offered;
    mid = offered;
    remoteAllowMixed = s.extmapAllowMixed() || m.extmapAllowMixed();
  }

  /** A remote answer: what it keeps is used with its ids; what it leaves out is not sent. */
  void fromAnswer(SessionDescription s, MediaDescription m) {
    int answered = idOf(m, MID);
    remoteMid = answered;
    mid = answered;
    remoteAllowMixed = s.extmapAllowMixed() || m.extmapAllowMixed();
  }

  private static int idOf(MediaDescription m, String uri) {
    for (ExtMap x : m.extMaps()) {
      if (x.uri().equals(uri)) {
        return x.id();
      }
    }
    return 0;
  }
}
