package org.rtc4j.sdp.internal;

/**
 * A fixed table of the strings WebRTC SDP repeats in every offer (attribute names, codec names,
 * header extension URIs, feedback types, fmtp keys, small numbers). {@link #intern} returns the
 * shared instance for a region of the input without allocating, so a parsed description holds
 * one copy of {@code "transport-cc"} however many lines name it. Anything not in the table is
 * copied as usual.
 */
public final class Tokens {
  private static final String[] KNOWN = {
    // Line-level values
    "-", "IN", "IP4", "IP6", "0.0.0.0", "127.0.0.1", "::", "audio", "video", "application",
    "text", "message", "UDP/TLS/RTP/SAVPF", "UDP/DTLS/SCTP", "DTLS/SCTP", "RTP/SAVPF", "RTP/AVP",
    "RTP/AVPF", "RTP/SAVP", "UDP/TLS/RTP/SAVP", "TCP/DTLS/SCTP", "TCP/TLS/RTP/SAVPF",
    "webrtc-datachannel", "AS", "TIAS", "CT", "RR", "RS",
    // Attribute names
    "group", "msid-semantic", "msid", "mid", "ice-ufrag", "ice-pwd", "ice-options", "ice-lite",
    "ice-mismatch", "fingerprint", "setup", "tls-id", "candidate", "end-of-candidates",
    "remote-candidates", "rtpmap", "fmtp", "rtcp-fb", "extmap", "extmap-allow-mixed", "ssrc",
    "ssrc-group", "rid", "simulcast", "rtcp", "rtcp-mux", "rtcp-mux-only", "rtcp-rsize",
    "rtcp-xr", "sendrecv", "sendonly", "recvonly", "inactive", "bundle-only", "sctp-port",
    "max-message-size", "sctpmap", "ptime", "maxptime", "framerate", "identity",
    // Semantics and attribute values
    "BUNDLE", "LS", "FID", "SIM", "FEC", "FEC-FR", "WMS", "*", "trickle", "ice2", "renomination",
    "sha-1", "sha-224", "sha-256", "sha-384", "sha-512", "actpass", "active", "passive",
    "holdconn", "send", "recv", "cname", "label", "mslabel", "rcvr-rtt=all",
    // Codecs
    "opus", "red", "rtx", "ulpfec", "flexfec-03", "G722", "PCMU", "PCMA", "CN", "ISAC", "ILBC",
    "telephone-event", "VP8", "VP9", "H264", "H265", "AV1", "AV1X", "multiopus",
    // Feedback
    "goog-remb", "transport-cc", "ccm", "fir", "nack", "pli", "rrtr", "tmmbr",
    // fmtp keys and common values
    "apt", "minptime", "useinbandfec", "stereo", "sprop-stereo", "maxplaybackrate", "usedtx",
    "cbr", "maxaveragebitrate", "profile-level-id", "packetization-mode",
    "level-asymmetry-allowed", "profile-id", "level-idx", "profile", "tier", "max-fs", "max-fr",
    "x-google-start-bitrate", "x-google-min-bitrate", "x-google-max-bitrate", "repair-window",
    "42001f", "42e01f", "4d001f", "640c1f", "42e034", "0-15", "0-16", "111/111", "rtx-time",
    // Header extensions (RFC 8285 URIs)
    "urn:ietf:params:rtp-hdrext:ssrc-audio-level", "urn:ietf:params:rtp-hdrext:csrc-audio-level",
    "urn:ietf:params:rtp-hdrext:sdes:mid", "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
    "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "urn:ietf:params:rtp-hdrext:toffset",
    "urn:3gpp:video-orientation", "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
    "http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
    "http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
    "http://www.webrtc.org/experiments/rtp-hdrext/color-space",
    "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time",
    "https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension",
    "http://www.webrtc.org/experiments/rtp-hdrext/video-layers-allocation00",
  };

  private static final int MASK = 1023;
  private static final String[] TABLE = new String[MASK + 1];
  private static final String[] NUMBERS = new String[256];
  private static final boolean[] LENGTHS = new boolean[128];

  static {
    for (String s : KNOWN) {
      if (s.isEmpty()) {
        throw new AssertionError("empty token");
      }
      int slot = hash(s, 0, s.length()) & MASK;
      while (TABLE[slot] != null) {
        if (TABLE[slot].equals(s)) {
          throw new AssertionError("duplicate token " + s);
        }
        slot = (slot + 1) & MASK;
      }
      TABLE[slot] = s;
      if (s.length() >= LENGTHS.length) {
        throw new AssertionError("token too long for the length filter: " + s);
      }
      LENGTHS[s.length()] = true;
    }
    for (int i = 0; i < NUMBERS.length; i++) {
      NUMBERS[i] = Integer.toString(i);
    }
  }

  private Tokens() {}

  /** Returns {@code s.substring(from, to)}, sharing the instance when the token is a known one. */
  public static String intern(String s, int from, int to) {
    if (from == 0 && to == s.length()) {
      String known = lookup(s, from, to);
      return known != null ? known : s;
    }
    String known = lookup(s, from, to);
    return known != null ? known : s.substring(from, to);
  }

  private static String lookup(String s, int from, int to) {
    int len = to - from;
    if (len <= 3) {
      int n = 0;
      for (int i = from; i < to; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          n = -1;
          break;
        }
        n = n * 10 + (c - '0');
      }
      if (n >= 0 && n < NUMBERS.length && len > 0 && (len == 1 || s.charAt(from) != '0')) {
        return NUMBERS[n];
      }
    }
    if (len == 0 || len >= LENGTHS.length || !LENGTHS[len]) {
      return null;
    }
    int slot = hash(s, from, to) & MASK;
    String candidate;
    while ((candidate = TABLE[slot]) != null) {
      if (candidate.length() == len && sameFromEnd(candidate, s, from, len)) {
        return candidate;
      }
      slot = (slot + 1) & MASK;
    }
    return null;
  }

  /**
   * A constant-time hash of a few characters and the length. Every hit is confirmed by a full
   * comparison, so the hash only has to spread the known tokens over the table.
   */
  /** Compares from the last character: known tokens that collide tend to share a prefix. */
  private static boolean sameFromEnd(String candidate, String s, int from, int len) {
    for (int i = len - 1; i >= 0; i--) {
      if (candidate.charAt(i) != s.charAt(from + i)) {
        return false;
      }
    }
    return true;
  }

  private static int hash(String s, int from, int to) {
    int len = to - from;
    int h = len * 0x9E3779B1;
    h = 31 * h + s.charAt(from);
    h = 31 * h + s.charAt(from + (len >> 1));
    h = 31 * h + s.charAt(to - 1);
    h = 31 * h + s.charAt(to - 1 - (len >> 2));
    return h ^ (h >>> 15);
  }
}
