package org.rtc4j.peer.internal;

import java.util.List;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.FrameAssembler;
import org.rtc4j.media.FrameLoss;
import org.rtc4j.peer.MediaKind;
import org.rtc4j.rtp.RtpExtensions;
import org.rtc4j.rtp.RtpPacket;

/**
 * Media in: an unprotected RTP packet is routed to its transceiver (by SSRC, then the RFC 8843 MID
 * extension, then payload type, RFC 8843 §9.2), counted (RFC 3550 A.1, A.8), unwrapped if it is
 * RTX (RFC 4588) and handed to the transceiver's {@link FrameAssembler}; complete frames become
 * {@link PeerEvent.Frame} events. Gaps are NACKed at once and again on the {@link NackScheduler}'s
 * deadlines; a frame given up, or an assembler waiting for a keyframe, asks for one with PLI.
 *
 * <p>Malformed packets and packets no transceiver takes are counted and dropped.
 */
final class MediaReceiver {
  private final PeerCore core;
  private final BufferPool pool;
  private final RtpPacket packet = new RtpPacket();
  private final int[] due = new int[300];
  long malformed;
  long unroutable;

  MediaReceiver(PeerCore core, BufferPool pool) {
    this.core = core;
    this.pool = pool;
  }

  /** An unprotected RTP packet, borrowed for the call. */
  void handleRtp(long nowNanos, byte[] buf, int off, int len) {
    if (packet.wrap(buf, off, len) != RtpPacket.Status.OK) {
      malformed++;
      return;
    }
    int pt = packet.payloadType();
    long ssrc = packet.ssrc() & 0xFFFF_FFFFL;
    core.congestion().handleReceived(nowNanos, packet, packet.ssrc()); // transport-wide: every packet
    Transceiver t = route(ssrc, pt);
    if (t == null || t.stopped) {
      unroutable++;
      return;
    }
    ReceiveStream rs = t.receive;
    CodecParams c = t.codecFor(pt);
    if (c == null) {
      rs.packetsDiscarded++;
      return;
    }
    int seq = packet.sequenceNumber();
    int payloadOff = packet.payloadOffset();
    int payloadLen = packet.payloadLength();
    boolean gap = false;
    if (c.rtxPayloadType() == pt) {
      if (payloadLen < 2) {
        return; // an RTX padding probe
      }
      seq = (buf[payloadOff] & 0xFF) << 8 | (buf[payloadOff + 1] & 0xFF); // the OSN
      payloadOff += 2;
      payloadLen -= 2;
      rs.retransmittedPacketsReceived++;
      repaired(nowNanos, rs, seq);
    } else {
      // The codec's clock before the first jitter sample: arrival times taken at the 90 kHz default
      // and then at 48 kHz differed by the clock's whole uptime (a jitter of minutes in the first RR).
      rs.clockRate = c.codec().clockRate();
      gap = rs.count(seq, packet.timestamp(), nowNanos);
      if (rs.kind == MediaKind.AUDIO) {
        readAudioLevel(rs);
      }
    }
    rs.payloadBytesReceived += payloadLen;
    rs.headerBytesReceived += len - payloadLen; // W3C: header and padding (and the RTX OSN) bytes
    rs.lastPacketReceivedNanos = nowNanos;
    FrameAssembler a = rs.assembler(c.codec(), c.payloadType(), pool);
    a.handlePacket(nowNanos, seq, packet.timestamp(), packet.marker(), buf, payloadOff, payloadLen);
    if (gap) {
      sendNacks(nowNanos, t); // at once: the frame's playout deadline is near
    }
    pollFrames(nowNanos, t);
  }

  /** A retransmission of {@code seq} arrived: a round trip sample if we NACKed it. */
  private void repaired(long nowNanos, ReceiveStream rs, int seq) {
    long first = rs.nacks == null ? Long.MIN_VALUE : rs.nacks.firstNackNanos(seq);
    if (first == Long.MIN_VALUE || nowNanos < first) {
      return; // a probe (an RTX copy nobody asked for), or one we no longer track
    }
    rs.repairRoundTrip(nowNanos - first);
    if (rs.assembler != null && rs.kind == MediaKind.VIDEO) {
      rs.assembler.setTargetDelayNanos(ReceiveStream.videoTargetDelayNanos(roundTripNanos(rs)));
    }
  }

  /** The round trip for repairs on {@code rs}: from our sender's reports if we send, else from repairs. */
  private long roundTripNanos(ReceiveStream rs) {
    long reported = core.rtcp().roundTripTimeNanos();
    return reported >= 0 ? Math.max(reported, rs.repairRttNanos) : rs.repairRttNanos;
  }

