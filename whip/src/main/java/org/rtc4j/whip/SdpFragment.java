package org.rtc4j.whip;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.rtc4j.peer.IceCandidate;

/**
 * An SDP fragment ({@code application/trickle-ice-sdpfrag}, RFC 8840 §9): the ICE credentials and
 * candidates a WHIP or WHEP PATCH carries (RFC 9725 §4.3). WHIP uses max-bundle, so a fragment
 * describes one media section, the first of the bundle group:
 *
 * <pre>
 * a=ice-ufrag:EsAw
 * a=ice-pwd:P2uYro0UCOQ4zxjKXaWCBui1
 * m=audio 9 UDP/TLS/RTP/SAVPF 111
 * a=mid:0
 * a=candidate:1 1 udp 2122260223 192.0.2.1 61764 typ host
 * a=end-of-candidates
 * </pre>
 *
 * <p>Credentials may sit at session level or in the media section; both are read. Lines this class
 * does not model ({@code a=ice-options}, {@code a=group}) are skipped when parsing.
 *
 * @param iceUfrag the ICE username fragment, or null when the fragment carries none
 * @param icePwd the ICE password, or null
 * @param mediaLine the {@code m=} line the candidates belong to, or null (then {@link #toSdp()}
 *     writes a placeholder {@code m=audio 9 UDP/TLS/RTP/SAVPF 0}, as RFC 8840 §4.4 does)
 * @param mid the media section's {@code a=mid}, or null
 * @param candidates the candidates, in order ({@code candidate:...} values, {@code sdpMid} = mid)
 * @param endOfCandidates whether {@code a=end-of-candidates} is present (RFC 8840 §4.1)
 */
