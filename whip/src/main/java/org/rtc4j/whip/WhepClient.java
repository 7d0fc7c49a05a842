package org.rtc4j.whip;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.PeerConnection;

/**
 * A WHEP client (draft-ietf-wish-whep): subscribes an application's {@link PeerConnection} to a
 * stream. The HTTP exchange is WHIP's ({@link WhipClient}: offer, 201 with {@code Location},
 * PATCH, DELETE); the offer receives instead of sending.
 *
 * <pre>{@code
 * PeerConnection pc = PeerConnection.create(config);
 * pc.onTrack(e -> e.receiver().onFrame(frame -> play(frame)));
 * WhipSession session = WhepClient.create().subscribe(URI.create("https://example.net/whep"), null, pc)
 *     .get(20, TimeUnit.SECONDS);
 * }</pre>
 */
public final class WhepClient {
  private final WhipClient client;

  /** A WHEP client over {@code client}'s settings (HTTP client, timeouts, trickle, executor). */
  public WhepClient(WhipClient client) {
    this.client = client;
  }

  /** A client with the defaults of {@link WhipClient#create()}. */
  public static WhepClient create() {
    return new WhepClient(WhipClient.create());
  }

  /**
   * Subscribes {@code pc} to {@code endpoint}. A connection without transceivers gets a
   * {@code recvonly} audio and a {@code recvonly} video one first; one with transceivers is offered
   * as it is.
   *
   * @param token the bearer token, or null
   */
  public CompletableFuture<WhipSession> subscribe(URI endpoint, String token, PeerConnection pc) {
    if (pc.getTransceivers().isEmpty()) {
      pc.addTransceiver(MediaKind.AUDIO, Direction.RECVONLY);
      pc.addTransceiver(MediaKind.VIDEO, Direction.RECVONLY);
    }
    return client.open(endpoint, token, pc);
  }
}
