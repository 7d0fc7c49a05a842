package org.rtc4j.peer.internal;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.rtc4j.peer.Direction;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.peer.MediaStreamTrack;
import org.rtc4j.peer.RtpCodec;

/**
 * One media section's state inside the core: the W3C transceiver's fields, its send and receive
 * streams, and the negotiation bookkeeping. The public {@code RtpTransceiver}, {@code RtpSender}
 * and {@code RtpReceiver} are views of it.
 *
 * <p>Threads: the fields the application sets ({@link #direction}, {@link #track},
 * {@link #streamIds}, {@link #codecPreferences}) and the ones it reads are volatile and may be
 * touched from any thread; everything else belongs to the event loop.
 */
public final class Transceiver {
  public final MediaKind kind;
  public final SendStream send;
  public final ReceiveStream receive;
  /** The public object for this transceiver, set by the facade. */
  public volatile Object owner;

  public volatile String mid;
  public volatile Direction direction;
  public volatile Direction currentDirection;
  public volatile boolean stopped;
  public volatile List<RtpCodec> codecPreferences = List.of();
  public volatile MediaStreamTrack track;
  public volatile List<String> streamIds;
  /** The negotiated codecs, in the answer's order. */
  volatile List<CodecParams> negotiated = List.of();

  /** Index of its m-line once it has one, else -1. */
  int mLineIndex = -1;
  /** Created by {@code addTrack} (may be re-used for a remote offer). */
  public boolean fromAddTrack;
  /** The track event was fired for the current remote sender. */
  boolean trackFired;
  /** Created by a remote offer (removed again if that offer is rolled back). */
  boolean createdByRemoteOffer;
  /** Had a sending direction negotiated once (W3C [[FiredDirection]] simplified). */
  public volatile boolean sentBefore;
  private byte[] midBytes;
  private String midBytesOf;

  public Transceiver(MediaKind kind, Direction direction, MediaStreamTrack track, List<String> streamIds,
      Random random) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.direction = Objects.requireNonNull(direction, "direction");
    this.track = track;
    this.streamIds = List.copyOf(streamIds);
    this.send = new SendStream(random);
    this.receive = new ReceiveStream(kind);
  }

  /** The negotiated codecs (any thread). */
  public List<CodecParams> negotiated() {
    return negotiated;
  }

  /** The negotiated codec with payload type (or RTX payload type) {@code pt}, or null. */
  CodecParams codecFor(int pt) {
    List<CodecParams> n = negotiated;
    for (int i = 0; i < n.size(); i++) {
      CodecParams c = n.get(i);
      if (c.payloadType() == pt || c.rtxPayloadType() == pt) {
        return c;
      }
    }
    return null;
  }

  /** Whether NACK was negotiated for any codec. */
  boolean nackNegotiated() {
    List<CodecParams> n = negotiated;
    for (int i = 0; i < n.size(); i++) {
      if (n.get(i).nack()) {
        return true;
      }
    }
    return false;
  }

  /** The MID as US-ASCII bytes for the RTP header extension (cached). */
  byte[] midBytes() {
    String m = mid;
    if (midBytes == null || !Objects.equals(midBytesOf, m)) {
      midBytes = m == null ? new byte[0] : m.getBytes(StandardCharsets.US_ASCII);
      midBytesOf = m;
    }
    return midBytes;
  }

  /** Whether it sends now: negotiated to send, not stopped, with a track. */
  boolean sending() {
    Direction d = currentDirection;
    return !stopped && track != null && d != null && d.sends();
  }

  @Override
  public String toString() {
    return "Transceiver[mid=" + mid + ", " + kind + ", " + direction + "]";
  }
}
