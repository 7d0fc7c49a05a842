package org.rtc4j.peer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trickle ICE between an rtc4j connection and a browser page that posts its candidates as
 * {@code RTCIceCandidate.toJSON()} and polls for ours as a JSON array. The browser's candidates
 * wait until rtc4j has a remote description, as a signalling channel would deliver them.
 */
final class TrickleBridge {
  private static final Logger LOG = LoggerFactory.getLogger(TrickleBridge.class);
  private static final Pattern CANDIDATE = Pattern.compile("\"candidate\":\"([^\"]*)\"");
  private static final Pattern MID = Pattern.compile("\"sdpMid\":\"([^\"]*)\"");
  private static final Pattern INDEX = Pattern.compile("\"sdpMLineIndex\":(\\d+)");

  private final PeerConnection pc;
  private final List<String> ours = Collections.synchronizedList(new ArrayList<>());
  private final List<IceCandidate> queued = new ArrayList<>();
  private final List<String> fromBrowser = Collections.synchronizedList(new ArrayList<>());
  private final Predicate<String> forward;
  private boolean remoteSet;

  /** Collects {@code pc}'s candidates (it takes over its {@code onIceCandidate} listener). */
  TrickleBridge(PeerConnection pc) {
    this(pc, c -> true);
  }

  /**
   * The same, passing on (both ways) only the candidates whose line {@code forward} accepts (the
   * end of candidates always passes); the browser's are all kept for {@link #browserCandidates()}.
   */
  TrickleBridge(PeerConnection pc, Predicate<String> forward) {
    this.pc = pc;
    this.forward = forward;
    pc.onIceCandidate(c -> {
      if (c == null) {
        ours.add("{\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}");
      } else if (forward.test(c.candidate())) {
        ours.add("{\"candidate\":\"" + c.candidate() + "\",\"sdpMid\":\"" + c.sdpMid() + "\",\"sdpMLineIndex\":"
            + c.sdpMLineIndex() + "}");
      }
    });
  }

  /** A candidate the browser posted; an empty one ends its candidates. */
  void fromBrowser(String json) {
    Matcher c = CANDIDATE.matcher(json);
    Matcher m = MID.matcher(json);
    Matcher i = INDEX.matcher(json);
    IceCandidate cand = new IceCandidate(c.find() ? c.group(1) : "", m.find() ? m.group(1) : null,
        i.find() ? Integer.valueOf(i.group(1)) : null);
    if (!cand.candidate().isEmpty()) {
      fromBrowser.add(cand.candidate());
      if (!forward.test(cand.candidate())) {
        return;
      }
    }
    synchronized (queued) {
      if (!remoteSet) {
        queued.add(cand);
        return;
      }
    }
    add(cand);
  }

  /** rtc4j has its remote description: the browser's candidates go to it from now on. */
  void remoteDescriptionSet() {
    List<IceCandidate> flush;
    synchronized (queued) {
      remoteSet = true;
      flush = new ArrayList<>(queued);
      queued.clear();
    }
    flush.forEach(this::add);
  }

  /** Our candidates from index {@code from} on, as a JSON array for the page. */
  String toBrowser(int from) {
    synchronized (ours) {
      return "[" + String.join(",", ours.subList(Math.min(from, ours.size()), ours.size())) + "]";
    }
  }

  /**
   * Applies the browser's offer, then makes and applies rtc4j's answer (each step waited for at
   * most 10 s); returns the answer's SDP.
   */
  String answer(String offer) {
    try {
      pc.setRemoteDescription(Description.offer(offer)).get(10, TimeUnit.SECONDS);
      remoteDescriptionSet();
      Description answer = pc.createAnswer().get(10, TimeUnit.SECONDS);
      pc.setLocalDescription(answer).get(10, TimeUnit.SECONDS);
      return answer.sdp();
    } catch (Exception e) {
      LOG.warn("cannot answer the offer:\n{}", offer, e);
      throw new IllegalStateException(e);
    }
  }

  /** Applies the browser's answer to rtc4j's offer (waited for at most 10 s). */
  void applyAnswer(String answer) {
    try {
      pc.setRemoteDescription(Description.answer(answer)).get(10, TimeUnit.SECONDS);
      remoteDescriptionSet();
    } catch (Exception e) {
      LOG.warn("cannot apply the answer:\n{}", answer, e);
      throw new IllegalStateException(e);
    }
  }

  /** The candidate lines the browser trickled so far. */
  List<String> browserCandidates() {
    synchronized (fromBrowser) {
      return List.copyOf(fromBrowser);
    }
  }

  /** Our candidates so far, as the JSON objects the browser gets. */
  List<String> ourCandidates() {
    synchronized (ours) {
      return List.copyOf(ours);
    }
  }

  private void add(IceCandidate cand) {
    pc.addIceCandidate(cand).exceptionally(e -> {
      LOG.info("rtc4j did not take the browser's candidate {}: {}", cand, e.toString());
      return null;
    });
  }
}