public record SdpFragment(String iceUfrag, String icePwd, String mediaLine, String mid, List<IceCandidate> candidates,
    boolean endOfCandidates) {

  /** The media type of a fragment (RFC 8840 §9). */
  public static final String MEDIA_TYPE = "application/trickle-ice-sdpfrag";

  public SdpFragment {
    candidates = List.copyOf(candidates);
    if ((iceUfrag == null) != (icePwd == null)) {
      throw new IllegalArgumentException("a fragment carries both ice-ufrag and ice-pwd, or neither");
    }
  }

  /**
   * Parses a fragment body. Every candidate must follow a media section ({@code m=} line).
   *
   * @throws IllegalArgumentException when the body is not a fragment, with the line at fault
   */
  public static SdpFragment parse(String body) {
    Objects.requireNonNull(body, "body");
    String ufrag = null;
    String pwd = null;
    String mediaLine = null;
    String mid = null;
    boolean end = false;
    List<String> raw = new ArrayList<>();
    int sections = 0;
    int lineNo = 0;
    for (String line : body.split("\r?\n")) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("m=")) {
        sections++;
        if (sections == 1) {
          mediaLine = line;
        }
      } else if (line.startsWith("a=ice-ufrag:")) {
        ufrag = value(line, "a=ice-ufrag:", lineNo);
      } else if (line.startsWith("a=ice-pwd:")) {
        pwd = value(line, "a=ice-pwd:", lineNo);
      } else if (line.startsWith("a=mid:")) {
        if (sections == 1) {
          mid = value(line, "a=mid:", lineNo);
        }
      } else if (line.startsWith("a=candidate:")) {
        if (sections == 0) {
          throw new IllegalArgumentException("line " + lineNo + ": a candidate before any m= line");
        }
        if (sections == 1) {
          raw.add(line.substring(2));
        }
      } else if (line.equals("a=end-of-candidates")) {
        end = true;
      } else if (!line.startsWith("a=") && !line.startsWith("c=")) {
        throw new IllegalArgumentException("line " + lineNo + ": not an SDP fragment line: " + abbreviate(line));
      }
    }
    if ((ufrag == null) != (pwd == null)) {
      throw new IllegalArgumentException("the fragment carries " + (ufrag == null ? "ice-pwd without ice-ufrag" : "ice-ufrag without ice-pwd"));
    }
    List<IceCandidate> candidates = new ArrayList<>(raw.size());
    for (String c : raw) {
      candidates.add(new IceCandidate(c, mid, mid == null ? 0 : null));
    }
    return new SdpFragment(ufrag, pwd, mediaLine, mid, candidates, end);
  }

  /**
   * The fragment of the first media section of a full description: its credentials, its
   * candidates, and {@code a=end-of-candidates} if the description has it there.
   */
  public static SdpFragment of(String sdp) {
    Objects.requireNonNull(sdp, "sdp");
    String sessionUfrag = null;
    String sessionPwd = null;
    String ufrag = null;
    String pwd = null;
    String mediaLine = null;
    String mid = null;
    boolean end = false;
    List<String> raw = new ArrayList<>();
    int section = 0;
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=")) {
        section++;
        if (section == 1) {
          mediaLine = line;
        }
        continue;
      }
      if (section > 1) {
        break;
      }
      if (line.startsWith("a=ice-ufrag:")) {
        if (section == 0) {
          sessionUfrag = line.substring("a=ice-ufrag:".length());
        } else {
          ufrag = line.substring("a=ice-ufrag:".length());
        }
      } else if (line.startsWith("a=ice-pwd:")) {
        if (section == 0) {
          sessionPwd = line.substring("a=ice-pwd:".length());
        } else {
          pwd = line.substring("a=ice-pwd:".length());
        }
      } else if (section == 1 && line.startsWith("a=mid:")) {
        mid = line.substring("a=mid:".length());
      } else if (section == 1 && line.startsWith("a=candidate:")) {
        raw.add(line.substring(2));
      } else if (line.equals("a=end-of-candidates")) {
        end = true;
      }
    }
    List<IceCandidate> candidates = new ArrayList<>(raw.size());
    for (String c : raw) {
      candidates.add(new IceCandidate(c, mid, mid == null ? 0 : null));
    }
    return new SdpFragment(ufrag != null ? ufrag : sessionUfrag, pwd != null ? pwd : sessionPwd, mediaLine, mid, candidates, end);
  }

  /**
   * A trickle PATCH's fragment (RFC 8840 §4.4): the current credentials, the media section, and
   * {@code candidates} as {@code onIceCandidate} gives them (an end-of-candidates entry becomes
   * {@code a=end-of-candidates}).
   */
  public static SdpFragment ofCandidates(String iceUfrag, String icePwd, String mediaLine, String mid,
      List<IceCandidate> candidates) {
    List<IceCandidate> real = new ArrayList<>();
    boolean end = false;
    for (IceCandidate c : candidates) {
      if (c.isEndOfCandidates()) {
        end = true;
      } else {
        real.add(c);
      }
    }
    return new SdpFragment(iceUfrag, icePwd, mediaLine, mid, real, end);
  }

  /** Whether the fragment carries ICE credentials (an ICE restart when they are new, RFC 9725 §4.3.2). */
  public boolean hasCredentials() {
    return iceUfrag != null;
  }

  /** The body: credentials, the media line, its mid, the candidates, CRLF line ends. */
  public String toSdp() {
    StringBuilder b = new StringBuilder();
    if (iceUfrag != null) {
      b.append("a=ice-ufrag:").append(iceUfrag).append("\r\n");
      b.append("a=ice-pwd:").append(icePwd).append("\r\n");
    }
    b.append(mediaLine != null ? mediaLine : "m=audio 9 UDP/TLS/RTP/SAVPF 0").append("\r\n");
    if (mid != null) {
      b.append("a=mid:").append(mid).append("\r\n");
    }
    for (IceCandidate c : candidates) {
      String v = c.candidate();
      b.append(v.startsWith("a=") ? v : "a=" + v).append("\r\n");
    }
    if (endOfCandidates) {
      b.append("a=end-of-candidates\r\n");
    }
    return b.toString();
  }

  /**
   * {@code sdp} with this fragment's ICE credentials in place of its own (session and media
   * level) and its candidates and end-of-candidates removed: the description the other side would
   * have sent with the new credentials (RFC 9725 §4.3.2: the rest of the session is unchanged).
   * The candidates are added separately ({@code addIceCandidate}).
   */
  public String replaceCredentials(String sdp) {
    if (iceUfrag == null) {
      throw new IllegalStateException("the fragment carries no ICE credentials");
    }
    StringBuilder b = new StringBuilder(sdp.length());
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("a=candidate:") || line.equals("a=end-of-candidates")) {
        continue;
      }
      if (line.startsWith("a=ice-ufrag:")) {
        line = "a=ice-ufrag:" + iceUfrag;
      } else if (line.startsWith("a=ice-pwd:")) {
        line = "a=ice-pwd:" + icePwd;
      }
      b.append(line).append("\r\n");
    }
    return b.toString();
  }

  private static String value(String line, String prefix, int lineNo) {
    String v = line.substring(prefix.length()).trim();
    if (v.isEmpty() || v.length() > 256) {
      throw new IllegalArgumentException("line " + lineNo + ": bad " + prefix.substring(2, prefix.length() - 1));
    }
    return v;
  }

  private static String abbreviate(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
