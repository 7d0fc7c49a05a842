package org.rtc4j.peer.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.rtc4j.dtls.DtlsException;
import org.rtc4j.dtls.DtlsRole;
import org.rtc4j.dtls.DtlsSetup;
import org.rtc4j.dtls.Fingerprint;
import org.rtc4j.ice.Candidate;
import org.rtc4j.ice.CandidateParseException;
import org.rtc4j.ice.IceCredentials;
import org.rtc4j.ice.IceRole;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.SignalingState;
import org.rtc4j.sdp.Group;
import org.rtc4j.sdp.MediaDescription;
import org.rtc4j.sdp.MsidSemantic;
import org.rtc4j.sdp.Origin;
import org.rtc4j.sdp.SdpParseException;
import org.rtc4j.sdp.SessionDescription;
import org.rtc4j.sdp.Setup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSEP (RFC 9429): the signaling state machine, creating offers and answers, and applying local
 * and remote descriptions to the transceivers, ICE and DTLS. Descriptions are built with the
 * {@code sdp} module's builders ({@link SdpSections}) and written by its writer.
 *
 * <p>Errors follow the W3C names: an out-of-order call throws {@link IllegalStateException}
 * ({@code InvalidStateError}, or {@code InvalidModificationError} for a description other than
 * the one just created), a description that cannot be applied {@link IllegalArgumentException}
 * ({@code OperationError}). A failed call changes nothing.
 */
final class Jsep {
  private static final Logger LOG = LoggerFactory.getLogger(Jsep.class);

  /** A media section rtc4j rejected (a kind it does not handle), kept for its m-line's place. */
  record Rejected(String kind, String proto, List<String> formats, String mid) {}

  /** The data channel section (RFC 8841), by its MID. */
  record DataSection(String mid) {}

  /** A transceiver (or, with {@code t} null, the data section) given an m-line by an offer not applied yet. */
  private record PendingSection(Transceiver t, String mid) {}

  private final PeerCore core;
  private final Random random;
  private final String sessionId;
  private long sessionVersion = 1;
  /** Each m-line's owner, by index: a {@link Transceiver} or a {@link Rejected}. */
  final List<Object> mLines = new ArrayList<>();
  final HeaderExtensions extensions = new HeaderExtensions();
  IceCredentials localCredentials;
  private IceCredentials pendingCredentials;
  private IceCredentials remoteCredentials;
  private boolean restartRequested;
  DtlsRole dtlsRole;
  private boolean remoteFingerprintSet;

  volatile SignalingState signalingState = SignalingState.STABLE;
  volatile Description currentLocal;
  volatile Description pendingLocal;
  volatile Description currentRemote;
  volatile Description pendingRemote;
  private SessionDescription remoteParsed;
  private Description lastOffer;
  private Description lastAnswer;
  private int changes;
  private int changesAtOffer = -1;
  /** The data section's MID once an offer named it. */
  private String dataMid;
  /** The sections of the last offer created: what applying it commits. */
  private List<Object> offeredSections = List.of();
  private boolean negotiationNeededQueued;

  Jsep(PeerCore core, Random random) {
    this.core = core;
    this.random = random;
    this.sessionId = Long.toString(random.nextLong() & Long.MAX_VALUE);
    this.localCredentials = IceCredentials.random(random);
  }

  // ------------------------------------------------------------------ offer and answer

