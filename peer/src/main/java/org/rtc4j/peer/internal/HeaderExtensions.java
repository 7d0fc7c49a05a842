package org.rtc4j.peer.internal;

import org.rtc4j.peer.MediaKind;
import org.rtc4j.rtp.RtpExtensions;
import org.rtc4j.sdp.ExtMap;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.SessionDescription;

/**
 * The RTP header extensions of a connection (RFC 8285) and the ids negotiated for them: the MID
 * (RFC 8843 §9.1), the transport-wide sequence number and abs-send-time for congestion control
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01, abs-send-time), and the audio level
 * (RFC 6464). rtc4j offers them with Chromium's ids; an answer takes the offer's ids for the URIs it
 * knows (RFC 8285 §7); an extension the answer leaves out is not sent. With BUNDLE every section
 * shares one id space, so one table serves the whole connection.
 */
final class HeaderExtensions {
  static final String MID = RtpExtensions.MID;
  static final String TRANSPORT_CC = RtpExtensions.TRANSPORT_WIDE_CC;
  static final String ABS_SEND_TIME = RtpExtensions.ABS_SEND_TIME;
  static final String AUDIO_LEVEL = RtpExtensions.AUDIO_LEVEL;

  /** The extensions rtc4j knows, in offer order, with the ids it offers them under. */
  private static final String[] URIS = {AUDIO_LEVEL, ABS_SEND_TIME, TRANSPORT_CC, MID};
  private static final int[] OFFER_IDS = {1, 2, 3, 4};
  private static final int AUDIO_LEVEL_INDEX = 0;
  private static final int ABS_INDEX = 1;
  private static final int TWCC_INDEX = 2;
  private static final int MID_INDEX = 3;

  /** The ids in the packets we send (0: not sent), by {@link #URIS} index. */
  private final int[] local = OFFER_IDS.clone();
  /** The ids in the packets the peer sends (0: absent). */
  private final int[] remote = new int[URIS.length];
  /**
   * The kinds of section ({@link #kindBit}) in which the remote description lists each extension:
   * an answer names an extension only in a section whose offer named it (RFC 8285 §7).
   */
  private final int[] remoteKinds = new int[URIS.length];
  private boolean allowMixed;
  private boolean remoteAllowMixed;

  /** The id to write MID under, or 0 when it is not negotiated. */
  int mid() {
    return local[MID_INDEX];
  }

  /** The id the peer writes MID under, or 0. */
  int remoteMid() {
    return remote[MID_INDEX];
  }

  /** The id for the transport-wide sequence number in what we send, or 0. */
  int transportCc() {
    return local[TWCC_INDEX];
  }

  /** The id the peer writes the transport-wide sequence number under, or 0. */
  int remoteTransportCc() {
    return remote[TWCC_INDEX];
  }

  int absSendTime() {
    return local[ABS_INDEX];
  }

  int remoteAbsSendTime() {
    return remote[ABS_INDEX];
  }

  /** The id for the RFC 6464 audio level in what we send, or 0. */
  int audioLevel() {
    return local[AUDIO_LEVEL_INDEX];
  }

  /** The id the peer writes its RFC 6464 audio level under, or 0. */
  int remoteAudioLevel() {
    return remote[AUDIO_LEVEL_INDEX];
  }

  /** Whether a two-byte header element (an id above 14 or a value above 16 bytes) may be sent. */
  boolean twoByteAllowed() {
    return allowMixed && remoteAllowMixed;
  }

  /**
   * Writes the {@code a=extmap} lines of a section: in an offer every extension rtc4j supports
   * (under the negotiated id if there is one), in an answer only the negotiated ones. Audio level
   * goes in audio sections only.
   */
  void writeTo(MediaDescription.Builder m, MediaKind kind, boolean offer) {
    for (int i = 0; i < URIS.length; i++) {
      if (i == AUDIO_LEVEL_INDEX && kind != MediaKind.AUDIO) {
        continue;
      }
      int id = local[i] > 0 ? local[i] : offer ? OFFER_IDS[i] : 0;
      if (id > 0 && (offer || (remoteKinds[i] & kindBit(kind)) != 0)) {
        m.addExtMap(new ExtMap(id, URIS[i]));
      }
    }
  }

  /** Writes the session-level lines. */
  void writeTo(SessionDescription.Builder s) {
    s.extmapAllowMixed(true);
    allowMixed = true;
  }

  /** A remote offer: the answer uses its ids for what rtc4j supports and leaves out the rest. */
  void fromOffer(SessionDescription s, MediaDescription m) {
    learn(s, m);
  }

  /** A remote answer: what it keeps is used with its ids; what it leaves out is not sent. */
  void fromAnswer(SessionDescription s, MediaDescription m) {
    learn(s, m);
  }

  private void learn(SessionDescription s, MediaDescription m) {
    for (int i = 0; i < URIS.length; i++) {
      int id = idOf(s, m, URIS[i]);
      remote[i] = id;
      local[i] = id;
      remoteKinds[i] = kindsOf(s, URIS[i]);
    }
    remoteAllowMixed = s.extmapAllowMixed() || m.extmapAllowMixed();
  }

  private static int kindBit(MediaKind kind) {
    return kind == MediaKind.AUDIO ? 1 : 2;
  }

  /** The kinds of the live sections of {@code s} that list {@code uri}. */
  private static int kindsOf(SessionDescription s, String uri) {
    int kinds = 0;
    for (MediaDescription m : s.media()) {
      if (m.isRejected()) {
        continue;
      }
      for (ExtMap x : m.extMaps()) {
        if (x.uri().equals(uri)) {
          kinds |= "audio".equals(m.kind()) ? 1 : "video".equals(m.kind()) ? 2 : 0;
        }
      }
    }
    return kinds;
  }

  /** The id of {@code uri} in any section of the description (audio level is only in audio ones). */
  private static int idOf(SessionDescription s, MediaDescription first, String uri) {
    for (ExtMap x : first.extMaps()) {
      if (x.uri().equals(uri)) {
        return x.id();
      }
    }
    for (MediaDescription m : s.media()) {
      if (m.isRejected()) {
        continue;
      }
      for (ExtMap x : m.extMaps()) {
        if (x.uri().equals(uri)) {
          return x.id();
        }
      }
    }
    return 0;
  }
}
