package org.rtc4j.whip;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.IceCandidate;
import org.rtc4j.peer.IceServer;
import org.rtc4j.peer.OfferOptions;
import org.rtc4j.peer.PeerConnection;

/**
 * The client's side of one WHIP or WHEP session: the resource the endpoint created (its URL, from
 * {@code Location}), the ETag of its ICE session, and the ICE servers the endpoint offered.
 *
 * <ul>
 *   <li>{@link #patchCandidates} trickles local candidates (RFC 9725 §4.3.1, RFC 8840) with
 *       {@code If-Match} set to the ETag;
 *   <li>{@link #restartIce()} restarts ICE over PATCH with {@code If-Match: *} (§4.3.2): new local
 *       credentials go out, the endpoint's come back and are applied as the new answer;
 *   <li>{@link #close()} ends the session with DELETE. The {@link PeerConnection} stays the
 *       application's to close.
 * </ul>
 *
 * <p>Methods may be called from any thread; PATCHes of one session run one at a time.
 */
public final class WhipSession implements AutoCloseable {
  private final WhipClient client;
  private final URI resource;
  private final String token;
  private final PeerConnection pc;
  private final List<IceServer> iceServers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile String etag;

  WhipSession(WhipClient client, URI resource, String token, PeerConnection pc, String etag, List<IceServer> iceServers) {
    this.client = client;
    this.resource = resource;
    this.token = token;
    this.pc = pc;
    this.etag = etag;
    this.iceServers = List.copyOf(iceServers);
  }

  /** The session's URL (the 201's {@code Location}, resolved against the endpoint). */
  public URI resource() {
    return resource;
  }

  /** The ETag of the current ICE session, or null if the endpoint sent none. */
  public String etag() {
    return etag;
  }

  /**
   * The ICE servers of the endpoint's {@code Link} headers (RFC 9725 §4.6), in order; empty when
   * it sent none. rtc4j's connection takes its ICE servers at creation (there is no
   * {@code setConfiguration} yet), so these serve the next connection to this endpoint.
   */
  public List<IceServer> iceServers() {
    return iceServers;
  }

  public PeerConnection peerConnection() {
    return pc;
  }

  /**
   * Sends {@code candidates} (an end-of-candidates one included, as the connection's
   * {@code onIceCandidate} gives them, or none for just the end) in one PATCH with the current ETag.
   * Completes when the endpoint answered 204 (or 200, whose candidates are then added here); fails
   * with {@link WhipException} otherwise (412: the ICE session changed).
   */
  public CompletableFuture<Void> patchCandidates(List<IceCandidate> candidates) {
    List<IceCandidate> copy = List.copyOf(candidates);
    return run(() -> {
      Description local = pc.localDescription();
      if (local == null) {
        throw new IllegalStateException("InvalidStateError: the connection has no local description");
      }
      SdpFragment ours = SdpFragment.of(local.sdp());
      SdpFragment fragment = SdpFragment.ofCandidates(ours.iceUfrag(), ours.icePwd(), ours.mediaLine(), ours.mid(), copy);
      HttpResponse<String> res = patch(fragment, etag);
      if (res.statusCode() == 200) {
        addRemote(body(res));
      } else if (res.statusCode() != 204) {
        throw WhipClient.unexpected("PATCH", resource, res);
      }
      res.headers().firstValue("ETag").ifPresent(t -> etag = t);
      return null;
    });
  }

  /**
   * Restarts ICE (RFC 9725 §4.3.2): a new offer with new credentials is applied locally, its
   * credentials and candidates go out in a PATCH with {@code If-Match: *}, and the endpoint's
   * fragment is applied as the answer (the previous answer with the new credentials, and the
   * endpoint's candidates). The ETag is the one the endpoint sends with it.
   */
  public CompletableFuture<Void> restartIce() {
    return run(() -> {
      Description offer = WhipServerSession.await(pc.createOffer(OfferOptions.withIceRestart()), client.requestTimeout());
      WhipServerSession.await(pc.setLocalDescription(offer), client.requestTimeout());
      Gathering.await(pc, client.gatherTimeout());
      SdpFragment ours = SdpFragment.of(pc.localDescription().sdp());
      HttpResponse<String> res = patch(ours, "*");
      if (res.statusCode() != 200) {
        throw WhipClient.unexpected("PATCH", resource, res);
      }
      SdpFragment theirs = body(res);
      if (!theirs.hasCredentials()) {
        throw new WhipException(200, "PATCH " + resource + " restarted ICE but sent no ice-ufrag/ice-pwd", null);
      }
      String previous = pc.remoteDescription().sdp();
      WhipServerSession.await(pc.setRemoteDescription(Description.answer(theirs.replaceCredentials(previous))),
          client.requestTimeout());
      for (IceCandidate c : theirs.candidates()) {
        WhipServerSession.await(pc.addIceCandidate(c), client.requestTimeout());
      }
      etag = res.headers().firstValue("ETag").orElse(null);
      return null;
    });
  }

  /** Ends the session with DELETE; waits for the answer. Later calls do nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        HttpResponse<String> res = client.send(client.request(resource, token).DELETE(), resource);
        if (res.statusCode() / 100 != 2) {
          throw WhipClient.unexpected("DELETE", resource, res);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WhipException(0, "DELETE " + resource + " interrupted", e);
      }
    }
  }

  /** {@link #close()} on the client's executor. */
  public CompletableFuture<Void> closeAsync() {
    return CompletableFuture.runAsync(this::close, client.executor());
  }

  void closeQuietly() {
    try {
      close();
    } catch (WhipException e) {
      // the session is being given up anyway
    }
  }

  private HttpResponse<String> patch(SdpFragment fragment, String ifMatch) throws InterruptedException {
    HttpRequest.Builder req = client.request(resource, token).header("Content-Type", SdpFragment.MEDIA_TYPE)
        .method("PATCH", HttpRequest.BodyPublishers.ofString(fragment.toSdp(), StandardCharsets.UTF_8));
    if (ifMatch != null) {
      req.header("If-Match", ifMatch);
    }
    synchronized (this) {
      return client.send(req, resource);
    }
  }

  private SdpFragment body(HttpResponse<String> res) {
    String type = res.headers().firstValue("Content-Type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith(SdpFragment.MEDIA_TYPE)) {
      throw new WhipException(res.statusCode(), "PATCH " + resource + " answered with " + (type.isEmpty() ? "no content type" : type)
          + ", not " + SdpFragment.MEDIA_TYPE, null);
    }
    try {
      return SdpFragment.parse(res.body());
    } catch (IllegalArgumentException e) {
      throw new WhipException(res.statusCode(), "PATCH " + resource + " answered with a bad fragment: " + e.getMessage(), e);
    }
  }

  private void addRemote(SdpFragment fragment) throws InterruptedException, ExecutionException, TimeoutException {
    for (IceCandidate c : fragment.candidates()) {
      WhipServerSession.await(pc.addIceCandidate(c), client.requestTimeout());
    }
  }

  private CompletableFuture<Void> run(WhipClient.Step<Void> step) {
    return WhipClient.async(client.executor(), step);
  }
}