  /** Creates an offer (RFC 9429 §5.2); new ICE credentials with {@code iceRestart} (RFC 8445 §9). */
  Description createOffer(boolean iceRestart) {
    if (signalingState != SignalingState.STABLE && signalingState != SignalingState.HAVE_LOCAL_OFFER) {
      throw new IllegalStateException("InvalidStateError: createOffer in state " + signalingState.w3cName());
    }
    if (iceRestart || restartRequested) {
      pendingCredentials = IceCredentials.random(random);
    }
    List<Object> sections = pendingSections();
    offeredSections = sections;
    IceCredentials creds = pendingCredentials != null ? pendingCredentials : localCredentials;
    Setup setup = dtlsRole == null ? Setup.ACTPASS : dtlsRole == DtlsRole.CLIENT ? Setup.ACTIVE : Setup.PASSIVE;
    SdpSections.Transport transport = transport(creds, setup, true);
    SessionDescription.Builder sdp = header(sections);
    for (Object o : sections) {
      if (o instanceof PendingSection p && p.t == null) {
        sdp.addMedia(SdpSections.data(p.mid, transport, false, core.dataChannels()));
      } else if (o instanceof PendingSection p) {
        sdp.addMedia(SdpSections.rtp(p.t, p.mid, offerCodecs(p.t), p.t.direction, transport));
      } else if (o instanceof DataSection d) {
        sdp.addMedia(SdpSections.data(d.mid, transport, core.dataChannels().legacy(), core.dataChannels()));
      } else if (o instanceof Transceiver t) {
        sdp.addMedia(t.stopped
            ? SdpSections.rejected(t.kind.sdpName(), MediaDescription.PROTO_RTP,
                t.negotiated.isEmpty() ? List.of("0") : List.of(String.valueOf(t.negotiated.get(0).payloadType())),
                t.mid)
            : SdpSections.rtp(t, t.mid, offerCodecs(t), t.direction, transport));
      } else {
        Rejected r = (Rejected) o;
        sdp.addMedia(SdpSections.rejected(r.kind, r.proto, r.formats, r.mid));
      }
    }
    changesAtOffer = changes;
    lastOffer = Description.offer(sdp.build().toString());
    return lastOffer;
  }

  /**
   * The sections of the next offer: the m-lines so far, then a new one for each transceiver without
   * one and for the data channels if asked for and not there yet, in the order they were added (a
   * channel made before any track comes first, as browsers write it).
   */
  private List<Object> pendingSections() {
    int nextMid = nextNumericMid();
    List<Object> sections = new ArrayList<>(mLines);
    boolean dataPending = core.dataChannels().wanted() && mLines.stream().noneMatch(o -> o instanceof DataSection);
    int dataPosition = core.dataChannels().requestedAfter();
    int seen = 0;
    List<Transceiver> transceivers = core.transceivers();
    for (int i = 0; i < transceivers.size(); i++) {
      Transceiver t = transceivers.get(i);
      if (dataPending && seen >= dataPosition) {
        sections.add(new PendingSection(null, dataMid != null ? dataMid : String.valueOf(nextMid++)));
        dataPending = false;
      }
      seen++;
      if (t.mLineIndex < 0 && !t.stopped) {
        sections.add(new PendingSection(t, t.mid != null ? t.mid : String.valueOf(nextMid++)));
      }
    }
    if (dataPending) {
      sections.add(new PendingSection(null, dataMid != null ? dataMid : String.valueOf(nextMid++)));
    }
    return sections;
  }

