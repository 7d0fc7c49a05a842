package org.rtc4j.sdp;

import org.rtc4j.sdp.internal.Chars;
import org.rtc4j.sdp.internal.Tokens;

/**
 * Turns one {@code a=name[:value]} into its {@link SdpAttribute}: typed for the attributes WebRTC
 * needs, validated {@link Attribute}s for the known string and flag attributes, verbatim
 * {@link Attribute}s for everything else. Throws {@link IllegalArgumentException} when a known
 * attribute's value breaks its grammar; the parser turns that into an {@link SdpParseException}.
 */
final class AttributeParser {
  private AttributeParser() {}

  /**
   * @param s    the text holding the value, or {@code null} when there is no value
   * @param from start of the value in {@code s}
   * @param to   end of the value in {@code s}
   */
  static SdpAttribute parse(String name, String s, int from, int to) {
    if (s == null) {
      return flag(name);
    }
    int a = Chars.skipSpaces(s, from, to);
    switch (name) {
      case "rtpmap":
        return RtpMap.parse(s, a, to);
      case "fmtp":
        return Fmtp.parse(s, a, to);
      case "rtcp-fb":
        return RtcpFb.parse(s, a, to);
      case "extmap":
        return ExtMap.parse(s, a, to);
      case "ssrc":
        return Ssrc.parse(s, a, to);
      case "ssrc-group":
        return SsrcGroup.parse(s, a, to);
      case "rid":
        return Rid.parse(s, a, to);
      case "simulcast":
        return Simulcast.parse(s, a, to);
      case "fingerprint":
        return Fingerprint.parse(s, a, to);
      case "setup":
        return Setup.parse(s, a, to);
      case "group":
        return Group.parse(s, a, to);
      case "msid":
        return Msid.parse(s, a, to);
      case "msid-semantic":
        return MsidSemantic.parse(s, a, to);
      case "rtcp":
        return Rtcp.parse(s, a, to);
      case "mid":
      case "ice-ufrag":
      case "ice-pwd":
        Check.require(a < to && Chars.tokenEnd(s, a, to) == to, name, "", " must be a single non-empty token");
        return new Attribute(name, Tokens.intern(s, a, to));
      case "ice-options":
      case "candidate":
        Check.require(a < to, name, "", " needs a value");
        return new Attribute(name, Tokens.intern(s, from, to));
      case "sctp-port":
        Check.number("sctp-port", s, from, to, 65535);
        return new Attribute(name, Tokens.intern(s, from, to));
      case "max-message-size":
        Check.number("max-message-size", s, from, to, Long.MAX_VALUE);
        return new Attribute(name, Tokens.intern(s, from, to));
      case "sendrecv":
      case "sendonly":
      case "recvonly":
      case "inactive":
        throw new IllegalArgumentException(name + " takes no value");
      default:
        return new Attribute(name, Tokens.intern(s, from, to));
    }
  }

  private static SdpAttribute flag(String name) {
    switch (name) {
      case "sendrecv":
        return Direction.SENDRECV;
      case "sendonly":
        return Direction.SENDONLY;
      case "recvonly":
        return Direction.RECVONLY;
      case "inactive":
        return Direction.INACTIVE;
      case "rtpmap":
      case "fmtp":
      case "rtcp-fb":
      case "extmap":
      case "ssrc":
      case "ssrc-group":
      case "rid":
      case "simulcast":
      case "fingerprint":
      case "setup":
      case "group":
      case "msid":
      case "rtcp":
      case "mid":
      case "ice-ufrag":
      case "ice-pwd":
      case "ice-options":
      case "candidate":
      case "sctp-port":
      case "max-message-size":
        throw new IllegalArgumentException(name + " needs a value");
      default:
        return new Attribute(name, null);
    }
  }
}
