package org.rtc4j.rtp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The RTP header extensions WebRTC uses (RFC 8285 §5 extmap URIs) and an id registry: the
 * {@code a=extmap} mapping negotiated in SDP, both ways, with array lookups on the packet path.
 *
 * <pre>{@code
 * RtpExtensions ext = new RtpExtensions()
 *     .register(1, RtpExtensions.MID)
 *     .register(3, RtpExtensions.TRANSPORT_WIDE_CC);
 * int twcc = ext.id(RtpExtensions.TRANSPORT_WIDE_CC);     // 3, or 0 if not negotiated
 * int at = packet.extensionOffset(twcc);
 * int seq = RtpExtensions.readUnsigned(packet.buffer(), at, 2);
 * }</pre>
 *
 * Value helpers decode the fixed-size extensions without allocating: abs-send-time (6.18 fixed
 * point seconds, 3 bytes), transport-wide-cc (16-bit sequence number), audio level (RFC 6464: V
 * flag and -dBov), video orientation (3GPP TS 26.114: C, F, R1 R0) and playout delay (two 12-bit
 * values in 10 ms units). mid, rid and repaired-rid are short strings (RFC 8843, RFC 8852).
 */
public final class RtpExtensions {
  /** RFC 8843 §15: the media identification (MID). */
  public static final String MID = "urn:ietf:params:rtp-hdrext:sdes:mid";
  /** RFC 8852 §4.3: the RTP stream identifier (RID). */
  public static final String RID = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
  /** RFC 8852 §4.4: the RID of the stream a redundancy (RTX, FEC) stream repairs. */
  public static final String REPAIRED_RID = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";
  /** Absolute send time (webrtc.org): 24-bit 6.18 fixed-point seconds. */
  public static final String ABS_SEND_TIME = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
  /** Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01). */
  public static final String TRANSPORT_WIDE_CC =
      "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
  /** RFC 6464: client-to-mixer audio level. */
  public static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
  /** 3GPP TS 26.114 §7.4.5: coordination of video orientation. */
  public static final String VIDEO_ORIENTATION = "urn:3gpp:video-orientation";
  /** Playout delay (webrtc.org): minimum and maximum delay in 10 ms units. */
  public static final String PLAYOUT_DELAY = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";

  private final String[] byId = new String[256];

  /** An empty registry. */
  public RtpExtensions() {}

  /** The mapping libwebrtc offers by default, handy for tests and for peers that skip SDP. */
  public static RtpExtensions webrtcDefaults() {
    return new RtpExtensions()
        .register(1, AUDIO_LEVEL)
        .register(2, ABS_SEND_TIME)
        .register(3, TRANSPORT_WIDE_CC)
        .register(4, MID)
        .register(10, RID)
        .register(11, REPAIRED_RID)
        .register(12, PLAYOUT_DELAY)
        .register(13, VIDEO_ORIENTATION);
  }

  /**
   * Maps {@code id} (1-255; 15 is reserved in the one-byte form) to {@code uri}, replacing whatever
   * the id meant before.
   */
  public RtpExtensions register(int id, String uri) {
    if (id < 1 || id > 255) {
      throw new IllegalArgumentException("extension id must be 1-255, got " + id);
    }
    Objects.requireNonNull(uri, "uri");
    int old = id(uri);
    if (old != 0) {
      byId[old] = null;
    }
    byId[id] = uri;
    return this;
  }

  /** Removes the mapping of {@code id}. */
  public RtpExtensions unregister(int id) {
    if (id >= 1 && id <= 255) {
      byId[id] = null;
    }
    return this;
  }

  /** The id negotiated for {@code uri}, or 0 if none. */
  public int id(String uri) {
    for (int i = 1; i < 256; i++) {
      if (uri.equals(byId[i])) {
        return i;
      }
    }
    return 0;
  }

  /** The URI of {@code id}, or null. */
  public String uri(int id) {
    return id >= 1 && id <= 255 ? byId[id] : null;
  }

  /** Reads {@code len} bytes (1-8) at {@code buf[off]} as a big-endian unsigned number. */
  public static long readUnsigned(byte[] buf, int off, int len) {
    long v = 0;
    for (int i = 0; i < len; i++) {
      v = (v << 8) | (buf[off + i] & 0xFF);
    }
    return v;
  }