  /** Creates an answer to the remote offer (RFC 9429 §5.3). */
  Description createAnswer() {
    if (signalingState != SignalingState.HAVE_REMOTE_OFFER && signalingState != SignalingState.HAVE_LOCAL_PRANSWER) {
      throw new IllegalStateException("InvalidStateError: createAnswer in state " + signalingState.w3cName());
    }
    SessionDescription offer = remoteParsed;
    IceCredentials creds = pendingCredentials != null ? pendingCredentials : localCredentials;
    SessionDescription.Builder sdp = header(new ArrayList<>(mLines));
    for (int i = 0; i < mLines.size(); i++) {
      Object o = mLines.get(i);
      MediaDescription m = offer.media().get(i);
      if (o instanceof DataSection d) {
        Setup setup = dtlsRole != null ? (dtlsRole == DtlsRole.CLIENT ? Setup.ACTIVE : Setup.PASSIVE)
            : answerSetup(offer, m);
        sdp.addMedia(SdpSections.data(d.mid, transport(creds, setup, false), DataChannels.isLegacy(m),
            core.dataChannels()));
        continue;
      }
      if (o instanceof Rejected || ((Transceiver) o).stopped) {
        sdp.addMedia(SdpSections.rejected(m.kind(), m.proto(), m.formats(), m.mid().orElse(null)));
        continue;
      }
      Transceiver t = (Transceiver) o;
      List<CodecParams> codecs = CodecParams.answer(CodecParams.parse(m), localCodecs(t));
      if (codecs.isEmpty()) {
        sdp.addMedia(SdpSections.rejected(m.kind(), m.proto(), m.formats(), t.mid));
        continue;
      }
      Direction offered = remoteDirection(offer, m);
      Direction answered = Direction.of(t.direction.sends() && offered.receives(),
          t.direction.receives() && offered.sends());
      Setup setup = dtlsRole != null ? (dtlsRole == DtlsRole.CLIENT ? Setup.ACTIVE : Setup.PASSIVE)
          : answerSetup(offer, m);
      sdp.addMedia(SdpSections.rtp(t, t.mid, codecs, answered, transport(creds, setup, false)));
    }
    lastAnswer = Description.answer(sdp.build().toString());
    return lastAnswer;
  }

  private SdpSections.Transport transport(IceCredentials creds, Setup setup, boolean offer) {
    return new SdpSections.Transport(creds, org.rtc4j.sdp.Fingerprint.parse(core.fingerprint().toString()), setup,
        core.cname(), extensions, offer);
  }

  private SessionDescription.Builder header(List<Object> sections) {
    List<String> bundle = new ArrayList<>();
    for (Object o : sections) {
      if (o instanceof PendingSection p) {
        bundle.add(p.mid);
      } else if (o instanceof Transceiver t && !t.stopped) {
        bundle.add(t.mid);
      } else if (o instanceof DataSection d) {
        bundle.add(d.mid);
      }
    }
    SessionDescription.Builder b = SessionDescription.builder()
        .origin(new Origin("rtc4j", sessionId, sessionVersion++, "IN", "IP4", "127.0.0.1"))
        .sessionName("-")
        .msidSemantic(MsidSemantic.of("WMS", "*"));
    if (!bundle.isEmpty()) {
      b.addGroup(new Group(Group.BUNDLE, bundle));
    }
    extensions.writeTo(b);
    return b;
  }

  private List<CodecParams> offerCodecs(Transceiver t) {
    return !t.negotiated.isEmpty() && t.codecPreferences.isEmpty() ? t.negotiated : localCodecs(t);
  }

  /** The local codecs of {@code t}'s kind, ordered and restricted by its codec preferences. */
  static List<CodecParams> localCodecs(Transceiver t) {
    List<CodecParams> all = CodecParams.local(t.kind == MediaKind.AUDIO);
    List<org.rtc4j.peer.RtpCodec> prefs = t.codecPreferences;
    if (prefs.isEmpty()) {
      return all;
    }
    List<CodecParams> out = new ArrayList<>();
    for (org.rtc4j.peer.RtpCodec p : prefs) {
      for (CodecParams c : all) {
        if (c.codec().encodingName().equalsIgnoreCase(p.encodingName()) && !out.contains(c)
            && (p.sdpFmtpLine().isEmpty() || p.sdpFmtpLine().equals(c.fmtpLine()))) {
          out.add(c);
        }
      }
    }
    return out;
  }

  private int nextNumericMid() {
    int next = 0;
    for (Object o : mLines) {
      String mid = midOf(o);
      try {
        next = Math.max(next, Integer.parseInt(mid) + 1);
      } catch (NumberFormatException ignored) {
        // a remote peer's non-numeric MID
      }
    }
    return next;
  }

  private static String midOf(Object section) {
    return section instanceof Transceiver t ? t.mid : section instanceof DataSection d ? d.mid : ((Rejected) section).mid;
  }

