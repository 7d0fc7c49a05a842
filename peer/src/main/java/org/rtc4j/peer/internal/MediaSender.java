package org.rtc4j.peer.internal;

import java.util.List;
import org.rtc4j.media.EncodedFrame;
import org.rtc4j.media.MediaFormatException;
import org.rtc4j.media.Packetizer;
import org.rtc4j.peer.internal.cc.Pacer;
import org.rtc4j.rtp.RtpExtensions;
import org.rtc4j.rtp.RtpHeaderWriter;
import org.rtc4j.rtp.RtpPacket;
import org.rtc4j.rtp.internal.RtpRetransmission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Media out: an encoded frame becomes MTU-sized RTP packets (the negotiated payload format, the
 * RFC 8285 MID extension, RFC 3550 headers), each kept in the stream's send history when the peer
 * may NACK it, protected with SRTP and queued for sending. NACKed packets go out again as RTX
 * (RFC 4588) when negotiated, otherwise as the protected copy sent the first time: an SRTP index
 * is never protected twice, so the receiver's replay window accepts the copy only because it never
 * saw the original.
 *
 * <p>Every packet lives in a buffer from the loop's {@link BufferPool}; nothing is allocated per
 * packet.
 */
final class MediaSender {
  private static final Logger LOG = LoggerFactory.getLogger(MediaSender.class);
  /** Room after the payload for the SRTP authentication tag (16 bytes for GCM, 10 for CM-80). */
  static final int SRTP_TAG_ROOM = 16;
  /** Room for the RTX original sequence number, so that a retransmission fits the MTU too. */
  private static final int RTX_OSN = 2;
  /** Padding-only packets sent ahead of a video stream's first frame (see {@link #sendLeadIn}). */
  static final int LEAD_IN_PACKETS = 2;
  /** Padding bytes in each of them (RFC 3550 §5.1: the last byte holds the count). */
  private static final int LEAD_IN_PADDING = 4;

  private final PeerCore core;
  private final BufferPool pool;
  private final int mtu;
  private final RtpHeaderWriter header = new RtpHeaderWriter();
  private final RtpPacket packet = new RtpPacket();

  MediaSender(PeerCore core, BufferPool pool, int mtu) {
    this.core = core;
    this.pool = pool;
    this.mtu = mtu;
  }

  /**
   * Packetizes, protects and queues one frame of {@code t}'s track; counts it dropped if it cannot.
   * {@code audioLevel}: the RFC 6464 byte for every packet of an audio frame, or -1 for none.
   */
  void sendFrame(long nowNanos, Transceiver t, EncodedFrame frame, int audioLevel) {
    SendStream s = t.send;
    if (!core.srtpReady() || !t.sending()) {
      s.countDropped();
      return;
    }
    CodecParams codec = negotiated(t.negotiated, frame);
    if (codec == null) {
      s.countDropped();
      return;
    }
    header.reset().payloadType(codec.payloadType()).ssrc((int) s.ssrc);
    addMid(t);
    int levelId = core.extensions().audioLevel();
    if (audioLevel >= 0 && levelId > 0 && codec.codec().isAudio()) {
      header.addExtensionValue(levelId, audioLevel, RtpExtensions.AUDIO_LEVEL_LENGTH); // RFC 6464 §3
    }
    core.congestion().addPlaceholders(header);
    int headerLen = header.encodedLength();
    Packetizer p = s.packetizer(frame.codec(), mtu - headerLen - SRTP_TAG_ROOM - RTX_OSN);
    try {
      p.packetize(frame.data(), 0, frame.data().length, frame.rtpTimestamp());
    } catch (MediaFormatException e) {
      LOG.debug("cannot packetize a {} frame: {}", frame.codec(), e.getMessage());
      s.countDropped();
      return;
    }
    boolean audio = codec.codec().isAudio();
    boolean keep = codec.nack() && !audio;
    boolean rtx = codec.rtxPayloadType() >= 0;
    SendHistory history = keep ? s.history(pool) : null;
    if (keep && s.historyHoldsProtected == rtx) {
      history.clear(); // what the slots hold changes with RTX: forget the old kind
      s.historyHoldsProtected = !rtx;
    }
    if (keep && s.packetsSent == 0) {
      sendLeadIn(nowNanos, t, frame.rtpTimestamp(), history, rtx);
    }
    while (p.hasNext()) {
      byte[] buf = pool.take();
      int payloadLen = p.next(buf, headerLen);
      int seq = s.seq;
      s.seq = (seq + 1) & 0xFFFF;
      header.marker(p.marker()).sequenceNumber(seq).timestamp(p.timestamp()).writeTo(buf, 0);
      int len = headerLen + payloadLen;
      if (keep && rtx) {
        history.store(nowNanos, seq, buf, 0, len);
      }
      s.packetsSent++;
      s.payloadBytesSent += payloadLen;
      s.headerBytesSent += headerLen;
      s.lastRtpTimestamp = p.timestamp();
      s.lastPayloadType = codec.payloadType();
      if (!core.congestion().enqueue(nowNanos, buf, len, audio ? Pacer.AUDIO : Pacer.VIDEO, t,
          keep && !rtx ? PacketTable.KEEP_PROTECTED : 0)) {
        s.packetsDropped++;
      }
    }
    s.lastSendNanos = nowNanos;
    s.framesSent++;
    if (frame.keyframe() && !frame.codec().isAudio()) {
      s.keyFramesSent++;
    }
  }

