package org.rtc4j.ice;

import java.util.Arrays;

/**
 * Cuts a byte stream (TCP, or the plaintext of TLS) into the messages it carries:
 *
 * <ul>
 *   <li>{@link Mode#RFC4571}: ICE-TCP (RFC 6544 §3) frames every STUN message and media packet
 *       with a 2-byte length, RFC 4571 §2:
 *       <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * -----------------------------------------------------------------
 * |             LENGTH            |  RTP or RTCP packet ...       |
 * -----------------------------------------------------------------</pre>
 *   <li>{@link Mode#TURN}: TURN over TCP/TLS (RFC 8656 §12.5) sends STUN messages and ChannelData
 *       back to back, each delimited by its own length field: a STUN message (first two bits
 *       00) is 20 + its length bytes; a ChannelData message (01) is 4 + its length, padded to a
 *       multiple of four.
 * </ul>
 *
 * {@link #frameLength} is the static, allocation-free parser (a fuzz entry point). A
 * {@code StreamFramer} instance keeps the state between reads: frames that arrive whole are handed
 * to the sink straight from the read buffer (no copy); only a frame split across reads is copied
 * into an internal buffer, allocated on first use and grown to the largest frame seen.
 * Frames handed to the sink are borrowed for the call. Not thread-safe.
 */
public final class StreamFramer {
  /** {@link #frameLength}: fewer bytes than a header. */
  public static final int NEED_MORE = -1;
  /** {@link #frameLength}: these bytes cannot start a frame; the stream is corrupt. */
  public static final int INVALID = -2;

  /** The framing of a stream. */
  public enum Mode {
    /** RFC 4571 2-byte length prefix (ICE-TCP); frames handed over include the prefix. */
    RFC4571,
    /** STUN and ChannelData self-delimited (TURN over TCP and TLS). */
    TURN
  }

  /** Receives each complete frame; {@code buf} is borrowed for the call. */
  @FunctionalInterface
  public interface Sink {
    void onFrame(byte[] buf, int off, int len);
  }

  private final Mode mode;
  private byte[] partial;
  private int partialLength;
  private long frames;

  public StreamFramer(Mode mode) {
    this.mode = mode;
  }

  public Mode mode() {
    return mode;
  }

  /** Header bytes needed to know a frame's length. */
  public static int headerLength(Mode mode) {
    return mode == Mode.RFC4571 ? 2 : 4;
  }

  /**
   * The total length (header, body and padding) of the frame starting at {@code buf[off]}, given
   * {@code len} available bytes: possibly more than {@code len} (the frame is incomplete),
   * {@link #NEED_MORE} if fewer than a header's bytes are there, or {@link #INVALID}. Never
   * throws for any bytes within bounds.
   */
  public static int frameLength(Mode mode, byte[] buf, int off, int len) {
    if (len < headerLength(mode)) {
      return NEED_MORE;
    }
    int b0 = buf[off] & 0xFF;
    int length = ((buf[off + (mode == Mode.RFC4571 ? 0 : 2)] & 0xFF) << 8)
        | (buf[off + (mode == Mode.RFC4571 ? 1 : 3)] & 0xFF);
    if (mode == Mode.RFC4571) {
      return 2 + length;
    }
    switch (b0 >>> 6) {
      case 0: // STUN (RFC 8489 §5): the length excludes the 20-byte header, a multiple of 4
        return (length & 3) != 0 ? INVALID : 20 + length;
      case 1: // ChannelData, padded over streams (RFC 8656 §12.5)
        return (4 + length + 3) & ~3;
      default:
        return INVALID;
    }
  }

  /**
   * Feeds bytes read from the stream and hands every frame they complete to {@code sink}, in
   * order. Returns false if the stream is corrupt (a frame cannot start here): the caller should
   * close the connection; nothing more is delivered.
   */
  public boolean feed(byte[] buf, int off, int len, Sink sink) {
    if (partialLength > 0) {
      int header = headerLength(mode);
      if (partialLength < header) {
        int n = Math.min(header - partialLength, len);
        append(buf, off, n);
        off += n;
        len -= n;
        if (partialLength < header) {
          return true;
        }
      }
      int frame = frameLength(mode, partial, 0, partialLength);
      if (frame == INVALID) {
        partialLength = 0;
        return false;
      }
      int n = Math.min(frame - partialLength, len);
      append(buf, off, n);
      off += n;
      len -= n;
      if (partialLength < frame) {
        return true;
      }
      partialLength = 0;
      frames++;
      sink.onFrame(partial, 0, frame);
    }
    while (len > 0) {
      int frame = frameLength(mode, buf, off, len);
      if (frame == INVALID) {
        return false;
      }
      if (frame == NEED_MORE || frame > len) {
        append(buf, off, len);
        return true;
      }
      frames++;
      sink.onFrame(buf, off, frame);
      off += frame;
      len -= frame;
    }
    return true;
  }

  /** Bytes of an incomplete frame held between reads. */
  public int bufferedBytes() {
    return partialLength;
  }

  /** Frames delivered so far. */
  public long frameCount() {
    return frames;
  }

  private void append(byte[] buf, int off, int len) {
    if (partial == null) {
      partial = new byte[Math.max(2048, partialLength + len)];
    } else if (partialLength + len > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + len));
    }
    System.arraycopy(buf, off, partial, partialLength, len);
    partialLength += len;
  }

  /**
   * RFC 4571 framing of one packet into {@code dst[dstOff]}: the 2-byte length, then the packet.
   * Returns the bytes written.
   */
  public static int writeRfc4571(byte[] dst, int dstOff, byte[] packet, int off, int len) {
    if (len > 0xFFFF) {
      throw new IllegalArgumentException("RFC 4571 frames carry at most 65535 bytes: " + len);
    }
    System.arraycopy(packet, off, dst, dstOff + 2, len);
    dst[dstOff] = (byte) (len >>> 8);
    dst[dstOff + 1] = (byte) len;
    return len + 2;
  }
}