  /** The sender's RFC 6464 audio level, if the packet carries one. */
  private void readAudioLevel(ReceiveStream rs) {
    int id = core.extensions().remoteAudioLevel();
    if (id > 0) {
      long v = packet.extensionValue(id);
      if (v >= 0 && packet.extensionLength(id) == RtpExtensions.AUDIO_LEVEL_LENGTH) {
        rs.audioLevel = (int) v;
      }
    }
  }

  /** Due frames, losses and NACK retries of every transceiver. */
  void handleTimeout(long nowNanos) {
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      pollFrames(nowNanos, t);
      NackScheduler n = t.receive.nacks;
      if (n != null && nowNanos - n.deadlineNanos() >= 0) {
        sendNacks(nowNanos, t);
      }
    }
  }

  /** The earliest deadline of the jitter buffers and NACK schedules. */
  long pollTimeout() {
    long deadline = Long.MAX_VALUE;
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      ReceiveStream rs = all.get(i).receive;
      if (rs.assembler != null) {
        deadline = Math.min(deadline, rs.assembler.pollTimeout());
      }
      if (rs.nacks != null) {
        deadline = Math.min(deadline, rs.nacks.deadlineNanos());
      }
    }
    return deadline;
  }

  private Transceiver route(long ssrc, int pt) {
    List<Transceiver> all = core.transceivers();
    for (int i = 0; i < all.size(); i++) {
      Transceiver t = all.get(i);
      if (t.receive.ssrc == ssrc || t.receive.rtxSsrc == ssrc) {
        return t;
      }
    }
    // An SSRC not signalled: by MID header extension (RFC 8843 §9.2), else by payload type.
    Transceiver found = null;
    int midId = core.extensions().remoteMid();
    if (midId > 0) {
      int at = packet.extensionOffset(midId);
      if (at >= 0) {
        int len = packet.extensionLength(midId);
        for (int i = 0; i < all.size(); i++) {
          Transceiver t = all.get(i);
          if (t.mid != null && RtpExtensions.stringEquals(packet.buffer(), at, len, t.midBytes())) {
            found = t;
            break;
          }
        }
      }
    }
    if (found == null) {
      for (int i = 0; i < all.size(); i++) {
        Transceiver t = all.get(i);
        if (t.receive.ssrc < 0 && t.codecFor(pt) != null) {
          found = t;
          break;
        }
      }
    }
    if (found == null) {
      return null;
    }
    CodecParams c = found.codecFor(pt);
    if (c != null && c.rtxPayloadType() == pt) {
      found.receive.rtxSsrc = ssrc;
    } else {
      found.receive.ssrc = ssrc;
    }
    return found;
  }

  private void pollFrames(long nowNanos, Transceiver t) {
    ReceiveStream rs = t.receive;
    FrameAssembler a = rs.assembler;
    if (a == null) {
      return;
    }
    for (EncodedFrame f; (f = a.pollFrame(nowNanos)) != null; ) {
      rs.framesReceived++;
      if (f.keyframe() && !f.codec().isAudio()) {
        rs.keyFramesReceived++;
      }
      core.emit(new PeerEvent.Frame(t, f));
    }
    boolean lost = false;
    for (FrameLoss loss; (loss = a.pollLoss()) != null; ) {
      rs.framesLost++;
      lost = true;
    }
    // Waiting for a keyframe asks for one once something was given up or a frame that is not a
    // keyframe came first; not while the stream's first keyframe may still be on its way (or under
    // repair by NACK): that asked every sender for a second keyframe as each stream started.
    boolean waiting = a.keyframeNeeded() && (rs.framesReceived > 0 || rs.framesLost > 0);
    if ((lost || waiting) && rs.kind == MediaKind.VIDEO
        && nowNanos - rs.lastPliNanos >= ReceiveStream.pliIntervalNanos(roundTripNanos(rs))) {
      core.rtcp().sendPli(nowNanos, t);
    }
  }

  private void sendNacks(long nowNanos, Transceiver t) {
    ReceiveStream rs = t.receive;
    if (rs.assembler == null || rs.ssrc < 0 || rs.kind != MediaKind.VIDEO || !t.nackNegotiated()) {
      return;
    }
    if (rs.nacks == null) {
      rs.nacks = new NackScheduler();
    }
    int n = rs.nacks.collect(nowNanos, rs.assembler, RtcpSession.nackRetryNanos(roundTripNanos(rs)), due);
    if (n > 0) {
      core.rtcp().sendNack(t, due, n);
    }
  }
}