  /**
   * Padding-only packets (RFC 3550 §5.1) on the media SSRC ahead of a video stream's first frame,
   * with the header just set up for it. A receiver can NACK only packets after the first one it
   * gets (Chromium's NACK module starts at the first packet that arrives, and so does rtc4j's), so
   * if the first packet of the first keyframe were lost it could never be repaired: the receiver
   * would wait for another keyframe, which a sender of encoded files cannot make on request. With
   * two packets ahead of it, that needs three losses in a row. Receivers take padding as a gap
   * filler between frames (libwebrtc's packet buffer and NACK module; {@code FrameAssembler}).
   * They are kept in the send history like media, so that a NACK for one is answered too.
   */
  private void sendLeadIn(long nowNanos, Transceiver t, long rtpTimestamp, SendHistory history, boolean rtx) {
    SendStream s = t.send;
    header.marker(false).timestamp(rtpTimestamp);
    for (int i = 0; i < LEAD_IN_PACKETS; i++) {
      byte[] buf = pool.take();
      int seq = s.seq;
      s.seq = (seq + 1) & 0xFFFF;
      int len = header.sequenceNumber(seq).writePacket(buf, 0, buf, 0, 0, LEAD_IN_PADDING);
      s.packetsSent++;
      s.headerBytesSent += len; // W3C headerBytesSent: header and padding bytes
      if (rtx) {
        history.store(nowNanos, seq, buf, 0, len);
      }
      if (!core.congestion().enqueue(nowNanos, buf, len, Pacer.VIDEO, t, rtx ? 0 : PacketTable.KEEP_PROTECTED)) {
        s.packetsDropped++;
      }
    }
  }

  /** Sends {@code seq} of {@code t}'s stream again, if the history still has it. */
  void retransmit(long nowNanos, Transceiver t, int seq) {
    SendStream s = t.send;
    SendHistory h = s.history;
    byte[] kept = h == null ? null : h.find(seq);
    if (kept == null || !core.srtpReady()) {
      return;
    }
    int len = h.length(seq);
    if (packet.wrap(kept, 0, len) != RtpPacket.Status.OK) {
      return;
    }
    byte[] buf = pool.take();
    int n;
    int flags;
    int payload;
    if (s.historyHoldsProtected) {
      System.arraycopy(kept, 0, buf, 0, len);
      n = len;
      payload = Math.max(0, len - packet.headerLength() - core.srtpTagLength());
      flags = PacketTable.PROTECTED;
    } else {
      payload = packet.payloadLength();
      CodecParams c = t.codecFor(packet.payloadType());
      if (c == null || c.rtxPayloadType() < 0) {
        pool.give(buf);
        return;
      }
      n = RtpRetransmission.wrap(packet, buf, 0, c.rtxPayloadType(), (int) s.rtxSsrc, s.rtxSeq);
      s.rtxSeq = (s.rtxSeq + 1) & 0xFFFF;
      flags = 0;
    }
    if (core.congestion().enqueue(nowNanos, buf, n, Pacer.RETRANSMISSION, t, flags)) {
      s.countRetransmission(payload, n - payload);
    }
  }

  private void addMid(Transceiver t) {
    int id = core.extensions().mid();
    if (id <= 0) {
      return;
    }
    byte[] mid = t.midBytes();
    boolean oneByte = id <= 14 && mid.length >= 1 && mid.length <= 16;
    if (mid.length == 0 || mid.length > 255 || (!oneByte && !core.extensions().twoByteAllowed())) {
      return; // not expressible in what the peer accepts: the peer routes by SSRC (RFC 8843 §9.2)
    }
    header.addExtension(id, mid, 0, mid.length);
  }

  private static CodecParams negotiated(List<CodecParams> codecs, EncodedFrame frame) {
    for (int i = 0; i < codecs.size(); i++) {
      if (codecs.get(i).codec() == frame.codec()) {
        return codecs.get(i);
      }
    }
    return null;
  }
}