  /** Data length of the transport-wide sequence number element (draft-holmer-...-01 §2). */
  public static final int TRANSPORT_WIDE_CC_LENGTH = 2;
  /** Data length of the abs-send-time element. */
  public static final int ABS_SEND_TIME_LENGTH = 3;
  /** Data length of the audio level element (RFC 6464 §3). */
  public static final int AUDIO_LEVEL_LENGTH = 1;
  /** abs-send-time wraps every 64 seconds (2^24 units of 2^-18 s). */
  public static final long ABS_SEND_TIME_WRAP_NANOS = 64_000_000_000L;

  /**
   * abs-send-time: the 24-bit 6.18 fixed-point value (seconds, 64 s wrap) for a time in
   * nanoseconds on any clock, a monotonic one far from its origin included: only the time modulo
   * 64 s matters, so large and negative times work.
   */
  public static int absSendTime(long nanos) {
    long inCycle = Math.floorMod(nanos, ABS_SEND_TIME_WRAP_NANOS); // < 2^36: no overflow below
    return (int) (((inCycle << 18) / 1_000_000_000L) & 0xFFFFFF);
  }

  /** abs-send-time: nanoseconds (within the 64 s cycle) of a 24-bit value. */
  public static long absSendTimeNanos(int value) {
    return ((value & 0xFFFFFFL) * 1_000_000_000L) >>> 18;
  }

  /** audio level (RFC 6464 §3): the voice activity flag of the one data byte. */
  public static boolean audioLevelVoice(byte b) {
    return (b & 0x80) != 0;
  }

  /** audio level (RFC 6464 §3): the level in -dBov (0-127) of the one data byte. */
  public static int audioLevelDbov(byte b) {
    return b & 0x7F;
  }

  /** audio level (RFC 6464 §3): the data byte for a voice flag and a level in -dBov. */
  public static byte audioLevel(boolean voice, int dbov) {
    return (byte) ((voice ? 0x80 : 0) | Math.min(127, Math.max(0, dbov)));
  }

  /** video orientation (TS 26.114): clockwise rotation in degrees (0, 90, 180, 270). */
  public static int videoRotationDegrees(byte b) {
    return (b & 0x03) * 90;
  }

  /** video orientation (TS 26.114): whether the camera faces the user (C bit). */
  public static boolean videoFrontCamera(byte b) {
    return (b & 0x08) != 0;
  }

  /** video orientation (TS 26.114): whether the image is flipped horizontally (F bit). */
  public static boolean videoFlipped(byte b) {
    return (b & 0x04) != 0;
  }

  /** video orientation (TS 26.114): the data byte for a camera, flip and rotation. */
  public static byte videoOrientation(boolean front, boolean flip, int degrees) {
    return (byte) ((front ? 0x08 : 0) | (flip ? 0x04 : 0) | ((degrees / 90) & 0x03));
  }

  /** playout delay: minimum delay in milliseconds from the 3 data bytes. */
  public static int playoutDelayMinMillis(byte[] buf, int off) {
    return (int) (readUnsigned(buf, off, 3) >>> 12) * 10;
  }

  /** playout delay: maximum delay in milliseconds from the 3 data bytes. */
  public static int playoutDelayMaxMillis(byte[] buf, int off) {
    return (int) (readUnsigned(buf, off, 3) & 0xFFF) * 10;
  }

  /** playout delay: the 3-byte value for a minimum and maximum in milliseconds. */
  public static int playoutDelay(int minMillis, int maxMillis) {
    return (Math.min(4095, minMillis / 10) << 12) | Math.min(4095, maxMillis / 10);
  }

  /** mid, rid, repaired-rid: the identifier as a string (these run on the control path). */
  public static String readString(byte[] buf, int off, int len) {
    int end = off + len;
    while (end > off && buf[end - 1] == 0) {
      end--; // some senders pad the identifier with NULs
    }
    return new String(buf, off, end - off, StandardCharsets.US_ASCII);
  }

  /** Whether the identifier at {@code buf[off, off + len)} equals {@code id}, without allocating. */
  public static boolean stringEquals(byte[] buf, int off, int len, byte[] id) {
    return Arrays.equals(buf, off, off + len, id, 0, id.length);
  }
}
