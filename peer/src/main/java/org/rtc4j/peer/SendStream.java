package org.rtc4j.peer;

import java.util.Random;
import org.rtc4j.media.Codec;
import org.rtc4j.media.Packetizer;
import org.rtc4j.media.audio.AudioPacketizer;
import org.rtc4j.media.av1.Av1Packetizer;
import org.rtc4j.media.h264.H264Packetizer;
import org.rtc4j.media.vp8.Vp8Packetizer;
import org.rtc4j.media.vp9.Vp9Packetizer;

/**
 * Send-side state of one sender, touched only on the event loop: SSRCs, sequence numbers, the
 * packetizer, the send history that answers NACKs (RFC 4585 §6.2.1, RFC 4588) and the counters
 * for sender reports and stats.
 */
final class SendStream {
  static final int HISTORY = 1024;

  final long ssrc;
  final long rtxSsrc;
  int seq;
  int rtxSeq;
  Packetizer packetizer;
  int packetizerPayloadSize;

  // Send history of unprotected packets, indexed by sequence number.
  final byte[][] history = new byte[HISTORY][];
  final int[] historyLen = new int[HISTORY];
  final int[] historySeq = new int[HISTORY];

  // RFC 3550 sender info and W3C outbound-rtp.
  long packetsSent;
  long payloadBytesSent;
  long headerBytesSent;
  long framesSent;
  long keyFramesSent;
  long framesDropped;
  long retransmittedPacketsSent;
  long retransmittedBytesSent;
  long nackCount;
  long pliCount;
  long firCount;
  long lastRtpTimestamp;
  long lastSendNanos;
  int lastPayloadType = -1;

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
    java.util.Arrays.fill(historySeq, -1);
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

  /** Keeps a copy of an unprotected packet for retransmission. */
  void remember(int sequence, byte[] packet, int off, int len) {
    int i = sequence & (HISTORY - 1);
    byte[] slot = history[i];
    if (slot == null || slot.length < len) {
      slot = new byte[Math.max(len, 1500)];
      history[i] = slot;
    }
    System.arraycopy(packet, off, slot, 0, len);
    historyLen[i] = len;
    historySeq[i] = sequence;
  }

  /** The history slot holding {@code sequence}, or -1. */
  int find(int sequence) {
    int i = sequence & (HISTORY - 1);
    return historySeq[i] == sequence ? i : -1;
  }
}
