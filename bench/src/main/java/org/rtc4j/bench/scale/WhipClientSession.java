package org.rtc4j.bench.scale;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rtc4j.net.EventLoop;
import org.rtc4j.peer.Configuration;
import org.rtc4j.peer.Description;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.IceGatheringState;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.PeerConnection;
import org.rtc4j.peer.PeerConnectionState;
import org.rtc4j.peer.RtpSender;
import org.rtc4j.peer.Stats;

/**
 * One audio-only WHIP session (RFC 9725) from the client side, without trickle: a send-only Opus
 * transceiver, the offer POSTed once gathering is complete, the answer applied, then the
 * connection awaited. Nothing blocks a thread: each step is a future. Times are
 * {@code System.nanoTime()} stamps.
 */
final class WhipClientSession {
  final int index;
  private final PeerConnection pc;
  private final RtpSender sender;
  private final CompletableFuture<Void> gathered = new CompletableFuture<>();
  private final CompletableFuture<Void> connectedFuture = new CompletableFuture<>();
  private volatile long postNanos;
  private volatile long answerNanos;
  private volatile long connectedNanos;
  private volatile URI location;
  private volatile String failure;
  private final CompletableFuture<Void> done;

  private WhipClientSession(int index, Configuration config, HttpClient http, URI endpoint, Duration timeout,
      Consumer<WhipClientSession> onConnected) {
    this.index = index;
    this.pc = PeerConnection.create(config);
    this.sender = pc.addTransceiver(MediaStreamTrack.audio("whipload-" + index), Direction.SENDONLY, "whipload").sender();
    pc.onIceGatheringStateChange(s -> {
      if (s == IceGatheringState.COMPLETE) {
        gathered.complete(null);
      }
    });
    pc.onConnectionStateChange(s -> {
      if (s == PeerConnectionState.CONNECTED && connectedNanos == 0) {
        connectedNanos = System.nanoTime();
        connectedFuture.complete(null);
        onConnected.accept(this);
      } else if (s == PeerConnectionState.FAILED || s == PeerConnectionState.CLOSED) {
        connectedFuture.completeExceptionally(new IllegalStateException("connection " + s.w3cName()));
      }
    });
    this.done = pc.createOffer()
        .thenCompose(pc::setLocalDescription)
        .thenCompose(v -> pc.iceGatheringState() == IceGatheringState.COMPLETE ? CompletableFuture.completedFuture(null) : gathered)
        .thenCompose(v -> {
          HttpRequest post = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/sdp")
              .POST(HttpRequest.BodyPublishers.ofString(pc.localDescription().sdp(), StandardCharsets.UTF_8)).build();
          postNanos = System.nanoTime();
          return http.sendAsync(post, HttpResponse.BodyHandlers.ofString());
        })
        .thenCompose(res -> {
          answerNanos = System.nanoTime();
          if (res.statusCode() != 201) {
            throw new IllegalStateException("POST answered " + res.statusCode() + ": " + res.body().strip());
          }
          location = endpoint.resolve(res.headers().firstValue("Location").orElseThrow(
              () -> new IllegalStateException("201 without a Location")));
          return pc.setRemoteDescription(Description.answer(res.body()));
        })
        .thenCompose(v -> connectedFuture)
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((v, e) -> {
          if (e != null) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            failure = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            pc.close(); // a client gives up on a session that did not connect; the server expires it
          }
        });
  }

  /**
   * Creates the connection now (on the caller's thread) and starts the exchange; {@code onConnected}
   * runs on the connection's loop when it is connected.
   */
  static WhipClientSession start(int index, Configuration config, HttpClient http, URI endpoint, Duration timeout,
      Consumer<WhipClientSession> onConnected) {
    return new WhipClientSession(index, config, http, endpoint, timeout, onConnected);
  }

  /** Completes when connected, exceptionally on failure or after the timeout. */
  CompletableFuture<Void> done() {
    return done;
  }

  RtpSender sender() {
    return sender;
  }

  /** The event loop the connection runs on. */
  EventLoop loop() {
    return pc.eventLoop();
  }

  boolean connected() {
    return connectedNanos != 0 && failure == null;
  }

  String failure() {
    return failure;
  }

  /** POST sent → {@code connected}, in ms; NaN when not connected. */
  double connectMillis() {
    return connected() ? (connectedNanos - postNanos) / 1e6 : Double.NaN;
  }

  /** POST sent → 201 with the answer received, in ms; NaN without an answer. */
  double answerMillis() {
    return answerNanos == 0 ? Double.NaN : (answerNanos - postNanos) / 1e6;
  }

  /** The server's tag for this session: the first 8 hex digits of its id (the Location's last segment). */
  String tag() {
    URI l = location;
    if (l == null) {
      return null;
    }
    String path = l.getPath();
    String id = path.substring(path.lastIndexOf('/') + 1);
    return id.length() >= 8 ? id.substring(0, 8) : id;
  }

  /** RTP packets sent ({@code outbound-rtp} {@code packetsSent}). */
  CompletableFuture<Long> packetsSent() {
    return pc.getStats().thenApply(r -> {
      long n = 0;
      for (Stats s : r.ofType("outbound-rtp")) {
        n += s.getLong("packetsSent", 0);
      }
      return n;
    });
  }

  /** DELETE on the session's Location, when it has one; the status code, or -1. */
  int delete(HttpClient http) {
    URI l = location;
    if (l == null) {
      return -1;
    }
    try {
      return http.send(HttpRequest.newBuilder(l).timeout(Duration.ofSeconds(30)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  CompletableFuture<Void> close() {
    return pc.closeAsync();
  }
}