  private static Setup answerSetup(SessionDescription s, MediaDescription m) {
    String offered = m.setup().or(s::setup).map(Setup::sdp).orElse("actpass");
    try {
      return Setup.fromSdp(DtlsSetup.answerTo(DtlsSetup.parse(offered)).sdpValue());
    } catch (DtlsException e) {
      throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
    }
  }

  static Direction remoteDirection(SessionDescription s, MediaDescription m) {
    org.rtc4j.sdp.Direction d = m.direction().or(s::direction).orElse(org.rtc4j.sdp.Direction.SENDRECV);
    return Direction.fromSdp(d.sdp());
  }

  // ------------------------------------------------------------------ local descriptions

  /** The implicit {@code setLocalDescription()}: an offer in stable or have-local-offer, else an answer. */
  void setLocal(long nowNanos) {
    if (signalingState == SignalingState.STABLE || signalingState == SignalingState.HAVE_LOCAL_OFFER) {
      setLocal(nowNanos, createOffer(false));
    } else {
      setLocal(nowNanos, createAnswer());
    }
  }

  void setLocal(long nowNanos, Description d) {
    switch (d.type()) {
      case ROLLBACK:
        if (signalingState != SignalingState.HAVE_LOCAL_OFFER) {
          throw new IllegalStateException("InvalidStateError: rollback of a local description in state "
              + signalingState.w3cName());
        }
        pendingLocal = null;
        pendingCredentials = null;
        // transceivers that got an m-line only from the rolled-back offer lose their MID again
        List<Transceiver> all = core.transceivers();
        for (int i = 0; i < all.size(); i++) {
          if (all.get(i).mLineIndex < 0) {
            all.get(i).mid = null;
          }
        }
        setSignaling(SignalingState.STABLE);
        return;
      case OFFER:
        if (signalingState != SignalingState.STABLE && signalingState != SignalingState.HAVE_LOCAL_OFFER) {
          throw new IllegalStateException("InvalidStateError: setLocalDescription(offer) in state "
              + signalingState.w3cName());
        }
        if (lastOffer == null || !lastOffer.sdp().equals(d.sdp())) {
          throw new IllegalStateException("InvalidModificationError: the offer was not created by the last createOffer()");
        }
        commitOfferSections();
        pendingLocal = d;
        if (pendingCredentials != null && !pendingCredentials.equals(localCredentials)) {
          localCredentials = pendingCredentials;
          if (core.iceRestart(localCredentials)) {
            remoteCredentials = null;
          }
        }
        pendingCredentials = null;
        restartRequested = false;
        core.ensureIce(IceRole.CONTROLLING);
        setSignaling(SignalingState.HAVE_LOCAL_OFFER);
        return;
      case ANSWER:
      case PRANSWER:
        if (signalingState != SignalingState.HAVE_REMOTE_OFFER && signalingState != SignalingState.HAVE_LOCAL_PRANSWER) {
          throw new IllegalStateException("InvalidStateError: setLocalDescription(" + d.type().w3cName()
              + ") in state " + signalingState.w3cName());
        }
        if (lastAnswer == null || !lastAnswer.sdp().equals(d.sdp())) {
          throw new IllegalStateException("InvalidModificationError: the answer was not created by the last createAnswer()");
        }
        SessionDescription answer = parse(d.sdp());
        if (pendingCredentials != null) {
          localCredentials = pendingCredentials;
          pendingCredentials = null;
        }
        applyNegotiated(answer, false);
        MediaDescription tag = answer.media().stream().anyMatch(m -> !m.isRejected()) ? transportSection(answer) : null;
        if (dtlsRole == null && tag != null) { // an answer rejecting every section sets up no transport
          try {
            dtlsRole = DtlsRole.of(DtlsSetup.parse(tag.setup().or(answer::setup).map(Setup::sdp).orElse("active")));
          } catch (DtlsException e) {
            throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
          }
        }
        core.ensureIce(IceRole.CONTROLLED);
        if (d.type() == Description.Type.ANSWER) {
          currentLocal = d;
          currentRemote = pendingRemote;
          pendingLocal = null;
          pendingRemote = null;
          setSignaling(SignalingState.STABLE);
          dataNegotiated(nowNanos, answer);
        } else {
          pendingLocal = d;
          setSignaling(SignalingState.HAVE_LOCAL_PRANSWER);
        }
        core.maybeStartDtls(nowNanos);
        return;
      default:
        throw new IllegalArgumentException("TypeError: unknown description type " + d.type());
    }
  }

