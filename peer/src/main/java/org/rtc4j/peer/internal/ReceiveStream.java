package org.rtc4j.peer.internal;

import java.util.ArrayList;
import java.util.List;
import org.rtc4j.media.Codec;
import org.rtc4j.media.Depacketizer;
import org.rtc4j.media.FrameAssembler;
import org.rtc4j.media.audio.AudioDepacketizer;
import org.rtc4j.media.av1.Av1Depacketizer;
import org.rtc4j.media.h264.H264Depacketizer;
import org.rtc4j.media.vp8.Vp8Depacketizer;
import org.rtc4j.media.vp9.Vp9Depacketizer;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.rtp.SequenceNumberUnwrapper;

/**
 * Receive-side state of one receiver, touched only on the event loop: the remote SSRCs, the frame
 * assembler, RFC 3550 Appendix A.1/A.8 statistics for receiver reports, and NACK scheduling.
 */
public final class ReceiveStream {
  static final long VIDEO_TARGET_DELAY_NANOS = 120_000_000L;
  static final long PLI_INTERVAL_NANOS = 200_000_000L;
  static final long MAX_VIDEO_TARGET_DELAY_NANOS = 1_000_000_000L;

  final MediaKind kind;
  long ssrc = -1;
  long rtxSsrc = -1;
  volatile String trackId;
  List<String> streamIds = new ArrayList<>();
  FrameAssembler assembler;
  int assemblerPayloadType = -1;
  NackScheduler nacks;

  // RFC 3550 A.1: the extended highest sequence number, and the first one
  boolean started;
  private final SequenceNumberUnwrapper sequence = new SequenceNumberUnwrapper();
  private long baseSeq;
  long received;
  long expectedPrior;
  long receivedPrior;
  // RFC 3550 A.8, in RTP timestamp units
  double jitter;
  long lastTransit;
  boolean haveTransit;
  int clockRate = 90_000;

  // Last SR from the peer (for LSR/DLSR)
  long lastSrNtpMiddle;
  long lastSrArrivalNanos;
  /** The peer's latest sender report (W3C {@code remote-outbound-rtp}): its NTP time and counts. */
  long lastSrNtp;
  long remotePacketsSent;
  long remoteOctetsSent;
  long senderReportsReceived;

  // W3C inbound-rtp
  long payloadBytesReceived;
  long headerBytesReceived;
  long framesReceived;
  long keyFramesReceived;
  long framesLost;
  long retransmittedPacketsReceived;
  long packetsDiscarded;
  long nackCount;
  long pliCount;
  long lastPacketReceivedNanos;
  /** The RFC 6464 byte (V flag, -dBov) of the last audio packet that carried one, or -1. */
  int audioLevel = -1;
  long lastPliNanos = Long.MIN_VALUE / 2;
  /**
   * The round trip as repairs show it: from a packet's first NACK to its retransmission's arrival,
   * smoothed (1/8), or -1 before the first. A receive-only peer has no other RTT (RFC 3550 gives one
   * to senders only); a sample from a lost first retransmission counts at most twice the estimate.
   */
  long repairRttNanos = -1;

  ReceiveStream(MediaKind kind) {
    this.kind = kind;
  }

  /** The remote track id (from {@code a=msid}), or null. */
  public String trackId() {
    return trackId;
  }

  /** Audio's reorder window: 128 packets is 2.5 s at 20 ms, far beyond its 50 ms playout delay. */
  static final int AUDIO_REORDER_PACKETS = 128;
  /** Video's: 1,024 packets hold a megabyte keyframe; the payloads themselves come from the pool. */
  static final int VIDEO_REORDER_PACKETS = 1024;
  static final FrameAssembler.Config AUDIO = new FrameAssembler.Config(AUDIO_REORDER_PACKETS, 50_000_000L);
  static final FrameAssembler.Config VIDEO = new FrameAssembler.Config(VIDEO_REORDER_PACKETS, VIDEO_TARGET_DELAY_NANOS);

  /** The assembler for {@code codec}, made anew when the codec changes, its payloads in {@code pool}. */
  /** A sender report from this stream's source: NTP timestamp, packet and payload octet counts. */
  void senderReport(long ntp, long packetCount, long octetCount) {
    lastSrNtp = ntp;
    remotePacketsSent = packetCount;
    remoteOctetsSent = octetCount;
    senderReportsReceived++;
  }

