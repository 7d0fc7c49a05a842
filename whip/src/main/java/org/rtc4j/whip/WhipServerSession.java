package org.rtc4j.whip;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One session a {@link WhipServer} created: the application's {@link PeerConnection}, with the
 * client's offer applied and (from {@link WhipServer.SessionHandler#onSession} on) the answer
 * created and applied; the resource's URL path and its current ETag (RFC 9725 §4.3.1).
 *
 * <p>The server owns the session's end: DELETE, the connect timeout, {@link #close()} or the
 * server's own {@code close()} run the {@link #onClose} callbacks once, then close the
 * connection. The library registers no listener on the connection: they are all the
 * application's.
 */
public final class WhipServerSession {
  private static final Logger LOG = LoggerFactory.getLogger(WhipServerSession.class);

  private final String id;
  private final String location;
  private final PeerConnection pc;
  private final String offer;
  private final Consumer<String> remover;
  private final List<Runnable> closeCallbacks = new CopyOnWriteArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final AtomicInteger remoteCandidates = new AtomicInteger();
  private final AtomicInteger iceRestarts = new AtomicInteger();
  private volatile String answer;
  private volatile String etag;

  WhipServerSession(String id, String location, PeerConnection pc, String offer, Consumer<String> remover) {
    this.id = id;
    this.location = location;
    this.pc = pc;
    this.offer = offer;
    this.remover = remover;
  }

  /** The session's id: the last segment of its URL, 32 random hex digits (a capability: do not log it whole). */
  public String id() {
    return id;
  }

  /** The resource's path, {@code /whip/<id>}: what the {@code Location} header carries. */
  public String location() {
    return location;
  }

  public PeerConnection peerConnection() {
    return pc;
  }

  /** The client's offer, as posted. */
  public String offer() {
    return offer;
  }

  /** The answer sent back, with the server's candidates; null until it is made. */
  public String answer() {
    return answer;
  }

  /** The entity tag of the current ICE session, quoted ({@code "..."}); a new one after each ICE restart. */
  public String etag() {
    return etag;
  }

  /** Candidates the client trickled in over PATCH so far. */
  public int remoteCandidates() {
    return remoteCandidates.get();
  }

  /** ICE restarts the client asked for over PATCH (RFC 9725 §4.3.2) and that succeeded. */
  public int iceRestarts() {
    return iceRestarts.get();
  }

  /**
   * Whether the connection is or was connected: {@code connected}, or {@code disconnected} (which
   * only a connected connection reaches). Sessions that never get here are closed at the server's
   * connect timeout.
   */
  public boolean connected() {
    PeerConnectionState s = pc.connectionState();
    return s == PeerConnectionState.CONNECTED || s == PeerConnectionState.DISCONNECTED;
  }

  /** Runs {@code callback} once when the session ends, before its connection is closed. */
  public void onClose(Runnable callback) {
    closeCallbacks.add(callback);
  }

  /** Ends the session: it leaves the server (its URL answers 404), the callbacks run, the connection closes. */
  public void close() {
    remover.accept(id);
  }

  /** Whether the session has ended. */
  public boolean isClosed() {
    return closed.get();
  }

  void answered(String answerSdp, String newEtag) {
    this.answer = answerSdp;
    this.etag = newEtag;
  }

  /** Called by the server once, when the session leaves it. */
  void end() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    for (Runnable r : closeCallbacks) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("a close callback of session {} failed: {}", tag(), e.toString());
      }
    }
    pc.close();
  }

  String tag() {
    return id.substring(0, 8);
  }

  /** The ICE username fragment of the client's current description. */
  String remoteUfrag() {
    Description remote = pc.remoteDescription();
    return remote == null ? null : SdpFragment.of(remote.sdp()).iceUfrag();
  }

  /** Trickle (RFC 8838, RFC 9725 §4.3.1): the fragment's candidates go to the connection. */
  void addCandidates(SdpFragment fragment, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    for (IceCandidate c : fragment.candidates()) {
      await(pc.addIceCandidate(c), timeout);
      remoteCandidates.incrementAndGet();
    }
    if (fragment.endOfCandidates()) {
      await(pc.addIceCandidate(IceCandidate.endOfCandidates(fragment.mid(), fragment.mid() == null ? 0 : null)), timeout);
    }
  }

  /**
   * ICE restart (RFC 9725 §4.3.2): the client's description with the fragment's new credentials is
   * applied as a new offer, the answer carries ours; the answer's fragment (new credentials and our
   * candidates) is returned, and the ETag changes.
   */
  synchronized SdpFragment restartIce(SdpFragment fragment, String newEtag, Duration timeout)
      throws InterruptedException, ExecutionException, TimeoutException {
    Description remote = pc.remoteDescription();
    await(pc.setRemoteDescription(Description.offer(fragment.replaceCredentials(remote.sdp()))), timeout);
    Description local = await(pc.createAnswer(), timeout);
    await(pc.setLocalDescription(local), timeout);
    addCandidates(fragment, timeout);
    Gathering.await(pc, timeout);
    Description now = pc.localDescription();
    SdpFragment ours = SdpFragment.of(now.sdp());
    this.answer = now.sdp();
    this.etag = newEtag;
    iceRestarts.incrementAndGet();
    return ours;
  }

  static <T> T await(CompletableFuture<T> f, Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
    return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