  /** Transceivers (and the data section) that got an m-line in the offer keep it from now on. */
  private void commitOfferSections() {
    for (Object o : offeredSections) {
      if (!(o instanceof PendingSection p)) {
        continue;
      }
      if (p.t == null) {
        dataMid = p.mid;
        mLines.add(new DataSection(p.mid));
      } else if (p.t.mLineIndex < 0) {
        p.t.mid = p.mid;
        p.t.mLineIndex = mLines.size();
        mLines.add(p.t);
      }
    }
  }

  // ------------------------------------------------------------------ remote descriptions

  void setRemote(long nowNanos, Description d) {
    if (d.type() == Description.Type.ROLLBACK) {
      rollbackRemote();
      return;
    }
    boolean offer = d.type() == Description.Type.OFFER;
    if (offer) {
      if (signalingState != SignalingState.STABLE && signalingState != SignalingState.HAVE_REMOTE_OFFER
          && signalingState != SignalingState.HAVE_LOCAL_OFFER) {
        throw new IllegalStateException("InvalidStateError: setRemoteDescription(offer) in state "
            + signalingState.w3cName());
      }
    } else if (signalingState != SignalingState.HAVE_LOCAL_OFFER
        && signalingState != SignalingState.HAVE_REMOTE_PRANSWER) {
      throw new IllegalStateException("InvalidStateError: setRemoteDescription(" + d.type().w3cName()
          + ") in state " + signalingState.w3cName());
    }
    SessionDescription s = parse(d.sdp());
    MediaDescription tag = transportSection(s);
    IceCredentials creds = remoteCredentials(s, tag);
    List<Fingerprint> fingerprints = remoteFingerprints(s, tag);
    for (MediaDescription m : s.media()) {
      if (isRtp(m) && !m.isRejected() && !m.rtcpMux()) {
        throw new IllegalArgumentException("OperationError: rtcp-mux is required (RTCRtcpMuxPolicy require)");
      }
    }
    DtlsRole role = null;
    if (!offer && dtlsRole == null) {
      try {
        role = DtlsRole.forOfferer(DtlsSetup.parse(tag.setup().or(s::setup).map(Setup::sdp).orElse("active")));
      } catch (DtlsException e) {
        throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
      }
    }
    if (offer && signalingState == SignalingState.HAVE_LOCAL_OFFER) {
      setLocal(nowNanos, Description.rollback()); // implicit rollback (W3C perfect negotiation)
    }
    if (offer) {
      matchOfferedSections(s);
      MediaDescription rtp = firstRtpSection(s);
      if (rtp != null) {
        extensions.fromOffer(s, rtp);
      }
    } else {
      if (s.media().size() != mLines.size()) {
        throw new IllegalArgumentException("OperationError: the answer has " + s.media().size()
            + " media sections, the offer " + mLines.size());
      }
      applyNegotiated(s, true);
      MediaDescription rtp = firstRtpSection(s);
      if (rtp != null) {
        extensions.fromAnswer(s, rtp);
      }
    }
    // From here on nothing can fail: commit.
    remoteParsed = s;
    if (!remoteFingerprintSet) {
      core.setRemoteFingerprints(fingerprints);
      remoteFingerprintSet = true;
    }
    if (role != null) {
      dtlsRole = role;
    }
    core.ensureIce(offer ? IceRole.CONTROLLED : IceRole.CONTROLLING);
    if (remoteCredentials != null && !remoteCredentials.equals(creds) && offer) {
      // The peer restarts ICE: so do we, with new credentials in our answer (RFC 8839 §4.4.1.1.1).
      pendingCredentials = IceCredentials.random(random);
      core.iceRestart(pendingCredentials);
    }
    if (!creds.equals(remoteCredentials)) {
      remoteCredentials = creds;
      core.setRemoteCredentials(creds, s.iceLite());
    }
    for (String c : tag.candidates()) {
      try {
        core.addRemoteCandidate(Candidate.parse("candidate:" + c));
      } catch (CandidateParseException e) {
        LOG.debug("ignoring remote candidate: {}", e.getMessage());
      }
    }
    if (tag.endOfCandidates()) {
      core.remoteEndOfCandidates();
    }
    if (offer) {
      pendingRemote = d;
      setSignaling(SignalingState.HAVE_REMOTE_OFFER);
    } else if (d.type() == Description.Type.ANSWER) {
      currentRemote = d;
      currentLocal = pendingLocal;
      pendingRemote = null;
      pendingLocal = null;
      setSignaling(SignalingState.STABLE);
    } else {
      pendingRemote = d;
      setSignaling(SignalingState.HAVE_REMOTE_PRANSWER);
    }
    RemoteTracks.apply(s, mLines, core);
    applyDataSection(s);
    if (d.type() == Description.Type.ANSWER) {
      dataNegotiated(nowNanos, s);
    }
    core.maybeStartDtls(nowNanos);
  }

