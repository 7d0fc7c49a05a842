package org.rtc4j.peer.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rtc4j.media.Codec;
import org.rtc4j.media.h264.H264ProfileLevelId;
import org.rtc4j.sdp.Fmtp;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.Parameter;
import org.rtc4j.sdp.RtcpFb;
import org.rtc4j.sdp.RtpMap;

/**
 * One codec of a media section: payload type, format parameters, RTCP feedback and its RTX
 * payload type, with the JSEP (RFC 8829 §5.3.1, §5.7) matching and answer rules.
 *
 * @param codec the payload format
 * @param payloadType the RTP payload type
 * @param channels audio channels (2 for Opus in SDP, RFC 7587 §7), 0 for video
 * @param fmtp {@code a=fmtp} parameters in order
 * @param feedback {@code a=rtcp-fb} values ("nack", "nack pli", "ccm fir")
 * @param rtxPayloadType the RTX payload type (RFC 4588) or -1
 */
public record CodecParams(Codec codec, int payloadType, int channels, Map<String, String> fmtp,
    List<String> feedback, int rtxPayloadType) {

  /** Video's RTCP feedback (RFC 4585 NACK and PLI, RFC 5104 FIR, congestion control feedback). */
  public static final List<String> VIDEO_FEEDBACK = List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
  /** Audio's: transport-wide congestion control feedback. */
  public static final List<String> AUDIO_FEEDBACK = List.of("transport-cc");

  public CodecParams {
    fmtp = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fmtp));
    feedback = List.copyOf(feedback);
  }

  /** Whether the peer accepts NACK for this codec (RFC 4585 §4.2). */
  public boolean nack() {
    return feedback.contains("nack");
  }

  /** Whether both sides use transport-wide congestion control feedback for this codec. */
  public boolean transportCc() {
    return feedback.contains("transport-cc");
  }

  /** Whether both sides use REMB (draft-alvestrand-rmcat-remb) for this codec. */
  public boolean remb() {
    return feedback.contains("goog-remb");
  }

  /** Whether the peer accepts PLI (RFC 4585 §4.2). */
  public boolean pli() {
    return feedback.contains("nack pli");
  }

  /** The fmtp line, e.g. {@code minptime=10;useinbandfec=1}. */
  public String fmtpLine() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : fmtp.entrySet()) {
      if (sb.length() > 0) {
        sb.append(';');
      }
      sb.append(e.getKey());
      if (e.getValue() != null) {
        sb.append('=').append(e.getValue());
      }
    }
    return sb.toString();
  }

  /** The local capabilities, in preference order, with Chromium's default payload types. */
  public static List<CodecParams> local(boolean audio) {
    if (audio) {
      return List.of(
          new CodecParams(Codec.OPUS, 111, 2, ordered("minptime", "10", "useinbandfec", "1"), AUDIO_FEEDBACK, -1),
          new CodecParams(Codec.PCMU, 0, 1, Map.of(), List.of(), -1),
          new CodecParams(Codec.PCMA, 8, 1, Map.of(), List.of(), -1));
    }
    return List.of(
        new CodecParams(Codec.VP8, 96, 0, Map.of(), VIDEO_FEEDBACK, 97),
        new CodecParams(Codec.VP9, 98, 0, ordered("profile-id", "0"), VIDEO_FEEDBACK, 99),
        new CodecParams(Codec.H264, 102, 0,
            ordered("level-asymmetry-allowed", "1", "packetization-mode", "1", "profile-level-id", "42e01f"),
            VIDEO_FEEDBACK, 103),
        new CodecParams(Codec.H264, 104, 0,
            ordered("level-asymmetry-allowed", "1", "packetization-mode", "1", "profile-level-id", "42001f"),
            VIDEO_FEEDBACK, 105),
        new CodecParams(Codec.AV1, 45, 0, Map.of(), VIDEO_FEEDBACK, 46));
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The codec named {@code encodingName} (case-insensitive), or null. */
  public static Codec codecNamed(String encodingName) {
    for (Codec c : Codec.values()) {
      if (c.encodingName().equalsIgnoreCase(encodingName)) {
        return c;
      }
    }
    return null;
  }

  /**
   * The codecs of a media section that rtc4j supports, in m-line order, with their RTX payload
   * types. Static payload types 0 and 8 need no rtpmap (RFC 3551).
   */
  public static List<CodecParams> parse(MediaDescription m) {
    Map<Integer, Integer> rtxFor = new LinkedHashMap<>();
    for (String f : m.formats()) {
      int pt = parsePt(f);
      Optional<RtpMap> map = pt < 0 ? Optional.empty() : m.rtpMap(pt);
      if (map.isPresent() && map.get().encodingName().equalsIgnoreCase("rtx")) {
        m.fmtp(pt).flatMap(x -> x.get("apt")).ifPresent(apt -> {
          int a = parsePt(apt);
          if (a >= 0) {
            rtxFor.put(a, pt);
          }
        });
      }
    }
    List<CodecParams> out = new ArrayList<>();
    for (String f : m.formats()) {
      int pt = parsePt(f);
      if (pt < 0) {
        continue;
      }
      Optional<RtpMap> map = m.rtpMap(pt);
      Codec codec;
      int channels;
      long clock;
      if (map.isPresent()) {
        codec = codecNamed(map.get().encodingName());
        channels = map.get().channels();
        clock = map.get().clockRate();
      } else if (pt == 0 || pt == 8) {
        codec = pt == 0 ? Codec.PCMU : Codec.PCMA;
        channels = 1;
        clock = 8000;
      } else {
        continue;
      }
      if (codec == null || clock != codec.clockRate()) {
        continue;
      }
      if (codec == Codec.OPUS && channels != 2) {
        continue;
      }
      Map<String, String> fmtp = new LinkedHashMap<>();
      Optional<Fmtp> fm = m.fmtp(pt);
      if (fm.isPresent()) {
        for (Parameter p : fm.get().parameters()) {
          fmtp.put(p.name().toLowerCase(Locale.ROOT), p.value());
        }
      }
      List<String> fb = new ArrayList<>();
      for (RtcpFb r : m.rtcpFbs(pt)) {
        String v = r.parameter() == null || r.parameter().isEmpty() ? r.type() : r.type() + " " + r.parameter();
        if (!fb.contains(v)) {
          fb.add(v);
        }
      }
      out.add(new CodecParams(codec, pt, codec.isAudio() ? Math.max(1, channels) : 0, fmtp, fb,
          rtxFor.getOrDefault(pt, -1)));
    }
    return out;
  }

  private static int parsePt(String s) {
    try {
      int pt = Integer.parseInt(s.trim());
      return pt >= 0 && pt <= 127 ? pt : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether a remote codec can be used with this local one (RFC 8829 §5.3.1 format matching). */
  public boolean matches(CodecParams remote) {
    if (codec != remote.codec) {
      return false;
    }
    switch (codec) {
      case H264:
        return "1".equals(remote.fmtp.getOrDefault("packetization-mode", "0"))
            && H264ProfileLevelId.isSameProfile(fmtp, remote.fmtp);
      case VP9:
        return fmtp.getOrDefault("profile-id", "0").equals(remote.fmtp.getOrDefault("profile-id", "0"));
      default:
        return true;
    }
  }

  /**
   * The codecs of an answer to {@code offered}: every offered codec that matches a local one, in
   * the offer's order and with its payload types (RFC 8829 §5.3.1), local format parameters (the
   * H.264 level answered per RFC 6184 §8.2.2), the feedback both sides support, and RTX when both
   * offer it.
   */
  public static List<CodecParams> answer(List<CodecParams> offered, List<CodecParams> local) {
    List<CodecParams> out = new ArrayList<>();
    for (CodecParams o : offered) {
      for (CodecParams l : local) {
        if (!l.matches(o)) {
          continue;
        }
        Map<String, String> fmtp = new LinkedHashMap<>(l.fmtp);
        if (o.codec == Codec.H264) {
          H264ProfileLevelId.answerProfileLevelId(o.fmtp, l.fmtp).ifPresent(v -> fmtp.put("profile-level-id", v));
        }
        List<String> fb = new ArrayList<>();
        for (String f : o.feedback) {
          if (l.feedback.contains(f)) {
            fb.add(f);
          }
        }
        int rtx = o.rtxPayloadType >= 0 && l.rtxPayloadType >= 0 ? o.rtxPayloadType : -1;
        out.add(new CodecParams(o.codec, o.payloadType, o.channels, fmtp, fb, rtx));
        break;
      }
    }
    return out;
  }

  /**
   * What an offerer uses after the answer: the answered codecs that match a local one, with the
   * answer's payload types and feedback.
   */
  public static List<CodecParams> accepted(List<CodecParams> answered, List<CodecParams> local) {
    List<CodecParams> out = new ArrayList<>();
    for (CodecParams a : answered) {
      for (CodecParams l : local) {
        if (l.matches(a)) {
          out.add(a);
          break;
        }
      }
    }
    return out;
  }
}