  FrameAssembler assembler(Codec codec, int payloadType, BufferPool pool) {
    if (assembler == null || assembler.codec() != codec) {
      if (assembler != null) {
        assembler.release();
      }
      Depacketizer d;
      switch (codec) {
        case VP8:
          d = new Vp8Depacketizer();
          break;
        case VP9:
          d = new Vp9Depacketizer();
          break;
        case H264:
          d = new H264Depacketizer();
          break;
        case AV1:
          d = new Av1Depacketizer();
          break;
        default:
          d = new AudioDepacketizer(codec);
      }
      // Video waits longer than audio: a lost packet is noticed one frame interval later at worst
      // (when the next frame's first packet arrives), then NACKed and retransmitted (RFC 4588).
      assembler = new FrameAssembler(d, codec.isAudio() ? AUDIO : VIDEO, pool);
      clockRate = codec.clockRate();
    }
    assemblerPayloadType = payloadType;
    return assembler;
  }

  /** A retransmission arrived {@code sampleNanos} after its packet's first NACK. */
  void repairRoundTrip(long sampleNanos) {
    if (repairRttNanos < 0) {
      repairRttNanos = sampleNanos;
    } else {
      repairRttNanos += (Math.min(sampleNanos, 2 * repairRttNanos) - repairRttNanos) / 8;
    }
  }

  /**
   * Video's jitter buffer target for a round trip time: time for a lost packet to be noticed (one
   * frame interval at worst, when the next frame's first packet arrives) and repaired in up to
   * three rounds of NACK and RTX, a retry every 1.5 RTT (the NACK or its RTX lost: one in five at
   * 10% loss each way): 50 ms + 4 RTT, never below {@link #VIDEO_TARGET_DELAY_NANOS}, at most a
   * second. With a fixed 120 ms, a packet lost at 50 ms each way was always repaired too late: 73
   * to 93% of the frames came through 10% loss, against 98% and more once the target follows the
   * round trip ({@code CoreSimTest}).
   */
  static long videoTargetDelayNanos(long rttNanos) {
    if (rttNanos <= 0) {
      return VIDEO_TARGET_DELAY_NANOS;
    }
    return Math.min(MAX_VIDEO_TARGET_DELAY_NANOS, Math.max(VIDEO_TARGET_DELAY_NANOS, 50_000_000L + 4 * rttNanos));
  }

  /**
   * How long after a PLI to ask again while still waiting: until the keyframe it asked for could
   * have arrived and been repaired (a round trip, then the jitter buffer's target), at least
   * {@link #PLI_INTERVAL_NANOS}. A fixed 200 ms at 100 ms RTT asked for a second and third keyframe
   * while the first was still being repaired, each one more burst exposed to the loss.
   */
  static long pliIntervalNanos(long rttNanos) {
    return rttNanos <= 0 ? PLI_INTERVAL_NANOS : Math.max(PLI_INTERVAL_NANOS, rttNanos + videoTargetDelayNanos(rttNanos));
  }

  /** Gives the jitter buffer's packets back to the pool (the stream stops or the connection closes). */
  void release() {
    if (assembler != null) {
      assembler.release();
    }
  }

  /**
   * RFC 3550 A.1 sequence accounting and A.8 jitter for one media packet. Returns true if the
   * packet skipped sequence numbers (a gap worth a NACK now).
   */
  boolean count(int seq, long rtpTs, long arrivalNanos) {
    long highest = sequence.highest();
    long extended = sequence.unwrap(seq);
    boolean gap = started && extended > highest + 1;
    if (!started) {
      started = true;
      baseSeq = extended;
    }
    received++;
    long arrival = (long) (arrivalNanos / 1e9 * clockRate);
    long transit = arrival - rtpTs;
    if (haveTransit) {
      long d = Math.abs(transit - lastTransit);
      jitter += (d - jitter) / 16.0;
    }
    lastTransit = transit;
    haveTransit = true;
    return gap;
  }

  long extendedMax() {
    return sequence.highest();
  }

  long expected() {
    return started ? extendedMax() - baseSeq + 1 : 0;
  }

  long cumulativeLost() {
    return expected() - received;
  }
}