  /** The remote description's data section (the peer's port and max-message-size), if negotiated. */
  private void applyDataSection(SessionDescription remote) {
    for (int i = 0; i < mLines.size() && i < remote.media().size(); i++) {
      if (mLines.get(i) instanceof DataSection) {
        MediaDescription m = remote.media().get(i);
        if (!m.isRejected()) {
          core.dataChannels().applyRemote(m);
        }
      }
    }
  }

  /** An answer (either side's) settles the data section: accepted unless its port is 0. */
  private void dataNegotiated(long nowNanos, SessionDescription answer) {
    for (int i = 0; i < mLines.size() && i < answer.media().size(); i++) {
      if (mLines.get(i) instanceof DataSection) {
        core.dataChannels().negotiated(nowNanos, !answer.media().get(i).isRejected());
      }
    }
  }

  private void rollbackRemote() {
    if (signalingState != SignalingState.HAVE_REMOTE_OFFER) {
      throw new IllegalStateException("InvalidStateError: rollback of a remote description in state "
          + signalingState.w3cName());
    }
    pendingRemote = null;
    remoteParsed = currentRemote == null ? null : parse(currentRemote.sdp());
    for (int i = mLines.size() - 1; i >= 0; i--) {
      if (mLines.get(i) instanceof Transceiver t && t.createdByRemoteOffer && t.mLineIndex == i
          && t.currentDirection == null) {
        mLines.remove(i);
        core.transceivers().remove(t);
      } else if ((mLines.get(i) instanceof Rejected || mLines.get(i) instanceof DataSection) && currentRemote == null) {
        mLines.remove(i);
      }
    }
    setSignaling(SignalingState.STABLE);
  }

  /**
   * The section whose transport the bundle uses (RFC 8843 §7.2.1, the BUNDLE-tag section): the
   * first MID of the {@code a=group:BUNDLE} line whose section is not rejected, else the first
   * section that is not rejected. A data channel's section may be it.
   */
  static MediaDescription transportSection(SessionDescription s) {
    for (Group g : s.groups()) {
      if (g.semantics().equals(Group.BUNDLE)) {
        for (String mid : g.mids()) {
          MediaDescription m = s.media(mid).orElse(null);
          if (m != null && !m.isRejected()) {
            return m;
          }
        }
      }
    }
    for (MediaDescription m : s.media()) {
      if (!m.isRejected()) {
        return m;
      }
    }
    throw new IllegalArgumentException("OperationError: every media section is rejected");
  }

