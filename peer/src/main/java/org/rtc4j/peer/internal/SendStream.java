package org.rtc4j.peer.internal;

import java.util.Random;
import org.rtc4j.media.Codec;
import org.rtc4j.media.Packetizer;
import org.rtc4j.media.audio.AudioPacketizer;
import org.rtc4j.media.av1.Av1Packetizer;
import org.rtc4j.media.h264.H264Packetizer;
import org.rtc4j.media.vp8.Vp8Packetizer;
import org.rtc4j.media.vp9.Vp9Packetizer;

/**
 * Send-side state of one sender, touched only on the event loop (but for the counters that
 * {@code getStats()} and the API read): SSRCs, sequence numbers, the packetizer, the send history
 * that answers NACKs and the counters for sender reports and stats.
 */
public final class SendStream {
  final long ssrc;
  final long rtxSsrc;
  int seq;
  int rtxSeq;
  private Packetizer packetizer;
  private int packetizerPayloadSize;
  SendHistory history;
  /** Whether the history holds protected packets (sent again as they are) rather than RTX sources. */
  boolean historyHoldsProtected;

  // RFC 3550 sender info and W3C outbound-rtp.
  long packetsSent;
  long payloadBytesSent;
  long headerBytesSent;
  long framesSent;
  long keyFramesSent;
  volatile long framesDropped;
  /** A retransmission (RTX, a resent copy, or an RTX probe) of {@code payload} bytes went out. */
  void countRetransmission(int payload, int headerBytes) {
    retransmittedPacketsSent++;
    retransmittedBytesSent += payload; // payload only (W3C)
    payloadBytesSent += payload; // W3C bytesSent includes retransmissions
    headerBytesSent += headerBytes;
  }

  /** Packets the pacer's full queue refused. */
  long packetsDropped;
  long retransmittedPacketsSent;
  long retransmittedBytesSent;
  long nackCount;
  long pliCount;
  long firCount;
  long lastRtpTimestamp;
  long lastSendNanos;
  int lastPayloadType = -1;

  // Congestion control: the application's maximum (0: none) and this sender's share of the target.
  volatile long maxBitrateBps;
  volatile long targetBitrateBps = -1;

  // From the peer's reports about this stream (W3C remote-inbound-rtp).
  long reportsReceived;
  int fractionLost;
  long packetsLost;
  long remoteJitter;
  double roundTripTime = Double.NaN;
  double totalRoundTripTime;
  long roundTripTimeMeasurements;

  SendStream(Random random) {
    this.ssrc = random.nextInt() & 0xFFFF_FFFFL;
    long r;
    do {
      r = random.nextInt() & 0xFFFF_FFFFL;
    } while (r == ssrc);
    this.rtxSsrc = r;
    this.seq = random.nextInt(0x8000);
    this.rtxSeq = random.nextInt(0x8000);
  }

  /** The SSRC of the media stream (RFC 3550). */
  public long ssrc() {
    return ssrc;
  }

  /** The SSRC of the retransmission stream (RFC 4588). */
  public long rtxSsrc() {
    return rtxSsrc;
  }

  /** This sender's share of the congestion controller's target, or -1 before the first estimate. */
  public long targetBitrateBps() {
    return targetBitrateBps;
  }

  /** The largest bitrate the application wants from this sender (0: no limit). */
  public long maxBitrateBps() {
    return maxBitrateBps;
  }

  /** Sets the sender's maximum bitrate; the core applies it on the loop. */
  public void setMaxBitrateBps(long bps) {
    maxBitrateBps = Math.max(0, bps);
  }

  /** Frames handed over and not sent. */
  public long framesDropped() {
    return framesDropped;
  }

  void countDropped() {
    framesDropped++;
  }

  /** The packetizer for {@code codec}, made anew when the codec or size changes. */
  Packetizer packetizer(Codec codec, int maxPayload) {
    if (packetizer == null || packetizer.codec() != codec || packetizerPayloadSize != maxPayload) {
      packetizerPayloadSize = maxPayload;
      switch (codec) {
        case VP8:
          packetizer = new Vp8Packetizer(maxPayload, seq & 0x7FFF);
          break;
        case VP9:
          packetizer = new Vp9Packetizer(maxPayload, seq & 0x7FFF);
          break;
        case H264:
          packetizer = new H264Packetizer(maxPayload);
          break;
        case AV1:
          packetizer = new Av1Packetizer(maxPayload);
          break;
        default:
          packetizer = new AudioPacketizer(codec, maxPayload);
      }
    }
    return packetizer;
  }

  /** The most packets a stream keeps for retransmission (a power of two): about a second of 8 Mbit/s video. */
  static final int HISTORY_PACKETS = 1024;
  /** How long a sent packet is kept for retransmission: a NACK later than that is too late to help. */
  static final long HISTORY_MAX_AGE_NANOS = 2_000_000_000L;

  /** The send history, made on first use. */
  SendHistory history(BufferPool pool) {
    if (history == null) {
      history = new SendHistory(pool, HISTORY_PACKETS, HISTORY_MAX_AGE_NANOS);
    }
    return history;
  }

  /** Gives the history's buffers back (the stream stops or the connection closes). */
  void release() {
    if (history != null) {
      history.clear();
    }
  }
}