  private static IceCredentials remoteCredentials(SessionDescription s, MediaDescription tag) {
    String ufrag = tag.iceUfrag().or(s::iceUfrag).orElseThrow(
        () -> new IllegalArgumentException("OperationError: the description has no ice-ufrag"));
    String pwd = tag.icePwd().or(s::icePwd).orElseThrow(
        () -> new IllegalArgumentException("OperationError: the description has no ice-pwd"));
    try {
      return new IceCredentials(ufrag, pwd);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
    }
  }

  private static List<Fingerprint> remoteFingerprints(SessionDescription s, MediaDescription tag) {
    List<org.rtc4j.sdp.Fingerprint> fps = tag.fingerprints().isEmpty() ? s.fingerprints() : tag.fingerprints();
    if (fps.isEmpty()) {
      throw new IllegalArgumentException("OperationError: the description has no a=fingerprint");
    }
    List<Fingerprint> out = new ArrayList<>();
    for (org.rtc4j.sdp.Fingerprint f : fps) {
      try {
        out.add(Fingerprint.parse(f.hashFunction() + " " + f.fingerprint()));
      } catch (DtlsException e) {
        LOG.debug("ignoring fingerprint {}: {}", f.hashFunction(), e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("OperationError: no usable a=fingerprint");
    }
    return out;
  }

  private static MediaDescription firstRtpSection(SessionDescription s) {
    for (MediaDescription m : s.media()) {
      if (isRtp(m) && !m.isRejected()) {
        return m;
      }
    }
    return null;
  }

  static boolean isRtp(MediaDescription m) {
    return (m.kind().equals("audio") || m.kind().equals("video")) && m.proto().contains("RTP");
  }

  /** RFC 9429 §5.10: pairs each offered m-section with a transceiver, creating ones as needed. */
  private void matchOfferedSections(SessionDescription s) {
    if (s.media().size() < mLines.size()) {
      throw new IllegalArgumentException("OperationError: the offer removes media sections");
    }
    for (int i = 0; i < s.media().size(); i++) {
      MediaDescription m = s.media().get(i);
      String mid = m.mid().orElseThrow(() -> new IllegalArgumentException("OperationError: a media section has no a=mid"));
      if (i < mLines.size()) {
        String existing = midOf(mLines.get(i));
        if (!mid.equals(existing)) {
          throw new IllegalArgumentException("OperationError: media section " + i + " changed its MID");
        }
        continue;
      }
      if (DataChannels.isDataSection(m) && !m.isRejected()
          && mLines.stream().noneMatch(o -> o instanceof DataSection)) {
        mLines.add(new DataSection(mid));
        dataMid = mid;
        continue;
      }
      if (!isRtp(m) || m.isRejected()) {
        mLines.add(new Rejected(m.kind(), m.proto(), m.formats(), mid));
        continue;
      }
      MediaKind kind = m.kind().equals("audio") ? MediaKind.AUDIO : MediaKind.VIDEO;
      Transceiver match = null;
      List<Transceiver> all = core.transceivers();
      for (int ti = 0; ti < all.size(); ti++) {
        Transceiver t = all.get(ti);
        if (t.mLineIndex < 0 && !t.stopped && t.kind == kind && t.fromAddTrack) {
          match = t;
          break;
        }
      }
      if (match == null) {
        match = core.newTransceiver(kind, Direction.RECVONLY);
        match.createdByRemoteOffer = true;
      }
      match.mid = mid;
      match.mLineIndex = i;
      mLines.add(match);
    }
  }

  /**
   * Applies a completed negotiation: codecs and directions. {@code answer} holds the final codecs
   * and directions.
   */
  private void applyNegotiated(SessionDescription answer, boolean remoteIsAnswer) {
    for (int i = 0; i < mLines.size(); i++) {
      if (!(mLines.get(i) instanceof Transceiver t) || i >= answer.media().size()) {
        continue;
      }
      MediaDescription m = answer.media().get(i);
      if (m.isRejected()) {
        t.currentDirection = t.stopped ? Direction.STOPPED : Direction.INACTIVE;
        t.negotiated = List.of();
        continue;
      }
      t.negotiated = CodecParams.accepted(CodecParams.parse(m), CodecParams.local(t.kind == MediaKind.AUDIO));
      Direction answered = remoteDirection(answer, m);
      t.currentDirection = remoteIsAnswer ? answered.reverse() : answered;
      if (t.currentDirection.sends()) {
        t.sentBefore = true;
      }
    }
  }

  // ------------------------------------------------------------------ candidates and restarts

  /** A trickled remote candidate, or end-of-candidates (RFC 8838). */
  void addIceCandidate(IceCandidate candidate) {
    if (pendingRemote == null && currentRemote == null) {
      throw new IllegalStateException("InvalidStateError: addIceCandidate without a remote description");
    }
    if (candidate.sdpMid() == null && candidate.sdpMLineIndex() == null && !candidate.isEndOfCandidates()) {
      throw new IllegalArgumentException("TypeError: a candidate needs sdpMid or sdpMLineIndex");
    }
    if (candidate.isEndOfCandidates()) {
      core.remoteEndOfCandidates();
      return;
    }
    String line = candidate.candidate();
    if (line.startsWith("a=")) {
      line = line.substring(2);
    }
    if (!line.startsWith("candidate:")) {
      line = "candidate:" + line;
    }
    Candidate c;
    try {
      c = Candidate.parse(line);
    } catch (CandidateParseException e) {
      throw new IllegalArgumentException("OperationError: bad candidate: " + e.getMessage(), e);
    }
    if (c.ufrag() != null && remoteCredentials != null && !c.ufrag().equals(remoteCredentials.ufrag())) {
      return; // a candidate of an older generation (W3C: ignored)
    }
    core.addRemoteCandidate(c);
  }

  /** W3C {@code restartIce()}: the next offer carries new credentials. */
  void restartIce() {
    restartRequested = true;
    negotiationChanged();
  }

  /** The MID candidates are signalled under: the first live transceiver's. */
  String firstMid() {
    for (Object o : mLines) {
      if (o instanceof Transceiver t && !t.stopped) {
        return t.mid;
      }
      if (o instanceof DataSection d) {
        return d.mid;
      }
    }
    return "0";
  }

  // ------------------------------------------------------------------ state

  private void setSignaling(SignalingState s) {
    if (signalingState == s) {
      return;
    }
    signalingState = s;
    core.emit(new PeerEvent.SignalingStateChanged(s));
    if (s == SignalingState.STABLE && changes != changesAtOffer && changesAtOffer >= 0) {
      negotiationChanged();
    }
  }

  /** Something changed that needs negotiation: queues negotiation-needed (once) while stable. */
  void negotiationChanged() {
    changes++;
    if (signalingState != SignalingState.STABLE || negotiationNeededQueued) {
      return;
    }
    negotiationNeededQueued = true;
    core.emit(new PeerEvent.NegotiationNeeded());
  }

  /** The facade fires a queued negotiation-needed: true if it still applies (stable, not closed). */
  boolean takeNegotiationNeeded() {
    negotiationNeededQueued = false;
    return signalingState == SignalingState.STABLE;
  }

  void close() {
    signalingState = SignalingState.CLOSED;
  }

  private static SessionDescription parse(String sdp) {
    try {
      return SessionDescription.parse(sdp);
    } catch (SdpParseException e) {
      throw new IllegalArgumentException("OperationError: " + e.getMessage(), e);
    }
  }
}
